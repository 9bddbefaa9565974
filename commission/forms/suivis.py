"""Answers to the 6-month follow-up, the 12-month review, a reported change."""

from django import forms

from ccapex.forms import BaseForm, BaseModelForm
from commission.enums import REPONSES_SUIVI
from commission.models import Bilan


class ReponseSuiviForm(BaseForm):
    reponse = forms.ChoiceField(
        label="La préconisation a-t-elle été mise en œuvre ?",
        choices=[(r.value, r.label) for r in REPONSES_SUIVI],
        widget=forms.RadioSelect,
    )
    commentaire = forms.CharField(
        label="Commentaire", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class BilanForm(BaseModelForm):
    class Meta:
        model = Bilan
        fields = [
            "situation",
            "dette_soldee",
            "surendettement_recevable",
            "fsl_accorde",
            "pcs_signe",
            "commentaire",
        ]
        widgets = {"situation": forms.RadioSelect, "commentaire": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].required = True
        self.fields["situation"].choices = [c for c in self.fields["situation"].choices if c[0]]
        self.fields["situation"].error_messages["required"] = "Indiquez la situation du ménage."


class SignalementForm(BaseForm):
    texte = forms.CharField(
        label="Changement de situation",
        help_text="Par exemple : relogement, reprise du paiement, départ du logement.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Décrivez le changement de situation."},
    )
