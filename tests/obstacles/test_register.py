"""The register of written requests and each recipient's response times: read from the summary
tables the services keep in the same transaction; a ministry sees what was sent to it, a province
what it sent, the national level everything."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.obstacles.factories import ANSWER
from tests.obstacles.test_requests import TODAY
from thongsuot.accounts.models import Agency
from thongsuot.obstacles import register, services, tallies
from thongsuot.obstacles.models import EscalationRequest, RequestDaysTally, RequestOpenTally

ANSWER_DAY = date(2025, 12, 3)      # seven working days after Monday 24 November


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _send(persona, cases, to="BNV", number="01/UBND-NV") -> EscalationRequest:
    draft = services.request_draft(actor=persona("demo.tinh.chuyenvien"), cases=list(cases),
                                   to_agency=Agency.objects.get(code=to), excerpt="đề nghị hướng dẫn",
                                   content="Kính đề nghị hướng dẫn.")
    return services.request_approve(actor=persona("demo.tinh"), request=draft, version=draft.version,
                                    number=number, signed_on=TODAY, signer_name="Hoàng Văn Tỉnh",
                                    signer_title="Phó Chủ tịch")


def _tally_rows():
    return (sorted(RequestOpenTally.objects.filter(n__gt=0).values_list("recipient_key", "domain", "answer_due", "n")),
            sorted(RequestDaysTally.objects.filter(n__gt=0).values_list("recipient_key", "days", "on_time", "n")))


def test_sending_and_answering_keep_the_summaries(persona, two_cases, monkeypatch):
    doc = _send(persona, two_cases)
    bnv = Agency.objects.get(code="BNV").pk
    assert (doc.sent_on, doc.answer_due, doc.domain, doc.province.code) == (TODAY, date(2025, 12, 15), "org_staff",
                                                                            "01")
    assert _tally_rows() == ([(bnv, "org_staff", date(2025, 12, 15), 1)], [])
    monkeypatch.setattr(services, "today", lambda: ANSWER_DAY)
    services.request_answer(actor=persona("demo.bo"), request=doc, **{**ANSWER, "signed_on": ANSWER_DAY})
    doc.refresh_from_db()
    assert (doc.answered_on, doc.days_taken) == (ANSWER_DAY, 7)
    assert _tally_rows() == ([], [(bnv, 7, True, 1)])
    kept = _tally_rows()
    tallies.rebuild_requests()              # what the services kept is what a recount gives
    assert _tally_rows() == kept


def test_percentiles_from_a_histogram():
    histogram = {1: 5, 3: 3, 10: 1, 30: 1}            # ten answers
    assert (register.percentile(histogram, 0.5), register.percentile(histogram, 0.9)) == (1, 10)
    assert register.percentile({}, 0.5) is None


def test_register_pages_are_scoped(persona, two_cases, client_for, monkeypatch):
    hoan_kiem, ba_dinh = two_cases
    answered = _send(persona, [hoan_kiem])
    waiting = _send(persona, [ba_dinh], number="02/UBND-NV", to="BTC")
    monkeypatch.setattr(services, "today", lambda: ANSWER_DAY)
    services.request_answer(actor=persona("demo.bo"), request=answered, **{**ANSWER, "signed_on": ANSWER_DAY})

    # The ministry sees what was sent to it, with its days taken; not what went to another ministry.
    page = client_for("demo.bo").get("/kho-khan/cong-van/").content.decode()
    assert "01/UBND-NV" in page and "02/UBND-NV" not in page and 'name="ministry"' not in page
    assert f'href="/kho-khan/cong-van/{answered.pk}/"' in page and "Đã trả lời 03/12/2025" in page
    # The province sees both it sent; another province sees none of them; a commune has no register.
    page = client_for("demo.tinh").get("/kho-khan/cong-van/").content.decode()
    assert "01/UBND-NV" in page and "02/UBND-NV" in page
    assert "01/UBND-NV" not in client_for("demo.tinh2").get("/kho-khan/cong-van/").content.decode()
    assert client_for("demo.xa").get("/kho-khan/cong-van/").status_code == 403
    assert client_for("demo.xa").get("/kho-khan/cong-van/thoi-gian-tra-loi/").status_code == 403
    assert client_for("demo.tinh2").get(f"/kho-khan/cong-van/{waiting.pk}/").status_code == 404
    # The national level sees everything, filters by ministry, domain and province.
    national = client_for("demo.quocgia")
    page = national.get("/kho-khan/cong-van/?ministry=BTC").content.decode()
    assert "02/UBND-NV" in page and "01/UBND-NV" not in page
    page = national.get("/kho-khan/cong-van/?state=answered&domain=org_staff&province=01").content.decode()
    assert "01/UBND-NV" in page and "02/UBND-NV" not in page
    assert "02/UBND-NV" not in national.get("/kho-khan/cong-van/?province=02").content.decode()
    # Overdue: the ministry of finance has not answered by its due date.
    late = register.register_figures(user=persona("demo.quocgia"), filters={"ministry": "BTC"},
                                     today=date(2025, 12, 16))
    assert (late.open, late.overdue, late.answered) == (1, 1, 0)


def test_response_time_table(persona, two_cases, client_for, monkeypatch):
    hoan_kiem, ba_dinh = two_cases
    first = _send(persona, [hoan_kiem])
    second = _send(persona, [ba_dinh], number="02/UBND-NV")
    monkeypatch.setattr(services, "today", lambda: ANSWER_DAY)
    services.request_answer(actor=persona("demo.bo"), request=first, **{**ANSWER, "signed_on": ANSWER_DAY})
    late_day = date(2025, 12, 19)       # 19 working days: past the 15-day limit
    monkeypatch.setattr(services, "today", lambda: late_day)
    services.request_answer(actor=persona("demo.bo"), request=second,
                            **{**ANSWER, "number": "457/BNV-CQĐP", "signed_on": late_day})
    rows = register.response_times(user=persona("demo.quocgia"), today=late_day)
    bnv = next(r for r in rows if r.name == "Bộ Nội vụ")
    assert (bnv.answered, bnv.on_time, bnv.median, bnv.p90, bnv.on_time_percent) == (2, 1, 7, 19, "50%")
    client = client_for("demo.quocgia")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/kho-khan/cong-van/thoi-gian-tra-loi/?domain=org_staff")
    # Read from the summary tables only: the requests themselves are not read.
    assert not [q["sql"] for q in queries.captured_queries if "obstacles_escalationrequest" in q["sql"]]
    assert any("obstacles_requestdaystally" in q["sql"] for q in queries.captured_queries)
    assert page.status_code == 200 and "Bộ Nội vụ" in page.content.decode() and "50%" in page.content.decode()
    # A ministry's table holds its own row only.
    assert [r.name for r in register.response_times(user=persona("demo.bo"), today=late_day)] == ["Bộ Nội vụ"]
    assert register.response_times(user=persona("demo.tinh2"), today=late_day) == []
