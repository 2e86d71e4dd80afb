"""Writes for agencies and members."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from thongsuot.accounts.models import Agency, Level, Membership, Role, User
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.versioning import bump, check_version
from thongsuot.core.vocabulary import Sector
from thongsuot.geo.models import Commune, Province

CENTRAL_AGENCIES = [
    ("BCD", "Ban Chỉ đạo Trung ương về hoàn thiện mô hình chính quyền địa phương hai cấp"),
    ("VPCP", "Văn phòng Chính phủ"),
]
MINISTRIES = [
    ("BNV", "Bộ Nội vụ", Sector.HOME_AFFAIRS),
    ("BTC", "Bộ Tài chính", Sector.FINANCE),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường", Sector.AGRICULTURE_ENVIRONMENT),
    ("BXD", "Bộ Xây dựng", Sector.CONSTRUCTION),
    ("BYT", "Bộ Y tế", Sector.HEALTH),
    ("BGDDT", "Bộ Giáo dục và Đào tạo", Sector.EDUCATION),
    ("BKHCN", "Bộ Khoa học và Công nghệ", Sector.SCIENCE_TECHNOLOGY),
    ("BTP", "Bộ Tư pháp", Sector.JUSTICE),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", Sector.CULTURE),
    ("BCT", "Bộ Công Thương", Sector.INDUSTRY_TRADE),
]


def province_agency_code(province: Province) -> str:
    return f"T{province.code}"


def commune_agency_code(commune: Commune) -> str:
    return f"X{commune.code}"


def province_agency_name(province: Province) -> str:
    return f"UBND {province.name[0].lower()}{province.name[1:]}" if province.name.startswith("Tỉnh") \
        else f"UBND {province.name}"


@transaction.atomic
def agencies_sync() -> int:
    """Create the national bodies and one people's committee per province and commune (idempotent)."""
    existing = {a.code: a for a in Agency.objects.all()}
    to_create: list[Agency] = []
    to_update: list[Agency] = []

    def upsert(code: str, **fields) -> Agency:
        agency = existing.get(code)
        if agency is None:
            agency = Agency(code=code, **fields)
            to_create.append(agency)
        else:
            changed = any(getattr(agency, k) != v for k, v in fields.items())
            for key, value in fields.items():
                setattr(agency, key, value)
            if changed:
                to_update.append(agency)
        agency.refresh_search_key()
        return agency

    for code, name in CENTRAL_AGENCIES:
        upsert(code, name=name, level=Level.CENTRAL, sector="")
    Agency.objects.bulk_create(to_create)
    to_create.clear()
    central = Agency.objects.get(code="BCD")
    existing = {a.code: a for a in Agency.objects.all()}
    for code, name, sector in MINISTRIES:
        upsert(code, name=name, level=Level.MINISTRY, sector=sector, parent_id=central.pk)
    for province in Province.objects.all():
        upsert(province_agency_code(province), name=province_agency_name(province), level=Level.PROVINCE,
               province_id=province.pk, parent_id=central.pk)
    Agency.objects.bulk_create(to_create)
    to_create.clear()
    by_province = dict(Agency.objects.filter(level=Level.PROVINCE).values_list("province_id", "id"))
    for commune in Commune.objects.all():
        upsert(commune_agency_code(commune), name=f"UBND {commune.name}", level=Level.COMMUNE,
               province_id=commune.province_id, commune_id=commune.pk, parent_id=by_province[commune.province_id])
    Agency.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        Agency.objects.bulk_update(to_update, ["name", "level", "sector", "province", "commune", "parent",
                                               "search_key"], batch_size=1000)
    return Agency.objects.count()


def _member_snapshot(membership: Membership) -> dict:
    user = membership.user
    return {"username": user.username, "full_name": user.full_name, "email": user.email,
            "job_title": user.job_title, "agency": membership.agency_id, "role": membership.role,
            "is_active": user.is_active}


@transaction.atomic
def member_create(*, actor, agency: Agency, username: str, full_name: str, role: str, password: str,
                  email: str = "", job_title: str = "", phone: str = "") -> Membership:
    """Create a user and their membership of `agency` with `role`."""
    if role not in Role.values:
        raise DomainError("Vai trò không hợp lệ.", field="role")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Tên đăng nhập “{username}” đã được sử dụng.", field="username")
    user = User(username=username, full_name=full_name, email=email, job_title=job_title, phone=phone)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    audit_record(actor=actor, action="create", obj=membership, before={}, after=_member_snapshot(membership))
    return membership


@transaction.atomic
def member_update(*, actor, membership: Membership, role: str, full_name: str, email: str = "",
                  job_title: str = "", phone: str = "", is_active: bool = True,
                  version: int | None = None) -> Membership:
    """Change a member's role, details or whether they may sign in, from the `version` the editor read."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    check_version(membership, version)
    if role not in Role.values:
        raise DomainError("Vai trò không hợp lệ.", field="role")
    if membership.user_id == getattr(actor, "pk", None) and (not is_active or role != membership.role):
        raise DomainError("Bạn không thể tự đổi vai trò hoặc tự khoá tài khoản của mình.")
    before = _member_snapshot(membership)
    user = membership.user
    user.full_name, user.email, user.job_title, user.phone, user.is_active = \
        full_name, email, job_title, phone, is_active
    user.save(update_fields=["full_name", "email", "job_title", "phone", "is_active"])
    membership.role = role
    bump(membership)
    membership.save(update_fields=["role", "version"])
    audit_record(actor=actor, action="update", obj=membership, before=before, after=_member_snapshot(membership))
    return membership


@transaction.atomic
def member_set_password(*, actor, membership: Membership, password: str) -> Membership:
    """Set a new password for a member (an admin resetting it, or the user themself)."""
    user = membership.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="update", obj=membership, changes={"password": ["***", "***"]})
    return membership
