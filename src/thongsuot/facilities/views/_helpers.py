"""What the facilities pages share: who may open them, a list page with its export, the threshold."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from thongsuot.audit.exports import export_response
from thongsuot.core.forms import submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.facilities import permissions, readiness, selectors
from thongsuot.facilities.services.imports import REGISTRIES


def facilities_page(view):
    """Signed in, and of an agency that sees these pages (a ministry not following them gets 404)."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.may_see_facilities(request.user):
            raise Http404
        return view(request, *args, **kwargs)
    return wrapped


def list_page(request, template: str, filter_form, rows, spec, context: dict | None = None, *,
              importing: str = ""):
    """A list as filtered on screen: the page, or (`?xuat=xlsx`) its workbook. `importing` names the
    registry's slug in the one import flow: the page links to `/nhap-excel/<slug>/` for whoever may import."""
    if wants_export(request):
        return export_response(request, spec, rows, filters=filter_form.described())
    import_url = (reverse("imports:upload", args=[importing])
                  if importing and REGISTRIES[importing].may_import(request.user) else "")
    return render(request, template, {"page": paginate(request, rows), "filter_form": filter_form,
                                      "import_url": import_url, **(context or {})})


def scoped_list(request, template: str, filter_class, selector, spec, context: dict | None = None, *,
                importing: str = ""):
    """A list within the user's scope: its filter form over the query string, the app's `<entity>_list`
    selector given the form's arguments, then `list_page`."""
    form = filter_class(request.GET, user=request.user)
    return list_page(request, template, form, selector(user=request.user, **form.selector_args()), spec,
                     context, importing=importing)


FORM_PAGE = "core/form_page.html"


def commune_form(request, form, service, *, title: str, then, success, cancel_url: str):
    """A form page about one commune: the official's own, or the one named by code in the form."""
    user = request.user

    def action(data):
        commune = selectors.commune_for(user, data.pop("commune_code", ""), field="commune_code")
        return service(actor=user, commune=commune, **data)

    return submit(request, form, action, template=FORM_PAGE, then=then, success=success,
                  context={"title": title, "cancel_url": cancel_url})



def _threshold(request) -> Decimal:
    try:
        value = Decimal(request.GET.get("nguong", "") or readiness.CONNECTIVITY_THRESHOLD)
    except InvalidOperation:
        return readiness.CONNECTIVITY_THRESHOLD
    return min(max(value, Decimal(0)), Decimal(readiness.CONNECTIVITY_MAX))
