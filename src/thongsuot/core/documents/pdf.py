"""PDF in the Decree 30/2020 layout, drawn with fpdf2 and Liberation Serif embedded.

`OfficialPdf` is the page (margins, fonts, page numbers from page 2) and its parts (heading,
title, "Kính gửi", paragraphs, tables, closing); `render_pdf` lays a whole `Document` out with it.
Other printable forms (procedures' receipts) subclass `OfficialPdf` for the same heading.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF, FontFace

from thongsuot.core.documents import page
from thongsuot.core.documents.model import Document, Signature, Table, cell_text, is_number, nfc

F = page.PDF_FONT
PT = 25.4 / 72  # millimetres per point


def _line_height(points: float, factor: float = 1.2) -> float:
    return points * PT * factor


class OfficialPdf(FPDF):
    """An A4 page with the decree's margins, Liberation Serif and page numbers from page 2."""

    FAMILY = F

    def __init__(self, *, title: str = ""):
        super().__init__(format="A4", unit="mm")
        self.set_margins(page.MARGIN_LEFT, page.MARGIN_TOP, page.MARGIN_RIGHT)
        self.set_auto_page_break(True, page.MARGIN_BOTTOM)
        for style, path in page.PDF_FONT_FILES.items():
            self.add_font(F, style, str(path))
        self.set_title(nfc(title) or "Thông Suốt")
        self.set_creator("Thông Suốt")
        self.set_lang("vi")
        self.add_page()

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_y(10)
            self.set_font(F, "", page.PAGE_NUMBER_PT)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(page.MARGIN_TOP)

    # The parts of the page, top to bottom.

    def heading(self, *, issuer_lines: Sequence[str], place_date: str, number_line: str = "",
                excerpt_line: str = "") -> None:
        """The issuing body with a rule under it and the national title and motto with theirs; under
        them the number and "V/v …" on the left, the place and date in italics on the right."""
        top = self.get_y()
        left, left_width = self.l_margin, page.HEADING_LEFT
        right, right_width = self.l_margin + page.HEADING_LEFT, page.HEADING_RIGHT

        for index, line in enumerate(issuer_lines):
            last = index == len(issuer_lines) - 1
            self.set_font(F, "B" if last else "", page.ISSUER_PT)
            self.set_x(left)
            self.multi_cell(left_width, _line_height(page.ISSUER_PT), nfc(line).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        name_width = min(self.get_string_width(nfc(issuer_lines[-1]).upper()), left_width)
        self._rule(left + left_width / 2, self.get_y() + 0.6, name_width * 0.45)
        left_bottom = self.get_y() + 0.6

        self.set_xy(right, top)
        self.set_font(F, "B", page.NATIONAL_TITLE_PT)
        self.multi_cell(right_width, _line_height(page.NATIONAL_TITLE_PT), page.NATIONAL_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_x(right)
        self.set_font(F, "B", page.MOTTO_PT)
        self.multi_cell(right_width, _line_height(page.MOTTO_PT), page.MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
        self._rule(right + right_width / 2, self.get_y() + 0.4, self.get_string_width(page.MOTTO))
        right_bottom = self.get_y() + 0.4

        second = max(left_bottom, right_bottom) + 3
        self.set_xy(left, second)
        if number_line:
            self.set_font(F, "", page.NUMBER_PT)
            self.multi_cell(left_width, _line_height(page.NUMBER_PT), nfc(number_line), align="C", new_x="LMARGIN", new_y="NEXT")
        if excerpt_line:
            self.set_x(left)
            self.set_font(F, "", page.EXCERPT_PT)
            self.multi_cell(left_width, _line_height(page.EXCERPT_PT), nfc(excerpt_line), align="C", new_x="LMARGIN", new_y="NEXT")
        left_bottom = self.get_y()
        self.set_xy(right, second)
        self.set_font(F, "I", page.PLACE_DATE_PT)
        self.multi_cell(right_width, _line_height(page.PLACE_DATE_PT), nfc(place_date), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(self.l_margin, max(left_bottom, self.get_y()) + 6)

    def kind_title(self, kind: str, excerpt: str) -> None:
        """ "BÁO CÁO" and its excerpt, bold and centred, with a short rule under the excerpt."""
        self.set_font(F, "B", page.KIND_PT)
        self.multi_cell(0, _line_height(page.KIND_PT), nfc(kind).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.multi_cell(0, _line_height(page.KIND_PT), nfc(excerpt), align="C", new_x="LMARGIN", new_y="NEXT")
        width = min(self.get_string_width(nfc(excerpt)), page.TEXT_WIDTH)
        self._rule(self.l_margin + page.TEXT_WIDTH / 2, self.get_y() + 0.6, width * 0.4)
        self.ln(6)

    def address(self, lines: Sequence[str]) -> None:
        """ "Kính gửi:" and the recipients: on one centred line, or one line each under the label."""
        self.set_font(F, "", page.BODY_PT)
        height = _line_height(page.BODY_PT, 1.3)
        if len(lines) == 1:
            self.multi_cell(0, height, f"{page.ADDRESS_LABEL} {nfc(lines[0])}", align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            label_x = self.l_margin + 25
            names_x = label_x + self.get_string_width(page.ADDRESS_LABEL + " ")
            self.set_x(label_x)
            self.cell(names_x - label_x, height, page.ADDRESS_LABEL)
            for line in lines:
                self.set_x(names_x)
                self.multi_cell(self.l_margin + page.TEXT_WIDTH - names_x, height, nfc(line), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def paragraphs(self, texts: Sequence[str]) -> None:
        """Justified paragraphs, first line indented, 6 pt apart."""
        if not texts:
            return
        self.set_font(F, "", page.BODY_PT)
        with self.text_columns(text_align="J", line_height=1.2) as columns:
            for text in texts:
                with columns.paragraph(first_line_indent=page.FIRST_LINE_INDENT,
                                       bottom_margin=page.PARAGRAPH_AFTER_PT * PT) as paragraph:
                    paragraph.write(nfc(text))

    def section_heading(self, text: str) -> None:
        self.set_font(F, "B", page.BODY_PT)
        self.ln(1)
        self.multi_cell(0, _line_height(page.BODY_PT), nfc(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def table_block(self, table: Table) -> None:
        """A bordered table; the header row repeats on each page; number columns right-aligned."""
        if table.caption:
            self.set_font(F, "I", page.TABLE_PT)
            self.multi_cell(0, _line_height(page.TABLE_PT), table.caption, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(1)
        self.set_font(F, "", page.TABLE_PT)
        numeric = table.numeric_columns()
        with self.table(
            col_widths=table.relative_widths(),
            width=page.TEXT_WIDTH,
            align="LEFT",
            line_height=_line_height(page.TABLE_PT, 1.15),
            text_align="LEFT",
            headings_style=FontFace(emphasis="BOLD"),
            padding=(0.8, 1.2),
            repeat_headings=1,
        ) as grid:
            header = grid.row()
            for text in table.header:
                header.cell(text, align="C")
            for cells in table.rows:
                row = grid.row()
                for column, cell in enumerate(cells):
                    row.cell(nfc(cell_text(cell)), align="R" if is_number(cell) or numeric[column] else "L")
        self.ln(4)

    def closing(self, copies: Sequence[str], signature: Signature) -> None:
        """ "Nơi nhận" on the left and the signature block on the right, kept together on one page."""
        sign_height = (len(signature.authority) * _line_height(page.SIGNATURE_PT)
                       + page.SIGNATURE_SPACE + _line_height(page.SIGNATURE_PT))
        copies_height = _line_height(page.COPIES_LABEL_PT) + len(copies) * _line_height(page.COPIES_PT)
        self.ln(2)
        if self.get_y() + max(sign_height, copies_height) > self.page_break_trigger:
            self.add_page()
        top = self.get_y()
        self.signature_block(signature, x=self.l_margin + page.CLOSING_LEFT, width=page.CLOSING_RIGHT)
        bottom = self.get_y()
        self.set_xy(self.l_margin, top + _line_height(page.SIGNATURE_PT) * 0.25)
        self.set_font(F, "BI", page.COPIES_LABEL_PT)
        self.cell(page.CLOSING_LEFT, _line_height(page.COPIES_LABEL_PT), page.COPIES_LABEL,
                  new_x="LMARGIN", new_y="NEXT")
        self.set_font(F, "", page.COPIES_PT)
        for line in copies:
            self.multi_cell(page.CLOSING_LEFT - 5, _line_height(page.COPIES_PT, 1.1), nfc(line), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(bottom, self.get_y()))

    def signature_block(self, signature: Signature, *, x: float, width: float) -> None:
        self.set_font(F, "B", page.SIGNATURE_PT)
        for line in signature.authority:
            self.set_x(x)
            self.multi_cell(width, _line_height(page.SIGNATURE_PT), nfc(line).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(page.SIGNATURE_SPACE)
        self.set_x(x)
        self.multi_cell(width, _line_height(page.SIGNATURE_PT), nfc(signature.signer), align="C", new_x="LMARGIN", new_y="NEXT")

    def bytes(self) -> bytes:
        return bytes(self.output())

    def _rule(self, centre: float, y: float, length: float) -> None:
        self.set_line_width(0.3)
        self.line(centre - length / 2, y, centre + length / 2, y)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = OfficialPdf(title=document.document_title())
    pdf.heading(issuer_lines=document.heading_lines(), place_date=document.place_date_line(),
                number_line=document.number_line(),
                excerpt_line=document.excerpt_line() if document.is_letter else "")
    if not document.is_letter:
        pdf.kind_title(document.kind, document.excerpt)
    pdf.address(document.recipient_lines())
    pdf.paragraphs(document.paragraphs)
    for section in document.sections:
        pdf.section_heading(section.heading)
        pdf.paragraphs(section.paragraphs)
        for table in section.tables:
            pdf.table_block(table)
    pdf.paragraphs(document.closing)
    pdf.closing(document.copies_lines(), document.signature)
    return pdf.bytes()
