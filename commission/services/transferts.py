"""Moving a household's case between the central commission and a local one."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commission import journal
from commission.competence import commission_du_menage
from commission.models import Transfert
from dossiers.services.menages import verrouiller_actif


@transaction.atomic
def transferer(menage, *, vers, motif: str, par) -> Transfert:
    """Transfer the case to `vers`, with the reason; the journal keeps it."""
    motif = (motif or "").strip()
    erreurs = {}
    if not motif:
        erreurs["motif"] = "Indiquez le motif du transfert."
    if vers.departement_id != menage.departement_id or not vers.active:
        erreurs["vers"] = "Choisissez une commission active du département du ménage."
    depuis = commission_du_menage(menage)
    if not erreurs and depuis is not None and depuis.pk == vers.pk:
        erreurs["vers"] = f"Le dossier relève déjà de « {vers} »."
    if erreurs:
        raise ValidationError(erreurs)
    # A page loaded before a merge: the transfer would stay on the merged dossier.
    verrouiller_actif(menage)
    transfert = Transfert.objects.create(
        menage=menage, depuis=depuis, vers=vers, motif=motif, fait_par=par
    )
    journal.dossier_transfere(transfert, par=par)
    return transfert
