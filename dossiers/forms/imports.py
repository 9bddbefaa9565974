from django import forms

from ccapex.forms import BaseForm
from dossiers.enums import TypeImport


class ImportForm(BaseForm):
    type = forms.ChoiceField(label="Type de signalements", choices=TypeImport.choices)
    fichier = forms.FileField(
        label="Fichier",
        help_text="CSV (séparateur « ; » ou « , ») ou classeur Excel .xlsx, 30 Mo au plus.",
    )
