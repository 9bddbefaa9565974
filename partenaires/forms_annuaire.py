from django import forms
from django.db.models import Q

from ccapex.forms import BaseForm, BaseModelForm

from .models import Commune, Dispositif, Epci, Referent, TypeDispositif


class RechercheAnnuaireForm(BaseForm):
    commune = forms.CharField(
        label="Commune",
        required=False,
        max_length=150,
        help_text="Nom, code postal ou code INSEE ; sans tenir compte des accents.",
        widget=forms.TextInput(attrs={"list": "communes-annuaire"}),
    )
    type = forms.ModelChoiceField(
        label="Besoin (type de dispositif)",
        queryset=TypeDispositif.objects.none(),
        required=False,
        empty_label="Tous les besoins",
    )
    q = forms.CharField(
        label="Nom d’organisation, de référent ou de dispositif", required=False, max_length=100
    )

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = TypeDispositif.objects.filter(
            departement=departement, actif=True
        )


class _EntreeForm(BaseModelForm):
    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epcis"].queryset = Epci.objects.filter(departement=departement)
        self.fields["communes"].queryset = Commune.objects.filter(departement=departement)
        for nom in ("epcis", "communes"):
            self.fields[nom].widget.attrs["size"] = 8
            self.fields[nom].help_text += " Plusieurs choix : Ctrl (ou Cmd) + clic."


class ReferentForm(_EntreeForm):
    class Meta:
        model = Referent
        fields = ["nom", "fonction", "telephone", "email", "types", "epcis", "communes"]
        widgets = {
            "types": forms.CheckboxSelectMultiple,
            "telephone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
        }

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, departement=departement, **kwargs)
        self.fields["types"].queryset = TypeDispositif.objects.filter(
            departement=departement, actif=True
        )


class DispositifForm(_EntreeForm):
    class Meta:
        model = Dispositif
        fields = [
            "type", "nom", "description", "comment_joindre", "adresse", "telephone", "email",
            "horaires", "epcis", "communes",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "comment_joindre": forms.Textarea(attrs={"rows": 3}),
            "telephone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, departement=departement, **kwargs)
        # A deactivated type is no longer offered, except on the schemes that carry it.
        self.fields["type"].queryset = TypeDispositif.objects.filter(
            Q(actif=True) | Q(pk=self.instance.type_id), departement=departement
        )


class TypeDispositifForm(BaseModelForm):
    class Meta:
        model = TypeDispositif
        fields = ["libelle", "code", "description", "ordre", "actif"]
        help_texts = {"code": "Lettres minuscules, chiffres et tirets."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement

    def clean_code(self):
        code = self.cleaned_data["code"]
        autres = TypeDispositif.objects.filter(departement=self.departement, code=code)
        if self.instance.pk:
            autres = autres.exclude(pk=self.instance.pk)
        if autres.exists():
            raise forms.ValidationError("Un type de dispositif porte déjà ce code.")
        return code

    def _post_clean(self):
        self.instance.departement = self.departement
        super()._post_clean()
