"""Background jobs: lifecycle, who may follow them, progress that survives a reload, failures."""

import logging
import os

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.jobs.tasks import breaks, count_rows, in_one_transaction, refuses
from thongsuot.accounts.models import Agency
from thongsuot.jobs import services
from thongsuot.jobs.models import Job, Kind, Status
from thongsuot.jobs.services import job_progress, job_start
from thongsuot.jobs.worker import recover_interrupted
from thongsuot.notifications.models import Notification


def _start(persona, task=count_rows, username="demo.xa", **kwargs):
    return job_start(persona(username), Kind.IMPORT, task, title="Nhập danh sách cán bộ", **kwargs)


def test_a_job_is_queued_with_its_task_then_runs_to_done_and_tells_its_starter(persona, run_tasks):
    job = _start(persona, rows=250)
    hoan_kiem = Agency.objects.get(code="X00070")
    assert (job.status, job.agency, job.province_id, job.commune_id) == (
        Status.QUEUED, hoan_kiem, hoan_kiem.province_id, hoan_kiem.commune_id)
    queued = DBTaskResult.objects.get(id=job.task_id)
    assert (queued.status, queued.queue_name, queued.task_path) == ("READY", "imports", "tests.jobs.tasks.count_rows")
    assert queued.args_kwargs["kwargs"] == {"job_id": job.pk, "rows": 250}

    assert run_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Status.DONE, 250, 250, 100)
    assert job.result == {"Số dòng": 250} and job.message == "Đã xử lý 250 dòng."
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # Only the starter is told, not the rest of the commune's officers and leaders.
    notices = Notification.objects.filter(key=f"job:{job.pk}:done")
    assert [n.user.username for n in notices] == ["demo.xa"]
    assert notices[0].url == f"/cong-viec/{job.pk}/" and "Nhập danh sách cán bộ" in notices[0].title


def test_a_job_rolled_back_with_its_request_leaves_no_task(persona):
    from django.db import transaction

    before = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        _start(persona, rows=1)
        raise RuntimeError
    assert DBTaskResult.objects.count() == before and not Job.objects.exists()


def test_progress_is_written_at_most_once_a_second_and_at_the_end(persona, monkeypatch, django_assert_num_queries):
    job = _start(persona, rows=1)
    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    with django_assert_num_queries(1):
        written = [job_progress(job, done, 10_000) for done in range(1, 5_000)]   # within one second
    assert written[0] and not any(written[1:])
    clock[0] += 1.0
    with django_assert_num_queries(1):
        assert job_progress(job, 5_000, 10_000)
    with django_assert_num_queries(1):
        assert job_progress(job, 10_000, 10_000)                                    # the last one always
    job.refresh_from_db()
    assert (job.done, job.total) == (10_000, 10_000)


