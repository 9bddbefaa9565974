from django.core.management import call_command

from partenaires.enums import Role, TypeOrganisation
from partenaires.models import Adhesion, Arrondissement, Commune, Epci, Organisation, Utilisateur

MODELES = [Arrondissement, Epci, Commune, Organisation, Utilisateur, Adhesion]


def compter():
    return {model.__name__: model.objects.count() for model in MODELES}


def test_demo_idempotente_et_complete(db, capsys):
    call_command("demo", "--menages", "5")
    premier = compter()
    call_command("demo", "--menages", "5")
    assert compter() == premier

    assert premier["Arrondissement"] == 3
    assert premier["Epci"] >= 2
    types = set(Organisation.objects.values_list("type", flat=True))
    assert types == set(TypeOrganisation.values), "une organisation de chaque type"
    roles = set(Adhesion.objects.values_list("role", flat=True))
    assert roles == set(Role.values), "un utilisateur par rôle"
    for commune in Commune.objects.select_related("departement"):
        assert len(commune.code_insee) == 5
        assert commune.code_insee.startswith(commune.departement.code)


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
