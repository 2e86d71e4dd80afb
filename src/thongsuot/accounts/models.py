from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from thongsuot.core.text import SearchKeyed
from thongsuot.core.versioning import VersionedModel
from thongsuot.core.vocabulary import Sector


class User(AbstractUser):
    """A person who signs in. Their agency and role come from their `Membership`."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    MINISTRY = "ministry", _("Bộ, ngành")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class Role(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    OFFICER = "officer", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    ADMIN = "admin", _("Quản trị")


class Agency(SearchKeyed, models.Model):
    """A state body whose members use the platform, at one of the four levels."""

    code = models.CharField(_("mã"), max_length=16, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    sector = models.CharField(_("lĩnh vực"), max_length=32, choices=Sector.choices, blank=True)
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="agencies", verbose_name=_("tỉnh, thành phố"))
    commune = models.OneToOneField("geo.Commune", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="agency", verbose_name=_("xã, phường, đặc khu"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("cơ quan cấp trên"))
    email = models.EmailField(_("thư điện tử"), blank=True)
    search_key = models.CharField(max_length=250, db_index=True, editable=False)
    search_fields = ('name', 'code')

    class Meta:
        ordering = ["level", "code"]
        verbose_name = verbose_name_plural = _("cơ quan")
        constraints = [
            models.CheckConstraint(
                name="agency_level_matches_unit",
                condition=(
                    models.Q(level="commune", commune__isnull=False, province__isnull=False)
                    | models.Q(level="province", commune__isnull=True, province__isnull=False)
                    | models.Q(level__in=["central", "ministry"], commune__isnull=True, province__isnull=True)
                ),
            ),
            models.CheckConstraint(name="agency_sector_only_for_ministry",
                                   condition=models.Q(level="ministry") | models.Q(sector="")),
        ]

    def __str__(self):
        return self.name


class OnBehalfOfAgency(models.Model):
    """A record someone made for their agency, stored with the agency's territory (decisions record 1)
    so that it is scoped like every other record: a commune sees its own, a province its territory's.
    The territory is the agency's: none for a national or ministry agency, no commune for a province."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("tỉnh, thành phố"))
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("xã, phường"))

    class Meta:
        abstract = True


class Membership(VersionedModel):
    """A user's place in one agency, with one role there."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships",
                               verbose_name=_("cơ quan"))
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("thành viên")
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.agency}"


class SignInCounter(models.Model):
    """Sign-in attempts within one fixed window, per account name or per client address.

    Written only by `accounts.signin`, with single-statement increments, so that concurrent
    attempts each get their own count (a cache `incr` is a read and a write on the database
    cache, and moves the expiry).
    """

    key = models.CharField(max_length=200, primary_key=True)
    attempts = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("bộ đếm đăng nhập")

    def __str__(self):
        return f"{self.key}: {self.attempts}"
