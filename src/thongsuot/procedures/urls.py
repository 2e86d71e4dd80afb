from django.urls import include, path

from thongsuot.core.db import replica_reads
from thongsuot.procedures import api, views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc/", include([
        path("", views.catalogue, name="catalogue"),
        path("de-xuat/<int:pk>/xu-ly/", views.proposal_decide, name="proposal_decide"),
        path("ho-so/", include([
            path("", views.dossiers, name="dossiers"),
            path("tiep-nhan/", views.intake, name="intake"),
            path("<str:code>/", views.dossier_detail, name="dossier"),
            path("<str:code>/xu-ly/", views.dossier_step, name="dossier_step"),
            path("<str:code>/bien-nhan.pdf", views.dossier_receipt, name="receipt"),
            path("<str:code>/xin-loi/<int:event_id>.pdf", views.dossier_apology, name="apology"),
        ])),
        path("so-lieu/", replica_reads(views.figures), name="figures"),
        path("them/", views.procedure_edit, name="procedure_add"),
        path("<str:code>/sua/", views.procedure_edit, name="procedure_edit"),
        path("<str:code>/", views.procedure_detail, name="procedure"),
        path("<str:code>/de-xuat/", views.procedure_propose, name="propose"),
    ])),
    path("tra-cuu/", include([
        path("", replica_reads(views.lookup), name="lookup"),
        path("so-lieu/", replica_reads(views.public_figures), name="public_figures"),
    ])),
]

#: Mounted under /api/ (config/urls.py): the same app's API, grouped by resource.
api_urlpatterns = [
    path("procedures/", include([
        path("", api.ProcedureList.as_view(), name="api-procedures"),
        path("<str:code>/", api.ProcedureDetail.as_view(), name="api-procedure"),
        path("<str:code>/proposals/", api.ProposalList.as_view(), name="api-procedure-proposals"),
    ])),
    path("proposals/<int:pk>/decision/", api.ProposalDecide.as_view(), name="api-proposal-decision"),
    path("dossiers/", include([
        path("", api.DossierList.as_view(), name="api-dossiers"),
        path("<str:code>/", api.DossierDetail.as_view(), name="api-dossier"),
        path("<str:code>/steps/", api.DossierStep.as_view(), name="api-dossier-step"),
    ])),
    path("figures/", replica_reads(api.FiguresView.as_view()), name="api-dossier-figures"),
    path("lookup/<str:code>/", replica_reads(api.PublicLookup.as_view()), name="api-dossier-lookup"),
]
