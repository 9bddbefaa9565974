"""The commission's events in the dossier's journal: one typed constructor per event.

The journal itself (the model, the event types, `ecrire`) belongs to `dossiers`; the events
about sessions, recommendations, letters and follow-ups are written from here.
"""

from dossiers.journal import TypeEvenement, ecrire

# --- Sessions ---


def inscrit_ordre_du_jour(examen, *, par):
    return ecrire(
        examen.menage,
        TypeEvenement.INSCRIT_ORDRE_DU_JOUR,
        f"{examen.get_nature_display()} inscrit à l’ordre du jour de la séance {examen.seance}",
        par=par,
        saisine=examen.saisine,
        seance_id=examen.seance_id,
    )


def retire_ordre_du_jour(examen, *, par):
    return ecrire(
        examen.menage,
        TypeEvenement.INSCRIT_ORDRE_DU_JOUR,
        f"Retiré de l’ordre du jour de la séance {examen.seance}",
        par=par,
        saisine=examen.saisine,
        seance_id=examen.seance_id,
        retire=True,
    )


def preconisation_emise(preconisation, *, par):
    examen = preconisation.examen
    return ecrire(
        examen.menage,
        TypeEvenement.PRECONISATION_EMISE,
        f"Préconisation : {preconisation.type} (séance {examen.seance})",
        par=par,
        preconisation_id=preconisation.pk,
    )


# --- Letters and follow-ups ---


def courrier_genere(courrier, *, par):
    destinataire = (
        courrier.destinataire_organisation.nom
        if courrier.destinataire_organisation_id
        else "le ménage"
    )
    return ecrire(
        courrier.menage,
        TypeEvenement.COURRIER_GENERE,
        f"Courrier à {destinataire} (version {courrier.version})",
        par=par,
        courrier_id=courrier.pk,
    )


def courrier_poste(courrier, *, par):
    return ecrire(
        courrier.menage,
        TypeEvenement.COURRIER_POSTE,
        f"Courrier au ménage posté (version {courrier.version})",
        par=par,
        courrier_id=courrier.pk,
    )


def suivi_repondu(suivi, *, par):
    preconisation = suivi.preconisation
    return ecrire(
        preconisation.examen.menage,
        TypeEvenement.SUIVI_REPONDU,
        f"Suivi « {preconisation.type} » : {suivi.get_reponse_display().lower()}",
        par=par,
        suivi_id=suivi.pk,
    )


def bilan_realise(bilan, *, par):
    return ecrire(
        bilan.examen.menage,
        TypeEvenement.BILAN_REALISE,
        f"Bilan à 12 mois : {bilan.get_situation_display().lower()}",
        par=par,
        bilan_id=bilan.pk,
    )


def changement_signale(signalement, *, par):
    return ecrire(
        signalement.menage,
        TypeEvenement.CHANGEMENT_SIGNALE,
        f"Changement de situation signalé par {signalement.organisation.nom}",
        par=par,
        signalement_id=signalement.pk,
    )
