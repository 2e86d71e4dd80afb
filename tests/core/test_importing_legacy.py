"""Text typed in TCVN3 (ABC) or VNI is recognised and refused; Unicode Vietnamese and foreign names pass.

The legacy samples are real conversions (Unikey's "Chuyển mã", as published by converters' test data):
what a .VnTime or VNI-Times cell holds when read as Unicode.
"""

import unicodedata

import pytest

from thongsuot.core.importing.legacy import legacy_encoding, legacy_refusal

TCVN3 = [
    ("ViÖt Nam", "Việt Nam"), ("Hµ Néi", "Hà Nội"), ("TiÕng ViÖt rÊt hay", "Tiếng Việt rất hay"),
    ("Xin chµo c¸c b¹n", "Xin chào các bạn"), ("T«i ®i häc", "Tôi đi học"), ("B¶o Th¾ng", "Bảo Thắng"),
    ("Mêng Kh¬ng", "Mường Khương"), ("B¸t X¸t", "Bát Xát"), ("NguyÔn V¨n An", "Nguyễn Văn An"),
]
VNI = [
    ("Vieät Nam", "Việt Nam"), ("Tieáng Vieät raát hay", "Tiếng Việt rất hay"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"), ("Toâi ñi hoïc", "Tôi đi học"), ("Haø Noäi", "Hà Nội"),
]


@pytest.mark.parametrize(("typed", "meant"), TCVN3)
def test_tcvn3_is_recognised(typed, meant):
    assert legacy_encoding(typed) == "TCVN3"
    assert legacy_encoding(meant) is None


@pytest.mark.parametrize(("typed", "meant"), VNI)
def test_vni_is_recognised(typed, meant):
    assert legacy_encoding(typed) == "VNI"
    assert legacy_encoding(meant) is None


@pytest.mark.parametrize("text", [
    "Thành phố Hồ Chí Minh", "ĐẮK LẮK", unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"), "Müller",
    "Nhiệt độ 25°C", "3×4 m", "«Luật Đất đai» năm 2024", "Phòng Tư pháp – Hộ tịch", "Ea H'Leo", "100%",
])
def test_ordinary_text_passes(text):
    assert legacy_encoding(text) is None
    assert legacy_refusal(text) is None


def test_the_refusal_says_what_was_found_and_how_to_convert_it():
    assert legacy_refusal("ViÖt Nam") == (
        "“ViÖt Nam” được gõ bằng bảng mã cũ TCVN3 (ABC), không phải Unicode. Hãy chuyển tệp sang Unicode rồi "
        "tải lên lại: trong Unikey mở “Công cụ chuyển mã” (Ctrl+Shift+F6), chọn nguồn TCVN3 (ABC), đích "
        "Unicode, rồi chuyển mã nội dung bảng tính (sao chép, chuyển mã, dán lại) và lưu tệp.")
    assert "nguồn VNI Windows" in legacy_refusal("Vieät Nam")
