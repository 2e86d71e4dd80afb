from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thongsuot.core.pagination import paginate
from thongsuot.notifications.selectors import notification_list
from thongsuot.notifications.services import notification_mark_read


@login_required
def inbox(request):
    unread_only = request.GET.get("chua-doc") == "1"
    page = paginate(request, notification_list(user=request.user, unread_only=unread_only))
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@require_POST
@login_required
def mark_read(request, pk: int):
    notification_mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:inbox")
