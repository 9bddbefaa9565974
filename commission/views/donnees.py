"""A household's full data export for an access request, and the archivist's read-only view
of an archived file (docs/conservation.md)."""

import json

from django.http import Http404
from django.shortcuts import render

from ccapex.pdf import rendre_pdf
from ccapex.telechargements import contenu_joint
from commission.services import donnees as services
from dossiers.consultations import journaliser_consultation
from dossiers.models import Menage
from dossiers.permissions import peut_exporter_donnees, peut_lire_archives
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_des_archives, est_archives


def _menage_exportable(request, numero) -> Menage:
    """The DPO (`archives`) reaches every file of its département, archived or not; the
    secretariat the active files it sees. Anything else is a 404."""
    if est_archives(request.user):
        menages = Menage.objects.filter(departement_id__in=departements_des_archives(request.user))
    else:
        menages = Menage.objects.visibles_par(request.user)
    menage = menages.filter(numero=numero).first()
    if menage is None:
        raise Http404
    return menage


@autorise_si(peut_exporter_donnees)
def export_donnees(request, numero, format):
    if format not in ("pdf", "json"):
        raise Http404
    menage = _menage_exportable(request, numero)
    journaliser_consultation(request, objet=f"export_{format}", objet_id=menage.pk, menage=menage)
    donnees = services.exporter(menage=menage, par=request.user, format=format)
    nom = f"donnees-{menage.numero}.{format}"
    if format == "json":
        contenu = json.dumps(donnees, ensure_ascii=False, indent=2, default=str).encode()
        return contenu_joint(contenu, nom=nom, type_mime="application/json")
    contenu = rendre_pdf("commission/donnees/export.html", {"donnees": donnees})
    return contenu_joint(contenu, nom=nom, type_mime="application/pdf")


@autorise_si(peut_lire_archives)
def dossier_archive(request, numero):
    menage = Menage.objects.archives_visibles_par(request.user).filter(numero=numero).first()
    if menage is None:
        raise Http404
    journaliser_consultation(request, objet="dossier_archive", objet_id=menage.pk, menage=menage)
    return render(
        request,
        "commission/donnees/dossier_archive.html",
        {"menage": menage, "donnees": services.donnees_du_menage(menage)},
    )
