"""Pages load under the Content-Security-Policy without a single violation or console error."""

import re

import pytest

pytestmark = pytest.mark.browser

#: Record every CSP violation the page reports, whatever the browser prints to its console.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _watch(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.context.add_init_script(WATCH_VIOLATIONS)
    return errors


def _visit(page, url: str, errors: list) -> None:
    page.goto(url if url.startswith("http") else f"{page.base_url}{url}")
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    assert (page.url, violations, errors) == (page.url, [], [])


def test_sign_in_home_obstacles_and_a_directive_raise_no_csp_violation(page, sign_in_as):
    errors = _watch(page)
    _visit(page, "/dang-nhap/", errors)
    sign_in_as("demo.xa")
    for url in ("/", "/kho-khan/", "/chi-dao/"):
        _visit(page, url, errors)
    directive = page.locator("main a").evaluate_all(
        "links => links.map(a => a.href).find(h => /\\/chi-dao\\/\\d+\\/$/.test(h))")
    assert directive and re.search(r"/chi-dao/\d+/$", directive)
    _visit(page, directive, errors)
