from django.urls import path

from thongsuot.procedures import views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/de-xuat/<int:pk>/xu-ly/", views.proposal_decide, name="proposal_decide"),
    path("thu-tuc/ho-so/", views.dossiers, name="dossiers"),
    path("thu-tuc/ho-so/tiep-nhan/", views.intake, name="intake"),
    path("thu-tuc/ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("thu-tuc/ho-so/<str:code>/xu-ly/", views.dossier_step, name="dossier_step"),
    path("thu-tuc/ho-so/<str:code>/bien-nhan.pdf", views.dossier_receipt, name="receipt"),
    path("thu-tuc/ho-so/<str:code>/xin-loi/<int:event_id>.pdf", views.dossier_apology, name="apology"),
    path("thu-tuc/so-lieu/", views.figures, name="figures"),
    path("thu-tuc/them/", views.procedure_edit, name="procedure_add"),
    path("thu-tuc/<str:code>/sua/", views.procedure_edit, name="procedure_edit"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/de-xuat/", views.procedure_propose, name="propose"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
