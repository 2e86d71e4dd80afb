"""What the history of imports keeps: who imported which file into which registry, and what it changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import OnBehalfOfAgency


class ImportRun(OnBehalfOfAgency):
    """One confirmed import. The territory is the importer's agency's (decisions record 1), so the
    history is scoped like every other record: a commune sees its own, a province its territory's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("người nhập"))
    registry = models.CharField(_("danh mục"), max_length=40)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    #: The stored upload, relative to private storage (`imports/<user>/<sha256>.<ext>`).
    stored_name = models.CharField(max_length=200, editable=False)
    only_valid = models.BooleanField(_("chỉ các dòng hợp lệ"), default=False)
    created = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    errors = models.PositiveIntegerField(_("lỗi"), default=0)
    #: What changed, row by row (at most `services.CHANGES_KEPT` rows): row, action, record, changes.
    changes = models.JSONField(_("thay đổi"), default=list, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = _("lần nhập dữ liệu")
        indexes = [models.Index(fields=["province", "-id"], name="importrun_province_idx"),
                   models.Index(fields=["commune", "-id"], name="importrun_commune_idx")]

    def __str__(self):
        return self.filename or self.sha256[:12]
