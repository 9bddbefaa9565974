"""Recording a decision of the commission, lifting it."""

from django import forms
from django.utils import timezone

from ccapex.forms import BaseForm, BaseModelForm
from commission.enums import StatutSeance
from commission.models import Decision, Seance, TypeDecision
from partenaires.models import Organisation


class DecisionForm(BaseModelForm):
    """The household is given by the page; the session is one that examined it."""

    class Meta:
        model = Decision
        fields = [
            "type",
            "seance",
            "procedure_ecrite",
            "destinataire_organisation",
            "base_legale",
            "motifs",
            "date_effet",
            "date_fin",
        ]
        widgets = {
            "base_legale": forms.Textarea(attrs={"rows": 2}),
            "motifs": forms.Textarea(attrs={"rows": 5}),
            "date_effet": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "motifs": "Les éléments de la situation qui fondent la décision. Ils figurent "
            "dans la notification.",
            "date_effet": "Pour une suspension de l’aide au logement, l’effet est reporté au "
            "premier jour du mois qui suit la notification.",
            "date_fin": "Facultatif : date à laquelle la décision prend fin ou sera réexaminée.",
        }
        error_messages = {
            "motifs": {"required": "Indiquez les motifs de la décision."},
            "base_legale": {"required": "Indiquez la base légale de la décision."},
            "type": {"required": "Choisissez le type de décision."},
            "destinataire_organisation": {"required": "Choisissez le destinataire."},
            "date_effet": {"required": "Indiquez la date d’effet."},
        }

    def __init__(self, *args, menage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = TypeDecision.objects.du_departement(
            menage.departement_id
        ).filter(actif=True)
        self.fields["seance"].queryset = (
            Seance.objects.filter(examens__menage=menage, date__lte=timezone.now())
            .exclude(statut=StatutSeance.EN_PREPARATION, date__gt=timezone.now())
            .select_related("commission")
            .distinct()
            .order_by("-date")
        )
        self.fields["seance"].required = False
        self.fields["seance"].empty_label = "Aucune (procédure écrite)"
        self.fields["destinataire_organisation"].queryset = Organisation.objects.filter(
            departement_id=menage.departement_id, active=True
        ).order_by("nom")
        self.fields[
            "destinataire_organisation"
        ].help_text = "L’organisme payeur (CAF, MSA), le FSL, le SIAO ou le membre qui doit agir."
        if not self.initial.get("date_effet") and not self.instance.pk:
            self.initial["date_effet"] = timezone.localdate()


class LeverDecisionForm(BaseForm):
    motif = forms.CharField(
        label="Motif de la levée",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif de la levée."},
    )
