"""Uploaded documents: checked by content, limited in size, stored outside the web root,
served only through a view that has already asked the permission module.

Apps keep their own attachment model with a `FileField(storage=private_storage,
upload_to=PrivatePath("<app>"))`, call `validate_upload(file)` in their form or serializer, and serve the
file with `serve_private(field_file, download_name)` after their own access check.
"""

from __future__ import annotations

import mimetypes
import os
import uuid
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thongsuot.core.numbers import vn_number

#: Allowed kinds: sniffed MIME type → extensions a user may give such a file.
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/webp": {".webp"},
    # Office Open XML files are ZIP containers; filetype reports them by their own types.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/msword": {".doc"},
    "application/vnd.ms-excel": {".xls"},
    "application/x-ole-storage": {".doc", ".xls"},
    "application/zip": {".docx", ".xlsx"},
}
ALLOWED_LABEL = gettext_noop("PDF, ảnh (JPG, PNG, WEBP), Word (DOC, DOCX), Excel (XLS, XLSX)")


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside the web root, with no public URL.

    The directory is read from the settings when a file is stored or opened, not once when the model
    is loaded, so a test (or a tool) that points PRIVATE_MEDIA_ROOT elsewhere is obeyed."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    """Storage outside the web root; pass the function itself: `FileField(storage=private_storage)`."""
    return PrivateStorage()


def validate_upload(upload) -> str:
    """Check the file's size and real type; return its sniffed MIME type or raise ValidationError."""
    if upload is None:
        raise ValidationError(_("Chưa chọn tệp."))
    if upload.size == 0:
        raise ValidationError(_("Tệp rỗng."))
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("Tệp “%(name)s” lớn hơn giới hạn %(limit)s MB.") % {
            "name": upload.name, "limit": limit // (1024 * 1024)})
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = PurePath(upload.name or "").suffix.lower()
    mime = kind.mime if kind else None
    if mime is None or mime not in ALLOWED or extension not in ALLOWED[mime]:
        raise ValidationError(_("Tệp “%(name)s” không đúng định dạng cho phép (%(kinds)s); định dạng được xác "
                                "định theo nội dung tệp, không theo tên.") % {"name": upload.name,
                                                                             "kinds": _(ALLOWED_LABEL)})
    if zipfile.is_zipfile(upload):
        refuse_zip_bomb(upload)
    upload.seek(0)
    return mime


#: A member smaller than this once unpacked is not judged by its ratio (a short repetitive XML
#: part compresses very well and is harmless).
RATIO_FLOOR = 1024 * 1024


def refuse_zip_bomb(upload) -> None:
    """Refuse a ZIP container (an Office file) whose declared content is too big or too many parts.

    The central directory is read, nothing is unpacked: the total declared size, the number of
    members, and each large member's compression ratio are checked against the settings
    `UPLOAD_ZIP_MAX_UNPACKED_BYTES`, `UPLOAD_ZIP_MAX_MEMBERS` and `UPLOAD_ZIP_MAX_RATIO`.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ValidationError(_("Tệp “%(name)s” bị hỏng: không đọc được nội dung nén.") % {"name": upload.name}) from None
    finally:
        upload.seek(0)
    bomb = _("Tệp “%(name)s” bị từ chối: %(why)s. Tệp có thể là “bom giải nén”; hãy lưu lại tệp từ "
             "phần mềm văn phòng rồi gửi lại.")
    if len(members) > settings.UPLOAD_ZIP_MAX_MEMBERS:
        raise ValidationError(bomb % {"name": upload.name, "why": _(
            "có %(count)s thành phần nén, quá giới hạn %(limit)s") % {
                "count": vn_number(len(members)), "limit": vn_number(settings.UPLOAD_ZIP_MAX_MEMBERS)}})
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.UPLOAD_ZIP_MAX_UNPACKED_BYTES:
        raise ValidationError(bomb % {"name": upload.name, "why": _(
            "khi giải nén lên tới %(size)s MB, quá giới hạn %(limit)s MB") % {
                "size": vn_number(unpacked // (1024 * 1024)),
                "limit": settings.UPLOAD_ZIP_MAX_UNPACKED_BYTES // (1024 * 1024)}})
    for member in members:
        if member.file_size >= RATIO_FLOOR and member.file_size > settings.UPLOAD_ZIP_MAX_RATIO * max(
                member.compress_size, 1):
            raise ValidationError(bomb % {"name": upload.name, "why": _(
                "thành phần “%(member)s” nén với tỉ lệ %(ratio)s:1, quá giới hạn %(limit)s:1") % {
                    "member": member.filename[:80], "ratio": member.file_size // max(member.compress_size, 1),
                    "limit": settings.UPLOAD_ZIP_MAX_RATIO}})


@deconstructible
class PrivatePath:
    """`upload_to=PrivatePath("obstacles")` stores files as obstacles/<yyyy>/<mm>/<uuid><ext>,
    so a user-chosen file name never becomes a path on disk."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"

    def __eq__(self, other):
        return isinstance(other, PrivatePath) and other.prefix == self.prefix


def serve_private(field_file, download_name: str) -> FileResponse:
    """Stream a stored file as an attachment; call only after the caller's permission check."""
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
