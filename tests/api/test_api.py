import pytest
from rest_framework.test import APIClient


def test_token_and_me(db):
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "demo.tinh", "password": "thongsuot-demo"}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/me/").json()
    assert me["username"] == "demo.tinh" and me["level"] == "province" and me["role"] == "leader"
    assert me["agency"]["code"] == "T01"


def test_wrong_credentials_get_a_vietnamese_message(db):
    response = APIClient().post("/api/auth/token/", {"username": "demo.tinh", "password": "sai"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_unauthenticated_requests_are_refused_in_vietnamese(db):
    response = APIClient().get("/api/communes/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Bạn cần đăng nhập (gửi kèm token hợp lệ)."


def test_malformed_json_is_a_clear_400(db):
    response = APIClient().post("/api/auth/token/", "{không phải json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON không hợp lệ" in response.json()["detail"]


def test_commune_search_ignores_diacritics(api_for):
    data = api_for("demo.quocgia").get("/api/communes/", {"search": "hoan kiem"}).json()
    assert [c["name"] for c in data["results"]] == ["Phường Hoàn Kiếm"]


def test_province_search(api_for):
    data = api_for("demo.bo").get("/api/provinces/", {"search": "HÀ NỘI"}).json()
    assert [p["code"] for p in data["results"]] == ["01"]


@pytest.mark.parametrize("username,code,status", [
    ("demo.xa", "00070", 200), ("demo.xa", "00004", 404), ("demo.xa2", "00070", 404),
    ("demo.tinh2", "00070", 404), ("demo.tinh", "00004", 200), ("demo.xa", "khong-hop-le", 404),
])
def test_commune_detail_is_scoped(api_for, username, code, status):
    response = api_for(username).get(f"/api/communes/{code}/")
    assert response.status_code == status
    if status == 404:
        assert response.json()["detail"] == "Không tìm thấy."


def test_commune_list_is_scoped_and_paginated(api_for):
    data = api_for("demo.tinh").get("/api/communes/", {"page_size": 10}).json()
    assert data["count"] == 126 and len(data["results"]) == 10
    assert {c["province_code"] for c in data["results"]} == {"01"}
    assert api_for("demo.xa").get("/api/communes/").json()["count"] == 1


def test_bad_page_number_is_404_in_vietnamese(api_for):
    response = api_for("demo.tinh").get("/api/communes/", {"page": "abc"})
    assert response.status_code == 404


def test_agencies_are_scoped(api_for):
    codes = {a["code"] for a in api_for("demo.tinh2").get("/api/agencies/", {"page_size": 500}).json()["results"]}
    assert "T15" in codes and "BNV" in codes and "T01" not in codes and "X00070" not in codes
    assert api_for("demo.tinh2").get("/api/agencies/X00070/").status_code == 404


def test_schema_and_docs(api_for, client_for):
    schema = api_for("demo.xa").get("/api/schema/")
    assert schema.status_code == 200 and b"/api/communes/" in schema.content
    docs = client_for("demo.xa").get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()
