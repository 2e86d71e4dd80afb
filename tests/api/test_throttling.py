"""API rate limits: fixed-window counters, in the per-process cache when no shared cache exists."""

from thongsuot.api.throttling import ApiAnonThrottle, ApiUserThrottle


def test_a_user_over_the_limit_is_told_to_wait_in_vietnamese(api_for, monkeypatch):
    monkeypatch.setattr(ApiUserThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    monkeypatch.setattr(ApiUserThrottle, "timer", lambda self: 1_800_000_010.0)
    client = api_for("demo.xa")
    assert [client.get("/api/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/me/")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert any("thử lại" in str(v).lower() or "quá nhiều" in str(v).lower() for v in refused.json().values())
    # Another user has a counter of their own; the next minute starts again.
    assert api_for("demo.xa2").get("/api/me/").status_code == 200
    monkeypatch.setattr(ApiUserThrottle, "timer", lambda self: 1_800_000_070.0)
    assert client.get("/api/me/").status_code == 200


def test_anonymous_calls_are_counted_per_address(rf, monkeypatch, db):
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request

    monkeypatch.setattr(ApiAnonThrottle, "THROTTLE_RATES", {"user": "2/min", "anon": "2/min"})
    monkeypatch.setattr(ApiAnonThrottle, "timer", lambda self: 1_800_000_010.0)

    def allowed(address: str) -> bool:
        request = Request(rf.get("/api/", REMOTE_ADDR=address))
        request.user = AnonymousUser()
        return ApiAnonThrottle().allow_request(request, None)

    assert [allowed("203.0.113.9") for _ in range(3)] == [True, True, False]
    assert allowed("203.0.113.10")
