"""The signed-in user of each request, read in one query with what every page shows about them.

Django's `ModelBackend` reads the user; then every signed-in page read the user's membership (its
scope: agency, province, commune) and counted the unread notices for the header: three queries
before the page's own. `PageUserBackend` reads the three in one (the membership joined, the count a
subquery) and leaves them on the user object for the request, where `accounts.permissions.scope_of`
and `notifications.selectors.unread_count` look first. Nothing is cached across requests: each
request reads them afresh, as before. Signing in is `ModelBackend`'s check, made here once: a wrong
password ends the sign-in (`PermissionDenied`) instead of falling through to the `ModelBackend` that
stays listed for older sessions, which would hash the same password a second time.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from thongsuot.accounts.permissions import SCOPE_RELATED, remember_scope
from thongsuot.notifications.selectors import UNREAD_AT_LOAD, unread_subquery


class PageUserBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied      # django.contrib.auth.authenticate stops here: one hash, not two
        return user

    def get_user(self, user_id):
        related = [f"membership__{name}" for name in SCOPE_RELATED]
        user = (get_user_model()._default_manager.select_related(*related)
                .annotate(**{UNREAD_AT_LOAD: unread_subquery()}).filter(pk=user_id).first())
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_scope(user, getattr(user, "membership", None))
        return user
