from django import forms
from django.contrib.auth.password_validation import validate_password

from ccapex.forms import BaseForm, BaseModelForm

from .connexion import normaliser_email
from .enums import Role
from .models import Arrondissement, Epci, Organisation
from .services import DUREES_CLE_API


class OrganisationForm(BaseModelForm):
    class Meta:
        model = Organisation
        fields = [
            "nom",
            "type",
            "arrondissement",
            "epci",
            "siret",
            "email_contact",
            "telephone",
            "siege_commission",
            "active",
        ]

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement
        self.fields["arrondissement"].queryset = Arrondissement.objects.filter(
            departement=departement
        )
        self.fields["epci"].queryset = Epci.objects.filter(departement=departement)

    def clean(self):
        donnees = super().clean()
        if donnees.get("arrondissement") and donnees.get("epci"):
            self.add_error("epci", "Choisissez un arrondissement ou un EPCI, pas les deux.")
        return donnees

    def _post_clean(self):
        self.instance.departement = self.departement
        super()._post_clean()


class InvitationForm(BaseForm):
    email = forms.EmailField(label="Adresse électronique")
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none()
    )
    # No default: a role opening a whole département must be chosen, never defaulted to.
    role = forms.ChoiceField(label="Rôle", choices=[("", "Choisir un rôle"), *Role.choices])

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.actives().filter(
            departement=departement
        )

    def clean_email(self):
        return normaliser_email(self.cleaned_data.get("email"))


class InscriptionForm(BaseForm):
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    mot_de_passe = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères, pas uniquement des chiffres ni un mot courant.",
    )
    confirmation = forms.CharField(
        label="Confirmation du mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        donnees = super().clean()
        mot_de_passe = donnees.get("mot_de_passe")
        if mot_de_passe and mot_de_passe != donnees.get("confirmation"):
            self.add_error("confirmation", "Les deux mots de passe ne sont pas identiques.")
        elif mot_de_passe:
            from .models import Utilisateur

            try:
                validate_password(
                    mot_de_passe,
                    Utilisateur(
                        email=self.email,
                        prenom=donnees.get("prenom", ""),
                        nom=donnees.get("nom", ""),
                    ),
                )
            except forms.ValidationError as erreur:
                self.add_error("mot_de_passe", erreur)
        return donnees


class CleApiForm(BaseForm):
    nom = forms.CharField(
        label="Nom de la clé",
        max_length=100,
        help_text="Le logiciel ou l’usage qui s’en servira, par exemple « Logiciel de gestion "
        "locative ».",
    )
    duree = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        choices=[(d, f"{d} jours") for d in DUREES_CLE_API],
        initial=90,
    )
