from django.urls import path

from commission.views import decisions

urlpatterns = [
    path("decisions/", decisions.decisions, name="decisions"),
    path("decisions/<int:pk>/", decisions.decision, name="decision"),
    path("decisions/<int:pk>/corriger/", decisions.corriger_decision, name="corriger_decision"),
    path("decisions/<int:pk>/notifier/", decisions.notifier_decision, name="notifier_decision"),
    path("decisions/<int:pk>/lever/", decisions.lever_decision, name="lever_decision"),
    path(
        "menages/<str:numero>/decisions/nouvelle/",
        decisions.nouvelle_decision,
        name="nouvelle_decision",
    ),
    path(
        "menages/<str:numero>/transferer/",
        decisions.transferer_menage,
        name="transferer_menage",
    ),
    path("decisions/recues/", decisions.decisions_recues, name="decisions_recues"),
    path("types-decision/", decisions.types_decision, name="types_decision"),
    path("types-decision/nouveau/", decisions.type_decision_form, name="nouveau_type_decision"),
    path("types-decision/<int:pk>/", decisions.type_decision_form, name="modifier_type_decision"),
    path("decisions/<int:pk>/execution/", decisions.accuser_execution, name="accuser_execution"),
]
