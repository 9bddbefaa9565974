"""The referral form step by step (issue 14), shared by the partner's and the household's forms:
household → housing → procedure → documents → consent and summary.

Each step keeps what was typed in a server-side draft (`dossiers.brouillons`), shows only the
acts' dates the declared stage needs, and checks its own fields with the one `SaisineForm`
(the same rules as the one-page form and the API); the last step shows the summary, validates
the whole and sends it. Every step is a URL: back, refresh and a second click lose nothing,
and a page posted after its draft was sent finds the referral by its idempotency key.

Why not django-formtools' wizard: it wants one form class per step and validates each alone,
while our rules cross the steps (the declared stage decides which dates and which document
are required, the documents' totals count those already joined), and the same `SaisineForm`
must keep serving the API and the one-page POST; its per-step storage would also re-read
every uploaded file at each step. What it would have given us, a session storage and named
step URLs, is the few lines of `Brouillon` and `conduire` below.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from ccapex.fichiers import verifier, verifier_ensemble
from dossiers.brouillons import Brouillon
from dossiers.forms.saisines import (
    CHAMPS_FICHIERS,
    DOCUMENTS,
    ETAPE_DU_CHAMP,
    ETAPE_PAR_SLUG,
    ETAPES,
    SaisineForm,
    masques,
)
from dossiers.models import Saisine

# The next step opens at its stepper: the keyboard goes on from there to its first field.
ANCRE = "#etape"


@dataclass
class Parcours:
    """What differs between the partner's form and the household's."""

    portee: str
    departement: object
    public: bool
    url: Callable[[str], str]
    # Both may raise ValidationError (a service's refusal): shown on the summary.
    envoyer: Callable[[SaisineForm, Brouillon], HttpResponse]
    # The page to show for a key whose draft is gone (sent, saved), None if none was saved.
    deja_envoyee: Callable[[str], HttpResponse | None]
    instance: Saisine | None = None
    initial: dict = field(default_factory=dict)
    enregistrer_brouillon: Callable[[SaisineForm, Brouillon], HttpResponse] | None = None
    contexte: dict = field(default_factory=dict)
    # True when this client sent too many documents (the public form: it writes to disk
    # before anything is sent).
    limiter_les_pieces: Callable[[], bool] | None = None


def donnees_de(instance: Saisine, departement) -> dict[str, list[str]]:
    """A saved referral's values as the form posts them (to resume it step by step)."""
    form = SaisineForm(instance=instance, departement=departement)
    donnees = {}
    for nom in form.fields:
        if nom in CHAMPS_FICHIERS or nom == "cle_idempotence":
            continue
        valeur = form[nom].value()
        if valeur is True:
            donnees[nom] = ["on"]
        elif isinstance(valeur, date):
            donnees[nom] = [valeur.isoformat()]
        elif valeur not in (None, "", False):
            donnees[nom] = [str(valeur)]
    return donnees


def _formulaire(parcours: Parcours, brouillon: Brouillon, *, envoi: bool, fichiers=None):
    donnees = brouillon.donnees()
    donnees["cle_idempotence"] = brouillon.cle
    return SaisineForm(
        donnees,
        fichiers,
        instance=parcours.instance,
        departement=parcours.departement,
        envoi=envoi,
        public=parcours.public,
    )


def _garder_les_pieces(request, parcours: Parcours, brouillon: Brouillon) -> list[str]:
    """Check the documents sent with this step and keep them; the errors, in French."""
    envoyes = [(nom, f) for nom in CHAMPS_FICHIERS for f in request.FILES.getlist(nom) if f]
    if not envoyes:
        return []
    if parcours.limiter_les_pieces is not None and parcours.limiter_les_pieces():
        return [
            "Trop de documents envoyés depuis votre connexion : réessayez dans une heure, ou "
            "envoyez votre demande sans eux (le secrétariat pourra vous les demander)."
        ]
    deja = [f["taille"] for f in brouillon.fichiers]
    if parcours.instance is not None:
        deja += list(parcours.instance.documents.values_list("taille", flat=True))
    try:
        verifier_ensemble(deja, [f.size for _nom, f in envoyes])
    except ValidationError as erreur:
        return erreur.messages
    erreurs = []
    seuls = {nom for nom, *_ in DOCUMENTS}
    for nom, fichier in envoyes:
        try:
            brouillon.ajouter(nom, verifier(fichier), seul=nom in seuls)
        except ValidationError as erreur:
            erreurs += erreur.messages
    return erreurs


