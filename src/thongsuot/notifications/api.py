"""The notifications API: a user's own notices and marking them read."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.notifications.models import Notification
from thongsuot.notifications.selectors import notification_list
from thongsuot.notifications.services import notification_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]


@extend_schema(tags=["notifications"])
class NotificationList(generics.ListAPIView):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        return notification_list(user=self.request.user, unread_only=self.request.query_params.get("unread") == "1")


class MarkReadResult(serializers.Serializer):
    marked = serializers.IntegerField()


@extend_schema(tags=["notifications"], request=None, responses=MarkReadResult)
class NotificationMarkRead(APIView):
    def post(self, request, pk: int):
        return Response({"marked": notification_mark_read(user=request.user, notification_id=pk)})

