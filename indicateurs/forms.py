from django import forms
from django.utils import timezone

from ccapex.forms import BaseForm, BaseModelForm

from . import parc as parcs
from . import territoires
from .models import ObjectifCharte
from .referentiel import declarables_pour

PREMIERE_ANNEE = 2015


def _annees():
    return [(a, str(a)) for a in range(timezone.localdate().year, PREMIERE_ANNEE - 1, -1)]


class FiltreForm(BaseForm):
    """Year, territory and parc of a balance; the territories are those of the user's
    département."""

    annee = forms.TypedChoiceField(label="Année", coerce=int, choices=())
    territoire = forms.ChoiceField(label="Territoire", choices=(), required=False)
    parc = forms.ChoiceField(label="Parc", choices=parcs.CHOIX, required=False)

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement
        self.fields["annee"].choices = _annees()
        self.fields["territoire"].choices = territoires.choix(departement)

    def valeurs(self):
        """(year, Territoire, parc): each valid field's value, else last year, the département
        and every parc."""
        donnees = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the fields that are valid
            donnees = self.cleaned_data
        annee = donnees.get("annee") or timezone.localdate().year - 1
        code = donnees.get("territoire")
        territoire = territoires.depuis_code(code, self.departement) if code else None
        parc = parcs.valide(donnees.get("parc"))
        return annee, territoire or territoires.du_departement(self.departement), parc


class DeclarationForm(BaseForm):
    indicateur = forms.ChoiceField(label="Indicateur", choices=())
    annee = forms.TypedChoiceField(label="Année", coerce=int, choices=())
    territoire = forms.ChoiceField(label="Territoire", choices=())
    valeur = forms.DecimalField(
        label="Valeur", min_value=0, max_digits=14, decimal_places=2, localize=True
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].choices = [
            (i.code, i.libelle) for i in declarables_pour(organisation.type)
        ]
        self.fields["annee"].choices = _annees()
        self.fields["territoire"].choices = territoires.choix(organisation.departement)


class ImportDeclarationsForm(BaseForm):
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="Colonnes : indicateur ; annee ; territoire ; valeur (une ligne par donnée).",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > 1_000_000:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        try:
            return fichier.read().decode("utf-8-sig")
        except UnicodeDecodeError as erreur:
            raise forms.ValidationError("Le fichier doit être un CSV encodé en UTF-8.") from erreur


class ObjectifForm(BaseModelForm):
    class Meta:
        model = ObjectifCharte
        fields = ["indicateur", "annee_cible", "valeur_depart", "cible"]
        localized_fields = ["valeur_depart", "cible"]
