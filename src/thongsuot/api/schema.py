"""What the OpenAPI schema says beyond each view's own annotations: the error answers every operation can give.

`api.errors` answers every refusal and bad input in one JSON shape (`ErrorBody`: `detail`, `code`, and
`field` when one field is at fault); a serializer's validation answers its fields' messages
(`ValidationErrorBody`). The postprocessing hook `add_error_responses` documents, on each operation,
the statuses it can answer besides its own:

- 400 — when it reads a body or parameters (a value that does not validate);
- 401 — when it needs a signed-in user (no or a bad token);
- 403 — likewise (the user may not);
- 404 — when it names a record in its path or reads parameters (a record missing or out of the user's
  territory, a page past the last);
- 409 — when it changes something (a stale version, a transition the workflow does not allow);
- 429 — always (the API's rate limits, `api.throttling`, and the sign-in lockout).

A creating operation whose body takes a resubmission key (`submission_key`, core.resubmission) also
answers 200 with the record the first request created.

Fuzzing the API against this schema (`.ci/fuzz`) fails on any status the schema does not list.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance

from thongsuot.core.resubmission import SUBMISSION_KEY


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, with two truths it cannot guess:

    - a read-only (or answer-only) field whose `default` is None is nullable: it answers None when its source is missing
      (`CharField(source="commune.code", read_only=True, default=None)` for a record without a commune);
    - a serializer with `partial_on_patch = False` is read whole by its PATCH view (its required fields,
      such as the `version` read, stay required), where drf-spectacular would document every field optional.
    """

    def _get_request_for_media_type(self, serializer, direction="request"):
        if self.method == "PATCH" and getattr(force_instance(serializer), "partial_on_patch", True) is False:
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        answered = getattr(field, "read_only", False) or direction == "response"
        if answered and getattr(field, "default", False) is None:
            meta["nullable"] = True
        return meta


ERROR_BODY = {
    "type": "object",
    "description": "Lỗi: thông báo tiếng Việt (detail), mã lỗi (code) và trường gây lỗi (field) nếu có.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "field": {"type": "string"},
    },
    "required": ["detail", "code"],
}
VALIDATION_ERROR_BODY = {
    "description": "Dữ liệu không hợp lệ: mỗi trường (hoặc non_field_errors) kèm danh sách thông báo; "
                   "hoặc một lỗi chung (ErrorBody).",
    "anyOf": [
        {"$ref": "#/components/schemas/ErrorBody"},
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {}},
    ],
}

DESCRIPTIONS = {
    "400": "Dữ liệu hoặc tham số không hợp lệ.",
    "401": "Chưa đăng nhập hoặc token không hợp lệ.",
    "403": "Không có quyền.",
    "404": "Không tìm thấy (hoặc ngoài phạm vi của người dùng).",
    "409": "Xung đột: hồ sơ đã bị người khác thay đổi, hoặc thao tác không hợp lệ ở trạng thái hiện tại.",
    "429": "Quá nhiều yêu cầu.",
}
RESENT = "Gửi lại cùng khóa (submission_key hoặc Idempotency-Key): bản ghi đã tạo lần đầu."
WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get", "head", "options"}


def _response(status: str) -> dict:
    ref = "ValidationErrorBody" if status == "400" else "ErrorBody"
    return {"description": DESCRIPTIONS[status],
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def error_statuses(method: str, operation: dict, *, public: bool) -> list[str]:
    """The error statuses an operation can answer, by what it reads and whether it needs a user."""
    parameters = operation.get("parameters", [])
    reads = bool(parameters) or "requestBody" in operation
    statuses = []
    if reads:
        statuses.append("400")
    if not public:
        statuses += ["401", "403"]
    if parameters:
        statuses.append("404")
    if method in WRITES and not public:
        statuses.append("409")
    statuses.append("429")
    return statuses


def _takes_resubmission_key(operation: dict, schemas: dict) -> bool:
    for media in operation.get("requestBody", {}).get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        schema = schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else media.get("schema", {})
        if SUBMISSION_KEY in schema.get("properties", {}):
            return True
    return False


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the standard error answers on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorBody", ERROR_BODY)
    schemas.setdefault("ValidationErrorBody", VALIDATION_ERROR_BODY)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            # An operation that declares no security requirement but an empty one is open to anyone.
            anonymous = {} in operation.get("security", [])
            responses = operation.setdefault("responses", {})
            if method == "post" and "201" in responses and "200" not in responses \
                    and _takes_resubmission_key(operation, schemas):
                responses["200"] = {**responses["201"], "description": RESENT}
            for status in error_statuses(method, operation, public=anonymous):
                responses.setdefault(status, _response(status))
    return result
