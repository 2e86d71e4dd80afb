"""What the catalogue and the dossier list take out as Excel (`?xuat=xlsx`, `audit.exports.export_response`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from thongsuot.core.importing import Boolean, Choice, Integer, Text
from thongsuot.core.listing import Column, ExportSpec
from thongsuot.core.vocabulary import ProcedureField
from thongsuot.procedures.models import OnlineLevel


def _yes(flag: bool) -> str:
    return _("Có") if flag else ""


PROCEDURES = ExportSpec(
    filename="danh-muc-thu-tuc", title=gettext_lazy("Danh mục thủ tục hành chính"),
    object_type="procedures.procedure", columns=(
        Column("code", gettext_lazy("Mã"), parse=Text(max_length=32), required=True, natural_key=True),
        Column("name", gettext_lazy("Tên thủ tục"), parse=Text(max_length=300), required=True),
        Column("sector", pgettext_lazy("sector", "Lĩnh vực"), lambda p: p.get_sector_display(),
               parse=Choice(ProcedureField.choices), required=True),
        Column("time_limit_days", gettext_lazy("Thời hạn (ngày làm việc)"), parse=Integer(min_value=1, max_value=365),
               required=True),
        Column("fee", gettext_lazy("Phí, lệ phí (đồng)"), parse=Integer(min_value=0, max_value=100_000_000)),
        Column("online_level", gettext_lazy("Mức độ trực tuyến"), lambda p: p.get_online_level_display(),
               parse=Choice(OnlineLevel.choices)),
        Column("is_internal", gettext_lazy("Thủ tục nội bộ"), lambda p: _yes(p.is_internal), parse=Boolean()),
        Column("legal_basis", gettext_lazy("Căn cứ pháp lý"), parse=Text(max_length=500)),
        Column("is_sample", gettext_lazy("Dữ liệu mẫu"), lambda p: _yes(p.is_sample)),
    ))

DOSSIERS = ExportSpec(
    filename="ho-so", title=gettext_lazy("Danh sách hồ sơ thủ tục hành chính"),
    object_type="procedures.dossier", columns=(
        Column("code", gettext_lazy("Mã hồ sơ")),
        Column("procedure.name", gettext_lazy("Thủ tục")),
        Column("commune.name", gettext_lazy("Xã, phường, đặc khu")),
        Column("channel", gettext_lazy("Hình thức"), lambda d: d.get_channel_display()),
        Column("status", gettext_lazy("Trạng thái"), lambda d: d.get_status_display()),
        Column("received_on", gettext_lazy("Ngày tiếp nhận")),
        Column("due_date", gettext_lazy("Hạn giải quyết")),
        Column("extended_due_date", gettext_lazy("Ngày hẹn lại")),
        Column("finished_on", gettext_lazy("Ngày xử lý xong")),
        Column("supplement_count", gettext_lazy("Số lần bổ sung")),
        Column("outcome", gettext_lazy("Kết quả"), lambda d: d.get_outcome_display()),
    ))

#: The figures report is a table of territories, not a list of records: `xlsx_response` writes it with these columns.
FIGURES = ExportSpec(
    filename="so-lieu-ho-so", title=gettext_lazy("Số liệu giải quyết hồ sơ"),
    object_type="procedures.dossierdailystat", columns=(
        Column("label", gettext_lazy("Đơn vị")),
        Column("carried_over", gettext_lazy("Tồn kỳ trước")),
        Column("received", gettext_lazy("Tiếp nhận")),
        Column("received_online", gettext_lazy("Trực tuyến")),
        Column("done_early", gettext_lazy("Xong trước hạn")),
        Column("done_on_time", gettext_lazy("Xong đúng hạn")),
        Column("done_late", gettext_lazy("Xong trễ hạn")),
        Column("withdrawn", gettext_lazy("Rút hồ sơ")),
        Column("open_now", gettext_lazy("Đang xử lý")),
        Column("open_late_now", gettext_lazy("Đang quá hạn")),
        Column("on_time_rate", gettext_lazy("Tỷ lệ đúng hạn (%)")),
        Column("online_rate", gettext_lazy("Tỷ lệ trực tuyến (%)")),
    ))
