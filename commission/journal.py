"""The commission's events in the dossier's journal: one typed constructor per event.

The journal itself (the model, the event types, `ecrire`) belongs to `dossiers`; the events
about sessions, recommendations, letters and follow-ups are written from here.
"""

from dossiers.journal import TypeEvenement, ecrire, ecrire_en_masse, ligne

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


# --- Decisions ---


def decision_prise(decision, *, par):
    return ecrire(
        decision.menage,
        TypeEvenement.DECISION_PRISE,
        f"Décision « {decision.type} » {decision.prise_en}, "
        f"destinataire : {decision.destinataire_organisation.nom}",
        par=par,
        saisine=decision.saisine,
        decision_id=decision.pk,
    )


def decision_notifiee(decision, *, par):
    return ecrire(
        decision.menage,
        TypeEvenement.DECISION_NOTIFIEE,
        f"Décision « {decision.type} » notifiée à {decision.destinataire_organisation.nom} "
        f"et au ménage, effet au {decision.date_effet:%d/%m/%Y}",
        par=par,
        saisine=decision.saisine,
        decision_id=decision.pk,
    )


def decision_executee(decision, *, par):
    return ecrire(
        decision.menage,
        TypeEvenement.DECISION_EXECUTEE,
        f"{decision.destinataire_organisation.nom} accuse l’exécution de la décision "
        f"« {decision.type} »",
        par=par,
        saisine=decision.saisine,
        decision_id=decision.pk,
    )


def decision_terminee(decision, *, par):
    etat = decision.get_statut_display().lower()
    motif = f" : {decision.motif_fin}" if decision.motif_fin else ""
    return ecrire(
        decision.menage,
        TypeEvenement.DECISION_TERMINEE,
        f"Décision « {decision.type} » {etat}{motif}",
        par=par,
        saisine=decision.saisine,
        decision_id=decision.pk,
    )


def decision_remplacee(ancienne, nouvelle, *, par):
    return ecrire(
        ancienne.menage,
        TypeEvenement.DECISION_REMPLACEE,
        f"Décision « {ancienne.type} » du {ancienne.prise_le:%d/%m/%Y} remplacée",
        par=par,
        decision_id=ancienne.pk,
        remplacee_par_id=nouvelle.pk,
    )


def decisions_expirees(decisions):
    """The nightly job's lines, in a few inserts."""
    return ecrire_en_masse(
        ligne(
            TypeEvenement.DECISION_TERMINEE,
            f"Décision « {decision.type} » expirée (fin au {decision.date_fin:%d/%m/%Y})",
            menage_id=decision.menage_id,
            saisine_id=decision.saisine_id,
            donnees={"decision_id": decision.pk},
        )
        for decision in decisions
    )


def dossier_transfere(transfert, *, par):
    depuis = f" depuis « {transfert.depuis} »" if transfert.depuis_id else ""
    return ecrire(
        transfert.menage,
        TypeEvenement.DOSSIER_TRANSFERE,
        f"Dossier transféré à « {transfert.vers} »{depuis} : {transfert.motif}",
        par=par,
        transfert_id=transfert.pk,
    )
