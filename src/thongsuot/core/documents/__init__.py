"""Administrative documents in the Decree 30/2020/NĐ-CP layout, as DOCX and PDF from plain data.

Build a `Document` (issuer, number and symbol, place and date, recipients, body, sections with
tables, "Nơi nhận", signature) and call `render_docx` or `render_pdf`. Core imports no app: the
caller turns its records into a `Document`.
"""

from thongsuot.core.documents.docx import render_docx
from thongsuot.core.documents.model import Document, Issuer, Section, Signature, Table, date_words
from thongsuot.core.documents.pdf import OfficialPdf, render_pdf
from thongsuot.core.documents.response import document_response, render_as

__all__ = ["Document", "Issuer", "OfficialPdf", "Section", "Signature", "Table", "date_words", "document_response",
           "render_as", "render_docx", "render_pdf"]
