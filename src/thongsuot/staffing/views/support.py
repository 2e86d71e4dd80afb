"""Staffing views: training courses and travel-support policies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import Action, get_visible_or_404
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.staffing import forms as f
from thongsuot.staffing import selectors, services
from thongsuot.staffing.models import Enrollment
from thongsuot.staffing.permissions import may_manage_province, may_see_names
from thongsuot.staffing.views._common import _fail, _scope


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
