"""The page of Decree 30/2020 (Appendix I), shared by the DOCX and the PDF renderer.

Measures are in millimetres and points, inside the decree's ranges: A4; margins top and bottom
20–25 mm, left 30–35 mm, right 15–20 mm; body 13–14 pt; national title 12–13 pt; motto 13–14 pt;
"Nơi nhận" label 12 pt, its list 11 pt.
"""

from pathlib import Path

# The fixed words of every document, in the decree's spelling.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
COPIES_LABEL = "Nơi nhận:"
ADDRESS_LABEL = "Kính gửi:"

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 20.0
MARGIN_LEFT = 30.0
MARGIN_RIGHT = 15.0
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# The heading's two columns: the issuing body (left) and the national title (right).
HEADING_LEFT = 68.0
HEADING_RIGHT = TEXT_WIDTH - HEADING_LEFT
# The closing's two columns: "Nơi nhận" (left) and the signature block (right).
CLOSING_LEFT = 75.0
CLOSING_RIGHT = TEXT_WIDTH - CLOSING_LEFT

BODY_PT = 14
ISSUER_PT = 12
NUMBER_PT = 13
EXCERPT_PT = 12  # "V/v …" of a công văn
NATIONAL_TITLE_PT = 12
MOTTO_PT = 13
PLACE_DATE_PT = 13
KIND_PT = 14
TABLE_PT = 12
COPIES_LABEL_PT = 12
COPIES_PT = 11
SIGNATURE_PT = 14
PAGE_NUMBER_PT = 13
FIRST_LINE_INDENT = 12.7  # 1.27 cm, the decree's 1–1.27 cm
PARAGRAPH_AFTER_PT = 6  # at least 6 pt between paragraphs
SIGNATURE_SPACE = 28.0  # room for the signature and the seal

# The Word file names Times New Roman (the reader's Word has it); the PDF embeds Liberation Serif,
# metric-compatible with it, so both break lines at the same places.
WORD_FONT = "Times New Roman"
PDF_FONT = "LiberationSerif"
FONTS = Path(__file__).resolve().parent / "fonts"
PDF_FONT_FILES = {
    "": FONTS / "LiberationSerif-Regular.ttf",
    "B": FONTS / "LiberationSerif-Bold.ttf",
    "I": FONTS / "LiberationSerif-Italic.ttf",
    "BI": FONTS / "LiberationSerif-BoldItalic.ttf",
}
