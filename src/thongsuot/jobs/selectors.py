"""Reads of background jobs, scoped to the user."""

from django.db.models import QuerySet

from thongsuot.accounts.permissions import get_visible_or_404, scope_filter
from thongsuot.jobs.models import Job
from thongsuot.jobs.permissions import ministry_jobs_q


def job_list(*, user) -> QuerySet[Job]:
    """Return the jobs the user may follow: their own, and those of their territory (`may_see_job`)."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    scoped = scope_filter(user, Job.objects.all(), ministry_q=ministry_jobs_q(user))
    return (Job.objects.filter(user=user) | scoped).select_related("user", "agency")


def my_jobs(*, user) -> QuerySet[Job]:
    """Return the jobs the user started, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(user=user).select_related("agency")


def access_job(user, pk) -> Job:
    """Return the job if the user may follow it; 404 for a missing and a forbidden job alike."""
    return get_visible_or_404(job_list(user=user), pk=pk)
