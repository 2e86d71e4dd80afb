"""Administrative documents in the Decree 30/2020 layout (core/documents): one description, DOCX and PDF."""

import datetime
import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont

from thongsuot.core.documents import (
    Document,
    Issuer,
    Section,
    Signature,
    Table,
    date_words,
    render_docx,
    render_pdf,
)
from thongsuot.core.documents.page import PDF_FONT_FILES
from thongsuot.core.documents.samples import sample_letter, sample_report
from thongsuot.core.errors import DomainError

VIETNAMESE_LETTERS = "ăâđêôơưĂÂĐÊÔƠƯáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def _docx_lines(data: bytes) -> list[str]:
    """Every paragraph's text in reading order, table cells included (row by row, left to right)."""
    word = docx.Document(io.BytesIO(data))
    lines = []
    for block in word.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for cell_paragraph in block.iter():
                if cell_paragraph.tag.endswith("}p"):
                    lines.append("".join(node.text or "" for node in cell_paragraph.iter() if node.tag.endswith("}t")))
    return [line for line in lines if line.strip()]


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout


def _in_order(lines: list[str], wanted: list[str]) -> None:
    position = 0
    for text in wanted:
        found = next((index for index in range(position, len(lines)) if text in lines[index]), None)
        assert found is not None, f"{text!r} not found after line {position}: {lines[position:position + 5]}"
        position = found + 1


def test_date_line_pads_days_below_ten_and_months_one_and_two():
    assert date_words(datetime.date(2026, 12, 5)) == "ngày 05 tháng 12 năm 2026"
    assert date_words(datetime.date(2026, 2, 14)) == "ngày 14 tháng 02 năm 2026"
    assert date_words(datetime.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert date_words(None) == "ngày … tháng … năm …"


def test_number_line_pads_numbers_below_ten_and_shows_a_draft_unnumbered():
    assert sample_letter(number=5).number_line() == "Số: 05/SNV-CCVC"
    assert sample_letter(number=12).number_line() == "Số: 12/SNV-CCVC"
    assert sample_report().number_line() == "Số: …/BC-UBND"


def test_recipients_and_copies_get_the_decree_punctuation():
    letter = sample_letter()
    assert letter.recipient_lines() == ("- Bộ Nội vụ;", "- Bộ Nông nghiệp và Môi trường.")
    assert sample_report().recipient_lines() == ("Ban Chỉ đạo Trung ương.",)
    assert letter.copies_lines()[0] == "- Như trên;"
    assert letter.copies_lines()[-1] == "- Lưu: VT, CCVC."


def test_text_typed_with_combining_accents_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Phường Hoàn Kiếm")
    document = Document(issuer=Issuer(name=decomposed), symbol="UBND", place="Hà Nội", excerpt="x",
                        recipients=(decomposed,), signature=Signature(authority=("Chủ tịch",), signer="A"))
    assert document.issuer.name == "Phường Hoàn Kiếm"
    assert document.recipients == ("Phường Hoàn Kiếm",)


def test_a_table_row_of_the_wrong_length_is_refused_with_its_row_number():
    with pytest.raises(DomainError, match="dòng 2: có 2 ô, trong khi tiêu đề có 3 cột"):
        Table(header=("A", "B", "C"), rows=((1, 2, 3), (1, 2)), caption="Bảng thử")


def test_a_document_without_recipient_is_refused():
    with pytest.raises(DomainError, match="Kính gửi"):
        Document(issuer=Issuer(name="UBND"), symbol="UBND", place="Hà Nội", excerpt="x", recipients=(),
                 signature=Signature(authority=("Chủ tịch",), signer="A"))


def test_shipped_fonts_have_every_vietnamese_letter():
    """Liberation Serif 2 (fonts-liberation2) has them; the 1.07 fonts in Debian's fonts-liberation do not."""
    for path in PDF_FONT_FILES.values():
        cmap = TTFont(path).getBestCmap()
        missing = [letter for letter in VIETNAMESE_LETTERS if ord(letter) not in cmap]
        assert not missing, f"{path.name} lacks {missing}"
    assert (path.parent / "LICENSE-LiberationFonts.txt").read_text().count("SIL Open Font License") >= 1


def test_docx_has_the_layout_parts_in_order():
    data = render_docx(sample_letter())
    lines = _docx_lines(data)
    _in_order(lines, ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      "Độc lập - Tự do - Hạnh phúc", "Số: 12/SNV-CCVC", "V/v đề nghị hướng dẫn bố trí",
                      "Hà Nội, ngày 05 tháng 12 năm 2026", "Kính gửi:", "- Bộ Nông nghiệp và Môi trường.",
                      "Thực hiện Kế hoạch số 12/KH-BCĐ", "Phường Hoàn Kiếm", "Trân trọng./.", "Nơi nhận:",
                      "- Như trên;", "- Lưu: VT, CCVC.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Thu Hà"])
    word = docx.Document(io.BytesIO(data))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= word.styles["Normal"].font.size.pt <= 14
    title = next(run for paragraph in word.tables[0].rows[0].cells[1].paragraphs for run in paragraph.runs)
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and title.bold and 12 <= title.font.size.pt <= 13
    assert section.different_first_page_header_footer  # page numbers from page 2


