"""Staffing views: training courses and travel-support policies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act, pop_submission_key, submit
from thongsuot.core.pagination import paginate
from thongsuot.staffing import forms as f
from thongsuot.staffing import selectors, services
from thongsuot.staffing.models import Enrollment
from thongsuot.staffing.permissions import (
    may_add_course,
    may_add_policy,
    may_edit_policy,
    may_see_names,
)
from thongsuot.staffing.views._common import FORM_PAGE, OVERVIEW, counts_or_404


@login_required
def courses(request):
    counts_or_404(request.user)
    commune = selectors.own_commune(request.user)
    return render(request, "staffing/courses.html", {
        "page": paginate(request, selectors.course_list(user=request.user)),
        "training": selectors.training_share(user=request.user, commune_id=commune.pk if commune else None),
        "year": timezone.localdate().year, "may_create": may_add_course(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def course_add(request):
    counts_or_404(request.user)
    if not may_add_course(request.user):
        raise Forbidden()

    def create(data):
        data = dict(data)
        return services.course_create(actor=request.user, province=selectors.own_province(request.user),
                                      commune=selectors.own_commune(request.user),
                                      submission_key=pop_submission_key(data), **data)

    return submit(request, f.CourseForm(request.POST or None), create, template=FORM_PAGE,
                  then=lambda course: ("staffing:course", course.pk), success=_("Đã tạo khóa học."),
                  context={"title": _("Khóa đào tạo mới"), "cancel_url": OVERVIEW})


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request, pk: int):
    course = selectors.access_course(request.user, pk)
    if request.method == "POST" and request.POST.get("enrollment"):
        enrollment = selectors.access_enrollment(request.user, request.POST["enrollment"], course=course)
        act(request, lambda: services.enrollment_set_status(
            actor=request.user, enrollment=enrollment, status=request.POST.get("status", "")), _("Đã lưu."))
        return redirect("staffing:course", course.pk)
    candidates = selectors.member_list(user=request.user).filter(province_id=course.province_id, field=course.field)
    if course.commune_id:
        candidates = candidates.filter(commune_id=course.commune_id)
    return submit(request, f.EnrollForm(request.POST or None, members=candidates),
                  lambda data: services.enrollment_create(actor=request.user, course=course, member=data["member"],
                                                         submission_key=data["submission_key"]),
                  template="staffing/course.html", then=("staffing:course", course.pk), success=_("Đã đăng ký."),
                  context={"course": course, "enrollments": selectors.enrollment_list(user=request.user, course=course),
                           "may_see_names": may_see_names(request.user),
                           "taken": course.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()})


def _bands_text(policy) -> str:
    lines = []
    for band in policy.bands.all():
        low = f"{band.min_km.normalize():f}"
        lines.append(f"{low}+: {band.amount}" if band.max_km is None
                     else f"{low}-{band.max_km.normalize():f}: {band.amount}")
    return "\n".join(lines)


@login_required
def policies(request):
    counts_or_404(request.user)
    context = {"policies": selectors.policy_list(user=request.user), "may_create": may_add_policy(request.user)}
    province = selectors.own_province(request.user)
    if province is not None and selectors.own_commune(request.user) is None:
        context["cost"] = selectors.travel_cost(user=request.user, province_id=province.pk)
    elif province is None:
        context["by_province"] = selectors.travel_cost_by_province(user=request.user)
    return render(request, "staffing/policies.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_form(request, pk: int | None = None):
    counts_or_404(request.user)
    policy = selectors.access_policy(request.user, pk) if pk else None
    province = policy.province if policy else selectors.own_province(request.user)
    if not may_edit_policy(request.user, province.pk if province else None):
        raise Forbidden()
    initial = {}
    if policy is not None:
        initial = {"name": policy.name, "legal_basis": policy.legal_basis, "valid_from": policy.valid_from,
                   "valid_to": policy.valid_to, "mountain_reduction_km": policy.mountain_reduction_km,
                   "bands": _bands_text(policy), "version": policy.version}

    def save(data):
        data = dict(data)
        key = pop_submission_key(data)
        data["bands"] = services.parse_bands(data["bands"])
        if policy is None:
            return services.policy_create(actor=request.user, province=province, submission_key=key, **data)
        return services.policy_update(actor=request.user, policy=policy, **data)

    form_class = f.PolicyForm if policy is None else f.PolicyEditForm
    return submit(request, form_class(request.POST or None, initial=initial), save, template=FORM_PAGE,
                  then="staffing:policies",
                  success=_("Đã lưu chính sách; mức hỗ trợ của từng người đã được tính lại."),
                  context={"title": _("Sửa chính sách hỗ trợ đi lại") if policy else _("Chính sách hỗ trợ đi lại mới"),
                           "subtitle": province.name, "cancel_url": OVERVIEW})
