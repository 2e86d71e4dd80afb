"""The shared layout and the project's own pages (core, accounts, geo, audit) in English."""

import re

from django.test import Client

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.accounts.models import Agency, Membership, User
from thongsuot.geo.models import Commune, FormerUnit, Province
from thongsuot.notifications.services import notify_agency

#: The kinds of commune keep their Vietnamese names in English (the catalogue says "Xã" for "Xã").
COMMUNE_KINDS = ("Xã", "Phường", "Đặc khu")


def _places(username: str) -> set[str]:
    """Return every name of a province or commune, and the reader's: data, Vietnamese in every language."""
    names = set(Commune.objects.values_list("name", flat=True)) | people_and_places(username)
    for name, short_name in Province.objects.values_list("name", "short_name"):
        names |= {name, short_name}
    return names | set(COMMUNE_KINDS)


def _members() -> set[str]:
    return set(User.objects.values_list("full_name", flat=True)) | set(Agency.objects.values_list("name", flat=True))


def test_the_layout_reads_in_english(english):
    notify_agency(agency=Agency.objects.get(code="X00070"), title="Nhắc hạn 2 nhiệm vụ", email=False)
    page = page_of(english("demo.xa").get("/"))
    for label in ("Skip to main content", 'aria-label="Main navigation"', ">Home<", 'title="Notifications"',
                  'aria-label="unread"', "Sign out", 'aria-label="Language"',
                  "Thông Suốt — resolving obstacles for two-tier local government"):
        assert label in page, label
    for label in ("chưa đọc", "nền tảng tháo gỡ khó khăn", "Trang chủ", "Đăng xuất"):
        assert label not in page, label
    former = {text for unit in FormerUnit.objects.filter(commune__code="00070")
              for text in (unit.name, unit.district_name)}
    assert vietnamese_left(page, {*former, *COMMUNE_KINDS, *people_and_places("demo.xa")}) == []


def test_a_long_list_pages_in_english(english):
    page = page_of(english("demo.quocgia").get("/dia-ban/xa/?page=2"))
    count = Commune.objects.count()
    assert f"Page 2 of {-(-count // 50)} · {count} items" in page
    assert 'aria-label="Pagination"' in page and "« Previous" in page and "Next »" in page
    assert not re.search(r"Trang \d+/\d+", page) and "mục" not in page
    assert vietnamese_left(page, _places("demo.quocgia")) == []


def test_the_territory_reads_in_english(english):
    client = english("demo.quocgia")
    page = page_of(client.get("/dia-ban/"))
    for label in ("Territory", "Find communes", "Province", "Total"):
        assert label in page, label
    assert vietnamese_left(page, _places("demo.quocgia")) == []

    page = page_of(client.get("/dia-ban/xa/00070/"))
    for label in ("Unit code", "Formed from former units", "Former district", "Former province", "part"):
        assert label in page, label
    former = {text for unit in FormerUnit.objects.filter(commune__code="00070")
              for text in (unit.name, unit.district_name, unit.province_name)}
    assert vietnamese_left(page, {*former, *_places("demo.quocgia")}) == []


def test_my_account_and_two_factor_setup_read_in_english(english):
    client = english("demo.xa")
    page = page_of(client.get("/tai-khoan/"))
    for label in ("My account", "Username", "Two-factor sign-in", "Change password", "Repeat new password"):
        assert label in page, label
    assert vietnamese_left(page, people_and_places("demo.xa")) == []

    page = page_of(client.get("/xac-thuc-hai-buoc/thiet-lap/"))
    for label in ("Set up two-factor sign-in", "Install an authenticator app (TOTP) on your phone.", "Secret key:",
                  "Turn on two-factor sign-in"):
        assert label in page, label
    assert vietnamese_left(page, people_and_places("demo.xa")) == []

    response = client.post("/tai-khoan/", {"password": "mat-khau-moi-rat-manh", "confirm": "khac-han"})
    assert "The two passwords do not match." in page_of(response)


def test_members_and_their_forms_read_in_english(english):
    client = english("demo.tinh.quantri")
    page = page_of(client.get("/thanh-vien/"))
    for label in ("Members of your agency and of the subordinate agencies you manage.", "Add member", "Active"):
        assert label in page, label
    assert vietnamese_left(page, _members()) == []

    page = page_of(client.get("/thanh-vien/them/"))
    for label in ("Agency code", "For example: T01", "Position", "Email", "Telephone", "Initial password"):
        assert label in page, label
    assert vietnamese_left(page, _members()) == []

    page = page_of(client.post("/thanh-vien/them/", {
        "agency": "X02683", "username": "Tên Có Dấu", "full_name": "Ai Đó", "role": "officer",
        "password": "mat-khau-rat-manh-2025"}))
    for label in ("There is no agency with code “X02683” among those you manage.",
                  "Use only lower-case letters without diacritics, digits, dots and hyphens; at least 3 characters."):
        assert label in page, label

    response = client.post("/thanh-vien/them/", {
        "agency": "X00004", "username": "cb.badinh", "full_name": "Trần Văn Đình", "role": "officer",
        "password": "mat-khau-rat-manh-2025"}, follow=True)
    assert "Member Trần Văn Đình added." in page_of(response)

    member = Membership.objects.get(user__username="demo.xa2")
    page = page_of(client.get(f"/thanh-vien/{member.pk}/"))
    for label in ("Edit member", "Allowed to sign in", "Save", "Cancel"):
        assert label in page, label
    assert vietnamese_left(page, _members()) == []


def test_the_audit_log_reads_in_english(english):
    page = page_of(english("demo.quantri").get("/nhat-ky/"))
    for label in ("Audit log", "Time", "Actor", "Action", "Object", "Changes", ">Create<", ">Sign in<",
                  ">Failed sign-in<", ">View personal data<"):
        assert label in page, label
    assert vietnamese_left(page, _members()) == []


def test_an_account_without_an_agency_is_told_so_in_english(db):
    client = Client()
    client.force_login(User.objects.create_user("khong.co.quan", password="mat-khau-rat-manh-2025"))
    client.get("/ngon-ngu/en/?next=/")
    page = page_of(client.get("/"))
    assert "Account not assigned to an agency" in page and "Please contact your agency's administrator." in page
    assert vietnamese_left(page) == []


def test_error_pages_and_upload_refusals_read_in_english(english):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from thongsuot.core.uploads import validate_upload

    page = page_of(english("demo.xa").get("/khong-co-trang-nay/"))
    assert "Page not found" in page and "Không tìm thấy trang" not in page
    with translation.override("en"):
        try:
            validate_upload(SimpleUploadedFile("anh.png", b"MZ not an image"))
        except ValidationError as refusal:
            assert refusal.messages == ["The file “anh.png” is not of an allowed type (PDF, images (JPG, PNG, WEBP), "
                                        "Word (DOC, DOCX), Excel (XLS, XLSX)); the type is judged by the file's "
                                        "content, not its name."]
        else:
            raise AssertionError("an executable named .png was accepted")
