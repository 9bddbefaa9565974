"""A household whose CFP was granted shows its SIAO referral among the home page's deadlines;
the ended CQL period no longer masks it as an eternal overdue deadline."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from procedure.enums import TypeActe
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure


def test_cfp_accorde_sur_la_page_d_accueil(monde):
    aujourd_hui = timezone.localdate()
    menage = menage_avec_procedure(
        monde.departement,
        actes=[
            (TypeActe.CQL, aujourd_hui - timedelta(days=300)),
            (TypeActe.REQUISITION_CFP, aujourd_hui - timedelta(days=200)),
            (TypeActe.OCTROI_CFP, aujourd_hui),
        ],
    )
    procedure = menage.procedures.get()
    assert procedure.prochaine_echeance == aujourd_hui
    assert "SIAO" in procedure.prochaine_echeance_libelle

    html = client_de(monde.secretariat).get(reverse("commission:tableau_de_bord")).content.decode()
    bloc = html.split('id="bloc-echeances"', 1)[1].split("</section>", 1)[0]
    assert menage.numero in bloc
