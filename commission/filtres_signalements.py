"""Filters of the administrative reports list (secretariat) and of the partner's list."""

import django_filters as filters

from ccapex.forms import BaseForm, OuiNonTous
from dossiers.enums import CANAUX_ADMINISTRATIFS, CanalSaisine, StatutSaisine
from dossiers.models import Saisine
from partenaires.models import Commune, Organisation
from procedure.enums import Parc

STATUTS = [StatutSaisine.ENREGISTREE, StatutSaisine.ORIENTEE, StatutSaisine.PRISE_EN_CHARGE,
           StatutSaisine.CLOSE]  # fmt: skip


class SignalementFilterSet(filters.FilterSet):
    canal = filters.ChoiceFilter(
        label="Type",
        choices=[(c.value, c.label) for c in CanalSaisine if c in CANAUX_ADMINISTRATIFS],
    )
    statut = filters.ChoiceFilter(label="Statut", choices=[(s.value, s.label) for s in STATUTS])
    commune = filters.ModelChoiceFilter(
        empty_label="Tous", label="Commune", queryset=Commune.objects.none()
    )
    parc = filters.ChoiceFilter(label="Parc", choices=Parc.choices)
    orientee = filters.BooleanFilter(
        label="Orienté",
        field_name="orientee_vers",
        lookup_expr="isnull",
        exclude=True,
        widget=OuiNonTous,
    )
    orientee_vers = filters.ModelChoiceFilter(
        empty_label="Tous", label="Orienté vers", queryset=Organisation.objects.none()
    )
    reference = filters.CharFilter(
        label="Référence ou nom", method="filtrer_reference", help_text="Référence, numéro ou nom."
    )

    class Meta:
        model = Saisine
        fields: list[str] = []
        form = BaseForm

    def __init__(self, *args, departement_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["commune"].queryset = Commune.objects.filter(
            departement_id__in=departement_ids
        )
        self.filters["orientee_vers"].queryset = Organisation.objects.filter(
            departement_id__in=departement_ids, active=True
        )

    def filtrer_reference(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(
            Q(reference_source__iexact=value) | Q(numero__iexact=value) | Q(nom__icontains=value)
        )


class SignalementPartenaireFilterSet(filters.FilterSet):
    a_prendre = filters.BooleanFilter(
        label="À prendre en charge",
        field_name="prise_en_charge_le",
        lookup_expr="isnull",
        widget=OuiNonTous,
    )

    class Meta:
        model = Saisine
        fields: list[str] = []
        form = BaseForm
