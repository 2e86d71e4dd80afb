"""Directives services: directives."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.versioning import bump, check_version
from thongsuot.directives import attachments
from thongsuot.directives import permissions as perms
from thongsuot.directives.models import (
    Directive,
)
from thongsuot.directives.services._common import (
    DIRECTIVE_TRANSITIONS,
    _check_transition,
    _directive_facts,
    _refuse_unless,
    _update_with_files,
)


@transaction.atomic
def directive_create(*, actor, number: str, issued_on: date, urgency: str, title: str, signer_name: str,
                     signer_title: str, summary: str = "", text: str = "", files: Iterable = (),
                     submission_key: str = "") -> Directive:
    """Draft a directive in the actor's agency: national, or a province's own to its communes.

    `files` (the signed letter, annexes) are checked together; one bad file keeps the whole
    draft from being saved. A resent form (same `submission_key` from the same user) returns the
    draft the first one made.
    """
    _refuse_unless(perms.may_create_directive(actor))
    checked = attachments.checked_or_refused(files)
    agency = scope_of(actor).agency
    number = number.strip()
    if number.lower().startswith("số:"):
        number = number[3:].strip()

    def create(key: str) -> Directive:
        if Directive.objects.filter(issuer=agency, number=number).exists():
            raise DomainError(_("Cơ quan đã có văn bản số “%(number)s”.") % {"number": number}, field="number")
        directive = Directive(number=number, issued_on=issued_on, urgency=urgency, title=title.strip(),
                              signer_name=signer_name.strip(), signer_title=signer_title.strip(), summary=summary,
                              text=text, issuer=agency, province_id=agency.province_id, created_by=actor,
                              submission_key=key)
        with attachments.files_rolled_back() as written:
            directive.save()
            stored = attachments.attach(written=written, actor=actor, checked=checked, directive=directive)
            audit_record(actor=actor, action="create", obj=directive,
                         after={**_directive_facts(directive), "files": [a.name for a in stored]})
        return directive

    return create_once(Directive, author=actor, key=submission_key, create=create)


@transaction.atomic
def directive_update(*, actor, directive: Directive, files: Iterable = (), remove_files: Iterable = (),
                     version: int | None = None, **fields) -> Directive:
    """Change a draft directive's header, add files to it or remove some; only while it is a draft,
    from the `version` the editor read."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _refuse_unless(perms.may_edit_directive(actor, directive))
    check_version(directive, version)
    if directive.status != Directive.Status.DRAFT:
        raise DomainError(_("Văn bản đã ban hành, không sửa được nội dung."), code="issued")
    checked = attachments.checked_or_refused(files)
    before = _directive_facts(directive)
    number = fields.get("number", directive.number).strip()
    if Directive.objects.filter(issuer_id=directive.issuer_id, number=number).exclude(pk=directive.pk).exists():
        raise DomainError(_("Cơ quan đã có văn bản số “%(number)s”.") % {"number": number}, field="number")
    for key in ("number", "issued_on", "urgency", "title", "signer_name", "signer_title", "summary", "text"):
        if key in fields:
            setattr(directive, key, fields[key].strip() if isinstance(fields[key], str) else fields[key])
    bump(directive)
    _update_with_files(actor=actor, owner=directive, before=before, facts=_directive_facts, save=directive.save,
                       checked=checked, remove_files=remove_files, attach_as="directive")
    return directive


@transaction.atomic
def directive_issue(*, actor, directive: Directive) -> Directive:
    """Issue a draft (its leader signs it off); it then becomes visible to those it is assigned to."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _refuse_unless(perms.may_issue_directive(actor, directive))
    _check_transition(DIRECTIVE_TRANSITIONS, directive.status, Directive.Status.ISSUED, Directive.Status)
    if not directive.tasks.exists():
        raise DomainError(_("Văn bản chưa có nhiệm vụ nào; thêm ít nhất một nhiệm vụ trước khi ban hành."),
                          code="no_tasks")
    directive.status = Directive.Status.ISSUED
    bump(directive)
    directive.save(update_fields=["status", "version"])
    audit_record(actor=actor, action="issue", obj=directive,
                 before={"status": Directive.Status.DRAFT}, after={"status": directive.status})
    return directive
