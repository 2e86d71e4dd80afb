from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thongsuot.core.pagination import paginate
from thongsuot.jobs.selectors import access_job, my_jobs


@login_required
def job_index(request):
    """The jobs the user started, newest first."""
    return render(request, "jobs/list.html", {"page": paginate(request, my_jobs(user=request.user))})


@login_required
def job_detail(request, pk: int):
    """A job's stored state and progress; htmx asks for the progress part again every 2 s while it runs."""
    job = access_job(request.user, pk)
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", {"job": job})
    return render(request, "jobs/detail.html", {"job": job})
