"""Forms of the commission's work: commissions and members, sessions, the session sheet, and
the reference list of recommendation types."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ccapex.forms import BaseForm, BaseModelForm
from commission.enums import TypeCommission, TypeSeance
from commission.models import Commission, Examen, TypePreconisation
from partenaires.models import Arrondissement, Epci, Organisation, Utilisateur

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HEURE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def utilisateurs_de(organisations):
    """People with an active membership in one of these organisations."""
    return (
        Utilisateur.objects.filter(
            adhesions__organisation__in=organisations,
            adhesions__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("nom", "prenom")
    )


class CommissionForm(BaseModelForm):
    class Meta:
        model = Commission
        fields = ["nom", "type", "arrondissement", "epci", "active"]

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement
        self.fields["arrondissement"].queryset = Arrondissement.objects.filter(
            departement=departement
        )
        self.fields["epci"].queryset = Epci.objects.filter(departement=departement)

    def clean(self):
        donnees = super().clean()
        local = donnees.get("type") == TypeCommission.LOCALE
        perimetres = [p for p in ("arrondissement", "epci") if donnees.get(p)]
        if local and len(perimetres) != 1:
            self.add_error(
                "arrondissement", "Une commission locale couvre un arrondissement ou un EPCI."
            )
        if not local and perimetres:
            self.add_error(
                perimetres[0], "La commission départementale couvre tout le département."
            )
        return donnees

    def _post_clean(self):
        self.instance.departement = self.departement
        super()._post_clean()


class MembreForm(BaseForm):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none()
    )
    representants = forms.ModelMultipleChoiceField(
        label="Représentants",
        queryset=Utilisateur.objects.none(),
        required=False,
        help_text="Des personnes de cette organisation ; plusieurs choix possibles.",
    )

    def __init__(self, *args, commission, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            departement_id=commission.departement_id, active=True
        ).exclude(pk__in=commission.membres.values("organisation_id"))
        self.fields["organisation"].queryset = organisations
        self.fields["representants"].queryset = utilisateurs_de(organisations)

    def clean(self):
        donnees = super().clean()
        organisation, representants = donnees.get("organisation"), donnees.get("representants")
        if organisation and representants:
            autorises = set(utilisateurs_de([organisation]).values_list("pk", flat=True))
            if any(r.pk not in autorises for r in representants):
                self.add_error("representants", "Un représentant n’est pas de cette organisation.")
        return donnees


class RepresentantsForm(BaseForm):
    representants = forms.ModelMultipleChoiceField(
        label="Représentants", queryset=Utilisateur.objects.none(), required=False
    )

    def __init__(self, *args, membre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representants"].queryset = utilisateurs_de([membre.organisation_id])
        self.fields["representants"].label = f"Représentants de {membre.organisation}"
        self.auto_id = f"id_membre{membre.pk}_%s"
        self._bound_fields_cache.clear()  # the DSFR base form already bound the fields


class SeanceForm(BaseForm):
    commission = forms.ModelChoiceField(label="Commission", queryset=Commission.objects.none())
    date = forms.DateTimeField(label="Date et heure", widget=DATE_HEURE)
    lieu = forms.CharField(label="Lieu", max_length=200)
    type = forms.ChoiceField(label="Type de séance", choices=TypeSeance.choices)

    def __init__(self, *args, departement_ids, modification=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = Commission.objects.filter(
            departement_id__in=departement_ids, active=True
        )
        if modification:
            del self.fields["commission"]

    def clean_date(self):
        valeur = self.cleaned_data["date"]
        if valeur.year < timezone.localdate().year - 1:
            raise forms.ValidationError("Cette date est trop ancienne pour une séance.")
        return valeur


class ExamenForm(BaseModelForm):
    """The session sheet of one situation; `version` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Examen
        fields = ["question", "synthese", "informations_membres", "avis", "a_reexaminer"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "synthese": forms.Textarea(attrs={"rows": 5}),
            "informations_membres": forms.Textarea(attrs={"rows": 4}),
            "avis": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"a_reexaminer": "À réexaminer lors d’une prochaine séance"}

    def __init__(self, *args, autosave_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"id_examen{self.instance.pk}_%s"
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        if autosave_url:
            # Each field saves itself; requests of one form run one after another so that
            # each carries the version the previous one returned.
            for nom, champ in self.fields.items():
                if nom == "version":
                    continue
                champ.widget.attrs.update(
                    {
                        "hx-post": autosave_url,
                        "hx-trigger": "change"
                        if nom == "a_reexaminer"
                        else "input changed delay:800ms, change",
                        "hx-target": f"#statut-examen-{self.instance.pk}",
                        "hx-swap": "outerHTML",
                        "hx-sync": "closest form:queue last",
                    }
                )


MENAGE = "menage"


class PreconisationForm(BaseForm):
    type = forms.ModelChoiceField(label="Type", queryset=TypePreconisation.objects.none())
    destinataire = forms.ChoiceField(label="Destinataire")
    texte = forms.CharField(
        label="Précisions", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    echeance = forms.DateField(label="Échéance", widget=DATE, required=False)

    def __init__(self, *args, examen, organisations, types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"id_preco{examen.pk}_%s"
        self.fields["type"].queryset = TypePreconisation.objects.filter(
            departement_id=examen.seance.commission.departement_id, actif=True
        )
        if types is not None:
            # One list for every examination of the sheet: no query per form.
            self.fields["type"].choices = [("", "Choisir…"), *[(t.pk, t.libelle) for t in types]]
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["destinataire"].choices = [
            ("", "Choisir…"),
            (MENAGE, "Le ménage"),
            *[(pk, o.nom) for pk, o in self.organisations.items()],
        ]

    def clean_echeance(self):
        valeur = self.cleaned_data["echeance"]
        if valeur and valeur < timezone.localdate():
            raise forms.ValidationError("L’échéance est déjà passée.")
        return valeur

    def valeurs(self) -> dict:
        donnees = dict(self.cleaned_data)
        destinataire = donnees.pop("destinataire")
        donnees["destinataire_menage"] = destinataire == MENAGE
        donnees["destinataire_organisation"] = self.organisations.get(destinataire)
        return donnees


class TypePreconisationForm(BaseModelForm):
    class Meta:
        model = TypePreconisation
        fields = ["libelle", "code", "ordre", "actif"]
        help_texts = {"code": "Lettres minuscules, chiffres et tirets ; sert aux statistiques."}

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement
        if self.instance.pk:
            # The code identifies the type in the statistics: it does not change.
            self.fields["code"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"]
        autres = TypePreconisation.objects.filter(departement=self.departement, code=code)
        if self.instance.pk:
            autres = autres.exclude(pk=self.instance.pk)
        if autres.exists():
            raise forms.ValidationError("Un type de préconisation porte déjà ce code.")
        return code

    def _post_clean(self):
        self.instance.departement = self.departement
        super()._post_clean()
