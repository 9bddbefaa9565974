from django import forms
from django.forms import inlineformset_factory

from ccapex.forms import BaseForm, BaseModelForm
from dossiers.enums import Vulnerabilite
from dossiers.models import MembreMenage, Menage, Mesure, Ressource
from partenaires.enums import TypeOrganisation
from partenaires.models import Commune, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TYPES_SERVICE_SOCIAL = [
    TypeOrganisation.SERVICE_SOCIAL,
    TypeOrganisation.CCAS,
    TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    TypeOrganisation.ASSOCIATION,
    TypeOrganisation.UDAF,
    TypeOrganisation.CAF,
]


class MenageForm(BaseModelForm):
    vulnerabilites = forms.MultipleChoiceField(
        label="Vulnérabilités",
        choices=Vulnerabilite.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Menage
        fields = [
            "adresse",
            "complement_adresse",
            "commune",
            "telephone",
            "email",
            "organisme_payeur",
            "numero_allocataire",
            "aide_logement",
            "aide_logement_montant",
            "aide_logement_etat",
            "vulnerabilites",
            "connu_services_sociaux",
            "service_social",
            "referent_social",
            "dls_statut",
            "dls_numero",
            "dls_date",
            "dalo_depose",
            "dalo_prioritaire",
            "dalo_date",
            "observations",
        ]
        widgets = {
            "dls_date": DATE,
            "dalo_date": DATE,
            "observations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(departement=departement)
        self.fields["service_social"].queryset = Organisation.objects.actives().filter(
            departement=departement, type__in=TYPES_SERVICE_SOCIAL
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        donnees = super().clean()
        if donnees.get("service_social") and not donnees.get("connu_services_sociaux"):
            donnees["connu_services_sociaux"] = True
        if donnees.get("dalo_prioritaire") and not donnees.get("dalo_depose"):
            self.add_error("dalo_depose", "Un ménage reconnu prioritaire a déposé un recours DALO.")
        return donnees


class CreationMenageForm(MenageForm):
    """A new dossier: the household's address and the person who holds the lease."""

    nom = forms.CharField(label="Nom du titulaire du bail", max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    date_naissance = forms.DateField(label="Date de naissance", required=False, widget=DATE)
    creer_malgre_doublons = forms.BooleanField(
        label="Aucun de ces dossiers n’est ce ménage : créer un nouveau dossier", required=False
    )

    field_order = ["nom", "prenom", "date_naissance"]


class MembreForm(BaseModelForm):
    class Meta:
        model = MembreMenage
        fields = ["nom", "prenom", "date_naissance", "lien"]
        widgets = {"date_naissance": DATE}


class RessourceForm(BaseModelForm):
    class Meta:
        model = Ressource
        fields = ["nature", "montant_mensuel"]


class MesureForm(BaseModelForm):
    class Meta:
        model = Mesure
        fields = [
            "type",
            "etape_surendettement",
            "date_debut",
            "date_fin",
            "operateur",
            "commentaire",
        ]
        widgets = {"date_debut": DATE, "date_fin": DATE}

    def clean(self):
        donnees = super().clean()
        if donnees.get("etape_surendettement") and donnees.get("type") != "surendettement":
            self.add_error("etape_surendettement", "Seul un dossier de surendettement a une étape.")
        return donnees


MembreFormSet = inlineformset_factory(
    Menage, MembreMenage, form=MembreForm, extra=1, can_delete=True
)
RessourceFormSet = inlineformset_factory(
    Menage, Ressource, form=RessourceForm, extra=1, can_delete=True
)
MesureFormSet = inlineformset_factory(Menage, Mesure, form=MesureForm, extra=1, can_delete=True)


class FusionForm(BaseForm):
    confirmer = forms.BooleanField(
        label="Je confirme que ces deux dossiers concernent le même ménage", required=True
    )


class ExportConsultationsForm(BaseForm):
    du = forms.DateField(label="Du", widget=DATE)
    au = forms.DateField(label="Au", widget=DATE)

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La date de fin précède la date de début.")
        return donnees


class NoteForm(BaseForm):
    """A note written on the dossier: one line of its journal, dated and signed."""

    prefix = "note"

    texte = forms.CharField(
        label="Note",
        max_length=493,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="493 caractères au plus ; elle rejoint le journal du dossier.",
        error_messages={"required": "Écrivez la note avant de l’enregistrer."},
    )
