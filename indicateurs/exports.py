"""CSV and XLSX files: the balance's tables, and the anonymised rows behind them.

The row-level export carries no identity, no address, no free text and no number that
identifies (file or referral numbers, allocataire numbers, RG numbers): only categories,
years and territory codes, for analysts.
"""

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear

from ccapex.telechargements import TYPE_CSV, TYPE_XLSX, csv_en_octets, xlsx_en_octets
from commission.enums import NatureExamen
from commission.models import Bilan, Examen

from .queries import saisines_du_territoire
from .tableaux import Tableau


def tableau_en_fichier(tableau: Tableau, format: str) -> tuple[bytes, str]:
    entetes = [c.titre for c in tableau.colonnes]
    if format == "xlsx":
        return xlsx_en_octets(tableau.titre, entetes, tableau.lignes), TYPE_XLSX
    return csv_en_octets(entetes, tableau.lignes), TYPE_CSV


COLONNES_DONNEES = [
    ("annee", "année"),
    ("nature", "nature"),
    ("canal", "canal"),
    ("origine", "origine"),
    ("statut", "statut"),
    ("motif", "motif"),
    ("parc", "parc"),
    ("stade_declare", "stade à la saisine"),
    ("departement_code", "département"),
    ("arrondissement_code", "arrondissement"),
    ("epci_siren", "EPCI"),
    ("commune_insee", "commune"),
    ("tranche_dette", "tranche de dette"),
    ("examinee", "examinée en commission"),
    ("situation_12_mois", "situation à 12 mois"),
]


def _tranche(montant) -> str:
    if montant is None:
        return ""
    if montant > 50000:
        return "plus de 50 000 €"
    if montant > 10000:
        return "10 000 à 50 000 €"
    return "moins de 10 000 €"


def lignes_anonymisees(territoire, annees: list[int], parc: str = ""):
    """One row per referral: categories and territory codes only (one query)."""
    # Examined: the referral itself is on an agenda, or its household was examined after it.
    examens = Examen.objects.filter(
        Q(saisine=OuterRef("pk"))
        | Q(menage=OuterRef("menage"), seance__date__gte=OuterRef("soumise_le"))
    )
    bilans = Bilan.objects.filter(
        examen__menage=OuterRef("menage"),
        examen__nature=NatureExamen.PREMIER_EXAMEN,
        realise_le__isnull=False,
    ).order_by("-realise_le")
    qs = (
        saisines_du_territoire(territoire, annees, parc)
        .annotate(
            annee=ExtractYear("soumise_le"),
            departement_code=F("departement__code"),
            arrondissement_code=F("commune__arrondissement__code"),
            epci_siren=F("commune__epci__siren"),
            commune_insee=F("commune__code_insee"),
            examinee=Exists(examens),
            situation_12_mois=Subquery(bilans.values("situation")[:1]),
        )
        .order_by("annee", "departement_code", "commune_insee", "id")
        .values(*[c for c, _ in COLONNES_DONNEES if c != "tranche_dette"], "montant_dette")
    )
    for ligne in qs:
        ligne["tranche_dette"] = _tranche(ligne.pop("montant_dette"))
        ligne["examinee"] = "oui" if ligne["examinee"] else "non"
        yield [ligne[c] for c, _ in COLONNES_DONNEES]


def donnees_en_fichier(
    territoire, annees: list[int], format: str, parc: str = ""
) -> tuple[bytes, str]:
    entetes = [titre for _, titre in COLONNES_DONNEES]
    lignes = lignes_anonymisees(territoire, annees, parc)
    if format == "xlsx":
        return xlsx_en_octets("Saisines anonymisées", entetes, lignes), TYPE_XLSX
    return csv_en_octets(entetes, lignes), TYPE_CSV
