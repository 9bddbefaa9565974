"""`manage.py purger --dry-run` then a real purge on the demo data: every past annual balance
is the same before and after, to the byte — its figures, its CSV tables, the anonymised
rows export and the text of its PDF (issue 13, acceptance)."""

from datetime import timedelta
from io import StringIO

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from commission.models import Courrier
from dossiers.models import Document, EvenementJournal, MembreMenage, Menage
from indicateurs.bilan_pdf import contexte_bilan
from indicateurs.exports import donnees_en_fichier, tableau_en_fichier
from indicateurs.queries import bilan
from indicateurs.tableaux import tableaux
from indicateurs.territoires import du_departement
from partenaires.models import Departement
from procedure.models import ActeProcedure
from tests.pdf import texte_pdf


def empreinte(departement, annees) -> dict:
    """Each past year's balance as the prefecture receives it."""
    from ccapex.pdf import rendre_pdf

    territoire = du_departement(departement)
    resultat = {}
    for annee in annees:
        b = bilan(annee, territoire)
        resultat[annee] = {
            "donnees": repr(b),
            "csv": [tableau_en_fichier(t, "csv")[0] for t in tableaux(b)],
            "lignes": donnees_en_fichier(territoire, [annee], "csv")[0],
            "pdf": texte_pdf(rendre_pdf("pdf/bilan_annuel.html", contexte_bilan(b))),
        }
    return resultat


def test_purge_de_la_demo_bilans_identiques(db, django_capture_on_commit_callbacks):
    call_command("demo", verbosity=0)
    departement = Departement.objects.get(code="96")
    premiere = ActeProcedure.objects.order_by("date").values_list("date", flat=True)[0].year
    annees = list(range(premiere, timezone.localdate().year))
    assert len(annees) >= 5
    avant = empreinte(departement, annees)
    total = Menage.objects.count()
    fichiers = [d.fichier.name for d in Document.objects.exclude(fichier="")] + [
        c.fichier.name for c in Courrier.objects.exclude(fichier="")
    ]
    assert fichiers and all(default_storage.exists(f) for f in fichiers)
    noms = set(MembreMenage.objects.values_list("nom", flat=True))

    # Six years on: every demo file is past its active period and its archive period.
    au = (timezone.localdate() + timedelta(days=6 * 366)).isoformat()
    apercu = StringIO()
    call_command("purger", "--dry-run", "--au", au, stdout=apercu)
    sortie = apercu.getvalue()
    assert "Simulation" in sortie and f"pas de décision dans le délai) : {total}" in sortie
    assert Menage.objects.archives().count() == 0  # nothing changed

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purger", "--au", au, stdout=StringIO())  # archives them all
        call_command("purger", "--au", au, stdout=StringIO())  # then anonymises them
    assert Menage.objects.filter(anonymise_le__isnull=False).count() == total
    assert not any(default_storage.exists(f) for f in fichiers)
    assert set(MembreMenage.objects.values_list("nom", flat=True)) == {"Anonyme"} != noms
    # (Referrals never attached to a file are not household files: docs/conservation.md.)
    assert not EvenementJournal.objects.exclude(description="").filter(
        menage__isnull=False, type__in=["menage_modifie", "saisine_recue"]
    )

    apres = empreinte(departement, annees)
    for annee in annees:
        for cle in ("donnees", "csv", "lignes", "pdf"):
            assert apres[annee][cle] == avant[annee][cle], (annee, cle)
