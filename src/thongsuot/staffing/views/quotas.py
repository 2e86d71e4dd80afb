"""Staffing views: the overview, shortages, quotas, organisation units and the province's staffing rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import visible_provinces
from thongsuot.audit.exports import export_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act, submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.staffing import exports, rules, selectors, services
from thongsuot.staffing import forms as f
from thongsuot.staffing.permissions import (
    may_edit_units,
    may_manage_province,
    may_recruit,
    may_see_names,
    may_set_province_rules,
)
from thongsuot.staffing.views._common import FORM_PAGE, OVERVIEW, counts_or_404


@login_required
def overview(request):
    user = request.user
    counts_or_404(user)
    context = {"may_see_names": may_see_names(user), "may_create": may_recruit(user)}
    commune = selectors.own_commune(user)
    if commune is not None:
        rows = selectors.commune_staffing(user=user, commune=commune)
        context.update(commune=commune, rows=rows, totals=selectors.totals(rows),
                       training=selectors.training_share(user=user, commune_id=commune.pk))
        return render(request, "staffing/overview_commune.html", context)
    province = selectors.own_province(user)
    context["fields"] = selectors.field_summary(user=user, province_id=province.pk if province else None)
    context["field_totals"] = {k: sum(r[k] for r in context["fields"]) for k in ("headcount", "active", "shortage", "surplus")}
    if province is not None:
        context["province"] = province
        context["shortages"] = selectors.shortage_list(user=user)[:15]
        context["cost"] = selectors.travel_cost(user=user, province_id=province.pk)
    else:
        context["provinces"] = selectors.province_summary(user=user)
    return render(request, "staffing/overview.html", context)


@login_required
def shortages(request):
    counts_or_404(request.user)
    provinces = None if selectors.own_commune(request.user) else visible_provinces(request.user).order_by("code")
    form = f.ShortageFilterForm(request.GET, provinces=provinces)
    rows = selectors.shortage_list(user=request.user, filters=form.values())
    if wants_export(request):
        return export_response(request, exports.SHORTAGES, rows, filters=form.described())
    return render(request, "staffing/shortages.html", {"page": paginate(request, rows), "filter_form": form})


@login_required
def commune_detail(request, code: str):
    commune = selectors.access_commune(request.user, code)
    rows = selectors.commune_staffing(user=request.user, commune=commune)
    return render(request, "staffing/commune.html", {
        "commune": commune, "rows": rows, "totals": selectors.totals(rows),
        "units": selectors.commune_units(user=request.user, commune=commune),
        "cap": rules.quota_cap(commune.kind, services.quota_params(commune.province_id)),
        "may_override": may_manage_province(request.user, commune.province_id),
        "may_edit_units": may_edit_units(request.user, commune),
        "may_see_names": may_see_names(request.user),
        "training": selectors.training_share(user=request.user, commune_id=commune.pk)})


@login_required
@require_http_methods(["GET", "POST"])
def commune_figures(request, code: str):
    """A commune's population and mountain and island flags; saving recomputes its default quotas."""
    commune = selectors.access_commune(request.user, code)
    if not may_manage_province(request.user, commune.province_id):
        raise Forbidden(_("Chỉ cấp tỉnh (hoặc trung ương) mới được sửa dân số, vùng của xã."))
    initial = {"population": commune.population, "is_mountainous": commune.is_mountainous,
               "is_island": commune.is_island, "version": commune.version}
    form = f.CommuneFiguresForm(request.POST or None, initial=initial)
    return submit(request, form, lambda data: services.commune_figures_set(actor=request.user, commune=commune,
                                                                           **data),
                  template=FORM_PAGE, then=_to_commune(commune),
                  success=_("Đã lưu dân số, vùng của xã và tính lại định biên."),
                  context={"title": _("Dân số, vùng của xã"), "subtitle": f"{commune.name} ({commune.code})",
                           "cancel_url": reverse("staffing:commune", args=[commune.code])})


def _to_commune(commune):
    return lambda _result: ("staffing:commune", commune.code)


