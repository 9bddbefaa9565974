"""The demo département gives a balance where every section has figures (issue 6, item 8)."""

from django.core.management import call_command
from django.utils import timezone

from indicateurs.queries import bilan
from indicateurs.territoires import du_departement
from partenaires.enums import Role
from partenaires.models import Departement
from tests.conftest import client_de
from tests.partenaires.factories import utilisateur_avec_role


def test_chaque_section_du_bilan_a_des_chiffres(db):
    call_command("demo", verbosity=0)
    departement = Departement.objects.get(code="96")
    annee = timezone.localdate().year
    b = bilan(annee, du_departement(departement))

    for ligne in b.actes:
        assert sum(ligne.par_annee.values()) > 0, ligne.code
    cdp = b.acte("cdp").par_annee
    assert cdp[annee] > 0 and cdp[annee - 1] > 0
    assert cdp[annee - 5] + cdp[annee - 4] + cdp[annee - 3] > 0  # a history over five years
    a = b.activite
    assert min(a.seances_tenues, a.premiers_examens, a.reexamens, a.bilans) > 0
    assert a.premiers_examens_n1 > 0
    for repartition in b.saisines:
        assert repartition.total > 0, repartition.cle
    assert b.preconisations_par_type and b.preconisations_par_destinataire
    assert sum(ligne.realisees for ligne in b.preconisations_par_type) > 0
    assert b.issues.repartition.total > 0
    assert b.dls.total > 0
    assert b.dettes.avec_dette > 0 and b.dettes.plus_10000 + b.dettes.plus_10000_n1 > 0
    assert all(o.valeur is not None and o.cible is not None for o in b.objectifs)
    assert b.courriers.envoyes > 0 and b.courriers.repondus > 0
    assert b.declarees and all(d.source for d in b.declarees)
    decisions = b.decisions
    assert sum(x.n + x.n1 for x in decisions.aide_logement) > 0
    for nature in ("saisine_fsl", "saisine_siao"):
        assert decisions.ligne(nature).n + decisions.ligne(nature).n1 > 0, nature
    assert decisions.orientations.total + decisions.orientations.total_n1 > 0
    assert decisions.orientations_datees + decisions.orientations_datees_n1 > 0

    pilotage = utilisateur_avec_role(Role.PILOTAGE, departement.organisations.first())
    page = client_de(pilotage).get("/indicateurs/", {"annee": annee}).content.decode()
    assert "Aucune donnée" not in page