def test_the_page_shows_the_stored_progress_after_a_reload(persona, client_for):
    job = _start(persona, rows=100)
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, done=40, total=100, started_at=timezone.now())
    page = client_for("demo.xa").get(f"/cong-viec/{job.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<progress max="100" value="40"' in html and "Đã xử lý 40/100" in html
    assert f'hx-get="/cong-viec/{job.pk}/" hx-trigger="every 2s"' in html            # htmx polls while running
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html  # and without JavaScript
    part = client_for("demo.xa").get(f"/cong-viec/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<section id="job-progress"') and "<html" not in part

    Job.objects.filter(pk=job.pk).update(status=Status.DONE, done=100)
    html = client_for("demo.xa").get(f"/cong-viec/{job.pk}/").content.decode()
    assert "hx-trigger" not in html and "http-equiv" not in html                   # polling stops when it ends
    listing = client_for("demo.xa").get("/cong-viec/").content.decode()
    assert f'href="/cong-viec/{job.pk}/"' in listing


@pytest.mark.parametrize(("username", "status"), [
    ("demo.xa", 200),           # the starter
    ("demo.xa.xem", 200),       # the same commune
    ("demo.tinh", 200),         # its province
    ("demo.quocgia", 200),      # the nation
    ("demo.xa2", 404),          # another commune of the same province
    ("demo.tinh2", 404),        # another province
    ("demo.bo", 404),           # a ministry
])
def test_only_the_starter_and_those_who_see_its_territory_follow_a_job(persona, client_for, api_for, username,
                                                                         status):
    job = _start(persona, rows=1)
    assert client_for(username).get(f"/cong-viec/{job.pk}/").status_code == status
    answer = api_for(username).get(f"/api/jobs/{job.pk}/")
    assert answer.status_code == status
    if status == 200:
        assert answer.json()["status"] == "queued" and answer.json()["title"] == "Nhập danh sách cán bộ"


def test_the_api_lists_my_own_jobs_only(persona, api_for):
    mine = _start(persona, rows=1)
    _start(persona, username="demo.xa.lanhdao", rows=1)
    body = api_for("demo.xa").get("/api/jobs/").json()
    assert [j["id"] for j in body["results"]] == [mine.pk]
    assert api_for("demo.xa").get("/api/jobs/999999/").status_code == 404


def test_an_unexpected_failure_shows_a_clear_message_and_logs_the_traceback(persona, run_tasks, client_for, caplog):
    job = _start(persona, task=breaks)
    with caplog.at_level(logging.ERROR, logger="thongsuot.jobs.services"):
        run_tasks()
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.message == services.UNEXPECTED % {"id": job.pk}
    assert "ZeroDivisionError" in caplog.text and "Traceback" in caplog.text
    html = client_for("demo.xa").get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Công việc gặp lỗi ngoài dự kiến" in html
    assert "ZeroDivisionError" not in html and "secret internals" not in html
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert Notification.objects.get(key=f"job:{job.pk}:failed").user.username == "demo.xa"


def test_a_refusal_inside_the_task_keeps_its_vietnamese_message(persona, run_tasks, api_for):
    job = _start(persona, task=refuses)
    run_tasks()
    body = api_for("demo.xa").get(f"/api/jobs/{job.pk}/").json()
    assert (body["status"], body["message"]) == ("failed", "Dòng 7: ngày sinh 31/02/1990 không có thật.")


def test_a_task_left_running_by_a_dead_worker_is_failed_on_the_next_start(persona, run_tasks):
    job = _start(persona, rows=10)
    dead = "testhost:999999999:abcdefgh"       # no such process
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", worker_ids=[dead],
                                                      started_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, done=3, total=10)
    alive = _start(persona, rows=10)         # another worker of this host, still running it
    DBTaskResult.objects.filter(id=alive.task_id).update(status="RUNNING", worker_ids=[f"testhost:{os.getpid()}:x"])

    assert recover_interrupted(host="testhost") == 1
    job.refresh_from_db()
    assert (job.status, job.message) == (Status.FAILED, services.INTERRUPTED)
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert Job.objects.get(pk=alive.pk).status == Status.QUEUED
    assert run_tasks() == 0                   # nothing is retried behind the user's back


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a transactional test: SQLite's audit triggers refuse the flush after it")
@pytest.mark.django_db(transaction=True)
def test_thongsuot_worker_runs_the_queue_and_progress_inside_a_transaction_is_seen(persona):
    """The real worker command (its claim, its loop). A task inside its own transaction shows its
    progress to the page at once (written through a second connection)."""
    from django.core.management import call_command

    counted = _start(persona, rows=30)
    inside = _start(persona, task=in_one_transaction)
    call_command("worker", batch=True, verbosity=0)
    counted.refresh_from_db()
    inside.refresh_from_db()
    assert (counted.status, counted.done, counted.total) == (Status.DONE, 30, 30)
    assert inside.status == Status.DONE
    assert inside.result == {"seen_by_another_connection": 3}
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
