from django import forms

from ccapex.forms import BaseModelForm
from partenaires.enums import TypeOrganisation
from partenaires.models import Commune, Organisation

from .enums import TypeActe
from .models import ActeProcedure, EtatDette, Procedure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Fields an act of each type carries beyond its date (the rest stay empty).
CHAMPS_PAR_TYPE = {
    TypeActe.CDP: ["mois_impayes"],
    TypeActe.ASSIGNATION: ["date_audience", "date_notification_prefet"],
    TypeActe.AUDIENCE: ["presence", "aide_juridictionnelle"],
    TypeActe.JUGEMENT: [
        "issue_jugement",
        "presence",
        "aide_juridictionnelle",
        "delais_paiement_mois",
        "delai_quitter_lieux_jours",
    ],
    TypeActe.OCTROI_CFP: ["date_expulsion_prevue"],
    TypeActe.EXPULSION: ["exception_treve"],
}
CHAMPS_SPECIFIQUES = sorted({champ for champs in CHAMPS_PAR_TYPE.values() for champ in champs})


class ProcedureForm(BaseModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Procedure
        fields = [
            "locataires",
            "adresse",
            "complement_adresse",
            "commune",
            "parc",
            "motif",
            "bailleur_organisation",
            "bailleur_nom",
            "bailleur_nature",
            "loyer_hc",
            "charges",
            "numero_rg",
            "tribunal",
        ]
        help_texts = {
            "locataires": "Tels que nommés dans les actes, par exemple « M. et Mme Dupont ».",
            "loyer_hc": "En euros, hors charges : il sert au seuil de signalement.",
        }

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(departement=departement)
        self.fields["bailleur_organisation"].queryset = Organisation.objects.actives().filter(
            departement=departement,
            type__in=[TypeOrganisation.BAILLEUR_SOCIAL, TypeOrganisation.BAILLEUR_PRIVE],
        )
        self.fields["bailleur_organisation"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        donnees = super().clean()
        if not donnees.get("bailleur_organisation") and not donnees.get("bailleur_nom"):
            self.add_error(
                "bailleur_nom",
                "Indiquez le bailleur : choisissez une organisation ou écrivez son nom.",
            )
        return donnees


class ActeForm(BaseModelForm):
    """The fields of one act type; `type` comes from the form data or the instance."""

    montant_dette = forms.DecimalField(
        label="Montant de la dette à cette date (€)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text="Si l’acte mentionne la dette : elle rejoint l’historique de la dette.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActeProcedure
        fields = ["type", "date", *CHAMPS_SPECIFIQUES, "commentaire"]
        widgets = {
            "date": DATE,
            "date_audience": DATE,
            "date_notification_prefet": DATE,
            "date_expulsion_prevue": DATE,
            "commentaire": forms.Textarea(attrs={"rows": 2}),
            "aide_juridictionnelle": forms.NullBooleanSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type_ = (
            self.data.get(self.add_prefix("type")) or self.instance.type or self.initial.get("type")
        )
        self.type_choisi = type_ if type_ in TypeActe.values else ""
        gardes = set(CHAMPS_PAR_TYPE.get(self.type_choisi, []))
        for champ in CHAMPS_SPECIFIQUES:
            if champ not in gardes:
                del self.fields[champ]
        if "issue_jugement" in self.fields:
            self.fields["issue_jugement"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["montant_dette"]
        self.fields["type"].widget.attrs["data-acte-type"] = ""

    def champs_du_modele(self) -> dict:
        """The cleaned values the services take (form-only fields left out)."""
        return {
            nom: valeur
            for nom, valeur in self.cleaned_data.items()
            if nom not in {"montant_dette", "version"}
        }


class DetteForm(BaseModelForm):
    class Meta:
        model = EtatDette
        fields = ["date", "montant", "mois_impayes", "commentaire"]
        widgets = {"date": DATE}
