"""Nothing typed is lost: offline drafts, sync when the line returns, one record per draft (issue 18).

Chromium's offline emulation (`context.set_offline`) cuts the line; the service worker answers
from what it kept, drafts.js keeps the drafts in IndexedDB and sends them when the line returns.
"""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import screenshot, sign_in, until

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FIELD_FORMS = {"/kho-khan/moi/": "Phản ánh khó khăn", "/co-so-vat-chat/de-nghi/them/": "Đề nghị cấp thiết bị",
               "/co-so-vat-chat/ket-noi/xa/00070/": "Phường Hoàn Kiếm"}


def _ready(page):
    """Signed in on the commune's home: wait until the worker controls the page and has kept the
    shell, the field forms and a report form, each readable to its end."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=60_000)
    until(page, """wanted => caches.open('ts-pages').then(c => c.keys().then(ks => {
        const ps = ks.map(k => new URL(k.url).pathname);
        const report = ps.find(p => /\\/chi-dao\\/giao\\/\\d+\\/bao-cao\\/$/.test(p));
        if (!report || !wanted.every(p => ps.includes(p))) { return false; }
        return Promise.all(wanted.concat([report]).map(p => c.match(location.origin + p, {ignoreVary: true})
            .then(r => r ? r.text() : "").then(t => t.includes("</html>")))).then(all => all.every(Boolean));
    }))""", ["/", "/kho-khan/moi/", "/ban-nhap/", "/ngoai-tuyen/", *FIELD_FORMS], what="the kept pages")


def _bound(page):
    """drafts.js has read the stored drafts and listens to the form (it sets data-draft-bound)."""
    page.wait_for_selector("form[data-draft][data-draft-bound]", state="attached")


def _sign_in(context, base, username="demo.xa"):
    page = context.new_page()
    page.base_url = base
    return sign_in(page, username)


def _cases_titled(page, title: str) -> int:
    answer = page.request.get(f"{page.base_url}/api/obstacles/", params={"q": title})
    assert answer.ok, answer.text()
    return sum(1 for case in answer.json()["results"] if case["title"] == title)


def _card(page, text: str):
    return page.locator("article.draft", has_text=text)


def _fill_case(page, title: str):
    page.fill("#id_title", title)
    page.select_option("#id_domain", "procedures")   # a domain that names no registry subject
    page.fill("#id_description", f"{title}: gõ lúc mất mạng, không được mất chữ nào.")


def test_an_obstacle_typed_offline_is_queued_kept_and_sent_once(page, sign_in_as):
    base = page.base_url
    sign_in_as("demo.xa")
    _ready(page)
    page.goto(f"{base}/kho-khan/moi/")
    _bound(page)
    page.context.set_offline(True)
    title = f"Sạt lở đường vào trụ sở {uuid.uuid4().hex[:6]}"
    _fill_case(page, title)
    page.click("main button[type=submit].primary")
    expect(page.locator(".draft-notice")).to_contain_text("Chưa có mạng")

    page.reload()                                  # offline: the worker answers with the kept form
    expect(page.locator("#id_title")).to_have_value(title)
    page.goto(f"{base}/ban-nhap/")
    expect(_card(page, title)).to_have_attribute("data-state", "queued")
    assert _card(page, title).locator("dd", has_text="gõ lúc mất mạng").count() == 1

    page.context.set_offline(False)                # the line returns: sent on "online", once
    expect(_card(page, title)).to_have_attribute("data-state", "sent", timeout=30_000)
    assert _cases_titled(page, title) == 1
    record = _card(page, title).locator("a", has_text="Xem bản ghi").get_attribute("href")
    assert re.search(r"/kho-khan/\d+/$", record)
    page.goto(record)
    expect(page.locator("main")).to_contain_text("không được mất chữ nào")

    # Back to the form (the browser refills it, the key too) and submit again: still one case.
    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/kho-khan/moi/"))
    expect(page.locator("#id_title")).to_have_value(title)
    page.click("main button[type=submit].primary")
    page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
    assert page.url.endswith(record) and _cases_titled(page, title) == 1


def test_back_then_submit_again_online_makes_one_case(page, sign_in_as):
    sign_in_as("demo.xa")
    page.goto(f"{page.base_url}/kho-khan/moi/")
    title = f"Gửi hai lần {uuid.uuid4().hex[:6]}"
    _fill_case(page, title)
    page.click("main button[type=submit].primary")
    page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
    first = page.url
    page.go_back()
    expect(page.locator("#id_title")).to_have_value(title)
    page.click("main button[type=submit].primary")
    page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
    assert page.url == first and _cases_titled(page, title) == 1


def test_without_javascript_back_then_submit_again_makes_one_case(browser, live_platform):
    """JavaScript off: the form works as before, and the refilled key returns the first case."""
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    try:
        page = _sign_in(context, live_platform)
        page.base_url = live_platform
        page.goto(f"{live_platform}/kho-khan/moi/")
        title = f"Không JavaScript {uuid.uuid4().hex[:6]}"
        _fill_case(page, title)
        page.click("main button[type=submit].primary")
        page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
        first = page.url
        page.go_back()
        expect(page.locator("#id_title")).to_have_value(title)
        page.click("main button[type=submit].primary")
        page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
        assert page.url == first and _cases_titled(page, title) == 1
    finally:
        context.close()


def test_a_progress_report_offline_is_sent_once_and_a_revised_one_meets_a_conflict(page, sign_in_as, browser):
    base = page.base_url
    sign_in_as("demo.xa")
    _ready(page)
    page.goto(f"{base}/ngoai-tuyen/")
    report_form = page.locator("main a[href*='/bao-cao/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).find(h => /\\/giao\\/\\d+\\/bao-cao\\/$/.test(h))")
    revise_form = page.locator("main a[href$='/sua/']").first.get_attribute("href")
    assignment = report_form.replace("bao-cao/", "")
    page.goto(f"{base}{assignment}")
    before = page.locator("main table tbody tr a").count()

    # A new report: typed offline, queued, sent once when the line returns; Back + submit: still one.
    page.goto(f"{base}{report_form}")
    _bound(page)
    page.context.set_offline(True)
    page.fill("#id_period_start", "2025-11-24")
    page.fill("#id_period_end", "2025-11-30")
    page.fill("#id_progress", "55")
    page.fill("#id_narrative", "Báo cáo soạn lúc mất mạng ở thôn bản.")
    for figure in page.locator("input[name^=figure_]").all():
        figure.fill("3")
    page.click("main button[type=submit].primary")
    expect(page.locator(".draft-notice")).to_contain_text("Chưa có mạng")
    page.reload()
    expect(page.locator("#id_narrative")).to_have_value("Báo cáo soạn lúc mất mạng ở thôn bản.")
    page.context.set_offline(False)
    expect(page.locator(".draft-notice")).to_contain_text("đã được gửi", timeout=30_000)
    page.click("main button[type=submit].primary")          # submit again: the same key, the first report
    page.wait_for_url(re.compile(r"/chi-dao/bao-cao/\d+/$"))
    page.goto(f"{base}{assignment}")
    assert page.locator("main table tbody tr a").count() == before + 1

    # A returned report corrected offline while a colleague corrects it online: a conflict, both shown.
    page.goto(f"{base}{revise_form}")
    _bound(page)
    page.context.set_offline(True)
    page.fill("#id_narrative", "Bản sửa soạn ngoại tuyến.")
    page.click("main button[type=submit].primary")
    expect(page.locator(".draft-notice")).to_contain_text("Chưa có mạng")
    colleague = browser.new_context(locale="vi-VN")
    try:
        other = _sign_in(colleague, base)
        other.goto(f"{base}{revise_form}")
        other.fill("#id_narrative", "Bản sửa của đồng nghiệp trên máy chủ.")
        other.click("main button[type=submit].primary")
        other.wait_for_url(re.compile(r"/chi-dao/bao-cao/\d+/$"))
    finally:
        colleague.close()
    page.goto(f"{base}/ban-nhap/")
    page.context.set_offline(False)
    card = _card(page, "Bản sửa soạn ngoại tuyến.")
    expect(card).to_have_attribute("data-state", "conflict", timeout=30_000)
    expect(card.locator(".versions")).to_contain_text("Bản sửa của đồng nghiệp trên máy chủ.")
    expect(card).to_contain_text("đã được sửa hoặc duyệt sau khi bạn mở trang")
    page.set_viewport_size(PHONE)
    screenshot(page, "offline-drafts-conflict-390")
    page.goto(f"{base}{revise_form.replace('/sua/', '/')}")
    expect(page.locator("main")).to_contain_text("Bản sửa của đồng nghiệp trên máy chủ.")
    expect(page.locator("main")).not_to_contain_text("Bản sửa soạn ngoại tuyến.")


def test_offline_the_shell_and_the_four_field_forms_open(page, sign_in_as):
    base = page.base_url
    sign_in_as("demo.xa")
    _ready(page)
    report_form = page.evaluate("""caches.open('ts-pages').then(c => c.keys()).then(ks => ks.map(k => new URL(k.url)
        .pathname).find(p => /\\/chi-dao\\/giao\\/\\d+\\/bao-cao\\/$/.test(p)))""")
    page.context.set_offline(True)
    for url, heading in {**FIELD_FORMS, "/": "Phường Hoàn Kiếm", "/ban-nhap/": "Bản nháp / chờ gửi",
                         report_form: "Báo cáo tiến độ"}.items():
        page.goto(f"{base}{url}")
        expect(page.locator("main h1")).to_contain_text(heading)
    page.goto(f"{base}/nhan-su/")                            # never kept: the offline page
    expect(page.locator("main h1")).to_contain_text("Đang ngoại tuyến")


KEPT_DATE = """path => caches.open('ts-pages').then(c => c.match(location.origin + path, {ignoreVary: true}))
    .then(r => r ? r.headers.get('date') : null)"""


def test_a_kept_form_is_stored_again_when_opened_online(page, sign_in_as):
    """The worker refreshes a kept page with what the server answers online (the form as it is today)."""
    sign_in_as("demo.xa")
    _ready(page)
    before = page.evaluate(KEPT_DATE, "/kho-khan/moi/")
    assert before
    page.wait_for_timeout(1_100)                        # the Date header counts seconds
    page.goto(f"{page.base_url}/kho-khan/moi/")
    until(page, f"path => ({KEPT_DATE})(path).then(d => d && d !== {json.dumps(before)})", "/kho-khan/moi/",
          seconds=30, what="the form stored again")


#: The key the form carries, once drafts.js has stored the draft under it (null before).
STORED_KEY = """() => new Promise(resolve => {
    const key = document.querySelector("input[name=submission_key]").value;
    const open = indexedDB.open("thongsuot-drafts", 1);
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
        const get = open.result.transaction("drafts").objectStore("drafts").get(key);
        get.onsuccess = () => resolve(get.result && get.result.fields.length ? key : null);
        get.onerror = () => resolve(null);
    };
})"""


def _stored_draft_key(page, seconds: float = 30) -> str:
    """Wait for the typed draft to be in IndexedDB (saving is debounced, and slower under load)."""
    return until(page, STORED_KEY, seconds=seconds, what="drafts.js to store the draft")


def test_one_draft_is_open_in_one_tab_only(page, sign_in_as):
    sign_in_as("demo.xa")
    page.goto(f"{page.base_url}/kho-khan/moi/")
    page.fill("#id_title", "Hai thẻ cùng một bản nháp")     # maybe before drafts.js has bound the form
    key = _stored_draft_key(page)
    second = page.context.new_page()
    second.goto(f"{page.base_url}/kho-khan/moi/?nhap={key}")
    expect(second.locator(".draft-notice")).to_contain_text("đang mở ở một thẻ khác")
    assert second.input_value("input[name=submission_key]") != key
    second.close()


def test_what_is_typed_before_drafts_js_binds_the_form_is_kept(page, sign_in_as):
    """drafts.js reads the stored drafts before it listens: a title typed meanwhile is kept all the same."""
    sign_in_as("demo.xa")
    page.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
        const form = document.querySelector("form[data-draft]");
        if (!form) { return; }
        window.typedBeforeBound = !form.hasAttribute("data-draft-bound");
        form.querySelector("#id_title").value = "Gõ trước khi bản nháp sẵn sàng";
        form.dispatchEvent(new Event("input", {bubbles: true}));
    });""")
    page.goto(f"{page.base_url}/kho-khan/moi/")
    assert page.evaluate("window.typedBeforeBound") is True
    key = _stored_draft_key(page)
    page.goto(f"{page.base_url}/kho-khan/moi/?nhap={key}")
    expect(page.locator("#id_title")).to_have_value("Gõ trước khi bản nháp sẵn sàng")


