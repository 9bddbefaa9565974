"""The partner's referrals: the form, their status, the secretariat's messages, and the
administrative reports dispatched to it. The partner's home page: commission/views/accueil.py."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dossiers.brouillons import portee_partenaire
from dossiers.enums import STATUTS_MODIFIABLES, CanalSaisine
from dossiers.forms.saisines import ETAPES, MessageForm, SaisineForm
from dossiers.models import Saisine
from dossiers.services import saisines as services
from dossiers.views.etapes import Parcours, conduire
from partenaires.decorators import autorise_si
from partenaires.permissions import est_partenaire

MODIFIABLES = STATUTS_MODIFIABLES


@autorise_si(est_partenaire)
@require_http_methods(["GET", "POST"])
def formulaire_saisine(request, pk=None):
    """New referral, a draft or a referral sent back for completion."""
    organisation = request.user.organisation
    instance = None
    if pk is not None:
        instance = get_object_or_404(Saisine.objects.de_l_organisation(organisation), pk=pk)
        if instance.statut not in MODIFIABLES:
            messages.info(request, "Cette saisine a été envoyée : elle n’est plus modifiable.")
            return redirect("dossiers:saisine_partenaire", pk=instance.pk)
    if request.method == "GET":
        # The form is filled in step by step; the one-page POST below stays for scripts.
        return redirect(_url_etape(instance, ETAPES[0].slug))
    envoyer = request.POST.get("action") == "envoyer"
    form = SaisineForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        departement=organisation.departement,
        envoi=envoyer,
        initial={"cle_idempotence": instance.cle_idempotence if instance else uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saisine, nouvelle = services.enregistrer(
                cle=form.cleaned_data["cle_idempotence"],
                donnees=form.cleaned_data,
                actes_connus=form.actes_connus,
                documents=form.documents,
                par=request.user,
                organisation=organisation,
                departement=organisation.departement,
                canal=CanalSaisine.FORMULAIRE_PARTENAIRE,
                envoyer=envoyer,
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            if not nouvelle:
                messages.info(
                    request, f"Cette saisine avait déjà été envoyée (n° {saisine.numero})."
                )
            elif envoyer:
                messages.success(request, f"Saisine envoyée : numéro {saisine.numero}.")
            else:
                messages.success(request, "Brouillon enregistré.")
            return redirect("dossiers:saisine_partenaire", pk=saisine.pk)
    return render(request, "dossiers/saisines/formulaire.html", {"form": form, "saisine": instance})


def _url_etape(instance, slug: str) -> str:
    if instance is None:
        return reverse("dossiers:nouvelle_saisine_etape", args=[slug])
    return reverse("dossiers:modifier_saisine_etape", args=[instance.pk, slug])


@autorise_si(est_partenaire)
@require_http_methods(["GET", "POST"])
def etape_saisine(request, etape, pk=None):
    """One step of a new referral, a draft or a referral sent back for completion."""
    organisation = request.user.organisation
    instance = None
    if pk is not None:
        instance = get_object_or_404(Saisine.objects.de_l_organisation(organisation), pk=pk)
        if instance.statut not in MODIFIABLES:
            messages.info(request, "Cette saisine a été envoyée : elle n’est plus modifiable.")
            return redirect("dossiers:saisine_partenaire", pk=instance.pk)

    def enregistrer(form, brouillon, *, envoyer):
        saisine, nouvelle = services.enregistrer(
            cle=form.cleaned_data["cle_idempotence"],
            donnees=form.cleaned_data,
            actes_connus=form.actes_connus,
            documents=form.documents,
            par=request.user,
            organisation=organisation,
            departement=organisation.departement,
            canal=CanalSaisine.FORMULAIRE_PARTENAIRE,
            envoyer=envoyer,
        )
        brouillon.effacer()
        if not nouvelle:
            messages.info(request, f"Cette saisine avait déjà été envoyée (n° {saisine.numero}).")
        elif envoyer:
            messages.success(request, f"Saisine envoyée : numéro {saisine.numero}.")
        else:
            messages.success(request, "Brouillon enregistré.")
        return redirect("dossiers:saisine_partenaire", pk=saisine.pk)

    def deja_envoyee(cle):
        saisine = Saisine.objects.de_l_organisation(organisation).filter(cle_idempotence=cle)
        saisine = saisine.first()
        if saisine is None:
            return None
        if saisine.statut in MODIFIABLES:
            messages.info(request, "Brouillon déjà enregistré.")
        else:
            messages.info(request, f"Cette saisine avait déjà été envoyée (n° {saisine.numero}).")
        return redirect("dossiers:saisine_partenaire", pk=saisine.pk)

    utilisateur = request.user
    qui = " ".join(filter(None, [utilisateur.prenom, utilisateur.nom]))
    parcours = Parcours(
        portee=portee_partenaire(organisation.pk, instance.pk if instance else None),
        departement=organisation.departement,
        public=False,
        url=lambda slug: _url_etape(instance, slug),
        envoyer=lambda form, brouillon: enregistrer(form, brouillon, envoyer=True),
        enregistrer_brouillon=lambda form, brouillon: enregistrer(form, brouillon, envoyer=False),
        deja_envoyee=deja_envoyee,
        instance=instance,
        # Who collected the consent, and when: most often the partner filling in the form,
        # today (shown on the last step, to confirm or change).
        initial={
            "consentement_recueilli_par": [", ".join(filter(None, [qui, organisation.nom]))],
            "consentement_date": [timezone.localdate().isoformat()],
        },
    )
    return conduire(request, parcours, etape)


@autorise_si(est_partenaire)
@require_http_methods(["GET", "POST"])
def saisine_partenaire(request, pk):
    saisine = get_object_or_404(
        Saisine.objects.pour_le_partenaire(request.user).select_related("commune"), pk=pk
    )
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.repondre(saisine, texte=form.cleaned_data["texte"], par=request.user)
        messages.success(request, "Message envoyé au secrétariat.")
        return redirect("dossiers:saisine_partenaire", pk=saisine.pk)
    return render(
        request,
        "dossiers/saisines/partenaire.html",
        {
            "saisine": saisine,
            "messages_saisine": saisine.messages.select_related("auteur"),
            "documents": saisine.documents.all(),
            "form": form,
            "modifiable": saisine.statut in MODIFIABLES
            and saisine.organisation_id == request.user.organisation.pk,
        },
    )
