"""One resubmission guard for every record a user creates.

A form sent twice (a double click, a retry on a slow line, a client that did not see the answer)
must not make a second case, report, premises or dossier. Everywhere it works the same way:

- the record has a `submission_key` field (`SubmissionKeyModel`), unique per author when not empty
  (`submission_key_unique`);
- the page's form carries it hidden, new on each load (`core.forms.SubmissionKeyField`); an API
  client sends the `Idempotency-Key` header or a `submission_key` field (`request_key`);
- the service creates through `create_once`, which returns the record the first submission made;
- the API answers 201 for the first submission and 200 with the same record for a replay
  (`created_status`);
- Back then submit again: the browser refills what was typed but loads the page again, with a new
  key (a signed-in page is `no-store`, and no browser refills a hidden key). So a page's form that
  made a record is remembered for its session by what it sent (`remember`); the same fields sent
  again to the same address within `SAME_AS_BEFORE` carry the first key (`same_as_before`), and
  the first record comes back. Offline drafts send their own id as the key (static/thongsuot/drafts.js).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from rest_framework import serializers, status

SUBMISSION_KEY = "submission_key"
KEY_HEADER = "Idempotency-Key"
KEY_LENGTH = 64
#: How long a session's sent form is remembered (Back then submit: `same_as_before`), in seconds.
SAME_AS_BEFORE = 30 * 60

T = TypeVar("T", bound=models.Model)


class SubmissionKeyModel(models.Model):
    """A record made by a submission someone could send twice."""

    submission_key = models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)

    class Meta:
        abstract = True


def submission_key_unique(name: str, author_field: str) -> models.UniqueConstraint:
    """The one uniqueness rule: an author's key makes one record; an empty key makes no claim."""
    return models.UniqueConstraint(fields=[author_field, SUBMISSION_KEY], name=name,
                                   condition=~models.Q(submission_key=""))


def clean_key(key: str | None) -> str:
    return (key or "").strip()[:KEY_LENGTH]


def create_once(model: type[T], *, author, key: str | None, create: Callable[[str], T],
                author_field: str = "created_by") -> T:
    """Return `create(key)`, or the record `author` already made with `key`.

    `create` receives the cleaned key and saves the record with it. It runs in a savepoint: when two
    copies arrive at once, the unique constraint stops the second, whose work is rolled back, and
    the first one's record is returned. The record says which happened (`created_status`).
    """
    key = clean_key(key)
    if key and (done := _made_with(model, author_field, author, key)) is not None:
        return _mark(done, replayed=True)
    try:
        with transaction.atomic():
            return _mark(create(key), replayed=False)
    except IntegrityError:
        if key and (done := _made_with(model, author_field, author, key)) is not None:
            return _mark(done, replayed=True)
        raise


def _made_with(model, author_field: str, author, key: str):
    return model._default_manager.filter(**{author_field: author, SUBMISSION_KEY: key}).first()


def _mark(record: T, *, replayed: bool) -> T:
    record._replayed = replayed
    return record


def was_replayed(record) -> bool:
    return getattr(record, "_replayed", False)


def created_status(record) -> int:
    """201 for the submission that made the record, 200 for a replay returning it."""
    return status.HTTP_200_OK if was_replayed(record) else status.HTTP_201_CREATED


def serializer_field(**kwargs) -> serializers.CharField:
    """The API body's field; the `Idempotency-Key` header says the same and wins when both are sent.
    A serializer that also sends the record back passes `write_only=True`."""
    options = {"max_length": KEY_LENGTH, "required": False, "allow_blank": True, "default": "",
               "help_text": "Khóa gửi lại: gửi lại cùng khóa trả về bản ghi đã tạo (200) "
                            "thay vì tạo bản ghi thứ hai."}
    return serializers.CharField(**{**options, **kwargs})


def request_key(request, data: dict) -> str:
    """The key of an API request: the header, else the body's field (removed from `data`)."""
    body = data.pop(SUBMISSION_KEY, "")
    return clean_key(request.headers.get(KEY_HEADER) or body)


def _fingerprint(request) -> str:
    """What a form sent, apart from its key and CSRF token: the address, the fields, the files' names and sizes."""
    digest = hashlib.sha256(request.path.encode())
    for name in sorted(request.POST):
        if name not in (SUBMISSION_KEY, "csrfmiddlewaretoken"):
            digest.update(f"\0{name}\0".encode() + "\1".join(request.POST.getlist(name)).encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"\0{name}\0{upload.name}\0{upload.size}".encode())
    return digest.hexdigest()[:32]


def _slot(request) -> str:
    """Where the shared cache keeps a session's sent form (not the session itself: a session is saved
    whole, and a request running alongside that saves it — a change, or the periodic expiry push of
    core.middleware.SessionTouchMiddleware — would undo it)."""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    return f"resubmission:{session_key}:{_fingerprint(request)}" if session_key else ""


def same_as_before(request) -> str:
    """The key of the same form sent from this session a moment ago (Back then submit), or ""."""
    slot = _slot(request)
    return (cache.get(slot) or "") if slot else ""


def remember(request, key: str) -> None:
    """Note that this session's form, as sent, made (or found) the record of `key`."""
    if slot := _slot(request):
        cache.set(slot, clean_key(key), SAME_AS_BEFORE)