def test_docx_report_has_its_title_and_a_numeric_column_right_aligned():
    data = render_docx(sample_report(pages=3, tables=1))
    word, lines = docx.Document(io.BytesIO(data)), _docx_lines(data)
    _in_order(lines, ["Số: …/BC-UBND", "BÁO CÁO", "Tình hình vận hành", "Kính gửi: Ban Chỉ đạo Trung ương.",
                      "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 1", "Bảng 1.", "TM. ỦY BAN NHÂN DÂN", "Trần Văn Bình"])
    data_table = word.tables[1]
    assert data_table.rows[1].cells[2].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert data_table.rows[1].cells[1].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    assert data_table.rows[1].cells[4].text == "91,5"


def test_pdf_embeds_liberation_serif():
    data = render_pdf(sample_letter())
    assert data.startswith(b"%PDF")
    assert b"/FontName /MPDFAA+LiberationSerif" in data or b"LiberationSerif" in data
    assert b"LiberationSerifBold" in data and b"LiberationSerifBoldItalic" in data
    assert b"/FontFile2" in data  # the TrueType program itself, not only its name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_keeps_the_vietnamese_strings_in_order(tmp_path):
    text = _pdf_text(render_pdf(sample_letter()), tmp_path)
    lines = text.splitlines()
    _in_order(lines, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SỞ NỘI VỤ",
                      "Số: 12/SNV-CCVC", "Kính gửi:", "Bộ Nông nghiệp và Môi trường.", "Trân trọng./.",
                      "Nơi nhận:", "Như trên;", "Nguyễn Thị Thu Hà"])
    assert "Hà Nội, ngày 05 tháng 12 năm 2026" in text
    assert "- Lưu: VT, CCVC." in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_forty_row_table_spans_pages_with_its_header_repeated(tmp_path):
    rows = tuple((index, f"Xã Đông Anh số {index}", index * 1000) for index in range(1, 41))
    table = Table(header=("STT", "Đơn vị", "Số hồ sơ"), rows=rows)
    long = replace(sample_report(pages=1, tables=0), sections=(Section(heading="Số liệu", tables=(table,)),))
    data = render_pdf(long)
    pages = _pdf_text(data, tmp_path).split("\f")
    with_rows = [page for page in pages if "Xã Đông Anh số" in page]
    assert len(with_rows) >= 2
    assert all("Số hồ sơ" in page for page in with_rows)  # the header row on each page
    assert "Xã Đông Anh số 40" in with_rows[-1] and "40.000" in with_rows[-1]
    assert "\n2\n" in "\n" + pages[1].strip().splitlines()[0] + "\n"  # page number at the top of page 2


def test_sample_document_command_writes_both_formats(tmp_path):
    call_command("sample_document", format="pdf", out=str(tmp_path / "a.pdf"))
    call_command("sample_document", format="docx", out=str(tmp_path / "a.docx"), kind="report")
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert "BÁO CÁO" in _docx_lines((tmp_path / "a.docx").read_bytes())
