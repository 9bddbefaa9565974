"""Example import files in the documented format: the demo, the docs and the load tests."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from dossiers.imports.formats import FORMATS

NOMS = ["Martin", "Bernard", "Dubois", "Lefèvre", "Diallo", "Nguyen", "Moreau", "Haddad"]
PRENOMS = ["Sophie", "Karim", "Aminata", "Jean", "Hélène", "Mamadou", "Inès", "Julien"]
RUES = ["rue Pasteur", "avenue Jean-Jaurès", "allée des Tilleuls", "rue du Moulin"]
BAILLEURS = ["Orge Habitat", "Bièvre Logement", "SCI du Parc", "M. Roger Blanc"]


def generer(
    type: str,
    nombre: int,
    *,
    codes_communes: list[str],
    aujourd_hui: date,
    graine: int = 2026,
    prefixe: str = "",
) -> list[dict]:
    """`nombre` plausible rows; references are `prefixe` + type + rank, hence stable."""
    rng = random.Random(f"{graine}-{type}")
    lignes = []
    for rang in range(1, nombre + 1):
        social = rng.random() < 0.6
        loyer = rng.randint(380, 1100)
        naissance = aujourd_hui - timedelta(days=365 * rng.randint(22, 78) + rng.randint(0, 364))
        lignes.append(
            {
                "reference": f"{prefixe}{type.upper()}-{rang:06d}",
                "date_acte": (aujourd_hui - timedelta(days=rng.randint(1, 400))).strftime(
                    "%d/%m/%Y"
                ),
                "nom": rng.choice(NOMS),
                "prenom": rng.choice(PRENOMS),
                "date_naissance": naissance.strftime("%d/%m/%Y"),
                "adresse": f"{rng.randint(1, 120)} {rng.choice(RUES)}",
                "code_commune": rng.choice(codes_communes),
                "numero_allocataire": str(rng.randint(10_000_000, 99_999_999)),
                "nb_enfants": str(rng.choice([0, 0, 1, 2, 3])),
                "bailleur": rng.choice(BAILLEURS[:2] if social else BAILLEURS[2:]),
                "parc": "social" if social else "prive",
                "loyer_hc": f"{loyer},00",
                "montant_dette": f"{loyer * rng.randint(2, 6)},{rng.randint(0, 99):02d}",
                "mois_impayes": str(rng.randint(2, 8)),
            }
        )
    return lignes


def en_csv(type: str, lignes: list[dict]) -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=FORMATS[type].noms, delimiter=";")
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return sortie.getvalue().encode()


def en_xlsx(type: str, lignes: list[dict]) -> bytes:
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Signalements")
    noms = FORMATS[type].noms
    feuille.append(noms)
    for ligne in lignes:
        feuille.append([ligne.get(nom) for nom in noms])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
