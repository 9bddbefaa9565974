"""The household list's filters: one FilterSet for the HTML page, the CSV export and the API."""

from datetime import timedelta

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ccapex.forms import BaseForm
from dossiers.enums import StatutMenage, Vulnerabilite
from dossiers.models import Menage, Saisine
from partenaires.enums import OrigineSaisine
from partenaires.models import Arrondissement, Commune, Epci
from procedure.enums import Motif, Parc, Stade


class MenageFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        label="Rechercher",
        method="filtrer_recherche",
        help_text="Nom, numéro de dossier, adresse ou numéro RG (sans tenir compte des accents).",
    )
    stade = filters.MultipleChoiceFilter(
        label="Stade de la procédure",
        choices=Stade.choices,
        field_name="stade",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # an annotation: no join, hence no duplicate to remove
    )
    motif = filters.ChoiceFilter(label="Motif", choices=Motif.choices, field_name="motif")
    parc = filters.ChoiceFilter(label="Parc", choices=Parc.choices, field_name="parc")
    arrondissement = filters.ModelChoiceFilter(
        empty_label="Tous",
        label="Arrondissement",
        field_name="commune__arrondissement",
        queryset=Arrondissement.objects.none(),
    )
    epci = filters.ModelChoiceFilter(
        empty_label="Tous", label="EPCI", field_name="commune__epci", queryset=Epci.objects.none()
    )
    commune = filters.ModelChoiceFilter(
        empty_label="Tous", label="Commune", queryset=Commune.objects.none()
    )
    vulnerabilite = filters.MultipleChoiceFilter(
        label="Vulnérabilité",
        choices=Vulnerabilite.choices,
        method="filtrer_vulnerabilite",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    echeance_dans = filters.NumberFilter(
        label="Échéance dans les N jours",
        method="filtrer_echeance",
        min_value=0,
        # Ten years: beyond it no deadline differs, and a huge number overflows the date.
        max_value=3650,
        help_text="Les échéances dépassées sont comprises.",
    )
    origine = filters.ChoiceFilter(
        label="Origine d’une saisine", choices=OrigineSaisine.choices, method="filtrer_origine"
    )
    statut = filters.ChoiceFilter(
        label="Statut du dossier",
        choices=[(v, label) for v, label in StatutMenage.choices if v != StatutMenage.FUSIONNE],
    )
    tri = filters.OrderingFilter(
        label="Trier par",
        fields=[
            ("prochaine_echeance", "echeance"),
            ("numero", "numero"),
            ("nom_reference", "nom"),
            ("cree_le", "creation"),
            ("dette", "dette"),
        ],
        field_labels={
            "echeance": "Prochaine échéance",
            "-echeance": "Prochaine échéance (la plus lointaine d’abord)",
            "numero": "Numéro",
            "-numero": "Numéro (décroissant)",
            "nom": "Nom",
            "-nom": "Nom (Z → A)",
            "creation": "Date de création",
            "-creation": "Date de création (récents d’abord)",
            "dette": "Dette",
            "-dette": "Dette (la plus élevée d’abord)",
        },
    )

    class Meta:
        model = Menage
        fields: list[str] = []
        form = BaseForm

    def __init__(self, *args, departement_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["arrondissement"].queryset = Arrondissement.objects.filter(
            departement_id__in=departement_ids
        )
        self.filters["epci"].queryset = Epci.objects.filter(departement_id__in=departement_ids)
        self.filters["commune"].queryset = Commune.objects.filter(
            departement_id__in=departement_ids
        )

    def filtrer_recherche(self, queryset, name, value):
        return queryset.recherche(value)

    def filtrer_vulnerabilite(self, queryset, name, value):
        return queryset.filter(vulnerabilites__overlap=value) if value else queryset

    def filtrer_echeance(self, queryset, name, value):
        limite = timezone.localdate() + timedelta(days=int(value))
        return queryset.filter(prochaine_echeance__lte=limite)

    def filtrer_origine(self, queryset, name, value):
        return queryset.filter(Exists(Saisine.objects.filter(menage=OuterRef("pk"), origine=value)))
