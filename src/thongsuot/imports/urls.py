from django.urls import include, path

from thongsuot.imports import api, views

app_name = "imports"

urlpatterns = [
    path("", views.history, name="history"),
    path("lich-su/<int:pk>/", include([
        path("", views.run_detail, name="run"),
        path("tep", views.run_file, name="run_file"),
    ])),
    path("<slug:slug>/", include([
        path("", views.upload, name="upload"),
        path("mau.xlsx", views.template, name="template"),
        path("xuat.xlsx", views.export, name="export"),
        path("<str:token>/", views.result, name="result"),
        path("<str:token>/loi.xlsx", views.annotated, name="annotated"),
    ])),
]

api_urlpatterns = [
    path("", api.ImportRuns.as_view(), name="api-imports"),
    path("<slug:slug>/", include([
        path("", api.ImportCheck.as_view(), name="api-import-check"),
        path("<str:token>/", api.ImportChecked.as_view(), name="api-import-checked"),
        path("<str:token>/confirm/", api.ImportConfirm.as_view(), name="api-import-confirm"),
    ])),
]
