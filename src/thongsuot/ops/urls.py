from django.urls import path

from thongsuot.ops import views

app_name = "ops"

urlpatterns = [
    # The conventional name, without a trailing slash: load balancers and monitors are set up with it.
    path("healthz", views.healthz, name="healthz"),
]
