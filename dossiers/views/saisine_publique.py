"""A household refers itself: a public form, rate-limited, confirmed by e-mail."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from dossiers.forms.saisines import SaisineForm, mode_consentement_public
from dossiers.services import saisines as services
from partenaires.models import Departement


@login_not_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda *_: settings.LIMITE_SAISINE_PUBLIQUE, method="POST", block=True)
def saisine_publique(request, code):
    departement = get_object_or_404(Departement, code=code)
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
def confirmer_saisine(request, jeton):
    saisine = services.confirmer_par_le_menage(jeton)
    if saisine is None:
        return render(request, "dossiers/saisines/publique_lien_invalide.html", status=404)
    return render(request, "dossiers/saisines/publique_confirmee.html", {"saisine": saisine})
