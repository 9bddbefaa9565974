"""Audit of the intermediate archive (issue 13 item 1): once a file is archived, no URL
reached by any actor but `archives` shows anything of it, and no actor reaches it by its
number, its referral's number, its procedure, its decision, its letter or its session."""

import pytest
from django.urls import reverse

from commission.models import Bilan, Courrier
from tests.conftest import ACTEURS, client_de
from tests.dossiers.factories import MenageFactory
from tests.dossiers.test_conservation import MARQUE, archiver, dossier_complet

NOMS = ("Zébulon", MARQUE, "0601020304")


def _contenu(reponse) -> str:
    contenu = b"".join(reponse) if reponse.streaming else reponse.content
    return contenu.decode(errors="replace")


def _urls(menage, actif):
    saisine = menage.saisines.get()
    decision = menage.decisions.get()
    examen = menage.examens.get()
    seance = examen.seance
    procedure = menage.procedures.get()
    acte = procedure.actes.get()
    preconisation = examen.preconisations.get()
    suivi = preconisation.suivi
    bilan = Bilan.objects.filter(examen=examen).first()
    courrier = Courrier.objects.get(menage=menage)
    details = [
        reverse("dossiers:menage", args=[menage.numero]),
        reverse("dossiers:modifier", args=[menage.numero]),
        reverse("dossiers:doublons", args=[menage.numero]),
        reverse("dossiers:fusionner", args=[menage.numero, actif.numero]),
        reverse("dossiers:fusionner", args=[actif.numero, menage.numero]),
        reverse("dossiers:nouvelle_procedure", args=[menage.numero]),
        reverse("dossiers:modifier_procedure", args=[menage.numero, procedure.pk]),
        reverse("dossiers:formulaire_acte", args=[menage.numero, procedure.pk]),
        reverse("dossiers:corriger_acte", args=[menage.numero, acte.pk]),
        reverse("dossiers:document", args=[menage.document.pk]),
        reverse("dossiers:saisine", args=[saisine.pk]),
        reverse("dossiers:saisine_partenaire", args=[saisine.pk]),
        reverse("dossiers:modifier_saisine", args=[saisine.pk]),
        reverse("commission:decision", args=[decision.pk]),
        reverse("commission:corriger_decision", args=[decision.pk]),
        reverse("commission:nouvelle_decision", args=[menage.numero]),
        reverse("commission:transferer_menage", args=[menage.numero]),
        reverse("commission:telecharger_courrier", args=[courrier.pk]),
        reverse("commission:repondre_suivi", args=[suivi.pk]),
        reverse("commission:repondre_suivi_partenaire", args=[suivi.pk]),
        reverse("commission:signaler_changement", args=[examen.pk]),
        reverse("commission:export_donnees", args=[menage.numero, "json"]),
        f"/api/v1/dossiers/{menage.numero}/",
        f"/api/v1/saisines/{saisine.numero}/",
        f"/api/v1/procedures/{procedure.pk}/",
        f"/api/v1/decisions/{decision.pk}/",
    ]
    if bilan:
        details.append(reverse("commission:bilan", args=[bilan.pk]))
    listes = [
        reverse("dossiers:liste"),
        reverse("dossiers:liste") + "?q=Zébulon",
        reverse("dossiers:export_csv"),
        reverse("dossiers:doublons", args=[actif.numero]),
        reverse("dossiers:file_de_tri"),
        reverse("commission:tableau_de_bord"),
        reverse("commission:espace_membre"),
        reverse("commission:espace_partenaire"),
        reverse("commission:courriers_a_poster"),
        reverse("commission:decisions"),
        reverse("commission:decisions_recues"),
        reverse("commission:signalements"),
        reverse("commission:signalements_partenaire"),
        reverse("commission:suivis"),
        reverse("commission:suivis_partenaire"),
        reverse("commission:seance", args=[seance.pk]),
        reverse("commission:ordre_du_jour", args=[seance.pk]),
        reverse("commission:feuille_de_seance", args=[seance.pk]),
        reverse("commission:seance_membre", args=[seance.pk]),
        "/api/v1/dossiers/",
        "/api/v1/dossiers/?q=Zébulon",
        "/api/v1/saisines/",
        "/api/v1/procedures/",
        "/api/v1/decisions/",
    ]
    return details, listes


