"""The jobs API: the background jobs a user started, and one job's progress."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from thongsuot.core.apiviews import RecordDetail
from thongsuot.jobs.selectors import access_job, my_jobs
from thongsuot.jobs.serializers import JobSerializer


@extend_schema(tags=["jobs"], summary="Công việc chạy nền do tôi bắt đầu (mới nhất trước)")
class JobList(generics.ListAPIView):
    serializer_class = JobSerializer

    def get_queryset(self):
        return my_jobs(user=self.request.user)


@extend_schema(tags=["jobs"], summary="Trạng thái và tiến độ của một công việc chạy nền")
class JobDetail(RecordDetail):
    """Người bắt đầu và người được xem địa bàn của công việc; người khác nhận 404."""

    serializer_class = JobSerializer
    access = access_job

