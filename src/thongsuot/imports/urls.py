from django.urls import path

from thongsuot.imports import api, views

app_name = "imports"

urlpatterns = [
    path("", views.history, name="history"),
    path("lich-su/<int:pk>/", views.run_detail, name="run"),
    path("lich-su/<int:pk>/tep", views.run_file, name="run_file"),
    path("<slug:slug>/", views.upload, name="upload"),
    path("<slug:slug>/mau.xlsx", views.template, name="template"),
    path("<slug:slug>/xuat.xlsx", views.export, name="export"),
    path("<slug:slug>/<str:token>/", views.result, name="result"),
    path("<slug:slug>/<str:token>/loi.xlsx", views.annotated, name="annotated"),
]

api_urlpatterns = [
    path("", api.ImportRuns.as_view(), name="api-imports"),
    path("<slug:slug>/", api.ImportCheck.as_view(), name="api-import-check"),
    path("<slug:slug>/<str:token>/", api.ImportChecked.as_view(), name="api-import-checked"),
    path("<slug:slug>/<str:token>/confirm/", api.ImportConfirm.as_view(), name="api-import-confirm"),
]
