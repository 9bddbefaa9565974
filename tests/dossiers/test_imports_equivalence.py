"""The import's results on a mixed file, frozen as the previous (per-chunk) code produced
them: any rewrite of `dossiers.imports.service` must give the same report, matches,
procedures, acts, debts, deadlines, household summaries and search text.

Regenerate `donnees/import_mixte.json` only on purpose: `ECRIRE_INSTANTANE=1 pytest …`."""

import json
import os
import re
from datetime import date
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.imports import service
from dossiers.imports.exemples import en_csv, generer
from dossiers.imports.formats import FORMATS
from dossiers.models import Menage, Saisine
from dossiers.models.menage import CHAMPS_RESUME
from procedure.enums import TypeActe
from procedure.models import Procedure
from tests.dossiers.factories import MembreFactory, menage_avec_procedure

AUJOURD_HUI = date(2026, 11, 24)
INSTANTANE = Path(__file__).parent / "donnees" / "import_mixte.json"


def _fichier_mixte(monde):
    """Known households (by CAF number, by name and birth date, by address, two alike),
    new rows, refused rows, a duplicate reference and a reference already imported."""
    connus = []
    for i in range(8):
        menage = menage_avec_procedure(
            monde.departement,
            nom=f"Connu{i}",
            actes=[(TypeActe.SIGNALEMENT_CAF, date(2026, 1, 10 + i))],
            dettes=[(date(2026, 2, 1), 900 + i)],
            numero_allocataire=f"ALLOC{i:03d}",
            adresse=f"{i + 1} rue des Connus",
            commune=monde.commune,
        )
        MembreFactory(menage=menage, nom=f"Connu{i}", date_naissance=date(1980, 1, 1 + i))
        connus.append(menage)
    # Two households with the same member: ambiguous, never attached.
    for _ in range(2):
        menage = menage_avec_procedure(monde.departement, nom="Double", commune=monde.commune)
        MembreFactory(menage=menage, nom="Double", date_naissance=date(1975, 5, 5))
        connus.append(menage)
    lignes = generer("cdp", 40, codes_communes=[monde.commune.code_insee], aujourd_hui=AUJOURD_HUI)
    for i in range(3):  # by CAF number
        lignes[i]["numero_allocataire"] = f"ALLOC{i:03d}"
    for i in range(3, 6):  # by name and birth date
        lignes[i].update(
            nom=f"CONNU{i}", date_naissance=f"{1 + i:02d}/01/1980", numero_allocataire=""
        )
    for i in range(6, 8):  # by address
        lignes[i].update(
            adresse=f"{i + 1} Rue des connus", numero_allocataire="", date_naissance=""
        )
    lignes[8].update(nom="Double", date_naissance="05/05/1975", numero_allocataire="")
    lignes[9]["date_acte"] = lignes[0]["date_acte"]  # a second act the same day elsewhere
    lignes[10]["numero_allocataire"] = "ALLOC000"  # same household twice in the file
    lignes[12]["date_acte"] = "01/01/2999"  # refused
    lignes[13]["montant_dette"] = "-1"  # refused
    lignes[15]["reference"] = lignes[14]["reference"]  # duplicate in the file
    lignes[20]["montant_dette"] = ""  # no debt
    return connus, lignes


