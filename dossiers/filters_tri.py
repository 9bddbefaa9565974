"""The triage queue's filters (search, status, origin, urgency, territory, age) and its order:
urgent first (a known eviction date, soonest first), then the newest."""

from datetime import timedelta

import django_filters as filters
from django.db.models import F, Q
from django.utils import timezone

from ccapex.forms import BaseForm
from dossiers.enums import STATUTS_A_TRIER, StatutSaisine
from dossiers.models import Saisine
from partenaires.enums import OrigineSaisine
from partenaires.models import Arrondissement, Commune, Epci
from procedure.enums import Stade

# Waiting for the secretariat, plus those sent back to the partner for completion.
STATUTS_DE_LA_FILE = [StatutSaisine.SOUMISE, StatutSaisine.COMPLETEE, StatutSaisine.INCOMPLETE]
URGENCE_JOURS = 60  # an eviction known within two months is "imminent"

URGENCES = [
    ("expulsion_datee", "Date d’expulsion connue"),
    ("expulsion_proche", f"Expulsion dans moins de {URGENCE_JOURS} jours"),
    (
        "stade_avance",
        "Stade avancé déclaré (commandement de quitter, concours de la force publique)",
    ),
]
AGES = [
    ("7", "Reçues depuis moins de 7 jours"),
    ("30", "Reçues depuis moins de 30 jours"),
    ("plus_30", "Reçues il y a plus de 30 jours"),
]
STADES_AVANCES = [Stade.CQL, Stade.CFP_REQUIS, Stade.CFP_ACCORDE, Stade.CFP_REFUSE]


def ordre_de_la_file(queryset):
    """Urgent first (a known eviction date, soonest first), then the newest."""
    return queryset.order_by(
        F("date_expulsion_connue").asc(nulls_last=True),
        F("soumise_le").desc(nulls_last=True),
        "-id",
    )


class SaisineTriFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        label="Rechercher",
        method="filtrer_recherche",
        help_text="Nom, prénom, numéro de saisine, commune ou organisation (sans accents).",
    )
    statut = filters.ChoiceFilter(
        label="Statut",
        empty_label="À trier (nouvelles et complétées)",
        choices=[(s.value, s.label) for s in STATUTS_DE_LA_FILE],
        method="filtrer_statut",
    )
    origine = filters.ChoiceFilter(
        label="Origine", empty_label="Toutes", choices=OrigineSaisine.choices
    )
    urgence = filters.ChoiceFilter(
        label="Urgence", empty_label="Toutes", choices=URGENCES, method="filtrer_urgence"
    )
    territoire = filters.ChoiceFilter(
        label="Territoire", empty_label="Tout le département", method="filtrer_territoire"
    )
    age = filters.ChoiceFilter(
        label="Ancienneté", empty_label="Toutes", choices=AGES, method="filtrer_age"
    )

    class Meta:
        model = Saisine
        fields: list[str] = []
        form = BaseForm

    def __init__(self, *args, departement_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["territoire"].extra["choices"] = [
            (
                "Arrondissements",
                [
                    (f"arrondissement-{a.pk}", a.nom)
                    for a in Arrondissement.objects.filter(departement_id__in=departement_ids)
                ],
            ),
            (
                "EPCI",
                [
                    (f"epci-{e.pk}", e.nom)
                    for e in Epci.objects.filter(departement_id__in=departement_ids)
                ],
            ),
            (
                "Communes",
                [
                    (f"commune-{c.pk}", c.nom)
                    for c in Commune.objects.filter(departement_id__in=departement_ids)
                ],
            ),
        ]

    @property
    def qs(self):
        queryset = super().qs
        if not (self.is_bound and self.form.cleaned_data.get("statut")):
            queryset = queryset.filter(statut__in=STATUTS_A_TRIER)
        return ordre_de_la_file(queryset)

    def filtrer_recherche(self, queryset, name, value):
        for mot in value.split():
            queryset = queryset.filter(
                Q(nom__unaccent__icontains=mot)
                | Q(prenom__unaccent__icontains=mot)
                | Q(numero__icontains=mot)
                | Q(commune__nom__unaccent__icontains=mot)
                | Q(organisation__nom__unaccent__icontains=mot)
            )
        return queryset

    def filtrer_statut(self, queryset, name, value):
        return queryset.filter(statut=value)

    def filtrer_urgence(self, queryset, name, value):
        if value == "expulsion_datee":
            return queryset.filter(date_expulsion_connue__isnull=False)
        if value == "expulsion_proche":
            limite = timezone.localdate() + timedelta(days=URGENCE_JOURS)
            return queryset.filter(date_expulsion_connue__lte=limite)
        return queryset.filter(stade_declare__in=STADES_AVANCES)

    def filtrer_territoire(self, queryset, name, value):
        nature, _, pk = value.partition("-")
        champ = {"arrondissement": "commune__arrondissement_id", "epci": "commune__epci_id"}
        return queryset.filter(**{champ.get(nature, "commune_id"): int(pk)})

    def filtrer_age(self, queryset, name, value):
        maintenant = timezone.now()
        if value == "plus_30":
            return queryset.filter(soumise_le__lt=maintenant - timedelta(days=30))
        return queryset.filter(soumise_le__gte=maintenant - timedelta(days=int(value)))
