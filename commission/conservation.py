"""This app's part of the retention registries of `dossiers.conservation`: the commission's
work on a file is activity on it, and its free texts and letters go at anonymisation."""

from django.db.models import Case, Q, Value, When

from dossiers.conservation import (
    declarer_activite,
    declarer_apres_archivage,
    declarer_effacement,
)


def retirer_des_ordres_du_jour(menage_ids):
    """A session's stored agenda PDFs name every household on it: once one of them is
    archived, both are rendered again without it (the render leaves archived files out)
    and the old files leave the storage after the commit. One render per session
    concerned, in the nightly job or the secretariat's archive action."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    from commission.models import Seance
    from commission.services.seances import rendre_ordres_du_jour

    seances = (
        Seance.objects.filter(examens__menage_id__in=menage_ids)
        .exclude(
            (Q(ordre_du_jour_complet="") | Q(ordre_du_jour_complet__isnull=True))
            & (Q(ordre_du_jour_reduit="") | Q(ordre_du_jour_reduit__isnull=True))
        )
        .distinct()
        .select_related("commission")
    )
    anciens = []
    for seance in seances:
        complet, reduit = rendre_ordres_du_jour(seance)
        nom = f"ordre-du-jour-{seance.pk}-v{seance.version_publiee}"
        for champ, contenu, suffixe in (
            (seance.ordre_du_jour_complet, complet, "complet"),
            (seance.ordre_du_jour_reduit, reduit, "membres"),
        ):
            if champ:
                anciens.append(champ.name)
                champ.save(f"{nom}-{suffixe}.pdf", ContentFile(contenu), save=False)
        Seance.objects.filter(pk=seance.pk).update(
            ordre_du_jour_complet=seance.ordre_du_jour_complet.name,
            ordre_du_jour_reduit=seance.ordre_du_jour_reduit.name,
        )
    if anciens:
        transaction.on_commit(lambda: [default_storage.delete(n) for n in anciens])


def declarer_les_modeles_de_la_commission():
    from commission.models import (
        Bilan,
        Courrier,
        Decision,
        Examen,
        Preconisation,
        SignalementChangement,
        SuiviPreconisation,
        Transfert,
    )

    declarer_apres_archivage(retirer_des_ordres_du_jour)
    declarer_activite(Examen, "menage", "seance__date", libelle="examen en séance")
    declarer_activite(Decision, "menage", "prise_le", libelle="décision")
    declarer_activite(Decision, "menage", "notifiee_le", libelle="notification d’une décision")
    declarer_activite(Courrier, "menage", "genere_le", libelle="courrier")
    declarer_activite(Courrier, "menage", "reponse_recue_le", libelle="réponse à un courrier")
    declarer_activite(
        SuiviPreconisation,
        "preconisation__examen__menage",
        "repondu_le",
        filtre=Q(repondu_le__isnull=False),
        libelle="suivi",
    )
    declarer_activite(Bilan, "examen__menage", "realise_le", libelle="bilan à 12 mois")
    declarer_activite(SignalementChangement, "menage", "cree_le", libelle="changement signalé")
    declarer_activite(Transfert, "menage", "fait_le", libelle="transfert")

    vide = ""
    # Where a check wants a text (a decision is motivated, a transfer has a reason).
    efface = "(anonymisé)"
    declarer_effacement(
        Examen,
        "menage",
        champs={"question": vide, "synthese": vide, "informations_membres": vide, "avis": vide},
    )
    declarer_effacement(Preconisation, "examen__menage", champs={"texte": vide})
    # The notified decision's frozen content, but for its motives (see commission 0005).
    declarer_effacement(
        Decision,
        "menage",
        champs={
            "motifs": efface,
            "motif_fin": Case(When(motif_fin="", then=Value("")), default=Value(efface)),
        },
    )
    declarer_effacement(Courrier, "menage", fichiers=("fichier",))
    declarer_effacement(
        SuiviPreconisation, "preconisation__examen__menage", champs={"commentaire": vide}
    )
    declarer_effacement(Bilan, "examen__menage", champs={"commentaire": vide})
    declarer_effacement(SignalementChangement, "menage", champs={"texte": vide})
    declarer_effacement(Transfert, "menage", champs={"motif": efface})
