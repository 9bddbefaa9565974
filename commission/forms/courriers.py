"""The letter template form: placeholders are checked at save time."""

from django import forms
from django.core.exceptions import ValidationError

from ccapex.forms import BaseModelForm
from commission.models import ModeleCourrier
from commission.services.courriers import valider_gabarit


class ModeleCourrierForm(BaseModelForm):
    class Meta:
        model = ModeleCourrier
        fields = ["type", "pour_menage", "objet", "corps", "actif"]
        widgets = {"corps": forms.Textarea(attrs={"rows": 18})}

    def _gabarit(self, champ):
        texte = self.cleaned_data.get(champ, "")
        try:
            valider_gabarit(texte)
        except ValidationError as erreur:
            raise ValidationError(erreur.messages) from erreur
        return texte

    def clean_objet(self):
        return self._gabarit("objet")

    def clean_corps(self):
        return self._gabarit("corps")
