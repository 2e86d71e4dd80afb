from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from thongsuot.audit.history import may_read_log, may_see_history
from thongsuot.audit.models import AuditEvent
from thongsuot.core.pagination import paginate


@login_required
def object_history(request, object_type: str, object_id: str):
    """Show one object's audit trail to those who may see the object."""
    if not may_see_history(request.user, object_type, object_id):
        raise Http404
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id).select_related("agency")
    page = paginate(request, events.order_by("-id"))
    return render(request, "audit/history.html", {"page": page, "object_type": object_type,
                                                  "object_id": object_id,
                                                  "title": events.values_list("object_repr", flat=True).last()})


@login_required
def log(request):
    """The whole log, for national administrators."""
    if not may_read_log(request.user):
        raise Http404
    events = AuditEvent.objects.select_related("agency").order_by("-id")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    return render(request, "audit/log.html", {"page": paginate(request, events), "action": action,
                                              "actions": AuditEvent.Action.choices})
