"""Written requests (công văn đề nghị) and their answers, the register of requests and the tallies of
their answer times: the documents a case travels in up the ladder (decisions 34 and 38)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thongsuot.core.resubmission import KEY_LENGTH, submission_key_unique
from thongsuot.core.uploads import PrivatePath, private_storage
from thongsuot.core.vocabulary import Domain
from thongsuot.obstacles.choices import (
    CaseLevel,
)


class WrittenDocument(models.Model):
    """What every official letter of a case carries: number and symbol, date, signer, the signed scan."""

    number = models.CharField(_("số, ký hiệu"), max_length=50)
    signed_on = models.DateField(_("ngày văn bản"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    file_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return gettext("Số: %(number)s") % {"number": self.number}


class EscalationRequest(WrittenDocument):
    """The formal written request (công văn đề nghị) sending one or many cases of the asking agency's
    territory to a ministry or the national level.

    `cases` lists every case it covers (`RequestCase`); `obstacle` is the first of them (the one a
    single-case request was written for). A request drafted by an officer has no number, date or
    signer yet (`state` draft); the leader who approves it numbers it, and every covered case moves up.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã ký, gửi đi")

    obstacle = models.ForeignKey("obstacles.Obstacle", on_delete=models.CASCADE, related_name="requests")
    cases = models.ManyToManyField("obstacles.Obstacle", through="RequestCase", related_name="covering_requests",
                                   verbose_name=_("các khó khăn đề nghị"))
    #: Empty while a draft: the approving leader numbers and dates it.
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True)
    signed_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.SENT)
    excerpt = models.CharField(_("trích yếu"), max_length=300, blank=True)
    #: The legal time for the answer, in working days (core.calendar), and the date it gives on sending.
    answer_days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"), null=True, blank=True)
    answer_due = models.DateField(_("hạn trả lời"), null=True, blank=True)
    #: The number in the asking agency's yearly sequence (0 for numbers typed by hand before drafts).
    sequence = models.PositiveIntegerField(default=0)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("người duyệt, ký"))
    approved_at = models.DateTimeField(null=True, blank=True)
    #: Optimistic lock for the draft (approving a draft changed since the page was loaded is refused).
    version = models.PositiveIntegerField(default=1)
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("cơ quan đề nghị"))
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("cơ quan nhận"))
    to_level = models.CharField(_("cấp nhận"), max_length=10, choices=CaseLevel.choices)
    content = models.TextField(_("nội dung đề nghị"))
    file = models.FileField(storage=private_storage, upload_to=PrivatePath("obstacles/requests"), max_length=200,
                            blank=True)
    #: What the register filters by, set when the request is sent: the domain of its first case and the
    #: asking agency's province (empty for a ministry writing to the national level).
    domain = models.CharField(_("lĩnh vực"), max_length=20, choices=Domain.choices, blank=True, default="")
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("tỉnh, thành phố đề nghị"))
    #: The day it was sent (the leader's approval), the day its answer was complete, and the working
    #: days between them (core.calendar): the register's "days taken".
    #: Sent by the draft form or API client so that a resent draft is not made twice (core.resubmission).
    submission_key = models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    days_taken = models.PositiveSmallIntegerField(_("số ngày làm việc đã dùng"), null=True, blank=True)

    class Meta(WrittenDocument.Meta):
        verbose_name = verbose_name_plural = _("văn bản đề nghị")
        indexes = [models.Index(fields=["from_agency", "state"], name="obstacle_request_from_idx"),
                   models.Index(fields=["to_agency", "state"], name="obstacle_request_to_idx"),
                   models.Index(fields=["to_agency", "state", "-sent_on", "-id"], name="obstacle_request_register_idx"),
                   models.Index(fields=["state", "-sent_on", "-id"], name="obstacle_request_sent_idx")]
        constraints = [submission_key_unique("obstacle_request_submission_key_unique", "created_by")]

    def __str__(self):
        if self.state == self.State.DRAFT:
            return gettext("Dự thảo công văn: %(excerpt)s") % {"excerpt": self.excerpt or self.content[:60]}
        return super().__str__()

    def get_absolute_url(self):
        return reverse("obstacles:request", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_answered(self) -> bool:
        """Every covered case has its answer (`answered_on` is set when the last one is given)."""
        return self.answered_on is not None

    @property
    def answer(self):
        """The latest written answer (reads `answers` prefetched when it was)."""
        answers = list(self.answers.all())
        return max(answers, key=lambda a: (a.created_at, a.pk)) if answers else None


class RequestCase(models.Model):
    """One case covered by a written request, in the order the request lists it."""

    request = models.ForeignKey(EscalationRequest, on_delete=models.CASCADE, related_name="covered")
    obstacle = models.ForeignKey("obstacles.Obstacle", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)
    #: The written answer that answered this case, and its own answer text when the request was
    #: answered item by item (empty: the answer's guidance applies).
    answer = models.ForeignKey("EscalationAnswer", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="answered_cases", verbose_name=_("văn bản trả lời"))
    guidance = models.TextField(_("ý kiến trả lời riêng"), blank=True, default="")

    class Meta:
        ordering = ["request", "position", "id"]
        verbose_name = verbose_name_plural = _("khó khăn trong văn bản đề nghị")
        constraints = [models.UniqueConstraint(fields=["request", "obstacle"], name="obstacle_request_case_unique")]

    def __str__(self):
        return f"{self.request_id}/{self.obstacle_id}"


class EscalationAnswer(WrittenDocument):
    """The written answer (văn bản trả lời) of a ministry or the national level, with guidance."""

    #: A request answered as a whole has one answer; answered item by item, one per letter sent
    #: (each covering some of its cases, `RequestCase.answer`).
    request = models.ForeignKey(EscalationRequest, on_delete=models.CASCADE, related_name="answers")
    obstacle = models.ForeignKey("obstacles.Obstacle", on_delete=models.CASCADE, related_name="answers")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("cơ quan trả lời"))
    guidance = models.TextField(_("nội dung hướng dẫn"))
    #: Answered item by item: each covered case's own text is on its `RequestCase`.
    item_by_item = models.BooleanField(_("trả lời từng nội dung"), default=False)
    submission_key = models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)
    file = models.FileField(storage=private_storage, upload_to=PrivatePath("obstacles/answers"), max_length=200,
                            blank=True)

    class Meta(WrittenDocument.Meta):
        verbose_name = verbose_name_plural = _("văn bản trả lời")
        constraints = [submission_key_unique("obstacle_answer_submission_key_unique", "created_by")]


