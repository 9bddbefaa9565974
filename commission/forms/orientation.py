from django import forms

from ccapex.forms import BaseForm, BaseModelForm
from dossiers.enums import CANAUX_ADMINISTRATIFS, CanalSaisine
from dossiers.models import RegleOrientation
from partenaires.models import Arrondissement, Commune, Epci, Organisation


class RegleOrientationForm(BaseModelForm):
    """Criteria of a dispatch rule; saved or applied once."""

    class Meta:
        model = RegleOrientation
        fields = ["nom", "canal", "arrondissement", "epci", "commune", "parc", "enfants",
                  "organisation"]  # fmt: skip

    def __init__(self, *args, departement, nom_obligatoire=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.departement = departement
        self.fields["nom"].required = nom_obligatoire
        self.fields["canal"].choices = [("", "Tous")] + [
            (c.value, c.label) for c in CanalSaisine if c in CANAUX_ADMINISTRATIFS
        ]
        self.fields["arrondissement"].queryset = Arrondissement.objects.filter(
            departement=departement
        )
        self.fields["epci"].queryset = Epci.objects.filter(departement=departement)
        self.fields["commune"].queryset = Commune.objects.filter(departement=departement)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            departement=departement, active=True
        )

    def validate_unique(self):
        if self.cleaned_data.get("nom"):
            super().validate_unique()


class OrientationForm(BaseForm):
    """An orientation decision: the member in charge, and possibly others that act too."""

    organisation = forms.ModelChoiceField(
        label="Orienter vers (membre chargé de l’accompagnement)",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choisissez le membre vers lequel orienter."},
    )
    autres = forms.ModelMultipleChoiceField(
        label="Orienter aussi vers",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Par exemple le FSL ou la commission de surendettement, en plus.",
    )
    motif = forms.CharField(
        label="Motifs de l’orientation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Facultatif : repris dans la décision d’orientation.",
    )

    def __init__(self, *args, departement_id, **kwargs):
        super().__init__(*args, **kwargs)
        membres = Organisation.objects.filter(departement_id=departement_id, active=True)
        self.fields["organisation"].queryset = membres
        self.fields["autres"].queryset = membres
