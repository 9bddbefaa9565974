from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from procedure import services as procedure_services

from .. import journal
from ..models import MembreMenage, Menage, MenageProcedure
from ..numerotation import prochain_numero


@transaction.atomic
def creer_menage(*, departement, par, membres: list[dict] | tuple = (), **champs) -> Menage:
    """A new dossier with its number (gap-free per département and year) and its members."""
    menage = Menage(departement=departement, cree_par=par, modifie_par=par, **champs)
    menage.numero = prochain_numero(
        departement=departement, annee=timezone.localdate().year, serie="dossier"
    )
    menage.full_clean()
    menage._history_user = par
    menage.save()
    for donnees in membres:
        membre = MembreMenage(menage=menage, **donnees)
        membre.full_clean()
        membre._history_user = par
        membre.save()
    journal.menage_cree(menage, par=par)
    return menage


@transaction.atomic
def lier_procedure(menage: Menage, procedure, *, par) -> None:
    MenageProcedure.objects.create(menage=menage, procedure=procedure)
    journal.ecrire(
        menage,
        journal.TypeEvenement.PROCEDURE_LIEE,
        f"Procédure rattachée : {procedure}",
        par=par,
        procedure_id=procedure.pk,
    )


@transaction.atomic
def creer_procedure_du_menage(menage: Menage, *, par, **champs):
    procedure = procedure_services.creer_procedure(par=par, **champs)
    lier_procedure(menage, procedure, par=par)
    return procedure
