"""The one way a page handles a form: valid → service → message → redirect, or the form again with 400.

Every app's views call `submit`; a view that needs something else around the call (an htmx partial,
a file to stream) still shows a service's refusal with `show_error`. A button on a record's page
(approve, a workflow step) that is not a form page runs through `act`, which says how it went in a
message (`tell_refusal` for a refusal). The hidden resubmission field
every creating form carries is here too (`SubmissionKeyField`); `core.resubmission` is its other half.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thongsuot.core import resubmission
from thongsuot.core.errors import DomainError, Forbidden, StaleVersion
from thongsuot.core.resubmission import KEY_LENGTH, SUBMISSION_KEY


def show_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else above the form.

    A `Forbidden` is not a form error: it goes on to the 403 page with its message.
    """
    if isinstance(error, Forbidden):
        raise error
    form.add_error(error.field if error.field in form.fields else None, error.message)


def submit(request: HttpRequest, form: forms.BaseForm, action: Callable[[dict], Any], *, template: str,
           then: Callable[[Any], Any] | str, success: str | Callable[[Any], str] | None = None,
           context: Mapping | None = None) -> HttpResponse:
    """Run `action(cleaned_data)` when a POSTed form is valid; answer like every form page does.

    - valid and the service agrees: the `success` message (text, or made from the result), then a
      redirect to `then` (a URL or URL name, or a callable of the result returning what `redirect`
      takes: a URL, a model with `get_absolute_url`, or a tuple of a URL name and its arguments);
    - invalid, or the service refused with a `DomainError`: the page again, the error on its field,
      status 400 (so htmx and tests see the refusal), 409 when someone else saved the record since the
      page was loaded (`StaleVersion`, see `core.versioning`); a `Forbidden` answers 403;
    - GET: the page with the form, 200.
    The template gets `form` and `context`.
    """
    status = 200
    if request.method == "POST" and form.is_valid():
        first_key = SUBMISSION_KEY in form.cleaned_data and resubmission.same_as_before(request)
        if first_key:
            form.cleaned_data[SUBMISSION_KEY] = first_key
        key = form.cleaned_data.get(SUBMISSION_KEY)
        try:
            result = action(form.cleaned_data)
        except DomainError as error:
            show_error(form, error)
            # Someone saved in between: 409, and the page keeps what this user typed.
            status = 409 if isinstance(error, StaleVersion) else 400
        else:
            if key:
                resubmission.remember(request, key)
            if success:
                messages.success(request, success(result) if callable(success) else success)
            target = then(result) if callable(then) else then
            return redirect(*target) if isinstance(target, tuple) else redirect(target)
    if form.errors and status == 200:
        status = 400
    return render(request, template, {**(context or {}), "form": form}, status=status)


def tell_refusal(request: HttpRequest, error: DomainError) -> None:
    """Show a refused one-button action (a step, an approval) as an error message on the page the
    user goes back to. A `Forbidden` is not a message: it answers 403 with its reason."""
    if isinstance(error, Forbidden):
        raise error
    messages.error(request, error.message)


def act(request: HttpRequest, action: Callable[[], Any], success: str | Callable[[Any], str]) -> Any:
    """A one-button action on a record's page: run it and say how it went (the caller redirects).

    Returns the action's result, or None when a rule refused it (shown by `tell_refusal`)."""
    try:
        result = action()
    except DomainError as error:
        tell_refusal(request, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


class SubmissionKeyField(forms.CharField):
    """The hidden key a creating form carries, new on every page load: a resent form (double click,
    a retry on a slow line, Back then submit again: `submit` finds the first key, see
    `core.resubmission`) returns the record the first one made instead of making a second. Name the
    field `SUBMISSION_KEY` in the form; the service takes it as `submission_key`. An offline draft
    puts its own id here (static/thongsuot/drafts.js)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", KEY_LENGTH)
        kwargs.setdefault("initial", lambda: uuid.uuid4().hex)
        super().__init__(**kwargs)


def pop_submission_key(data: dict) -> str:
    """Take the submission key out of a form's cleaned data (the rest goes to the service as is)."""
    return (data.pop(SUBMISSION_KEY, "") or "").strip()
