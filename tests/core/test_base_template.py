"""Every page tells htmx not to inject its inline indicator <style>, which the CSP would refuse."""

from pathlib import Path

from django.test import Client

META = """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>"""
SITE_CSS = Path(__file__).resolve().parents[2] / "src/thongsuot/static/thongsuot/site.css"


def test_signed_in_and_public_pages_carry_the_htmx_config(client_for):
    assert META in client_for("demo.xa").get("/kho-khan/").content.decode()
    assert META in Client().get("/dang-nhap/").content.decode()
    assert META in Client().get("/tra-cuu/").content.decode()


def test_the_stylesheet_carries_the_indicator_styles_instead():
    css = SITE_CSS.read_text()
    assert ".htmx-indicator { opacity: 0; visibility: hidden; }" in css
    assert ".htmx-request .htmx-indicator, .htmx-request.htmx-indicator {" in css
