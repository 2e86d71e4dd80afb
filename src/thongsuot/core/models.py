from django.db import models
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    """A record that keeps when it was made and when it last changed (set by `save`)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CalendarDay(models.Model):
    """An exception to Vietnam's published calendar, kept by the national administrators.

    The `holidays` package knows the statutory holidays (Tết included) and the Saturdays
    swapped by government decision that it has been told about; a decision it does not
    know yet, or a local day off, goes here and wins over the package.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("căn cứ, lý do"), max_length=255)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày ngoại lệ trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc: ngày ngoại lệ")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


class NumberSequence(models.Model):
    """The last number an issuer gave a series of its documents in a year ("12/BC-UBND").

    Core imports no app, so the issuer is a plain key (an agency's code) rather than a foreign key;
    `core.numbering` locks the row and hands out the next number.
    """

    issuer = models.CharField(_("cơ quan ban hành"), max_length=32)
    series = models.CharField(_("loại văn bản"), max_length=16)
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "year"], name="core_number_sequence_key")]

    def __str__(self):
        return f"{self.issuer}/{self.series}/{self.year}: {self.last}"
