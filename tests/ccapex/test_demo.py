from datetime import date

from django.core.management import call_command

from commission.enums import NatureDecision, StatutDecision, TypeCourrier
from commission.models import Courrier, Decision, Transfert
from dossiers.models import Saisine
from partenaires.enums import Role, TypeOrganisation
from partenaires.models import Adhesion, Arrondissement, Commune, Epci, Organisation, Utilisateur
from procedure.models import Procedure

MODELES = [Arrondissement, Epci, Commune, Organisation, Utilisateur, Adhesion]
MODELES += [Decision, Courrier, Saisine, Transfert]


def compter():
    return {model.__name__: model.objects.count() for model in MODELES}


def test_demo_idempotente_et_complete(db, capsys):
    call_command("demo", "--menages", "5")
    premier = compter()
    call_command("demo", "--menages", "5")
    assert compter() == premier

    assert premier["Arrondissement"] == 3
    # Reports oriented by decision, by rule and by hand (one report to two members).
    orientees = Decision.objects.filter(type__nature=NatureDecision.ORIENTATION)
    assert orientees.filter(saisine__isnull=False, motifs__startswith="Orientation selon").exists()
    assert orientees.filter(motifs__startswith="Dette élevée").count() == 2
    # A case moved to the central commission, with its reason (issue 11, point 5).
    assert Transfert.objects.exclude(motif="").exists()
    # Leases before and after the law of 27 July 2023, and unknown ones.
    baux = list(Procedure.objects.values_list("date_bail", flat=True))
    assert any(b and b < date(2023, 7, 29) for b in baux)
    assert any(b is None for b in baux)
    assert premier["Epci"] >= 2
    types = set(Organisation.objects.values_list("type", flat=True))
    assert types == set(TypeOrganisation.values), "une organisation de chaque type"
    roles = set(Adhesion.objects.values_list("role", flat=True))
    assert roles == set(Role.values), "un utilisateur par rôle"
    for commune in Commune.objects.select_related("departement"):
        assert len(commune.code_insee) == 5
        assert commune.code_insee.startswith(commune.departement.code)

    # Decisions: every nature and status, even without sessions (by written procedure).
    natures = set(Decision.objects.values_list("type__nature", flat=True))
    assert natures == set(NatureDecision.values), "une décision de chaque nature"
    statuts = set(Decision.objects.values_list("statut", flat=True))
    assert statuts == set(StatutDecision.values), "une décision à chaque statut"
    assert Decision.objects.filter(procedure_ecrite=True, remplace__isnull=False).exists()
    suspension = Decision.objects.filter(
        type__nature=NatureDecision.AIDE_SUSPENSION, statut=StatutDecision.NOTIFIEE
    ).first()
    lettres = Courrier.objects.filter(decision=suspension, type=TypeCourrier.DECISION)
    assert lettres.count() == 2 and all(c.fichier.read(4) == b"%PDF" for c in lettres)
    orientees = Saisine.objects.filter(
        canal="cdp", orientee_vers__isnull=False, menage__decisions__type__nature="orientation"
    )
    assert orientees.exists(), "des signalements orientés par décision"
    # Issue 11 point 9: a transferred case, leases under the old and the new CDP delay.
    transferts = list(Transfert.objects.all())
    assert transferts
    assert all(t.motif and t.depuis_id != t.vers_id for t in transferts)
    regles = [
        fin.regle
        for procedure in Procedure.objects.prefetch_related("actes")
        if (fin := procedure.fin_du_cdp(procedure.referentiel())) is not None
    ]
    assert any(r.startswith("Bail signé") and "délai de 2 mois" in r for r in regles), regles
    assert any(r.startswith("Bail signé") and "délai de 6 semaines" in r for r in regles), regles
    assert any(r.startswith("Date du bail inconnue") for r in regles), regles


def test_demo_affiche_les_comptes(db, capsys):
    call_command("demo", "--logins")
    sortie = capsys.readouterr().out
    assert "demo-ccapex-2026" in sortie
    for email in ["secretariat@", "membre@", "partenaire@", "pilotage@", "admin@"]:
        assert email in sortie


def test_les_comptes_de_demo_se_connectent(db, client):
    call_command("demo", "--menages", "0")
    reponse = client.post(
        "/connexion/", {"username": "secretariat@ccapex.example", "password": "demo-ccapex-2026"}
    )
    assert reponse.status_code == 302 and reponse.url == "/"


def test_les_decisions_de_demo_s_affichent(db):
    """Built in bulk, the demo's decisions still read like real ones on their pages."""
    from django.urls import reverse

    from tests.conftest import client_de

    call_command("demo", "--menages", "5")
    secretariat = Utilisateur.objects.get(email="secretariat@ccapex.example")
    client = client_de(secretariat)
    assert client.get(reverse("commission:decisions")).status_code == 200
    for decision in Decision.objects.all():
        page = client.get(reverse("commission:decision", args=[decision.pk]))
        assert page.status_code == 200, decision.get_statut_display()