@login_required
@require_http_methods(["GET", "POST"])
def quota_edit(request, pk: int):
    quota = selectors.access_quota(request.user, pk)
    if not may_manage_province(request.user, quota.province_id):
        raise Forbidden()
    initial = {"headcount": quota.headcount, "reason": quota.override_reason, "version": quota.version}
    if request.method == "POST" and request.POST.get("reset"):
        form = f.QuotaResetForm(request.POST)
        if form.is_valid() and act(request, lambda: services.quota_reset(actor=request.user, quota=quota,
                                                                         **form.cleaned_data),
                                   _("Đã trả định biên về công thức mặc định.")) is not None:
            return redirect("staffing:commune", quota.commune.code)
        if form.errors:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("staffing:quota_edit", quota.pk)
    form = f.QuotaForm(request.POST or None, initial=initial)
    return submit(request, form, lambda data: services.quota_override(actor=request.user, quota=quota, **data),
                  template="staffing/quota_form.html", then=_to_commune(quota.commune),
                  success=_("Đã điều chỉnh định biên."),
                  context={"quota": quota, "title": _("Điều chỉnh định biên"),
                           "subtitle": f"{quota.commune.name} · {quota.get_field_display()}",
                           "cancel_url": reverse("staffing:commune", args=[quota.commune.code])})


@login_required
@require_POST
def quotas_recompute(request, code: str):
    """Apply the default rule again after the province changed the population or mountain flag."""
    commune = selectors.access_commune(request.user, code)
    if not may_manage_province(request.user, commune.province_id):
        raise Forbidden()
    changed = services.quotas_recompute(actor=request.user, commune=commune)
    messages.success(request, _("Đã tính lại định biên theo công thức: %(n)d lĩnh vực thay đổi.") % {"n": changed})
    return redirect("staffing:commune", commune.code)


def _unit_form(request, commune, action, *, form_class=f.OrgUnitForm, initial=None, title, success):
    return submit(request, form_class(request.POST or None, initial=initial), action, template=FORM_PAGE,
                  then=_to_commune(commune), success=success,
                  context={"title": title, "subtitle": commune.name, "cancel_url": OVERVIEW})


@login_required
@require_http_methods(["GET", "POST"])
def org_unit_rename(request, pk: int):
    unit = selectors.access_org_unit(request.user, pk)
    return _unit_form(request, unit.commune,
                      lambda data: services.org_unit_rename(actor=request.user, unit=unit, **data),
                      initial={"name": unit.name, "version": unit.version}, title=_("Đổi tên đơn vị"),
                      success=_("Đã đổi tên đơn vị."))


@login_required
@require_http_methods(["GET", "POST"])
def org_unit_add(request, code: str):
    commune = selectors.access_commune(request.user, code)
    return _unit_form(request, commune,
                      lambda data: services.org_unit_create(actor=request.user, commune=commune, name=data["name"],
                                                            submission_key=data["submission_key"]),
                      form_class=f.OrgUnitCreateForm, title=_("Thêm đơn vị"), success=_("Đã thêm đơn vị."))


@login_required
@require_POST
def org_unit_delete(request, pk: int):
    unit = selectors.access_org_unit(request.user, pk)
    act(request, lambda: services.org_unit_delete(actor=request.user, unit=unit), _("Đã xóa đơn vị."))
    return redirect("staffing:commune", unit.commune.code)


def _province_rules_form(request, form_class, initial, action, *, title, success):
    if not may_set_province_rules(request.user):
        raise Forbidden()
    province = selectors.own_province(request.user)
    return submit(request, form_class(request.POST or None, initial=initial),
                  lambda data: action(actor=request.user, province=province, **data),
                  template=FORM_PAGE, then="staffing:overview", success=success,
                  context={"title": title, "subtitle": province.name, "cancel_url": OVERVIEW})


@login_required
@require_http_methods(["GET", "POST"])
def org_settings(request):
    counts_or_404(request.user)
    province = selectors.own_province(request.user)
    initial = {"max_units_per_commune": services.unit_limit(province.pk),
               "version": services.org_settings_version(province.pk)} if province else {}
    return _province_rules_form(request, f.OrgSettingsForm, initial, services.org_settings_set,
                                title=_("Giới hạn tổ chức bộ máy xã"), success=_("Đã lưu giới hạn tổ chức bộ máy."))


@login_required
@require_http_methods(["GET", "POST"])
def quota_rule(request):
    """The province's own staffing frame; saving it recomputes every commune's default quotas."""
    counts_or_404(request.user)
    province = selectors.own_province(request.user)
    initial = {}
    if province is not None:
        params = services.quota_params(province.pk)
        initial = {name: getattr(params, name) for name in services.QUOTA_PARAM_FIELDS}
        initial["version"] = services.quota_rule_version(province.pk)
    return _province_rules_form(request, f.QuotaRuleForm, initial, services.quota_rule_set,
                                title=_("Công thức định biên"),
                                success=_("Đã lưu công thức định biên và tính lại định biên các xã."))
