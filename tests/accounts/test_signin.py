import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from thongsuot.audit.models import AuditEvent

PASSWORD = "thongsuot-demo"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = "Bạn đã đăng nhập sai quá nhiều lần"


def sign_in(client, username, password=PASSWORD):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def test_sign_in_page_is_vietnamese(db):
    body = Client().get("/dang-nhap/").content.decode()
    assert "Đăng nhập" in body and "Mật khẩu" in body


def test_every_demo_persona_can_sign_in(db):
    from thongsuot.accounts.demo import PERSONAS

    for username, *_ in PERSONAS:
        response = sign_in(Client(), username)
        assert response.status_code == 302, username


def test_sign_in_and_audit(db):
    client = Client()
    response = sign_in(client, "demo.xa")
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Phường Hoàn Kiếm" in home
    assert AuditEvent.objects.filter(action="sign_in", actor__username="demo.xa").exists()


def test_wrong_password_and_unknown_account_get_the_same_message(db):
    wrong = sign_in(Client(), "demo.xa", "sai-mat-khau")
    unknown = sign_in(Client(), "khong.ton.tai", "sai-mat-khau")
    assert wrong.status_code == unknown.status_code == 400
    assert WRONG in wrong.content.decode() and WRONG in unknown.content.decode()
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == 2


def test_repeated_failures_are_throttled_even_with_the_right_password(db, settings):
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 3
    client = Client()
    for _ in range(3):
        assert sign_in(client, "demo.xa", "sai").status_code == 400
    blocked = sign_in(client, "demo.xa")
    assert blocked.status_code == 429
    assert THROTTLED in blocked.content.decode()
    # An unknown account is throttled with the very same words.
    for _ in range(3):
        sign_in(client, "ai.do", "sai")
    assert THROTTLED in sign_in(client, "ai.do").content.decode()


def test_throttling_by_address(db, settings):
    settings.SIGNIN_MAX_FAILURES_PER_IP = 4
    client = Client()
    for i in range(4):
        sign_in(client, f"nguoi.{i}", "sai")
    assert sign_in(client, "demo.tinh").status_code == 429


def test_sign_out_requires_post_and_ends_the_session(db):
    client = Client()
    sign_in(client, "demo.xa")
    assert client.get("/dang-xuat/").status_code == 405
    client.post("/dang-xuat/")
    assert client.get("/").status_code == 302


def test_senior_roles_must_set_up_two_factor_when_required(db, settings):
    settings.REQUIRE_2FA = True
    client = Client()
    sign_in(client, "demo.tinh")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/xac-thuc-hai-buoc/thiet-lap/"
    # A commune officer is not forced.
    other = Client()
    sign_in(other, "demo.xa")
    assert other.get("/").status_code == 200


def test_two_factor_setup_and_verify(db, settings, persona):
    settings.REQUIRE_2FA = True
    client = Client()
    sign_in(client, "demo.tinh")
    page = client.get("/xac-thuc-hai-buoc/thiet-lap/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=persona("demo.tinh"))
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    done = client.post("/xac-thuc-hai-buoc/thiet-lap/", {"code": code})
    assert done.status_code == 302
    assert client.get("/").status_code == 200
    # Next sign-in asks for a code.
    again = Client()
    sign_in(again, "demo.tinh")
    assert again.get("/")["Location"].startswith("/xac-thuc-hai-buoc/")
    wrong = again.post("/xac-thuc-hai-buoc/", {"code": "12345"})
    assert "Mã xác thực gồm đúng 6 chữ số." in wrong.content.decode()


@pytest.mark.parametrize("payload", [{}, {"username": "x" * 500, "password": "y"}, {"username": "", "password": ""}])
def test_malformed_sign_in_never_errors(db, payload):
    response = Client().post("/dang-nhap/", payload)
    assert response.status_code == 400
