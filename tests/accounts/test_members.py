import pytest

from thongsuot.accounts.models import Membership


def test_province_admin_adds_a_commune_member(client_for):
    client = client_for("demo.tinh.quantri")
    response = client.post("/thanh-vien/them/", {
        "agency": "X00004", "username": "cb.badinh", "full_name": "Trần Văn Đình", "role": "officer",
        "password": "mat-khau-rat-manh-2025"})
    assert response.status_code == 302
    member = Membership.objects.get(user__username="cb.badinh")
    assert member.agency.code == "X00004" and member.role == "officer"
    assert "Trần Văn Đình" in client.get("/thanh-vien/").content.decode()


def test_province_admin_cannot_add_to_another_province(client_for):
    response = client_for("demo.tinh.quantri").post("/thanh-vien/them/", {
        "agency": "X02683", "username": "cb.batxat", "full_name": "Ai Đó", "role": "officer",
        "password": "mat-khau-rat-manh-2025"})
    assert response.status_code == 400
    assert "Không có cơ quan mã “X02683” trong phạm vi bạn quản lý." in response.content.decode()
    assert not Membership.objects.filter(user__username="cb.batxat").exists()


def test_bad_input_is_explained_and_nothing_is_saved(client_for):
    response = client_for("demo.tinh.quantri").post("/thanh-vien/them/", {
        "agency": "X00004", "username": "Tên Có Dấu", "full_name": "", "role": "sep", "password": "123"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được" in body
    assert "Tên đăng nhập chỉ gồm chữ thường không dấu" in body
    assert Membership.objects.count() == Membership.objects.count()


def test_duplicate_username_is_refused(client_for):
    response = client_for("demo.tinh.quantri").post("/thanh-vien/them/", {
        "agency": "X00004", "username": "demo.xa", "full_name": "Trùng Tên", "role": "officer",
        "password": "mat-khau-rat-manh-2025"})
    assert "Tên đăng nhập “demo.xa” đã được sử dụng." in response.content.decode()


def test_non_admins_cannot_manage_members(client_for):
    assert client_for("demo.tinh").get("/thanh-vien/").status_code == 404
    assert client_for("demo.xa").get("/thanh-vien/them/").status_code == 404


def test_admin_edits_only_members_in_scope(client_for, persona):
    other = Membership.objects.get(user__username="demo.xa3")
    own = Membership.objects.get(user__username="demo.xa2")
    client = client_for("demo.tinh.quantri")
    assert client.get(f"/thanh-vien/{other.pk}/").status_code == 404
    assert 'name="version" value="1"' in client.get(f"/thanh-vien/{own.pk}/").content.decode()
    response = client.post(f"/thanh-vien/{own.pk}/", {"full_name": "Lý Văn Đình", "role": "leader", "is_active": "on",
                                                      "version": "1"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.role, own.version) == ("leader", 2)


def test_a_member_edited_from_a_stale_page_is_refused_and_nothing_changes(client_for):
    """core.versioning: another administrator saved the member after this page was read."""
    own = Membership.objects.get(user__username="demo.xa2")
    client = client_for("demo.tinh.quantri")
    first = {"full_name": "Lý Văn Đình", "role": "leader", "is_active": "on", "version": "1"}
    assert client.post(f"/thanh-vien/{own.pk}/", first).status_code == 302
    stale = client.post(f"/thanh-vien/{own.pk}/", {**first, "full_name": "Tên gõ trên trang cũ", "role": "viewer"})
    assert stale.status_code == 409 and "Bản ghi đã được người khác sửa" in stale.content.decode()
    assert "Tên gõ trên trang cũ" in stale.content.decode()
    own.refresh_from_db()
    assert (own.role, own.version, own.user.full_name) == ("leader", 2, "Lý Văn Đình")


@pytest.mark.parametrize(("password", "valid"), [("a" * 11 + "Z", True), ("b7Q-x" + "y" * 6, False),
                                                   ("k" * 128, True), ("k" * 129, False)])
def test_a_new_password_has_12_to_128_characters(db, password, valid):
    """ASVS 2.1.1 and 2.1.2: at least 12 characters, and more than 128 refused (not cut)."""
    from thongsuot.accounts.forms import PasswordForm

    form = PasswordForm({"password": password, "confirm": password})
    assert form.is_valid() is valid, form.errors