def conduire(request, parcours: Parcours, slug: str) -> HttpResponse:
    etape = ETAPE_PAR_SLUG.get(slug)
    if etape is None:
        raise Http404("Étape inconnue.")
    brouillon = Brouillon(request.session, parcours.portee)
    rang_etape = ETAPES.index(etape)
    if request.method == "POST":
        poste = request.POST.get("cle_idempotence", "")
        if brouillon.etat is None or brouillon.cle != poste:
            # Posted from a page whose draft was sent (a double click) or abandoned since.
            reponse = parcours.deja_envoyee(poste) if _est_uuid(poste) else None
            if reponse is not None:
                return reponse
            messages.info(request, "Ce brouillon a été abandonné : voici le formulaire à jour.")
            return redirect(parcours.url(etape.slug))
        action = request.POST.get("action", "suivant")
        if action == "abandonner":
            brouillon.effacer()
            messages.info(request, "Brouillon abandonné : le formulaire est vide.")
            return redirect(parcours.url(ETAPES[0].slug))
        champs = [n for n in etape.champs if n not in CHAMPS_FICHIERS]
        # Dates the declared stage does not need are not kept (a stage chosen, then changed).
        stade = request.POST.get("stade_declare", "") if "stade_declare" in champs else None
        brouillon.garder(champs, request.POST, sauf=masques(stade) if stade is not None else ())
        brouillon.vue(etape.slug)
        erreurs_pieces = []
        if "retirer" in request.POST:
            brouillon.retirer(_entier(request.POST["retirer"]))
            messages.info(request, "Document retiré.")
            return redirect(parcours.url(etape.slug))
        if etape.slug == "pieces":
            erreurs_pieces = _garder_les_pieces(request, parcours, brouillon)
        if action == "precedent" and not erreurs_pieces:
            return redirect(parcours.url(ETAPES[max(rang_etape - 1, 0)].slug) + ANCRE)
        if action == "brouillon" and parcours.enregistrer_brouillon and not erreurs_pieces:
            form = _formulaire(
                parcours, brouillon, envoi=False, fichiers=brouillon.televersements()
            )
            if form.is_valid():
                try:
                    return parcours.enregistrer_brouillon(form, brouillon)
                except ValidationError as erreur:
                    form.add_error(None, erreur)
            return _afficher(request, parcours, brouillon, etape, form, toutes=True)
        if action == "envoyer" or etape is ETAPES[-1]:
            form = _formulaire(parcours, brouillon, envoi=True, fichiers=brouillon.televersements())
            if form.is_valid():
                try:
                    return parcours.envoyer(form, brouillon)
                except ValidationError as erreur:
                    form.add_error(None, erreur)
            return _afficher(request, parcours, brouillon, ETAPES[-1], form, toutes=True)
        form = _formulaire(parcours, brouillon, envoi=True)
        form.is_valid()
        a_corriger = [n for n in etape.champs if n in form.errors and n not in CHAMPS_FICHIERS]
        # The acts' order is checked with the procedure (errors not tied to one field).
        if etape.slug == "procedure" and form.non_field_errors():
            a_corriger.append("__all__")
        if not a_corriger and not erreurs_pieces:
            return redirect(parcours.url(ETAPES[rang_etape + 1].slug) + ANCRE)
        return _afficher(request, parcours, brouillon, etape, form, erreurs_pieces=erreurs_pieces)
    if brouillon.etat is None:
        depart = dict(parcours.initial)
        if parcours.instance is not None:
            depart = donnees_de(parcours.instance, parcours.departement)
        brouillon.commencer(
            cle=parcours.instance.cle_idempotence if parcours.instance else None,
            donnees=depart,
        )
    form = _formulaire(parcours, brouillon, envoi=False)
    if etape is ETAPES[-1]:
        form.is_valid()  # the summary reads the cleaned values
    return _afficher(request, parcours, brouillon, etape, form, sans_erreurs=True)


def _est_uuid(texte: str) -> bool:
    try:
        uuid.UUID(texte)
    except ValueError:
        return False
    return True


def _entier(texte: str) -> int:
    try:
        return int(texte)
    except ValueError:
        return -1


