from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)

from ccapex.forms import BaseForm

from .connexion import normaliser_email


class ConnexionForm(BaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Les deux champs tiennent compte "
            "des majuscules pour le mot de passe."
        ),
        "inactive": "Ce compte est désactivé. Contactez l’administrateur de votre CCAPEX.",
    }

    def clean_username(self):
        # The backend and the lockout counter (AXES_USERNAME_CALLABLE) see the same spelling.
        return normaliser_email(self.cleaned_data.get("username"))


class MotDePasseOublieForm(BaseForm, PasswordResetForm):
    def clean_email(self):
        return normaliser_email(self.cleaned_data.get("email"))

    def save(self, *args, extra_email_context=None, **kwargs):
        # Links in e-mails use SITE_URL, never the request's Host header.
        contexte = {**(extra_email_context or {}), "site_url": settings.SITE_URL}
        return super().save(*args, extra_email_context=contexte, **kwargs)


class NouveauMotDePasseForm(BaseForm, SetPasswordForm):
    pass


class CodeSecondFacteurForm(BaseForm):
    code = forms.CharField(
        label="Code à 6 chiffres",
        help_text=(
            "Le code affiché par votre application d’authentification "
            "(il change toutes les 30 secondes)."
        ),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        return code


class ChoixAdhesionForm(BaseForm):
    adhesion = forms.TypedChoiceField(label="Agir au nom de", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, adhesions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adhesion"].choices = [
            (a.pk, f"{a.organisation.nom} — {a.get_role_display()}") for a in adhesions
        ]
