from django.shortcuts import redirect
from django.urls import reverse

from thongsuot.accounts.signin import has_confirmed_device, requires_two_factor

SESSION_OK = "thongsuot_2fa_ok"
_OPEN_PREFIXES = ("/static/", "/dang-xuat/", "/xac-thuc-hai-buoc/", "/ngon-ngu/", "/api/", "/tra-cuu/", "/healthz")


class TwoFactorRequiredMiddleware:
    """Hold a signed-in user at the two-factor step until they have passed it.

    A user with a confirmed authenticator must enter a code after the password; a
    senior user who must use two-factor sign-in but has no authenticator yet is sent to
    set one up. The API checks the code when it issues a token instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not request.session.get(SESSION_OK)
                and not request.path.startswith(_OPEN_PREFIXES) and not user.is_verified()):
            if has_confirmed_device(user):
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
            if requires_two_factor(user):
                return redirect("accounts:otp_setup")
        return self.get_response(request)