def _afficher(
    request,
    parcours,
    brouillon,
    etape,
    form,
    *,
    toutes=False,
    erreurs_pieces=(),
    sans_erreurs=False,
):
    """A step's page. `toutes`: the summary lists every error, each linked to its step."""
    rang_etape = ETAPES.index(etape)
    erreurs = []
    if not sans_erreurs and form.is_bound:
        if toutes or etape.slug == "procedure":
            erreurs += [{"texte": e, "lien": None} for e in form.non_field_errors()]
        # In the order of the steps and of their fields.
        for nom in ETAPE_DU_CHAMP:
            liste = form.errors.get(nom)
            if not liste:
                continue
            slug = ETAPE_DU_CHAMP[nom]
            if not slug or (not toutes and slug != etape.slug):
                continue
            ancre = f"#{form[nom].auto_id}"
            lien = ancre if slug == etape.slug else parcours.url(slug) + ancre
            erreurs += [{"texte": f"{form[nom].label} : {e}", "lien": lien} for e in liste]
    erreurs = [{"texte": e, "lien": None} for e in erreurs_pieces] + erreurs
    caches = masques(brouillon.valeur("stade_declare"))
    montrer_erreurs = not sans_erreurs
    champs = [
        {"champ": bf, "cache": bf.name in caches, "erreurs": montrer_erreurs}
        for bf in form.etape(etape.slug)
    ]
    return render(
        request,
        "dossiers/saisines/etape.html",
        {
            **parcours.contexte,
            "public": parcours.public,
            "form": form,
            "etape": etape,
            "titre": etape.titre_pour(parcours.public),
            "titre_suivante": (
                ETAPES[rang_etape + 1].titre_pour(parcours.public)
                if rang_etape + 1 < len(ETAPES)
                else ""
            ),
            "etapes": [
                {"etape": e, "url": parcours.url(e.slug), "vue": e.slug in brouillon.etat["vues"]}
                for e in ETAPES
            ],
            "numero": rang_etape + 1,
            "total": len(ETAPES),
            "suivante": ETAPES[rang_etape + 1] if rang_etape + 1 < len(ETAPES) else None,
            "precedente": ETAPES[rang_etape - 1] if rang_etape else None,
            "champs": champs,
            "erreurs": erreurs,
            "cle": brouillon.cle,
            "fichiers": brouillon.fichiers,
            "recapitulatif": _recapitulatif(parcours, form, brouillon)
            if etape is ETAPES[-1]
            else [],
            "brouillon_en_base": parcours.enregistrer_brouillon is not None,
            "saisine": parcours.instance,
        },
    )


def _recapitulatif(parcours, form, brouillon) -> list[dict]:
    """What will be sent, step by step, in words (each with a link to change it)."""
    propres = getattr(form, "cleaned_data", {})
    caches = masques(brouillon.valeur("stade_declare"))
    sections = []
    for etape in ETAPES[:-1]:
        lignes = []
        for nom in etape.champs:
            if nom not in form.fields or nom in caches:
                continue
            if nom in CHAMPS_FICHIERS:
                noms = [f["nom"] for f in brouillon.fichiers if f["champ"] == nom]
                if noms:
                    lignes.append((form[nom].label, ", ".join(noms)))
                continue
            brut = brouillon.valeur(nom)
            if not brut:
                continue
            lignes.append((form[nom].label, _en_mots(form.fields[nom], propres.get(nom), brut)))
        if parcours.instance is not None and etape.slug == "pieces":
            for document in parcours.instance.documents.all():
                lignes.append(("Déjà joint", f"{document.nom} ({document.get_type_display()})"))
        sections.append(
            {
                "etape": etape,
                "titre": etape.titre_pour(parcours.public),
                "url": parcours.url(etape.slug),
                "lignes": lignes,
            }
        )
    return sections


def _en_mots(champ, propre, brut: str) -> str:
    if isinstance(propre, bool):
        return "Oui" if propre else "Non"
    if isinstance(propre, date):
        return propre.strftime("%d/%m/%Y")
    choix = getattr(champ, "choices", None)
    if choix is not None and propre is not None and not hasattr(propre, "pk"):
        return {str(k): v for k, v in choix}.get(str(propre), brut)
    return str(propre) if propre not in (None, "") else brut
