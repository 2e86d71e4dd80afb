from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded action. Rows are never updated or deleted (database triggers refuse it).

    Events form one chain per territory (`chain`: a province, a ministry, the national bodies).
    `hash` is an HMAC, under a key kept outside the database (audit.keys), of this event's content
    and `prev_hash`, the hash of the event before it in its chain, so editing or removing any row
    breaks the chain from that point, and recomputing the later hashes needs the key;
    `audit-verify` finds the first broken link. Events recorded before chains were split keep
    `chain=""` (the legacy chain, plain SHA-256), sealed by its head.
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
    #: The chain this event belongs to (audit.services.chain_for); "" for the legacy chain.
    chain = models.CharField(max_length=32, default="", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sự kiện kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
                   models.Index(fields=["chain", "id"], name="audit_chain_idx")]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"


class AuditChainHead(models.Model):
    """The latest hash of one chain; locking its row serialises the appends to that chain only.

    `seal` is an HMAC, under the audit key, of the chain, its last event, hash and count, so that
    cutting the end off a chain and moving the head back needs the key too.
    """

    chain = models.CharField(max_length=32, unique=True, default="", blank=True)
    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    count = models.BigIntegerField(default=0)
    seal = models.CharField(max_length=64, blank=True, default="")

    def __str__(self):
        return f"{self.chain or 'legacy'} #{self.last_event_id} {self.last_hash[:12]}"
