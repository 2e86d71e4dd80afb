"""Printable forms of a dossier (Circular 01/2018 forms), as PDF.

The page, the font (Liberation Serif, embedded) and the heading are core's Decree 30/2020 layout
(`core.documents.OfficialPdf`); this module adds only the forms' own parts.
"""

from __future__ import annotations

from django.utils import timezone, translation

from thongsuot.core.documents import OfficialPdf, date_words
from thongsuot.procedures.models import Dossier, DossierEvent

F = OfficialPdf.FAMILY


class _Form(OfficialPdf):
    def heading_for(self, issuer_lines: tuple[str, ...], place: str, when) -> None:
        """Issuing agency top left, national title and motto top right (Decree 30/2020)."""
        self.heading(issuer_lines=issuer_lines, place_date=f"{place}, {date_words(when)}")

    def form_title(self, text: str) -> None:
        self.set_font(F, "B", 13)
        self.multi_cell(0, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font(F, "", 12)

    def line_item(self, label: str, value: str) -> None:
        self.set_font(F, "B", 12)
        self.write(6.5, f"{label}: ")
        self.set_font(F, "", 12)
        self.write(6.5, value)
        self.ln(7)

    def paragraph(self, text: str) -> None:
        self.set_font(F, "", 12)
        self.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def signature(self, title: str) -> None:
        self.ln(8)
        self.set_x(110)
        self.set_font(F, "B", 12)
        self.multi_cell(85, 6, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_x(110)
        self.set_font(F, "I", 12)
        self.multi_cell(85, 6, "(Ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")


def _place(dossier: Dossier) -> str:
    return dossier.commune.name


# Legal forms: always in Vietnamese (labels such as the channel too), whatever the page's language.
@translation.override("vi")
def receipt_pdf(dossier: Dossier, *, lookup_url: str) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    pdf = _Form(title=f"Giấy tiếp nhận hồ sơ {dossier.code}")
    received = timezone.localtime(dossier.received_at or dossier.registered_at)
    pdf.heading_for((f"UBND {dossier.commune.name}", "Trung tâm Phục vụ hành chính công"), _place(dossier),
                    received)
    pdf.form_title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    pdf.line_item("Mã hồ sơ", dossier.code)
    pdf.paragraph(f"Trung tâm Phục vụ hành chính công {dossier.commune.name} đã tiếp nhận hồ sơ của:")
    pdf.line_item("Ông/Bà", dossier.applicant_name)
    if dossier.applicant_address:
        pdf.line_item("Địa chỉ", dossier.applicant_address)
    if dossier.applicant_phone:
        pdf.line_item("Số điện thoại", dossier.applicant_phone)
    pdf.line_item("Thủ tục", f"{dossier.procedure.name} (mã {dossier.procedure.code})")
    pdf.line_item("Hình thức nộp", dossier.get_channel_display())
    pdf.line_item("Thời điểm tiếp nhận", f"{received:%H giờ %M, ngày %d/%m/%Y}")
    pdf.line_item("Thời hạn giải quyết", f"{dossier.procedure.time_limit_days} ngày làm việc")
    if dossier.appointment_date:
        pdf.line_item("Ngày hẹn trả kết quả", f"{dossier.appointment_date:%d/%m/%Y}")
    pdf.paragraph(f"Tra cứu tình trạng hồ sơ tại {lookup_url} bằng mã hồ sơ trên.")
    pdf.signature("NGƯỜI TIẾP NHẬN")
    return pdf.bytes()


@translation.override("vi")
def apology_pdf(dossier: Dossier, event: DossierEvent) -> bytes:
    """Văn bản xin lỗi và hẹn lại ngày trả kết quả."""
    pdf = _Form(title=f"Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {dossier.code}")
    when = timezone.localtime(event.at)
    pdf.heading_for((f"UBND {dossier.commune.name}",), _place(dossier), when)
    pdf.form_title("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    pdf.paragraph(f"Kính gửi: Ông/Bà {dossier.applicant_name}")
    received = timezone.localtime(dossier.received_at or dossier.registered_at)
    pdf.paragraph(f"Ngày {received:%d/%m/%Y}, {_place(dossier)} tiếp nhận hồ sơ mã {dossier.code} về thủ tục “{dossier.procedure.name}”. "
                  f"Thời hạn giải quyết theo quy định là ngày {event.due_date:%d/%m/%Y}.")
    pdf.paragraph(f"Lý do chậm trả kết quả: {event.note}")
    pdf.paragraph(f"{_place(dossier)} xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại ngày trả kết quả là "
                  f"ngày {event.new_appointment:%d/%m/%Y}.")
    pdf.paragraph("Trân trọng.")
    pdf.signature("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    return pdf.bytes()
