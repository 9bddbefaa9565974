"""Minimal builders for the balance's tests: sessions, examinations, recommendations,
12-month reviews and prevention letters, on top of the other apps' factories."""

import datetime as dt

from django.utils import timezone

from commission.enums import NatureExamen, StatutSeance, TypeCommission, TypeCourrier
from commission.models import (
    Bilan,
    Commission,
    Courrier,
    Examen,
    Preconisation,
    Seance,
    TypePreconisation,
)
from tests.dossiers.factories import MenageFactory


def moment(annee: int, mois: int = 6, jour: int = 15):
    return timezone.make_aware(dt.datetime(annee, mois, jour, 10, 0))


def commission_de(departement) -> Commission:
    commission, _ = Commission.objects.get_or_create(
        departement=departement,
        type=TypeCommission.DEPARTEMENTALE,
        defaults={"nom": "CCAPEX départementale"},
    )
    return commission


def seance_de(departement, annee: int, mois: int = 6, close: bool = True) -> Seance:
    return Seance.objects.create(
        commission=commission_de(departement),
        date=moment(annee, mois),
        lieu="Préfecture",
        statut=StatutSeance.CLOSE if close else StatutSeance.EN_PREPARATION,
    )


def examen_de(seance, menage=None, nature=NatureExamen.PREMIER_EXAMEN, **champs) -> Examen:
    menage = menage or MenageFactory(departement=seance.commission.departement)
    return Examen.objects.create(seance=seance, menage=menage, nature=nature, **champs)


def type_preconisation(departement, code="fsl", libelle="Saisir le FSL") -> TypePreconisation:
    objet, _ = TypePreconisation.objects.get_or_create(
        departement=departement, code=code, defaults={"libelle": libelle}
    )
    return objet


def preconisation_de(examen, *, organisation=None, statut="a_suivre", code="fsl") -> Preconisation:
    return Preconisation.objects.create(
        examen=examen,
        type=type_preconisation(examen.seance.commission.departement, code, code.upper()),
        destinataire_organisation=organisation,
        destinataire_menage=organisation is None,
        statut=statut,
    )


def bilan_de(examen, situation, **drapeaux) -> Bilan:
    return Bilan.objects.create(
        examen=examen,
        echeance=examen.seance.date.date() + dt.timedelta(days=365),
        situation=situation,
        realise_le=examen.seance.date + dt.timedelta(days=365),
        **drapeaux,
    )


def courrier_prevention(menage, annee: int, repondu: bool = False) -> Courrier:
    return Courrier.objects.create(
        menage=menage,
        type=TypeCourrier.PREVENTION,
        destinataire_menage=True,
        fichier="courriers/x.pdf",
        envoye_le=moment(annee),
        reponse_recue_le=dt.date(annee, 7, 1) if repondu else None,
    )
