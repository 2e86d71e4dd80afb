"""Every API list reads its filters strictly (`core.listing.FilterForm.for_api`): a value that does not
validate answers 400 in Vietnamese with `field` naming the parameter, instead of being dropped and
the list answered unfiltered. The pages stay lenient: an invalid filter shows the list unfiltered."""

import pytest

pytestmark = pytest.mark.django_db

#: (who asks, list URL, parameter, invalid value) — one line for each list and filter kind.
BAD_FILTERS = [
    ("demo.quocgia", "/api/obstacles/", "status", "bogus"),
    ("demo.quocgia", "/api/obstacles/", "province", "abc"),
    ("demo.quocgia", "/api/obstacles/", "commune", "123456"),
    ("demo.quocgia", "/api/obstacles/", "due_before", "31/31/2025"),
    ("demo.quocgia", "/api/obstacles/", "sort", "bogus"),
    ("demo.quocgia", "/api/obstacles/requests/", "state", "bogus"),
    ("demo.quocgia", "/api/obstacles/requests/", "ministry", "XYZ"),
    ("demo.quocgia", "/api/obstacles/requests/response-times/", "province", "abc"),
    ("demo.tinh", "/api/staffing/shortages/", "field", "bogus"),
    ("demo.quocgia", "/api/staffing/shortages/", "province", "99"),
    ("demo.tinh", "/api/staffing/quotas/", "commune", "abc"),
    ("demo.tinh", "/api/staffing/members/", "status", "bogus"),
    ("demo.tinh", "/api/staffing/members/", "commune", "7"),
    ("demo.tinh", "/api/staffing/org-units/", "commune", "abcde"),
    ("demo.quocgia", "/api/directives/", "urgency", "bogus"),
    ("demo.quocgia", "/api/directives/", "status", "bogus"),
    ("demo.tinh", "/api/directives/assignments/", "state", "bogus"),
    ("demo.tinh", "/api/directives/assignments/", "directive", "27076330177283835822080"),
    ("demo.quocgia", "/api/decentralisation/tasks/", "sector", "bogus"),
    ("demo.quocgia", "/api/procedures/procedures/", "online_level", "bogus"),
    ("demo.quocgia", "/api/procedures/procedures/", "sector", "bogus"),
    ("demo.tinh", "/api/procedures/dossiers/", "status", "99"),
    ("demo.tinh", "/api/procedures/dossiers/", "commune", "abc"),
    ("demo.tinh", "/api/procedures/dossiers/", "received_from", "hôm qua"),
    ("demo.quocgia", "/api/facilities/facilities/", "status", "bogus"),
    ("demo.quocgia", "/api/facilities/facilities/", "province", "abc"),
    ("demo.quocgia", "/api/facilities/plans/", "state", "bogus"),
    ("demo.quocgia", "/api/facilities/plans/", "method", "bogus"),
    ("demo.quocgia", "/api/facilities/equipment/", "category", "bogus"),
    ("demo.quocgia", "/api/facilities/procurement/", "state", "bogus"),
    ("demo.quocgia", "/api/facilities/connectivity/", "commune", "abc"),
    ("demo.quocgia", "/api/facilities/outages/", "province", "1"),
    ("demo.quocgia", "/api/facilities/platforms/", "province", "abc"),
    ("demo.quocgia", "/api/facilities/readiness/", "province", "abc"),
    ("demo.quocgia", "/api/communes/", "kind", "bogus"),
    ("demo.quocgia", "/api/communes/", "province", "abc"),
    ("demo.quocgia", "/api/agencies/", "level", "bogus"),
    ("demo.quocgia", "/api/reports/reports/", "state", "bogus"),
    ("demo.quocgia", "/api/reports/reports/", "level", "bogus"),
    ("demo.quocgia", "/api/reports/reports/", "period", "31/12/2025"),
    ("demo.quocgia", "/api/reports/reports/", "regime", "abc"),
]

#: GET operations with query parameters that are not lists of records (their parameters are read by
#: `core.params`, each already refused with a 400 naming it).
NOT_LISTS = {"/api/facilities/summary/", "/api/procedures/figures/", "/api/staffing/summary/fields/",
             "/api/staffing/travel-cost/", "/api/provinces/"}


@pytest.mark.parametrize(("who", "url", "parameter", "value"), BAD_FILTERS,
                         ids=[f"{url}?{parameter}" for _, url, parameter, _ in BAD_FILTERS])
def test_an_invalid_filter_answers_400_naming_the_parameter(api_for, who, url, parameter, value):
    client = api_for(who)
    assert client.get(url).status_code == 200, url  # the list itself is open to this persona
    response = client.get(url, {parameter: value})
    assert response.status_code == 400, (url, parameter, response.content)
    body = response.json()
    assert body["field"] == parameter and body["code"] == "invalid", body
    assert f"Tham số lọc “{parameter}” không hợp lệ" in body["detail"] or parameter == "directive", body


def test_every_filtered_api_list_is_covered_and_its_schema_lists_400(api_for):
    """A new list with a filter that can be invalid gets its line in BAD_FILTERS; the schema says 400."""
    schema = api_for("demo.quocgia").get("/api/schema/?format=json").json()
    covered = {url for _, url, _, _ in BAD_FILTERS}
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path or path in NOT_LISTS:
            continue
        filters = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"} - {"page", "page_size"}
        if not filters:
            continue
        assert "400" in get["responses"], path
        if filters - {"search", "q"}:
            assert path in covered, path


def test_a_valid_filter_still_filters(api_for):
    client = api_for("demo.quocgia")
    assert client.get("/api/communes/", {"province": "01", "kind": "phuong"}).status_code == 200
    communes = client.get("/api/communes/", {"province": "01", "page_size": 500}).json()
    assert 0 < communes["count"] < client.get("/api/communes/").json()["count"]
    assert client.get("/api/obstacles/", {"status": "new", "province": "01"}).status_code == 200
    assert client.get("/api/facilities/readiness/", {"province": "01", "no_vehicle": "1"}).status_code == 200


def test_a_page_stays_lenient(client_for):
    """The web list shows unfiltered on an invalid value (the filter bar marks it) instead of a 400."""
    assert client_for("demo.quocgia").get("/kho-khan/", {"status": "bogus", "province": "abc"}).status_code == 200