def test_the_commune_on_a_phone(page, sign_in_as):
    """390 × 844: the menu folds behind a button (no JavaScript needed), big buttons, 44 px targets."""
    page.set_viewport_size(PHONE)
    sign_in_as("demo.xa")
    nav = page.locator("nav.mainnav")
    expect(nav).to_be_hidden()
    actions = page.locator("nav.actions a.action")
    expect(actions.first).to_contain_text("Phản ánh khó khăn")
    assert {a.inner_text() for a in actions.all()} >= {"Phản ánh khó khăn", "Báo cáo tiến độ", "Báo mất kết nối",
                                                        "Đề nghị cấp thiết bị"}
    for target in actions.all() + [page.locator("label.menu-button")]:
        assert target.bounding_box()["height"] >= 44
    screenshot(page, "offline-commune-home-390")
    page.click("label.menu-button")
    expect(nav).to_be_visible()
    assert all(a.bounding_box()["height"] >= 44 for a in nav.locator("a").all())
    page.goto(f"{page.base_url}/kho-khan/moi/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert page.locator("main button[type=submit]").bounding_box()["height"] >= 44
    screenshot(page, "offline-obstacle-form-390")
    page.goto(f"{page.base_url}/ban-nhap/")
    screenshot(page, "offline-drafts-390")
