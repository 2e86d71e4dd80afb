"""The one mechanism per concern in core: refusal, form submit, filters and exports."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory

from thongsuot.api.errors import exception_handler
from thongsuot.audit import exports as audit_exports
from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.forms import show_error, submit
from thongsuot.core.listing import Column, ExportSpec, FilterForm
from thongsuot.core.views import error_403


def _request(method="get", path="/x/", data=None, user=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.user = user or AnonymousUser()
    return request


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


# --- Refusal ----------------------------------------------------------------------------------------------------

def test_forbidden_is_one_refusal_for_services_pages_and_the_api():
    refusal = Forbidden("Chỉ lãnh đạo được duyệt báo cáo.")
    assert isinstance(refusal, DomainError) and isinstance(refusal, PermissionDenied)
    assert refusal.status_code == 403 and refusal.code == "forbidden"
    assert str(Forbidden().message) == "Bạn không có quyền thực hiện thao tác này."

    page = error_403(_request(), refusal)
    assert page.status_code == 403 and "Chỉ lãnh đạo được duyệt báo cáo." in page.content.decode()

    response = exception_handler(refusal, {"request": APIRequestFactory().get("/api/")})
    assert response.status_code == 403
    assert response.data == {"detail": "Chỉ lãnh đạo được duyệt báo cáo.", "code": "forbidden"}


# --- Form submit ------------------------------------------------------------------------------------------------

def test_submit_shows_the_form_on_get_and_runs_the_service_once_valid():
    calls = []
    response = submit(_request(), NameForm(None), calls.append, template="core/form_page.html", then="/done/",
                      context={"title": "Tên"})
    assert response.status_code == 200 and calls == []

    request = _request("post", data={"name": "Hoàn Kiếm"})
    response = submit(request, NameForm(request.POST), lambda data: data["name"].upper(),
                      template="core/form_page.html", then=lambda result: f"/done/{len(result)}/",
                      success=lambda result: f"Đã lưu {result}.")
    assert response.status_code == 302 and response["Location"] == "/done/9/"
    assert [str(m) for m in get_messages(request)] == ["Đã lưu HOÀN KIẾM."]


def test_submit_answers_400_with_the_services_refusal_on_its_field():
    def refuse(data):
        raise DomainError("Tên đã được dùng.", field="name")

    request = _request("post", data={"name": "Trùng"})
    form = NameForm(request.POST)
    response = submit(request, form, refuse, template="core/form_page.html", then="/done/")
    assert response.status_code == 400
    assert form.errors == {"name": ["Tên đã được dùng."]}
    assert "Tên đã được dùng." in response.content.decode()

    invalid = _request("post", data={"name": ""})
    assert submit(invalid, NameForm(invalid.POST), refuse, template="core/form_page.html",
                  then="/done/").status_code == 400


def test_a_refusal_is_not_a_form_error_but_a_403():
    form = NameForm({"name": "x"})
    form.is_valid()
    with pytest.raises(Forbidden):
        show_error(form, Forbidden("Không được."))
    show_error(form, DomainError("Lỗi chung."))
    assert form.non_field_errors() == ["Lỗi chung."]


# --- Filters and export -----------------------------------------------------------------------------------------

class CaseFilters(FilterForm):
    q = forms.CharField(max_length=100)
    due_before = forms.DateField()


def test_filter_form_keeps_valid_filters_and_the_query_without_page_and_export():
    form = CaseFilters({"q": "trụ sở", "due_before": "không phải ngày", "page": "3", "xuat": "xlsx", "other": "1"})
    assert form.values() == {"q": "trụ sở"}
    assert form.described() == {"q": "trụ sở"}
    assert form.querystring() == "q=tr%E1%BB%A5+s%E1%BB%9F&due_before=kh%C3%B4ng+ph%E1%BA%A3i+ng%C3%A0y&other=1"
    assert form.export_query().endswith("&xuat=xlsx")
    assert CaseFilters(None).values() == {} and CaseFilters({}).export_query() == "xuat=xlsx"


SPEC = ExportSpec("ho-so", "Hồ sơ", "test.row", (
    Column("code", "Mã"), Column("commune.name", "Xã"), Column("days", "Số ngày", lambda r: r.days * 2)))
ROWS = [SimpleNamespace(code="A1", commune=SimpleNamespace(name="Phường Hoàn Kiếm"), days=3),
        SimpleNamespace(code="A2", commune=None, days=1)]


def test_export_spec_reads_columns_by_key():
    assert SPEC.headers == ["Mã", "Xã", "Số ngày"] and SPEC.keys == ["code", "commune.name", "days"]
    assert list(SPEC.rows(ROWS)) == [["A1", "Phường Hoàn Kiếm", 6], ["A2", None, 2]]


def test_export_response_is_checked_capped_and_recorded(db, persona, monkeypatch):
    with pytest.raises(Forbidden):
        audit_exports.export_response(_request(path="/ds/?xuat=xlsx"), SPEC, ROWS)

    user = persona("demo.xa")
    response = audit_exports.export_response(_request(user=user), SPEC, ROWS, filters={"q": "x"})
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="ho-so.xlsx"'
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.changes["filters"] == {"q": "x"} and event.changes["rows"] == 2

    monkeypatch.setattr(audit_exports, "EXPORT_ROW_CAP", 1)
    request = _request(path="/ds/", data={"q": "x", "xuat": "xlsx"}, user=user)
    response = audit_exports.export_response(request, SPEC, ROWS)
    assert response.status_code == 302 and response["Location"] == "/ds/?q=x"
    assert "vui lòng lọc bớt" in str(list(get_messages(request))[0])
