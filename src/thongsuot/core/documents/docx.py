"""DOCX in the Decree 30/2020 layout, written with python-docx.

The heading and the closing are two-column tables without borders (what Word templates of the
decree do); the rules under the issuing body, the motto and a report's excerpt are short empty
paragraphs with a top border, narrowed by indents to the length the decree asks for.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from thongsuot.core.documents import page
from thongsuot.core.documents.model import Document, Signature, Table, cell_text, is_number

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
# Average width of a capital or a bold lower-case letter in Times New Roman, per point of size, in
# millimetres: enough to size the short rules under the issuing body and the excerpt.
_AVERAGE_WIDTH = {True: 0.245, False: 0.19}


def render_docx(document: Document) -> bytes:
    """The document as DOCX bytes."""
    word = new_docx()
    _set_up(word, document)
    _heading(word, document)
    if not document.is_letter:
        _kind_title(word, document.kind, document.excerpt)
    _address(word, document.recipient_lines())
    _paragraphs(word, document.paragraphs)
    for section in document.sections:
        _text(word.add_paragraph(), section.heading, bold=True, space_before=6, space_after=6)
        _paragraphs(word, section.paragraphs)
        for table in section.tables:
            _table(word, table)
    _paragraphs(word, document.closing)
    _closing(word, document.copies_lines(), document.signature)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _set_up(word, document: Document) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(page.PAGE_WIDTH), Mm(page.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(page.MARGIN_TOP), Mm(page.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(page.MARGIN_LEFT), Mm(page.MARGIN_RIGHT)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    _page_field(number)

    normal = word.styles["Normal"]
    normal.font.name = page.WORD_FONT
    normal.font.size = Pt(page.BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), page.WORD_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    properties = word.core_properties
    properties.title = document.document_title()
    properties.author = document.issuer.name
    properties.language = "vi-VN"
    properties.comments = ""


def _heading(word, document: Document) -> None:
    grid = _borderless(word, 2, (page.HEADING_LEFT, page.HEADING_RIGHT))
    body, nation = grid.rows[0].cells
    lines = document.heading_lines()
    first = body.paragraphs[0]
    for index, line in enumerate(lines):
        target = first if index == 0 else body.add_paragraph()
        _text(target, line, size=page.ISSUER_PT, bold=index == len(lines) - 1, align=CENTER)
    _rule(body.add_paragraph(), page.HEADING_LEFT, len(lines[-1]) * _AVERAGE_WIDTH[True] * page.ISSUER_PT * 0.45)
    _text(nation.paragraphs[0], page.NATIONAL_TITLE, size=page.NATIONAL_TITLE_PT, bold=True, align=CENTER)
    _text(nation.add_paragraph(), page.MOTTO, size=page.MOTTO_PT, bold=True, align=CENTER)
    _rule(nation.add_paragraph(), page.HEADING_RIGHT, len(page.MOTTO) * _AVERAGE_WIDTH[False] * page.MOTTO_PT)

    number, place = grid.add_row().cells
    _text(number.paragraphs[0], document.number_line(), size=page.NUMBER_PT, align=CENTER, space_before=4)
    if document.is_letter:
        _text(number.add_paragraph(), document.excerpt_line(), size=page.EXCERPT_PT, align=CENTER)
    _text(place.paragraphs[0], document.place_date_line(), size=page.PLACE_DATE_PT, italic=True, align=CENTER,
          space_before=4)
    word.add_paragraph().paragraph_format.space_after = Pt(6)


def _kind_title(word, kind: str, excerpt: str) -> None:
    _text(word.add_paragraph(), kind.upper(), size=page.KIND_PT, bold=True, align=CENTER)
    _text(word.add_paragraph(), excerpt, size=page.KIND_PT, bold=True, align=CENTER)
    length = min(len(excerpt) * _AVERAGE_WIDTH[False] * page.KIND_PT, page.TEXT_WIDTH) * 0.4
    _rule(word.add_paragraph(), page.TEXT_WIDTH, length)
    word.add_paragraph()


def _address(word, lines: Sequence[str]) -> None:
    if len(lines) == 1:
        _text(word.add_paragraph(), f"{page.ADDRESS_LABEL} {lines[0]}", align=CENTER, space_after=12)
        return
    # The label hangs to the left of the first recipient; the others line up under it.
    names_at = Mm(25 + 25)
    for index, line in enumerate(lines):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = names_at
        if index == 0:
            paragraph.paragraph_format.first_line_indent = -Mm(25)
            paragraph.paragraph_format.tab_stops.add_tab_stop(names_at)
            line = f"{page.ADDRESS_LABEL}\t{line}"
        _text(paragraph, line, space_after=12 if index == len(lines) - 1 else 0)


def _paragraphs(word, texts: Sequence[str]) -> None:
    for text in texts:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Mm(page.FIRST_LINE_INDENT)
        paragraph.paragraph_format.line_spacing = 1.15
        _text(paragraph, text, align=JUSTIFY, space_after=page.PARAGRAPH_AFTER_PT)


def _table(word, table: Table) -> None:
    if table.caption:
        _text(word.add_paragraph(), table.caption, size=page.TABLE_PT, italic=True, align=CENTER, space_after=3)
    numeric = table.numeric_columns()
    widths = [Mm(page.TEXT_WIDTH * share) for share in table.relative_widths()]
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    header_row = grid.rows[0]
    _repeat_as_header(header_row)
    for cell, text, width in zip(header_row.cells, table.header, widths, strict=True):
        cell.width = width
        _text(cell.paragraphs[0], text, size=page.TABLE_PT, bold=True, align=CENTER)
    for row, cells in zip(grid.rows[1:], table.rows, strict=True):
        for column, (cell, value, width) in enumerate(zip(row.cells, cells, widths, strict=True)):
            cell.width = width
            align = RIGHT if is_number(value) or numeric[column] else LEFT
            _text(cell.paragraphs[0], cell_text(value), size=page.TABLE_PT, align=align)
    word.add_paragraph().paragraph_format.space_after = Pt(3)


def _closing(word, copies: Sequence[str], signature: Signature) -> None:
    grid = _borderless(word, 2, (page.CLOSING_LEFT, page.CLOSING_RIGHT))
    _keep_on_one_page(grid)
    left, right = grid.rows[0].cells
    _text(left.paragraphs[0], page.COPIES_LABEL, size=page.COPIES_LABEL_PT, bold=True, italic=True, space_before=6)
    for line in copies:
        _text(left.add_paragraph(), line, size=page.COPIES_PT)
    for index, line in enumerate(signature.authority):
        target = right.paragraphs[0] if index == 0 else right.add_paragraph()
        _text(target, line.upper(), size=page.SIGNATURE_PT, bold=True, align=CENTER)
    space = right.add_paragraph()
    space.paragraph_format.space_before = Mm(page.SIGNATURE_SPACE)
    _text(right.add_paragraph(), signature.signer, size=page.SIGNATURE_PT, bold=True, align=CENTER)


# Small pieces.

def _text(paragraph, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False,
          align=None, space_before: float | None = None, space_after: float | None = None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _rule(paragraph, column_width: float, length: float) -> None:
    """A centred horizontal rule `length` mm long: an empty 2 pt paragraph with a top border."""
    indent = Mm(max((column_width - length) / 2, 0))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.line_spacing = Pt(2)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _borderless(word, columns: int, widths_mm: Sequence[float]):
    grid = word.add_table(rows=1, cols=columns)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    properties = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)
    for cell, width in zip(grid.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return grid


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_on_one_page(grid) -> None:
    for row in grid.rows:
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        properties.append(cant_split)


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice print the page number there."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.paragraph_format.space_after = Pt(0)
