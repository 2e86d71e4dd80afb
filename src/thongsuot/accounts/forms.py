from django import forms
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import Agency, Role
from thongsuot.core.versioning import VersionField


class SignInForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Mật khẩu"), max_length=256, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class OTPForm(forms.Form):
    code = forms.RegexField(label=_("Mã xác thực 6 chữ số"), regex=r"^\s*\d{6}\s*$",
                            error_messages={"invalid": _("Mã xác thực gồm đúng 6 chữ số.")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


class MemberDetails(forms.Form):
    """What a member is called and does: the same fields when adding and when editing."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.RegexField(label=_("Điện thoại"), regex=r"^[0-9 +().-]{6,20}$", required=False,
                             error_messages={"invalid": _("Số điện thoại không hợp lệ.")})
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class MemberForm(MemberDetails):
    field_order = ["agency", "username", "full_name", "job_title", "email", "phone", "role", "password"]
    # A code, not a drop-down: a province admin manages a hundred agencies or more.
    agency = forms.CharField(label=_("Mã cơ quan"), max_length=16,
                             help_text=_("Ví dụ: T01 (UBND Thành phố Hà Nội), X00070 (UBND Phường Hoàn Kiếm)."))
    username = forms.RegexField(label=_("Tên đăng nhập"), max_length=150, regex=r"^[a-z0-9._-]{3,150}$",
                                error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ thường không dấu, "
                                                             "số, dấu chấm, gạch ngang; 3 ký tự trở lên.")})
    password = forms.CharField(label=_("Mật khẩu ban đầu"), min_length=12, max_length=128, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies if agencies is not None else Agency.objects.none()

    def clean_agency(self):
        code = self.cleaned_data["agency"].strip().upper()
        agency = self.agencies.filter(code=code).first()
        if agency is None:
            raise forms.ValidationError(_("Không có cơ quan mã “%(code)s” trong phạm vi bạn quản lý.") % {"code": code})
        return agency


class MemberEditForm(MemberDetails):
    is_active = forms.BooleanField(label=_("Được phép đăng nhập"), required=False)
    version = VersionField()


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("Mật khẩu mới"), min_length=12, max_length=128, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    confirm = forms.CharField(label=_("Nhập lại mật khẩu mới"), max_length=128, strip=False,
                              widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", _("Hai lần nhập mật khẩu không khớp."))
        return data
