"""Pages for staffing: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, can, get_visible_or_404, scope_of, visible_communes
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing import forms as f
from thongsuot.staffing import selectors, services
from thongsuot.staffing.models import Enrollment, Field, OrgUnit, StaffMember
from thongsuot.staffing.permissions import may_manage_province, may_see_names


def _scope(request):
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    return scope


def _fail(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _require_names(request):
    if not may_see_names(request.user):
        raise PermissionDenied


@login_required
def overview(request):
    scope = _scope(request)
    context = {"scope": scope, "may_see_names": may_see_names(request.user),
               "may_create": scope.allows(Action.CREATE)}
    if scope.is_commune:
        commune = scope.agency.commune
        services.quotas_ensure(commune=commune)
        rows = selectors.commune_staffing(user=request.user, commune=commune)
        context.update(commune=commune, rows=rows, totals=selectors.totals(rows),
                       training=selectors.training_share(user=request.user, commune_id=commune.pk))
        return render(request, "staffing/overview_commune.html", context)
    province_id = scope.province_id if scope.is_province else None
    context["fields"] = selectors.field_summary(user=request.user, province_id=province_id)
    context["field_totals"] = {k: sum(r[k] for r in context["fields"]) for k in ("headcount", "active", "shortage")}
    if scope.is_province:
        context["province"] = scope.agency.province
        context["shortages"] = selectors.shortage_list(user=request.user)[:15]
        context["cost"] = selectors.travel_cost(user=request.user, province_id=scope.province_id)
    else:
        context["provinces"] = selectors.province_summary(user=request.user)
    return render(request, "staffing/overview.html", context)


SHORTAGE_HEADERS = [gettext_lazy("Tỉnh, thành phố"), gettext_lazy("Mã xã"), gettext_lazy("Xã, phường, đặc khu"),
                    gettext_lazy("Loại"), gettext_lazy("Miền núi"), pgettext_lazy("specialty field", "Lĩnh vực"),
                    gettext_lazy("Định biên"), gettext_lazy("Đang làm việc"), gettext_lazy("Thiếu")]


@login_required
def shortages(request):
    _scope(request)
    filters = {k: request.GET.get(k, "")[:100] for k in ("province", "field", "kind", "mountainous", "q", "sort", "all")}
    rows = selectors.shortage_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        data = ([r.province.name, r.commune.code, r.commune.name, r.commune.get_kind_display(),
                 _("Có") if r.commune.is_mountainous else "", r.get_field_display(), r.headcount, r.active_count,
                 r.gap] for r in rows[:50_000])
        return xlsx_response(user=request.user, filename="thieu-hut-nhan-su.xlsx", title=_("Thiếu hụt nhân sự"),
                             headers=[str(h) for h in SHORTAGE_HEADERS], rows=data, filters=filters,
                             object_type="staffing.staffingquota")
    scope = scope_of(request.user)
    provinces = (Province.objects.all() if scope.is_central or scope.is_ministry
                 else Province.objects.filter(pk=scope.province_id))
    return render(request, "staffing/shortages.html", {
        "page": paginate(request, rows), "filters": filters, "fields": Field.choices, "kinds": Commune.Kind.choices,
        "provinces": provinces if not scope.is_commune else [], "export_query": request.GET.urlencode()})


@login_required
def commune_detail(request, code: str):
    commune = get_visible_or_404(visible_communes(request.user).select_related("province"), code=code)
    services.quotas_ensure(commune=commune)
    rows = selectors.commune_staffing(user=request.user, commune=commune)
    units = services.org_units_ensure(commune=commune)
    return render(request, "staffing/commune.html", {
        "commune": commune, "rows": rows, "totals": selectors.totals(rows), "units": units,
        "cap": services.rules.quota_cap(commune.kind, services.quota_params(commune.province_id)),
        "may_override": may_manage_province(request.user, commune.province_id),
        "may_edit_units": can(request.user, Action.EDIT, province_id=commune.province_id, commune_id=commune.pk),
        "may_see_names": may_see_names(request.user),
        "training": selectors.training_share(user=request.user, commune_id=commune.pk)})


@login_required
@require_http_methods(["GET", "POST"])
def quota_edit(request, pk: int):
    quota = get_visible_or_404(selectors.quota_list(user=request.user).select_related("commune"), pk=pk)
    if not may_manage_province(request.user, quota.province_id):
        raise PermissionDenied
    form = f.QuotaForm(request.POST or None, initial={"headcount": quota.headcount, "reason": quota.override_reason})
    if request.method == "POST" and request.POST.get("reset"):
        services.quota_reset(actor=request.user, quota=quota)
        messages.success(request, _("Đã trả định biên về công thức mặc định."))
        return redirect("staffing:commune", quota.commune.code)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_override(actor=request.user, quota=quota, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã điều chỉnh định biên."))
            return redirect("staffing:commune", quota.commune.code)
    return render(request, "staffing/quota_form.html", {"form": form, "quota": quota},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def quotas_recompute(request, code: str):
    """Apply the default rule again after the province changed the population or mountain flag."""
    commune = get_visible_or_404(visible_communes(request.user), code=code)
    if not may_manage_province(request.user, commune.province_id):
        raise PermissionDenied
    changed = services.quotas_recompute(actor=request.user, commune=commune)
    messages.success(request, _("Đã tính lại định biên theo công thức: %(n)d lĩnh vực thay đổi.") % {"n": changed})
    return redirect("staffing:commune", commune.code)


@login_required
@require_http_methods(["GET", "POST"])
def org_unit_rename(request, pk: int):
    unit = get_visible_or_404(selectors.org_unit_list(user=request.user).select_related("commune"), pk=pk)
    form = f.OrgUnitForm(request.POST or None, initial={"name": unit.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_unit_rename(actor=request.user, unit=unit, name=form.cleaned_data["name"])
        except services.Forbidden as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã đổi tên đơn vị."))
            return redirect("staffing:commune", unit.commune.code)
    return render(request, "staffing/simple_form.html", {"form": form, "title": _("Đổi tên đơn vị"),
                                                         "subtitle": unit.commune.name},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def org_unit_add(request, code: str):
    commune = get_visible_or_404(visible_communes(request.user), code=code)
    form = f.OrgUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_unit_create(actor=request.user, commune=commune, name=form.cleaned_data["name"])
        except services.Forbidden as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị."))
            return redirect("staffing:commune", commune.code)
    return render(request, "staffing/simple_form.html", {"form": form, "title": _("Thêm đơn vị"),
                                                         "subtitle": commune.name},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def org_unit_delete(request, pk: int):
    unit = get_visible_or_404(selectors.org_unit_list(user=request.user).select_related("commune"), pk=pk)
    try:
        services.org_unit_delete(actor=request.user, unit=unit)
    except services.Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa đơn vị."))
    return redirect("staffing:commune", unit.commune.code)


MEMBER_HEADERS = [gettext_lazy("Họ và tên"), gettext_lazy("Giới tính"), gettext_lazy("Năm sinh"),
                  pgettext_lazy("staff category", "Loại"), gettext_lazy("Chức vụ"), gettext_lazy("Đơn vị"),
                  pgettext_lazy("specialty field", "Lĩnh vực"),
                  gettext_lazy("Trình độ"), gettext_lazy("Nơi làm việc"), gettext_lazy("Quãng đường (km)"),
                  gettext_lazy("Hỗ trợ đi lại"), gettext_lazy("Trạng thái")]


@login_required
def members(request):
    _require_names(request)
    filters = {k: request.GET.get(k, "")[:100] for k in ("q", "field", "category", "status", "commune")}
    if not filters["status"]:
        filters["status"] = StaffMember.Status.ACTIVE
    rows = selectors.member_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        data = ([m.full_name, m.get_gender_display(), m.birth_year, m.get_category_display(), m.position,
                 m.org_unit.name if m.org_unit else "", m.get_field_display(), m.qualification,
                 m.commune.name if m.commune else m.province.name, float(m.commute_km), m.travel_allowance,
                 m.get_status_display()] for m in rows)
        return xlsx_response(user=request.user, filename="can-bo-cong-chuc.xlsx", title=_("Cán bộ, công chức"),
                             headers=[str(h) for h in MEMBER_HEADERS], rows=data,
                             filters={**filters, "personal_data": True},
                             object_type="staffing.staffmember")
    scope = scope_of(request.user)
    return render(request, "staffing/members.html", {
        "page": paginate(request, rows), "filters": filters, "fields": Field.choices,
        "categories": StaffMember.Category.choices, "statuses": StaffMember.Status.choices,
        "may_create": scope.allows(Action.CREATE), "export_query": request.GET.urlencode()})


def _member(request, pk):
    _require_names(request)
    return get_visible_or_404(selectors.member_list(user=request.user, filters={"status": "any"}), pk=pk)


@login_required
def member_detail(request, pk: int):
    member = _member(request, pk)
    return render(request, "staffing/member.html", {
        "member": member, "actions": selectors.action_list(user=request.user, member=member),
        "enrollments": member.enrollments.select_related("course"),
        "may_edit": can(request.user, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id),
        "may_move": may_manage_province(request.user, member.province_id)})


def _unit(commune: Commune | None, kind: str) -> OrgUnit | None:
    if not kind or commune is None:
        return None
    services.org_units_ensure(commune=commune)
    if kind in (OrgUnit.Kind.ECONOMIC, OrgUnit.Kind.ECONOMIC_URBAN):
        kinds = [OrgUnit.Kind.ECONOMIC, OrgUnit.Kind.ECONOMIC_URBAN]
    else:
        kinds = [kind]
    return OrgUnit.objects.filter(commune=commune, kind__in=kinds).order_by("order").first()


@login_required
@require_http_methods(["GET", "POST"])
def member_recruit(request):
    _require_names(request)
    scope = scope_of(request.user)
    if not scope.allows(Action.CREATE):
        raise PermissionDenied
    fixed = scope.agency.commune if scope.is_commune else None
    form = f.RecruitForm(request.POST or None, communes=visible_communes(request.user), fixed_commune=fixed,
                         initial={"field": request.GET.get("field", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        commune = fixed or data.pop("commune", None)
        data.pop("commune", None)
        province = commune.province if commune else scope.agency.province
        try:
            if province is None:
                raise DomainError(_("Cần mã xã, phường."), field="commune")
            member = services.staff_recruit(actor=request.user, province=province, commune=commune,
                                            org_unit=_unit(commune, data.pop("org_unit_kind")), **data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(kind)s %(name)s.") % {
                "kind": member.actions.first().get_kind_display().lower(), "name": member.full_name})
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Tuyển dụng, ký hợp đồng"), "subtitle": fixed.name if fixed else ""},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def member_move(request, pk: int):
    member = _member(request, pk)
    if not may_manage_province(request.user, member.province_id):
        raise PermissionDenied
    form = f.MoveForm(request.POST or None, communes=visible_communes(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.staff_move(actor=request.user, member=member,
                                to_org_unit=_unit(data["to_commune"], data.pop("org_unit_kind")), **data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã áp dụng quyết định."))
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Điều động, luân chuyển, biệt phái"), "subtitle": member.full_name},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request, pk: int):
    member = _member(request, pk)
    if not can(request.user, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id):
        raise PermissionDenied
    form = f.LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_leave(actor=request.user, member=member, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận nghỉ việc."))
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Thôi việc, nghỉ hưu"), "subtitle": member.full_name},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = _member(request, pk)
    if not can(request.user, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id):
        raise PermissionDenied
    initial = {k: getattr(member, k) for k in f.MemberEditForm.base_fields}
    form = f.MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial.get(k)}
        try:
            if changes:
                services.staff_update(actor=request.user, member=member, **changes)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {"form": form, "title": _("Sửa thông tin"),
                                                         "subtitle": member.full_name},
                  status=400 if form.errors else 200)


@login_required
def actions(request):
    _require_names(request)
    return render(request, "staffing/actions.html", {"page": paginate(request, selectors.action_list(user=request.user))})


@login_required
def courses(request):
    scope = _scope(request)
    return render(request, "staffing/courses.html", {
        "page": paginate(request, selectors.course_list(user=request.user)),
        "training": selectors.training_share(user=request.user,
                                             commune_id=scope.commune_id if scope.is_commune else None),
        "year": timezone.localdate().year, "may_create": scope.allows(Action.CREATE) and not scope.is_ministry})


@login_required
@require_http_methods(["GET", "POST"])
def course_add(request):
    scope = _scope(request)
    if not scope.allows(Action.CREATE) or scope.is_ministry or scope.is_central:
        raise PermissionDenied
    form = f.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, province=scope.agency.province,
                                            commune=scope.agency.commune if scope.is_commune else None,
                                            **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã tạo khóa học."))
            return redirect("staffing:course", course.pk)
    return render(request, "staffing/simple_form.html", {"form": form, "title": _("Khóa đào tạo mới")},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request, pk: int):
    course = get_visible_or_404(selectors.course_list(user=request.user), pk=pk)
    candidates = selectors.member_list(user=request.user).filter(province_id=course.province_id, field=course.field)
    if course.commune_id:
        candidates = candidates.filter(commune_id=course.commune_id)
    form = f.EnrollForm(request.POST or None, members=candidates)
    if request.method == "POST":
        if request.POST.get("enrollment"):
            enrollment = get_visible_or_404(selectors.enrollment_list(user=request.user, course=course),
                                            pk=request.POST["enrollment"])
            try:
                services.enrollment_set_status(actor=request.user, enrollment=enrollment,
                                               status=request.POST.get("status", ""))
            except services.Forbidden as exc:
                raise PermissionDenied from exc
            except (DomainError, ValueError) as exc:
                messages.error(request, getattr(exc, "message", _("Trạng thái không hợp lệ.")))
            return redirect("staffing:course", course.pk)
        if form.is_valid():
            try:
                services.enrollment_create(actor=request.user, course=course, member=form.cleaned_data["member"])
            except DomainError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Đã đăng ký."))
                return redirect("staffing:course", course.pk)
    enrollments = selectors.enrollment_list(user=request.user, course=course)
    return render(request, "staffing/course.html", {
        "course": course, "form": form, "enrollments": enrollments, "may_see_names": may_see_names(request.user),
        "taken": course.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()},
        status=400 if form.errors else 200)


def _bands_text(policy) -> str:
    lines = []
    for band in policy.bands.all():
        low = f"{band.min_km.normalize():f}"
        lines.append(f"{low}+: {band.amount}" if band.max_km is None
                     else f"{low}-{band.max_km.normalize():f}: {band.amount}")
    return "\n".join(lines)


@login_required
def policies(request):
    scope = _scope(request)
    context = {"policies": selectors.policy_list(user=request.user),
               "may_create": scope.is_province and scope.allows(Action.CREATE)}
    if scope.is_province:
        context["cost"] = selectors.travel_cost(user=request.user, province_id=scope.province_id)
    elif scope.is_central or scope.is_ministry:
        context["by_province"] = selectors.travel_cost_by_province(user=request.user)
    return render(request, "staffing/policies.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_form(request, pk: int | None = None):
    scope = _scope(request)
    policy = get_visible_or_404(selectors.policy_list(user=request.user), pk=pk) if pk else None
    province = policy.province if policy else scope.agency.province
    if province is None or not may_manage_province(request.user, province.pk):
        raise PermissionDenied
    initial = {}
    if policy is not None:
        initial = {"name": policy.name, "legal_basis": policy.legal_basis, "valid_from": policy.valid_from,
                   "valid_to": policy.valid_to, "mountain_reduction_km": policy.mountain_reduction_km,
                   "bands": _bands_text(policy)}
    form = f.PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["bands"] = services.parse_bands(data["bands"])
            if policy is None:
                policy = services.policy_create(actor=request.user, province=province, **data)
            else:
                policy = services.policy_update(actor=request.user, policy=policy, **data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã lưu chính sách; mức hỗ trợ của từng người đã được tính lại."))
            return redirect("staffing:policies")
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Sửa chính sách hỗ trợ đi lại") if policy else _("Chính sách hỗ trợ đi lại mới"),
        "subtitle": province.name}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def org_settings(request):
    scope = _scope(request)
    if not scope.is_province or not may_manage_province(request.user, scope.province_id):
        raise PermissionDenied
    form = f.OrgSettingsForm(request.POST or None, initial={
        "max_units_per_commune": services._unit_limit(scope.province_id)})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_settings_set(actor=request.user, province=scope.agency.province, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã lưu giới hạn tổ chức bộ máy."))
            return redirect("staffing:overview")
    return render(request, "staffing/simple_form.html", {"form": form, "title": _("Giới hạn tổ chức bộ máy xã"),
                                                         "subtitle": scope.agency.province.name},
                  status=400 if form.errors else 200)




@login_required
@require_http_methods(["GET", "POST"])
def quota_rule(request):
    """The province's own staffing frame; saving it recomputes every commune's default quotas."""
    scope = _scope(request)
    if not scope.is_province or not may_manage_province(request.user, scope.province_id):
        raise PermissionDenied
    params = services.quota_params(scope.province_id)
    initial = {name: getattr(params, name) for name in services.QUOTA_PARAM_FIELDS}
    form = f.QuotaRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quota_rule_set(actor=request.user, province=scope.agency.province, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã lưu công thức định biên và tính lại định biên các xã."))
            return redirect("staffing:overview")
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Công thức định biên"), "subtitle": scope.agency.province.name},
        status=400 if form.errors else 200)
