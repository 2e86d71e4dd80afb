"""A list on a 390 px phone: the table scrolls sideways inside itself, each column keeps a readable
width (a title is not cut to one word a line), the first column stays in view while it scrolls, and
the page itself never scrolls sideways."""

import pytest

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const table = document.querySelector("main .table");
  const first = table.querySelector("tbody tr > :first-child");
  const narrowest = Math.min(...[...table.querySelectorAll("tbody tr:first-child > td")]
    .map((cell) => cell.getBoundingClientRect().width));
  const before = first.getBoundingClientRect().left;
  table.scrollLeft = table.scrollWidth;
  return {page: document.documentElement.scrollWidth, table: table.clientWidth, content: table.scrollWidth,
          narrowest, moved: table.scrollLeft > 0, firstStays: first.getBoundingClientRect().left === before};
}"""


@pytest.mark.parametrize("url", ["/kho-khan/", "/kho-khan/cong-van/", "/nhan-su/can-bo/"])
def test_a_list_table_scrolls_inside_itself_on_a_phone(page, sign_in_as, url):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_as("demo.tinh")     # a province: its lists have rows in the demo
    page.goto(f"{page.base_url}{url}")
    seen = page.evaluate(MEASURE)
    assert seen["page"] <= 390, seen
    assert seen["content"] > seen["table"] and seen["moved"], seen
    assert seen["narrowest"] >= 5 * 16 - 1, seen        # 5rem: a column of figures; text columns 7.5rem
    assert seen["firstStays"], seen


def test_a_list_with_no_rows_fits_the_phone_and_says_so(page, sign_in_as):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_as("demo.tinh")
    page.goto(f"{page.base_url}/kho-khan/?q=khongcokhokhannaonhuthe")
    empty = page.locator("main .table td.empty")
    assert "Không có khó khăn" in empty.inner_text()
    seen = page.evaluate("""() => {
      const table = document.querySelector("main .table");
      const message = table.querySelector("td.empty").getBoundingClientRect();
      return {table: table.clientWidth, content: table.scrollWidth, right: message.right};
    }""")
    assert seen["content"] <= seen["table"] and seen["right"] <= 390, seen
