"""Files attached to directives and progress reports: every file of an upload is checked
before any is kept, and either all of them are stored with their record or none is.

Types are sniffed from content (`core.uploads.validate_upload`); files live in private storage
and are served only after the caller has found the record visible to the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError
from thongsuot.core.uploads import validate_upload
from thongsuot.directives.models import Attachment

#: Files accepted in one upload (one form sent, one API call).
MAX_PER_UPLOAD = 10
#: Files one directive or one report may carry in all.
MAX_PER_RECORD = 30


def _named(upload, message: str) -> str:
    """Make sure a message says which file it is about."""
    if upload.name and upload.name in message:
        return message
    return _("Tệp “%(name)s”: %(message)s") % {"name": upload.name,
                                                "message": f"{message[:1].lower()}{message[1:]}"}


def check_uploads(uploads: Iterable) -> list[tuple[object, str]]:
    """Check every file of one upload; return (file, sniffed type) pairs.

    Raise `ValidationError` with one message per problem, each naming its file, so the user
    can fix them all at once.
    """
    uploads = [u for u in uploads or () if u]
    if len(uploads) > MAX_PER_UPLOAD:
        extra = ", ".join(f"“{u.name}”" for u in uploads[MAX_PER_UPLOAD:])
        raise ValidationError(_("Mỗi lần chỉ gửi được tối đa %(max)s tệp, bạn đã chọn %(count)s tệp: "
                                "%(extra)s vượt quá số tệp cho phép. Hãy bỏ bớt rồi gửi lại; có thể bổ sung "
                                "tệp sau.") % {
            "max": MAX_PER_UPLOAD, "count": len(uploads), "extra": extra})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, validate_upload(upload)))
        except ValidationError as exc:
            errors += [_named(upload, message) for message in exc.messages]
    if errors:
        raise ValidationError(errors)
    return checked


def checked_or_refused(uploads: Iterable) -> list[tuple[object, str]]:
    """`check_uploads` for services: a refusal becomes a DomainError on the `files` field."""
    try:
        return check_uploads(uploads)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="files") from exc


@contextmanager
def files_rolled_back() -> Iterator[list]:
    """Yield a list that collects stored files; delete them if the block fails.

    A failed service rolls its rows back; this takes the files it already wrote with them.
    """
    written: list = []
    try:
        yield written
    except BaseException:
        for field_file in written:
            field_file.storage.delete(field_file.name)
        raise


def attach(*, written: list, actor, checked: list[tuple[object, str]], directive=None,
           report=None) -> list[Attachment]:
    """Store checked files on a directive or a report (inside the caller's transaction)."""
    owner = directive if directive is not None else report
    present = owner.attachments.count()
    if checked and present + len(checked) > MAX_PER_RECORD:
        raise DomainError(_("Mỗi hồ sơ có tối đa %(max)s tệp đính kèm; đã có %(present)s tệp, chỉ thêm được "
                            "%(left)s tệp nữa.") % {"max": MAX_PER_RECORD, "present": present,
                                                   "left": max(MAX_PER_RECORD - present, 0)}, field="files")
    attachments = []
    for upload, mime in checked:
        attachment = Attachment(directive=directive, report=report, name=upload.name[:200], mime=mime,
                                size=upload.size, uploaded_by=actor)
        attachment.file.save(upload.name, upload, save=False)
        written.append(attachment.file)
        attachments.append(attachment)
    Attachment.objects.bulk_create(attachments)
    return attachments


def detach(*, owner, ids: Iterable) -> list[str]:
    """Remove the owner's attachments with these ids; the files go from disk after commit."""
    ids = {int(i) for i in ids or ()}
    if not ids:
        return []
    doomed = list(owner.attachments.filter(pk__in=ids))
    if len(doomed) != len(ids):
        raise DomainError(_("Tệp cần bỏ không thuộc hồ sơ này."), field="remove_files")
    names = [a.name for a in doomed]
    files = [(a.file.storage, a.file.name) for a in doomed]
    Attachment.objects.filter(pk__in=[a.pk for a in doomed]).delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return names
