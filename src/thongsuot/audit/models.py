from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded action. Rows are never updated or deleted (database triggers refuse it).

    `hash` covers this event's content and `prev_hash`, the hash of the event before it,
    so editing or removing any row breaks the chain from that point; `audit-verify`
    finds the first broken link.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        DELETE = "delete", _("Xoá")
        STATUS = "status", _("Chuyển trạng thái")
        EXPORT = "export", _("Xuất dữ liệu")
        SIGN_IN = "sign_in", _("Đăng nhập")
        SIGN_IN_FAILED = "sign_in_failed", _("Đăng nhập không thành công")
        SIGN_OUT = "sign_out", _("Đăng xuất")
        VIEW_PERSONAL = "view_personal", _("Xem dữ liệu cá nhân")

    created_at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("người thực hiện"))
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("cơ quan"))
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("hành động"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=60, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    #: {"field": [before, after]} for the fields that changed; free-form facts for exports.
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sự kiện kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"


class AuditChainHead(models.Model):
    """The single row that holds the latest hash; locking it serialises appends."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)

    def __str__(self):
        return f"#{self.last_event_id} {self.last_hash[:12]}"
