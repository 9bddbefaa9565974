"""Writes of the indicateurs app: only to its own tables (declared figures, targets)."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from procedure.models import ActeProcedure

from . import territoires
from .models import DonneeDeclaree, ObjectifCharte
from .referentiel import DECLARABLES_PAR_CODE


def _verifier(organisation, indicateur: str, annee: int, territoire):
    definition = DECLARABLES_PAR_CODE.get(indicateur)
    if definition is None or definition.proprietaire != organisation.type:
        raise ValidationError(f"Votre organisation ne déclare pas l’indicateur « {indicateur} ».")
    if territoire is None:
        raise ValidationError("Territoire inconnu dans votre département.")
    if definition.type_acte_equivalent:
        tient_les_lignes = ActeProcedure.objects.filter(
            Q(type=definition.type_acte_equivalent, date__year=annee),
            territoire.filtre("procedure__commune"),
        ).exists()
        if tient_les_lignes:
            raise ValidationError(
                f"L’application compte déjà « {definition.libelle} » pour {annee} à partir des "
                "actes enregistrés : ce chiffre n’est pas à déclarer."
            )


@transaction.atomic
def declarer(*, organisation, indicateur: str, annee: int, territoire: str, valeur, par):
    """Record (or correct) a figure; declaring it twice keeps one row with the last value."""
    objet_territoire = territoires.depuis_code(territoire, organisation.departement)
    _verifier(organisation, indicateur, annee, objet_territoire)
    donnee, _ = DonneeDeclaree.objects.update_or_create(
        indicateur=indicateur,
        annee=annee,
        territoire=territoire,
        defaults={
            "departement": organisation.departement,
            "valeur": valeur,
            "source_organisation": organisation,
            "saisie_par": par,
            "saisie_le": timezone.now(),
        },
    )
    return donnee


def importer_declarations(*, organisation, texte: str, par) -> int:
    """Declare every row of a CSV (indicateur;annee;territoire;valeur), all or nothing."""
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=";")
    attendues = {"indicateur", "annee", "territoire", "valeur"}
    if not lecteur.fieldnames or not attendues <= {c.strip() for c in lecteur.fieldnames}:
        raise ValidationError("Colonnes attendues : indicateur ; annee ; territoire ; valeur.")
    erreurs, lignes = [], []
    for numero, ligne in enumerate(lecteur, start=2):
        ligne = {k.strip(): (v or "").strip() for k, v in ligne.items() if k}
        try:
            annee = int(ligne["annee"])
            valeur = Decimal(
                ligne["valeur"].replace(" ", "").replace("\u202f", "").replace(",", ".")
            )
            if valeur < 0:
                raise InvalidOperation
        except (ValueError, InvalidOperation):
            erreurs.append(f"ligne {numero} : année ou valeur illisible")
            continue
        lignes.append((ligne["indicateur"], annee, ligne["territoire"], valeur))
    if erreurs:
        raise ValidationError(erreurs)
    with transaction.atomic():
        for indicateur, annee, territoire, valeur in lignes:
            try:
                declarer(
                    organisation=organisation,
                    indicateur=indicateur,
                    annee=annee,
                    territoire=territoire,
                    valeur=valeur,
                    par=par,
                )
            except ValidationError as erreur:
                erreurs.append(f"{indicateur} {annee} : {' '.join(erreur.messages)}")
        if erreurs:
            transaction.set_rollback(True)
            raise ValidationError(erreurs)
    return len(lignes)


@transaction.atomic
def fixer_objectif(*, departement, indicateur, annee_cible, valeur_depart, cible, par):
    objectif, _ = ObjectifCharte.objects.update_or_create(
        departement=departement,
        indicateur=indicateur,
        defaults={"annee_cible": annee_cible, "valeur_depart": valeur_depart, "cible": cible},
    )
    return objectif
