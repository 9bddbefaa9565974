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


class TypeDecisionForm(BaseModelForm):
    """A kind of decision the département adds to the national ones."""

    class Meta:
        model = TypeDecision
        fields = ["libelle", "code", "nature", "base_legale", "ordre", "actif"]
        widgets = {"base_legale": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "code": "Lettres minuscules, chiffres et tirets ; sert aux statistiques.",
            "nature": "Ce que fait la décision : elle compte sous cette nature dans le bilan.",
            "base_legale": "Proposée dans le formulaire de décision, modifiable à chaque fois.",
        }

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement
        if self.instance.pk:
            # The code and the nature identify the kind in the statistics: they do not change.
            self.fields["code"].disabled = True
            self.fields["nature"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"]
        autres = TypeDecision.objects.du_departement(self.departement.pk).filter(code=code)
        if self.instance.pk:
            autres = autres.exclude(pk=self.instance.pk)
        if autres.exists():
            raise forms.ValidationError("Un type de décision porte déjà ce code.")
        return code

    def _post_clean(self):
        self.instance.departement = self.departement
        super()._post_clean()
