"""The campaign's history: one row of summary figures per province per day (the charts read it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignSnapshot(models.Model):
    """A province's campaign figures as they stood on `day`.

    Written by `thongsuot snapshot-campaign` (once a day, idempotent: the day's row is replaced)
    and backfilled by the demo. Levels (open, overdue, shortage…) are the day's state; the case
    totals are cumulative, so a week's opened and closed cases are differences between two rows;
    the dossier columns count what was finished that day.
    """

    day = models.DateField(_("ngày"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    cases_total = models.IntegerField(_("khó khăn đã ghi nhận (lũy kế)"), default=0)
    cases_done = models.IntegerField(_("khó khăn đã giải quyết (lũy kế)"), default=0)
    cases_open = models.IntegerField(_("khó khăn đang mở"), default=0)
    cases_overdue = models.IntegerField(_("khó khăn quá hạn"), default=0)
    task_troubles = models.IntegerField(_("nhiệm vụ phân cấp vướng mắc"), default=0)
    shortage = models.IntegerField(_("biên chế còn thiếu"), default=0)
    surplus_open = models.IntegerField(_("trụ sở dôi dư chưa xử lý"), default=0)
    equipment_gap = models.IntegerField(_("thiết bị còn thiếu"), default=0)
    poorly_connected = models.IntegerField(_("xã kết nối yếu"), default=0)
    dossiers_done = models.IntegerField(_("hồ sơ giải quyết xong trong ngày"), default=0)
    dossiers_on_time = models.IntegerField(_("hồ sơ đúng hạn trong ngày"), default=0)
    #: True for the history the demo generates (figures that no record dates back are made up).
    is_sample = models.BooleanField(default=False)
    taken_at = models.DateTimeField(_("thời điểm lấy số liệu"))

    FIGURES = ("cases_total", "cases_done", "cases_open", "cases_overdue", "task_troubles", "shortage",
               "surplus_open", "equipment_gap", "poorly_connected", "dossiers_done", "dossiers_on_time")

    class Meta:
        ordering = ["day", "province_id"]
        verbose_name = verbose_name_plural = _("số liệu chiến dịch theo ngày")
        constraints = [models.UniqueConstraint(fields=["day", "province"], name="campaign_snapshot_day_province")]
        indexes = [models.Index(fields=["province", "day"], name="campaign_snapshot_province")]

    def __str__(self):
        return f"{self.province_id} {self.day}"
