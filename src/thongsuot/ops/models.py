from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupRun(models.Model):
    """One run of `thongsuot backup`: where the archive went, when, and whether it finished.

    Kept in the database (not a file beside one web server) so that every web process behind a
    load balancer reports the same age of the last backup on /healthz. A run's own row is
    written after its dump, so an archive never contains itself.
    """

    started_at = models.DateTimeField(_("bắt đầu lúc"))
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    path = models.CharField(_("tệp sao lưu"), max_length=1000)
    size_bytes = models.BigIntegerField(_("dung lượng (byte)"), default=0)
    ok = models.BooleanField(_("thành công"), default=False)
    error = models.CharField(_("lỗi"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("lần sao lưu")
        verbose_name_plural = _("các lần sao lưu")
        indexes = [models.Index(fields=["ok", "-finished_at"], name="ops_backup_ok_finished_idx")]

    def __str__(self):
        return f"{self.path} ({self.started_at:%d/%m/%Y %H:%M})"