def _instantane(monde, connus, rapports):
    etiquettes = {m.pk: f"M{i}" for i, m in enumerate(connus)}
    numeros = {m.numero: f"M{i}" for i, m in enumerate(connus)}

    def sans_numeros(texte):
        for numero, etiquette in numeros.items():
            texte = texte.replace(numero, etiquette)
        return texte

    procedures = {}
    for i, menage in enumerate(connus):
        for procedure in menage.procedures.all():
            procedures[procedure.pk] = f"P{i}"
    saisines = []
    for s in Saisine.objects.order_by("reference_source"):
        if s.procedure_id not in procedures:
            procedures[s.procedure_id] = f"N-{s.reference_source}"
        saisines.append(
            {
                "reference": s.reference_source,
                "menage": etiquettes.get(s.menage_id),
                "procedure": procedures[s.procedure_id],
                "champs": [
                    str(getattr(s, c))
                    for c in (
                        "nom",
                        "prenom",
                        "date_naissance",
                        "adresse",
                        "numero_allocataire",
                        "nb_enfants",
                        "bailleur_nom",
                        "bailleur_nature",
                        "parc",
                        "loyer_hc",
                        "motif",
                        "stade_declare",
                        "actes_connus",
                        "montant_dette",
                        "date_dette",
                        "mois_impayes",
                        "statut",
                        "canal",
                        "origine",
                    )
                ],
                "journal": list(s.evenements.values_list("type", "menage_id")).__len__()
                if hasattr(s, "evenements")
                else None,
            }
        )
    resultat_procedures = {}
    for procedure in Procedure.objects.filter(pk__in=procedures).prefetch_related(
        "actes", "dettes"
    ):
        resultat_procedures[procedures[procedure.pk]] = {
            "echeance": [str(procedure.prochaine_echeance), procedure.prochaine_echeance_libelle],
            "champs": [
                re.sub(r"\d+", "#", str(getattr(procedure, c)))
                for c in (
                    "bailleur_nom",
                    "bailleur_nature",
                    "locataires",
                    "adresse",
                    "parc",
                    "motif",
                    "loyer_hc",
                )
            ],
            "actes": sorted(
                [a.type, str(a.date), a.source, a.reference_source, str(a.mois_impayes)]
                for a in procedure.actes.all()
            ),
            "dettes": sorted(
                [str(d.date), str(d.montant), str(d.mois_impayes), d.commentaire, d.acte_id is None]
                for d in procedure.dettes.all()
            ),
            "menages": sorted(
                etiquettes.get(m, "?") for m in procedure.menages.values_list("pk", flat=True)
            ),
        }
    menages = {}
    for menage in Menage.objects.filter(pk__in=etiquettes):
        valeurs = {}
        for champ in CHAMPS_RESUME:
            valeur = getattr(
                menage, champ if champ != "procedure_en_cours" else "procedure_en_cours_id"
            )
            if champ == "procedure_en_cours":
                valeur = procedures.get(valeur)
            valeurs[champ] = str(valeur)
        # Factory sequences (names, addresses) depend on the tests run before: digits masked.
        valeurs["texte_recherche"] = re.sub(r"\d+", "#", sans_numeros(menage.texte_recherche))
        menages[etiquettes[menage.pk]] = valeurs
    return {
        "rapports": [
            {
                "compteurs": r.compteurs,
                "lignes": [{**x, "detail": sans_numeros(x["detail"])} for x in r.lignes],
                "csv": sans_numeros(r.csv.getvalue()),
            }
            for r in rapports
        ],
        "saisines": saisines,
        "procedures": dict(sorted(resultat_procedures.items())),
        "menages": dict(sorted(menages.items())),
    }


def importer(monde, contenu, **options):
    return service.importer(
        contenu,
        "csv",
        spec=FORMATS["cdp"],
        departement=monde.departement,
        par=monde.secretariat,
        aujourd_hui=AUJOURD_HUI,
        **options,
    )


def test_resultats_identiques_a_l_import_par_paquets(monde):
    connus, lignes = _fichier_mixte(monde)
    simulation = importer(monde, en_csv("cdp", lignes), simulation=True)
    assert not Saisine.objects.exists()  # simulation writes nothing
    premier = importer(monde, en_csv("cdp", lignes[:25]), simulation=False, taille_lot=7)
    # The second file repeats five references already imported.
    second = importer(monde, en_csv("cdp", lignes[20:]), simulation=False)
    obtenu = _instantane(monde, connus, [simulation, premier, second])
    if os.environ.get("ECRIRE_INSTANTANE"):
        INSTANTANE.write_text(json.dumps(obtenu, indent=1, ensure_ascii=False, sort_keys=True))
    attendu = json.loads(INSTANTANE.read_text())
    assert json.loads(json.dumps(obtenu, sort_keys=True)) == attendu


def test_requetes_independantes_du_nombre_de_lignes(monde):
    """200 or 2 000 rows (one chunk each): the same number of queries."""
    _fichier_mixte(monde)  # known households to match
    importer(
        monde,
        en_csv(
            "cdp",
            generer(
                "cdp",
                1,
                codes_communes=[monde.commune.code_insee],
                aujourd_hui=AUJOURD_HUI,
                prefixe="X",
            ),
        ),
        simulation=False,
    )
    comptes = []
    for nombre, prefixe in ((200, "A"), (2000, "B")):
        lignes = generer(
            "cdp",
            nombre,
            codes_communes=[monde.commune.code_insee],
            aujourd_hui=AUJOURD_HUI,
            prefixe=prefixe,
        )
        for i in range(8):  # some known households each time
            lignes[i * 10]["numero_allocataire"] = f"ALLOC{i:03d}"
        with CaptureQueriesContext(connection) as requetes:
            rapport = importer(monde, en_csv("cdp", lignes), simulation=False, taille_lot=5000)
        assert rapport.compteurs["rapprochee"] == 8
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
