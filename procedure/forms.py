from django import forms

from ccapex.forms import BaseModelForm
from partenaires.enums import TypeOrganisation
from partenaires.models import Commune, Organisation

from .enums import TypeActe
from .models import ActeProcedure, EtatDette, Procedure, RegleJuridique

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Fields an act of each type carries beyond its date (the rest stay empty).
CHAMPS_PAR_TYPE = {
    TypeActe.CDP: ["mois_impayes"],
    TypeActe.ASSIGNATION: ["date_audience", "date_notification_prefet"],
    TypeActe.DELAI_GRACE: ["delai_grace_mois"],
    TypeActe.AUDIENCE: ["presence", "aide_juridictionnelle"],
    TypeActe.JUGEMENT: [
        "issue_jugement",
        "presence",
        "aide_juridictionnelle",
        "delais_paiement_mois",
        "delai_quitter_lieux_jours",
        "motif_exception_treve",
    ],
    TypeActe.OCTROI_CFP: ["date_expulsion_prevue", "motif_exception_treve"],
    TypeActe.EXPULSION: ["exception_treve", "motif_exception_treve"],
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
            "date_bail",
            "date_renouvellement_bail",
            "date_premier_impaye",
            "numero_rg",
            "tribunal",
        ]
        widgets = {
            "date_bail": DATE,
            "date_renouvellement_bail": DATE,
            "date_premier_impaye": DATE,
        }
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
        bail, renouvellement = donnees.get("date_bail"), donnees.get("date_renouvellement_bail")
        if bail and renouvellement and renouvellement < bail:
            self.add_error(
                "date_renouvellement_bail",
                "Le renouvellement ne peut pas précéder la signature du bail.",
            )
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
        if self.add_prefix("confirmer_doublon") in self.data:
            self.demander_confirmation()

    def demander_confirmation(self) -> None:
        """Shown after a same-type act was found close in time (`ActeEnDouble`)."""
        self.fields["confirmer_doublon"] = forms.BooleanField(
            label="Enregistrer quand même",
            required=False,
            help_text="Cochez si cet acte est bien distinct de celui déjà enregistré.",
        )

    @property
    def doublon_accepte(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("confirmer_doublon"))

    def champs_du_modele(self) -> dict:
        """The cleaned values the services take (form-only fields left out)."""
        return {
            nom: valeur
            for nom, valeur in self.cleaned_data.items()
            if nom not in {"montant_dette", "version", "confirmer_doublon"}
        }


class DetteForm(BaseModelForm):
    class Meta:
        model = EtatDette
        fields = ["date", "montant", "mois_impayes", "commentaire"]
        widgets = {"date": DATE}


class RegleJuridiqueForm(BaseModelForm):
    """A version of a legal delay, threshold or setting (administrator only)."""

    class Meta:
        model = RegleJuridique
        fields = [
            "cle",
            "departement_code",
            "valeur",
            "unite",
            "texte",
            "valide_du",
            "valide_jusqu_au",
            "source",
            "a_verifier",
        ]
        widgets = {
            "valide_du": DATE,
            "valide_jusqu_au": DATE,
            "source": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, departement_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        # National, or the administrator's own département (former prefectoral thresholds).
        self.fields["departement_code"] = forms.ChoiceField(
            label="Portée",
            choices=[("", "Nationale"), (departement_code, f"Département {departement_code}")],
            required=False,
        )
        if self.instance.pk:
            # A version keeps its rule and scope: a new rule is a new version.
            for nom in ("cle", "departement_code"):
                self.fields[nom].disabled = True
