"""A household refers itself: a public form, rate-limited, confirmed by e-mail."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from dossiers.forms.saisines import ETAPES, SaisineForm, mode_consentement_public
from dossiers.models import Saisine
from dossiers.services import saisines as services
from dossiers.views.etapes import Parcours, conduire
from partenaires.models import Departement

# One counter for the one-page form and the step-by-step one.
GROUPE = "saisine_publique"
# Documents kept by the step-by-step form before anything is sent: bounded per address.
LIMITE_PIECES = "20/h"


@login_not_required
@require_http_methods(["GET", "POST"])
@ratelimit(
    group=GROUPE, key="ip", rate=lambda *_: settings.LIMITE_SAISINE_PUBLIQUE, method="POST",
    block=True,
)  # fmt: skip
def saisine_publique(request, code):
    departement = get_object_or_404(Departement, code=code)
    if request.method == "GET":
        # Filled in step by step; the one-page POST below stays for scripts and old pages.
        return redirect("dossiers:saisine_publique_etape", code=code, etape=ETAPES[0].slug)
    form = SaisineForm(
        request.POST or None,
        request.FILES or None,
        departement=departement,
        envoi=True,
        public=True,
        initial={"cle_idempotence": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saisine = services.deposer_par_le_menage(
                cle=form.cleaned_data["cle_idempotence"],
                donnees={**form.cleaned_data, **mode_consentement_public()},
                actes_connus=form.actes_connus,
                documents=form.documents,
                departement=departement,
            )
        except ValidationError as erreur:
            # A replayed key whose draft already holds documents: limits per referral.
            form.add_error(None, erreur)
        else:
            return render(request, "dossiers/saisines/publique_envoyee.html", {"saisine": saisine})
    return render(
        request, "dossiers/saisines/publique.html", {"form": form, "departement": departement}
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def etape_saisine_publique(request, code, etape):
    departement = get_object_or_404(Departement, code=code)

    def envoyer(form, brouillon):
        # Counted once per referral sent, not per step.
        if is_ratelimited(
            request,
            group=GROUPE,
            key="ip",
            rate=settings.LIMITE_SAISINE_PUBLIQUE,
            method="POST",
            increment=True,
        ):
            raise Ratelimited
        saisine = services.deposer_par_le_menage(
            cle=form.cleaned_data["cle_idempotence"],
            donnees={**form.cleaned_data, **mode_consentement_public()},
            actes_connus=form.actes_connus,
            documents=form.documents,
            departement=departement,
        )
        brouillon.effacer()
        return render(request, "dossiers/saisines/publique_envoyee.html", {"saisine": saisine})

    def deja_envoyee(cle):
        saisine = Saisine.objects.filter(
            cle_idempotence=cle, organisation__isnull=True, departement=departement
        ).first()
        if saisine is None:
            return None
        return render(request, "dossiers/saisines/publique_envoyee.html", {"saisine": saisine})

    parcours = Parcours(
        portee=f"public:{departement.code}",
        departement=departement,
        public=True,
        url=lambda slug: reverse("dossiers:saisine_publique_etape", args=[code, slug]),
        envoyer=envoyer,
        deja_envoyee=deja_envoyee,
        contexte={"departement": departement},
        limiter_les_pieces=lambda: is_ratelimited(
            request,
            group=GROUPE + "_pieces",
            key="ip",
            rate=LIMITE_PIECES,
            method="POST",
            increment=True,
        ),
    )
    return conduire(request, parcours, etape)


@login_not_required
def confirmer_saisine(request, jeton):
    saisine = services.confirmer_par_le_menage(jeton)
    if saisine is None:
        return render(request, "dossiers/saisines/publique_lien_invalide.html", status=404)
    return render(request, "dossiers/saisines/publique_confirmee.html", {"saisine": saisine})
