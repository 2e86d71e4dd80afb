"""Who may follow a background job."""

from django.db.models import Q

from thongsuot.accounts.permissions import in_territory, scope_of


def may_see_job(user, job) -> bool:
    """The starter, and whoever may see the job's territory (a ministry: its own agency's jobs)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if job.user_id == user.pk:
        return True
    scope = scope_of(user)
    if scope is not None and scope.is_ministry:
        return job.agency_id == scope.agency.pk
    return in_territory(user, province_id=job.province_id, commune_id=job.commune_id)


def ministry_jobs_q(user) -> Q:
    """What a ministry sees of the jobs: those started in its own agency."""
    scope = scope_of(user)
    return Q(agency_id=scope.agency.pk) if scope is not None else Q(pk__in=[])
