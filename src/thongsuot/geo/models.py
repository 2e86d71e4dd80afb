from django.db import models
from django.utils.translation import gettext_lazy as _

from thongsuot.core.text import SearchKeyed
from thongsuot.core.versioning import VersionedModel


class Province(SearchKeyed, models.Model):
    """One of the 34 provincial-level units, keyed by its official two-digit code."""

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=80)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    search_fields = ("name", "short_name", "code")

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self):
        return self.name


class Commune(SearchKeyed, VersionedModel):
    """A commune-level unit (xã, phường or đặc khu) since 1 July 2025; its figures (population and
    flags) are edited by the province, hence versioned."""

    class Kind(models.TextChoices):
        XA = "xa", _("Xã")
        PHUONG = "phuong", _("Phường")
        DAC_KHU = "dac_khu", _("Đặc khu")

    code = models.CharField(_("mã"), max_length=5, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes",
                                 verbose_name=_("tỉnh, thành phố"))
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    area_km2 = models.DecimalField(_("diện tích (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    #: Entered by the province or imported; neither package has it.
    population = models.PositiveIntegerField(_("dân số"), null=True, blank=True)
    #: True when `population` and the flags are generated demo values, not official figures.
    figures_are_sample = models.BooleanField(_("số liệu mẫu"), default=False)
    is_mountainous = models.BooleanField(_("vùng miền núi"), default=False)
    is_island = models.BooleanField(_("hải đảo"), default=False)
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    search_fields = ("name", "code")

    class Meta:
        ordering = ["province__code", "code"]
        verbose_name = verbose_name_plural = _("xã, phường, đặc khu")
        constraints = [
            models.CheckConstraint(condition=models.Q(area_km2__isnull=True) | models.Q(area_km2__gte=0),
                                   name="commune_area_not_negative"),
        ]

    def __str__(self):
        return self.name


class FormerUnit(models.Model):
    """A pre-2025 commune merged (wholly or partly) into a current commune."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="former_units")
    code = models.CharField(_("mã cũ"), max_length=5, blank=True)
    name = models.CharField(_("tên cũ"), max_length=120)
    district_name = models.CharField(_("quận, huyện cũ"), max_length=120)
    province_name = models.CharField(_("tỉnh cũ"), max_length=100)
    #: False when only part of the former unit went to this commune.
    whole = models.BooleanField(_("sáp nhập toàn bộ"), default=True)

    class Meta:
        ordering = ["commune", "province_name", "district_name", "name"]
        verbose_name = verbose_name_plural = _("đơn vị cũ trước sắp xếp")

    def __str__(self):
        return f"{self.name}, {self.district_name}, {self.province_name}"


class Territorial(models.Model):
    """A record stored with its territory (docs/decisions.md: territory on every row): the province it
    belongs to and, when it is a commune's, the commune. Scoped selectors filter on these two keys."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True


class CommuneTerritorial(Territorial):
    """A `Territorial` record that always belongs to one commune."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
