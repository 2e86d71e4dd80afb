from django.urls import path

from thongsuot.procedures import api

urlpatterns = [
    path("procedures/", api.ProcedureList.as_view(), name="api-procedures"),
    path("procedures/<str:code>/", api.ProcedureDetail.as_view(), name="api-procedure"),
    path("procedures/<str:code>/proposals/", api.ProposalList.as_view(), name="api-procedure-proposals"),
    path("proposals/<int:pk>/decision/", api.ProposalDecide.as_view(), name="api-proposal-decision"),
    path("dossiers/", api.DossierList.as_view(), name="api-dossiers"),
    path("dossiers/<str:code>/", api.DossierDetail.as_view(), name="api-dossier"),
    path("dossiers/<str:code>/steps/", api.DossierStep.as_view(), name="api-dossier-step"),
    path("figures/", api.FiguresView.as_view(), name="api-dossier-figures"),
    path("lookup/<str:code>/", api.PublicLookup.as_view(), name="api-dossier-lookup"),
]
