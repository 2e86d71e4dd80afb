"""Staffing views: the overview, shortages, quotas, organisation units and the province's staffing rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, can, get_visible_or_404, scope_of, visible_communes
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing import forms as f
from thongsuot.staffing import rules, selectors, services
from thongsuot.staffing.permissions import may_manage_province, may_see_names
from thongsuot.staffing.views._common import _fail, _scope


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
        "page": paginate(request, rows), "filters": filters, "fields": StaffField.choices, "kinds": Commune.Kind.choices,
        "provinces": provinces if not scope.is_commune else [], "export_query": request.GET.urlencode()})

@login_required
def commune_detail(request, code: str):
    commune = get_visible_or_404(visible_communes(request.user).select_related("province"), code=code)
    services.quotas_ensure(commune=commune)
    rows = selectors.commune_staffing(user=request.user, commune=commune)
    units = services.org_units_ensure(commune=commune)
    return render(request, "staffing/commune.html", {
        "commune": commune, "rows": rows, "totals": selectors.totals(rows), "units": units,
        "cap": rules.quota_cap(commune.kind, services.quota_params(commune.province_id)),
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

@login_required
@require_http_methods(["GET", "POST"])
def org_settings(request):
    scope = _scope(request)
    if not scope.is_province or not may_manage_province(request.user, scope.province_id):
        raise PermissionDenied
    form = f.OrgSettingsForm(request.POST or None, initial={
        "max_units_per_commune": services.unit_limit(scope.province_id)})
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
