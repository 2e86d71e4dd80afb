from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person: "it is your agency's turn" on a case, a report, a deadline."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("cơ quan nhận"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    #: Groups the notices of one occurrence, so a daily job can skip what it already sent.
    key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    #: For a notice written from catalogue messages: {"title": msgid, "body": msgid, "params": {...}}.
    #: `title` and `body` keep the Vietnamese text (e-mail, API); pages show the reader's language.
    message = models.JSONField(_("mẫu thông báo"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="notification_once_per_key")]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        """Return the title in the active language when it was written from a catalogue message."""
        return self._translated("title")

    @property
    def display_body(self) -> str:
        return self._translated("body")

    def _translated(self, part: str) -> str:
        msgid = (self.message or {}).get(part)
        if not msgid:
            return getattr(self, part)
        try:
            return gettext(msgid) % self.message.get("params", {})
        except (KeyError, TypeError, ValueError):
            # A translation that does not fit the stored parameters: the Vietnamese text is still right.
            return getattr(self, part)


class OutgoingEmail(models.Model):
    """An e-mail waiting to be sent, written in the same transaction as the notice it accompanies.

    Nothing is sent for work that rolled back, nothing is lost when the mail server is down
    (it is retried with a growing delay), and no request waits for the mail server: a sender
    in the background delivers it (see `notifications.outbox`).
    """

    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    from_email = models.CharField(_("người gửi"), max_length=254)
    recipients = models.JSONField(_("người nhận"), default=list)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại từ"), default=timezone.now)
    last_error = models.CharField(_("lỗi lần gửi gần nhất"), max_length=500, blank=True)
    #: Set while a sender holds the message, so two senders never send it twice.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = _("thư điện tử chờ gửi")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outgoing_email_due_idx")]

    def __str__(self):
        return self.subject
