from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from thongsuot.accounts import services, signin
from thongsuot.accounts.forms import MemberEditForm, MemberForm, OTPForm, PasswordForm, SignInForm
from thongsuot.accounts.middleware import SESSION_OK
from thongsuot.accounts.models import Membership
from thongsuot.accounts.permissions import (
    manageable_agencies,
    may_manage_members,
    scope_of,
)
from thongsuot.accounts.selectors import access_member, member_list
from thongsuot.audit.services import audit_record
from thongsuot.core import context
from thongsuot.core.forms import submit
from thongsuot.core.pagination import paginate


def _safe_next(request, default="portal:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return redirect(default).url


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("portal:home")
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        # The attempt holds its place in the counters before the password is checked, so that
        # concurrent guesses cannot all slip under the limit together.
        attempt = signin.attempt_begin(username, context.client_ip(request))
        if attempt.refused:
            form.add_error(None, _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.")
                           % {"minutes": attempt.retry_minutes()})
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                audit_record(actor=None, action="sign_in_failed", object_type="accounts.user",
                             object_repr=username[:150])
                form.add_error(None, _("Tên đăng nhập hoặc mật khẩu không đúng."))
                status = 400
            else:
                signin.attempt_succeeded(attempt)
                login(request, user)
                needs_second_step = signin.has_confirmed_device(user) or signin.requires_two_factor(user)
                request.session[SESSION_OK] = not needs_second_step
                audit_record(actor=user, action="sign_in", obj=user)
                return redirect(_safe_next(request))
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")},
                  status=status)


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="sign_out", obj=request.user)
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup")
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        device = next((d for d in devices if d.verify_token(code)), None)
        if device is not None:
            otp_login(request, device)
            request.session[SESSION_OK] = True
            return redirect(_safe_next(request))
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Show a new authenticator secret as a QR code and confirm it with a first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Ứng dụng xác thực", confirmed=False)
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_record(actor=request.user, action="update", obj=request.user, changes={"two_factor": [False, True]})
            otp_login(request, device)
            request.session[SESSION_OK] = True
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect("portal:home")
        form.add_error("code", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi thử lại."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_setup.html", {"form": form, "qr_svg": qr_svg, "secret": secret},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def my_account(request):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = Membership.objects.get(user=request.user)
            services.member_set_password(actor=request.user, membership=membership,
                                         password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("accounts:me")
    has_2fa = signin.has_confirmed_device(request.user)
    return render(request, "accounts/me.html", {"form": form, "has_2fa": has_2fa, "scope": scope_of(request.user)},
                  status=400 if form.errors else 200)


def _require_manager(request):
    if not may_manage_members(request.user):
        raise Http404


@login_required
def members(request):
    _require_manager(request)
    query = request.GET.get("q", "")[:100]
    page = paginate(request, member_list(user=request.user, query=query))
    return render(request, "accounts/members.html", {"page": page, "q": query})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request):
    _require_manager(request)
    form = MemberForm(request.POST or None, agencies=manageable_agencies(request.user))
    return submit(request, form, lambda data: services.member_create(actor=request.user, **data),
                  template="core/form_page.html", then="accounts:members",
                  success=lambda m: _("Đã thêm thành viên %(name)s.") % {"name": m.user.full_name},
                  context={"title": _("Thêm thành viên"), "cancel_url": reverse("accounts:members")})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    _require_manager(request)
    membership = access_member(request.user, pk)
    user = membership.user
    initial = {"full_name": user.full_name, "job_title": user.job_title, "email": user.email, "phone": user.phone,
               "role": membership.role, "is_active": user.is_active, "version": membership.version}
    form = MemberEditForm(request.POST or None, initial=initial)
    return submit(request, form, lambda data: services.member_update(actor=request.user, membership=membership, **data),
                  template="core/form_page.html", then="accounts:members",
                  success=lambda m: _("Đã lưu thay đổi của %(name)s.") % {"name": form.cleaned_data["full_name"]},
                  context={"title": _("Sửa thành viên"), "subtitle": f"{user.display_name} — {membership.agency.name}",
                           "cancel_url": reverse("accounts:members")})
