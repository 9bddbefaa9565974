"""The access log export for the data protection officer."""

from datetime import datetime, time

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from ccapex.telechargements import csv_en_flux
from dossiers.forms.menages import ExportConsultationsForm
from dossiers.models import Consultation
from partenaires.decorators import autorise_si
from partenaires.permissions import est_archives, peut_administrer


@autorise_si(lambda user: peut_administrer(user) or est_archives(user))
def export_consultations(request):
    """Who consulted which dossier or document, when: the administrator of the département,
    or its data protection officer (`archives` role), exports it (RGPD art. 30 and 32)."""
    form = ExportConsultationsForm(request.GET or None)
    if not (request.GET and form.is_valid()):
        return render(request, "dossiers/menages/consultations.html", {"form": form})
    debut = timezone.make_aware(datetime.combine(form.cleaned_data["du"], time.min))
    fin = timezone.make_aware(datetime.combine(form.cleaned_data["au"], time.max))
    departement = request.user.organisation.departement
    lignes_db = (
        Consultation.objects.filter(quand__range=(debut, fin))
        .filter(
            # Reads of a dossier of the département, and reads without one (agendas, exports,
            # API pages) by the département's users.
            Q(menage__departement=departement)
            | Q(menage__isnull=True, utilisateur__adhesions__organisation__departement=departement)
        )
        .distinct()
        .select_related("utilisateur", "menage")
        .order_by("quand", "id")
    )

    entetes = [
        "Date",
        "Utilisateur",
        "Adresse électronique",
        "Dossier",
        "Objet",
        "Identifiant",
        "Adresse",
    ]
    lignes = (
        [
            timezone.localtime(c.quand).strftime("%d/%m/%Y %H:%M:%S"),
            c.utilisateur.nom_complet,
            c.utilisateur.email,
            c.menage.numero if c.menage else "",
            c.objet,
            c.objet_id,
            c.chemin,
        ]
        for c in lignes_db.iterator(chunk_size=2000)
    )
    nom = f"consultations-{form.cleaned_data['du']:%Y%m%d}-{form.cleaned_data['au']:%Y%m%d}.csv"
    return csv_en_flux(entetes, lignes, nom=nom)
