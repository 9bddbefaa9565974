from django import forms

from ccapex.forms import BaseForm
from commission.models import Commission


class TransfertForm(BaseForm):
    vers = forms.ModelChoiceField(
        label="Transférer à",
        queryset=Commission.objects.none(),
        error_messages={
            "required": "Choisissez la commission.",
            "invalid_choice": "Choisissez une commission de la liste.",
        },
    )
    motif = forms.CharField(
        label="Motif du transfert",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez le motif du transfert."},
    )

    def __init__(self, *args, menage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers"].queryset = Commission.objects.filter(
            departement_id=menage.departement_id, active=True
        )
