from django.urls import path

from thongsuot.core.db import replica_reads
from thongsuot.procedures import api, views

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
    path("thu-tuc/so-lieu/", replica_reads(views.figures), name="figures"),
    path("thu-tuc/them/", views.procedure_edit, name="procedure_add"),
    path("thu-tuc/<str:code>/sua/", views.procedure_edit, name="procedure_edit"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/de-xuat/", views.procedure_propose, name="propose"),
    path("tra-cuu/", replica_reads(views.lookup), name="lookup"),
    path("tra-cuu/so-lieu/", replica_reads(views.public_figures), name="public_figures"),
]

#: Mounted under /api/ (config/urls.py): the same app's API, one route per operation.
api_urlpatterns = [
    path("procedures/", api.ProcedureList.as_view(), name="api-procedures"),
    path("procedures/<str:code>/", api.ProcedureDetail.as_view(), name="api-procedure"),
    path("procedures/<str:code>/proposals/", api.ProposalList.as_view(), name="api-procedure-proposals"),
    path("proposals/<int:pk>/decision/", api.ProposalDecide.as_view(), name="api-proposal-decision"),
    path("dossiers/", api.DossierList.as_view(), name="api-dossiers"),
    path("dossiers/<str:code>/", api.DossierDetail.as_view(), name="api-dossier"),
    path("dossiers/<str:code>/steps/", api.DossierStep.as_view(), name="api-dossier-step"),
    path("figures/", replica_reads(api.FiguresView.as_view()), name="api-dossier-figures"),
    path("lookup/<str:code>/", replica_reads(api.PublicLookup.as_view()), name="api-dossier-lookup"),
]