class RequestOpenTally(models.Model):
    """Sent requests still waiting for their answer, counted by recipient, asking province, domain and
    answer due date: the register's open and overdue figures are sums over these rows, never a scan
    of the requests (`tallies.request_sent` / `request_answered`, in the services' transactions)."""

    #: The id of the agency the requests were sent to (a ministry or the national level).
    recipient_key = models.PositiveIntegerField()
    #: The id of the asking province, 0 for a ministry writing to the national level.
    province_key = models.PositiveIntegerField(default=0)
    domain = models.CharField(max_length=20, blank=True, default="")
    answer_due = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("số công văn đề nghị chờ trả lời")
        constraints = [models.UniqueConstraint(fields=["recipient_key", "province_key", "domain", "answer_due"],
                                               name="obstacle_request_open_tally_key")]

    def __str__(self):
        return f"{self.recipient_key}/{self.province_key}/{self.answer_due}: {self.n}"


class RequestDaysTally(models.Model):
    """Answered requests counted by the working days their answer took (a histogram per recipient,
    asking province and domain), and whether that was within the request's limit: the medians,
    90th percentiles and on-time shares are read from these rows."""

    recipient_key = models.PositiveIntegerField()
    province_key = models.PositiveIntegerField(default=0)
    domain = models.CharField(max_length=20, blank=True, default="")
    days = models.PositiveSmallIntegerField()
    on_time = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("số công văn đã trả lời theo số ngày")
        constraints = [models.UniqueConstraint(fields=["recipient_key", "province_key", "domain", "days", "on_time"],
                                               name="obstacle_request_days_tally_key")]

    def __str__(self):
        return f"{self.recipient_key}/{self.province_key}/{self.days}: {self.n}"