@pytest.mark.parametrize("acteur", [a for a in ACTEURS if a != "archives"])
def test_un_dossier_archive_n_est_plus_atteint_par_aucune_url(monde, acteur):
    menage = archiver(dossier_complet(monde), monde)
    actif = MenageFactory(departement=monde.departement)
    details, listes = _urls(menage, actif)
    client = client_de(monde.utilisateur(acteur))
    fuites = []
    for url in details + listes:
        reponse = client.get(url, HTTP_ACCEPT="application/json, text/html")
        if reponse.status_code >= 500:
            fuites.append((url, reponse.status_code))
            continue
        if url in details and reponse.status_code == 200:
            fuites.append((url, 200))
        contenu = _contenu(reponse)
        # A search page echoes the words searched for: only the file's number counts there.
        if "?q=" not in url:
            fuites += [(url, nom) for nom in NOMS if nom in contenu]
        if url not in ("/api/v1/dossiers/", "/api/v1/saisines/") and menage.numero in contenu:
            fuites.append((url, menage.numero))
    assert fuites == []


def test_l_ordre_du_jour_stocke_ne_nomme_plus_un_dossier_archive(
    monde, django_capture_on_commit_callbacks
):
    """A past session's stored agendas are rendered again without the archived file; the
    other households stay on them and the old files leave the storage."""
    from django.core.files.storage import default_storage

    from commission.services.seances import produire_ordre_du_jour
    from tests.commission.factories import ExamenFactory
    from tests.pdf import texte_pdf

    archive = ExamenFactory(
        avec_nom="Zébulon", seance__passee=True, seance__commission__departement=monde.departement
    )
    seance = archive.seance
    autre = ExamenFactory(avec_nom="Gédéon", seance=seance)
    archive.menage.departement = autre.menage.departement = monde.departement
    archive.menage.save(), autre.menage.save()
    produire_ordre_du_jour(seance_id=seance.pk)
    seance.refresh_from_db()
    anciens = [seance.ordre_du_jour_complet.name, seance.ordre_du_jour_reduit.name]
    assert "Zébulon" in texte_pdf(seance.ordre_du_jour_complet.read())
    initiales = texte_pdf(seance.ordre_du_jour_reduit.read()).count("Z.")

    with django_capture_on_commit_callbacks(execute=True):
        archiver(archive.menage, monde)
    seance.refresh_from_db()
    complet = texte_pdf(seance.ordre_du_jour_complet.read())
    assert "Zébulon" not in complet and archive.menage.numero not in complet
    assert "Gédéon" in complet and autre.menage.numero in complet
    assert texte_pdf(seance.ordre_du_jour_reduit.read()).count("Z.") == initiales - 1
    assert not any(default_storage.exists(nom) for nom in anciens)


def test_l_anonymisation_efface_aussi_bilans_transferts_actes_dettes_et_pieces_du_dossier(
    monde, django_capture_on_commit_callbacks
):
    """The sections `dossier_complet` leaves empty, each with a marked free text, a name in
    a journal entry's JSON and a document filed on the household itself (not a referral)."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from commission.models import Bilan, Commission, Transfert
    from dossiers import journal
    from dossiers.models import Document
    from dossiers.services import conservation
    from tests.dossiers.test_conservation import ou_se_trouve

    marque = "Ornithorynque"
    menage = dossier_complet(monde)
    examen = menage.examens.get()
    Bilan.objects.create(
        examen=examen, echeance=timezone.localdate(), commentaire=f"Bilan {marque}"
    )
    Transfert.objects.create(
        menage=menage,
        vers=Commission.objects.filter(departement=monde.departement).first()
        or examen.seance.commission,
        motif=f"Transfert {marque}",
    )
    procedure = menage.procedures.get()
    procedure.actes.update(commentaire=f"Acte {marque}")
    procedure.dettes.update(commentaire=f"Dette {marque}")
    journal.ecrire(
        menage,
        journal.TypeEvenement.MENAGE_MODIFIE,
        "Modifié",
        par=monde.secretariat,
        ancien=f"Nom {marque}",
    )
    piece = Document(
        menage=menage, type="bail", nom=f"piece-{marque}.pdf", taille=8, type_mime="application/pdf"
    )
    piece.fichier.save(f"piece-{marque}.pdf", ContentFile(b"%PDF-1.4"), save=True)
    nom_fichier = piece.fichier.name
    assert len(ou_se_trouve(marque)) >= 6
    archiver(menage, monde)
    with django_capture_on_commit_callbacks(execute=True):
        conservation.purger(aujourd_hui=timezone.localdate() + timedelta(days=6 * 366))
    assert ou_se_trouve(marque) == []
    assert not default_storage.exists(nom_fichier)
