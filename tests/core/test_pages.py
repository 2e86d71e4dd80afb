import gzip

from django.test import Client


def test_security_headers(db):
    response = Client().get("/dang-nhap/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_users_are_sent_to_sign_in(db):
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_404_page_is_vietnamese(client_for):
    response = client_for("demo.xa").get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_home_per_level(client_for):
    assert "3.321" in client_for("demo.quocgia").get("/").content.decode() or \
        "3,321" in client_for("demo.quocgia").get("/").content.decode()
    province = client_for("demo.tinh").get("/").content.decode()
    assert "Thành phố Hà Nội" in province and "126" in province
    commune = client_for("demo.xa").get("/").content.decode()
    assert "Phường Hoàn Kiếm" in commune


def test_first_page_load_is_light(client_for, settings):
    from django.contrib.staticfiles import finders

    html = client_for("demo.tinh").get("/").content
    assets = [finders.find(p) for p in ("thongsuot/site.css", "thongsuot/htmx.min.js", "thongsuot/site.js")]
    total = len(gzip.compress(html)) + sum(len(gzip.compress(open(a, "rb").read())) for a in assets)
    assert total < 150 * 1024, total


def test_english_is_selectable(client_for):
    client = client_for("demo.xa")
    client.get("/ngon-ngu/en/?next=/")
    assert "Sign out" in client.get("/").content.decode()


def test_vietnamese_even_when_the_browser_asks_for_english(db):
    body = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/dang-nhap/").content.decode()
    assert "Mật khẩu" in body


def test_server_error_page_is_vietnamese(rf):
    from thongsuot.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()


def test_oversized_form_is_refused_cleanly(db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post("/dang-nhap/", {f"f{i}": "x" for i in range(50)})
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()
