"""The commission's decisions in the annual balance: counts by kind and outcome, FSL and SIAO
referrals, reports oriented by addressee and the median delay to orientation, all worked
out by hand below, the same in the queries, the API, the CSV and the PDF."""

import csv
import datetime as dt
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.enums import CanalSaisine, NatureSaisine
from indicateurs import queries
from indicateurs.bilan_pdf import bilan_pdf
from indicateurs.territoires import du_departement
from partenaires.enums import TypeOrganisation
from tests.commission.factories import DecisionFactory
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.indicateurs.factories import moment
from tests.partenaires.factories import CommuneFactory, OrganisationFactory
from tests.pdf import texte_pdf


def decision(monde, nature, trait="notifiee", *, le, menage=None, **champs):
    """A decision of `nature` notified at `le` (a datetime) then given the outcome `trait`."""
    menage = menage or MenageFactory(departement=monde.departement, commune=monde.commune)
    champs.setdefault("destinataire_organisation", monde.caf)
    return DecisionFactory(
        menage=menage, nature=nature, notifiee_le=le, prise_le=le - dt.timedelta(days=1),
        **{trait: True}, **champs,
    )  # fmt: skip


def signalement_cdp(monde, menage, recu_le):
    return saisine_de(
        monde.bailleur,
        nature=NatureSaisine.ADMINISTRATIVE,
        canal=CanalSaisine.CDP,
        menage=menage,
        commune=monde.commune,
        soumise_le=recu_le,
    )


def orientation(monde, destinataire, *, recu_le, oriente_le, plus_tard=None):
    """An oriented report: the CDP report received at `recu_le`, the orientation notified at
    `oriente_le` (taken the day before); `plus_tard`, a report received after the decision."""
    menage = MenageFactory(departement=monde.departement, commune=monde.commune)
    if recu_le:
        signalement_cdp(monde, menage, recu_le)
    if plus_tard:
        signalement_cdp(monde, menage, plus_tard)
    return decision(
        monde, "orientation", le=oriente_le, menage=menage, destinataire_organisation=destinataire
    )


def scenario(monde):
    """The figures of 2024, by hand:

    housing aid — maintien: 2 in force + 1 executed = 3; suspension: 1 in force, 1 lifted,
    1 expired = 3, plus 1 replaced (outside the total: its replacement, a resumption taken
    by written procedure and executed, counts under « reprise »); 1 suspension in 2023;
    reprise: 1 (executed). Not counted: a decision not yet notified, one of another
    département.
    FSL: 2 (1 in force, 1 executed), 1 in 2023; SIAO: 1.
    Orientations: CAF 1, social services 3; reports received 10, 20, 30 and 40 days before the
    notification, one orientation without a CDP report → median (20 + 30) / 2 = 25 days on 4;
    2023: one orientation 7 days after its report.
    """
    for _ in range(2):
        decision(monde, "aide_maintien", le=moment(2024, 2, 1))
    decision(monde, "aide_maintien", "executee", le=moment(2024, 3, 1))
    decision(monde, "aide_suspension", le=moment(2024, 4, 1))
    decision(monde, "aide_suspension", "levee", le=moment(2024, 4, 2))
    decision(monde, "aide_suspension", "expiree", le=moment(2024, 4, 3))
    remplacee = decision(monde, "aide_suspension", "remplacee", le=moment(2024, 5, 1))
    decision(
        monde, "aide_reprise", "executee", le=moment(2024, 6, 1), menage=remplacee.menage,
        remplace=remplacee, par_procedure_ecrite=True,
    )  # fmt: skip
    decision(monde, "aide_suspension", le=moment(2023, 9, 1))
    DecisionFactory(menage__departement=monde.departement, nature="aide_suspension")  # taken
    autre = MenageFactory(
        departement=monde.autre_departement,
        commune=CommuneFactory(departement=monde.autre_departement),
    )
    decision(
        monde, "aide_suspension", le=moment(2024, 4, 1), menage=autre,
        destinataire_organisation=OrganisationFactory(departement=monde.autre_departement),
    )  # fmt: skip
    decision(monde, "saisine_fsl", le=moment(2024, 7, 1))
    decision(monde, "saisine_fsl", "executee", le=moment(2024, 7, 2))
    decision(monde, "saisine_fsl", le=moment(2023, 7, 1))
    decision(monde, "saisine_siao", le=moment(2024, 8, 1))

    mds = OrganisationFactory(
        departement=monde.departement, type=TypeOrganisation.SERVICE_SOCIAL, nom="MDS du Nord"
    )
    mds_sud = OrganisationFactory(
        departement=monde.departement, type=TypeOrganisation.SERVICE_SOCIAL, nom="MDS du Sud"
    )
    orientation(monde, monde.caf, recu_le=moment(2024, 3, 1), oriente_le=moment(2024, 3, 11))
    orientation(
        monde, mds, recu_le=moment(2024, 1, 1), oriente_le=moment(2024, 1, 21),
        plus_tard=moment(2024, 5, 1),
    )  # fmt: skip
    orientation(monde, mds, recu_le=moment(2024, 2, 1), oriente_le=moment(2024, 3, 2))
    orientation(monde, mds_sud, recu_le=moment(2024, 10, 1), oriente_le=moment(2024, 11, 10))
    orientation(monde, mds_sud, recu_le=None, oriente_le=moment(2024, 9, 1))
    orientation(monde, mds, recu_le=moment(2023, 5, 1), oriente_le=moment(2023, 5, 8))


def test_decisions_comptees_a_la_main(monde):
    scenario(monde)
    d = queries.bilan(2024, du_departement(monde.departement)).decisions

    maintien, suspension, reprise = d.aide_logement
    assert (maintien.n, maintien.n1, maintien.notifiees, maintien.executees) == (3, 0, 2, 1)
    assert (suspension.n, suspension.n1) == (3, 1)
    assert (suspension.notifiees, suspension.levees, suspension.expirees) == (1, 1, 1)
    assert suspension.executees == 0 and suspension.remplacees == 1
    assert (reprise.n, reprise.executees, reprise.remplacees) == (1, 1, 0)
    fsl, siao, autre = d.saisines
    assert (fsl.n, fsl.n1, fsl.notifiees, fsl.executees) == (2, 1, 1, 1)
    assert (siao.n, siao.n1) == (1, 0)
    assert autre.n == 0

    lignes = {x.code: (x.n, x.n1) for x in d.orientations.lignes}
    assert lignes == {"caf": (1, 0), "service_social": (4, 1)}
    assert d.orientations.total == 5
    assert d.delai_median_orientation == 25.0 and d.orientations_datees == 4
    assert d.delai_median_orientation_n1 == 7.0 and d.orientations_datees_n1 == 1
    assert d.total == 3 + 3 + 1 + 2 + 1 + 5


def test_decisions_par_territoire(monde):
    ailleurs = CommuneFactory(departement=monde.departement)
    decision(monde, "saisine_siao", le=moment(2024, 8, 1))
    decision(
        monde, "saisine_siao", le=moment(2024, 8, 1),
        menage=MenageFactory(departement=monde.departement, commune=ailleurs),
    )  # fmt: skip
    commune = queries.Territoire(
        "C", f"C-{monde.commune.code_insee}", monde.commune.nom, monde.commune.pk,
        monde.departement.pk,
    )  # fmt: skip
    assert queries.bilan(2024, commune).decisions.ligne("saisine_siao").n == 1
    assert (
        queries.bilan(2024, du_departement(monde.departement)).decisions.ligne("saisine_siao").n
        == 2
    )


def test_decisions_par_parc(monde):
    """A decision belongs to its household's parc (here, the parc its referral states)."""
    for parc in ("social", "prive"):
        menage = MenageFactory(departement=monde.departement, commune=monde.commune)
        saisine_de(monde.bailleur, menage=menage, parc=parc, soumise_le=moment(2024, 1, 5))
        decision(monde, "saisine_siao", le=moment(2024, 8, 1), menage=menage)
    territoire = du_departement(monde.departement)
    assert queries.bilan(2024, territoire, "social").decisions.ligne("saisine_siao").n == 1
    assert queries.bilan(2024, territoire).decisions.ligne("saisine_siao").n == 2


def test_un_nombre_de_requetes_fixe(monde):
    territoire = du_departement(monde.departement)

    def compter():
        with CaptureQueriesContext(connection) as contexte:
            queries.bilan(2024, territoire)
        return len(contexte.captured_queries)

    scenario(monde)
    avec_peu = compter()
    scenario(monde)
    scenario(monde)
    assert compter() == avec_peu


def normaliser(texte: str) -> str:
    return re.sub(r"[ \u202f\u00a0]+", " ", texte)


def test_la_section_du_pdf(monde):
    scenario(monde)
    texte = normaliser(texte_pdf(bilan_pdf(2024, du_departement(monde.departement))))
    assert re.search(r"\d\. Les décisions de la commission ?\.+ ?\d+", texte)  # contents
    section = texte.split("Les décisions de la commission\n")[1].split("6. La situation")[0]
    assert "Décisions sur l’aide au logement notifiées en 2024, par issue" in section
    # label (wrapped in its cell), 2023, 2024, in force, executed, lifted, expired, replaced
    assert re.search(r"Maintien de l’aide\D*0 3 2 1 0 0 0\n", section)
    assert re.search(r"Suspension de l’aide\D*1 3 1 0 1 1 1\n", section)
    assert re.search(r"Reprise du\D*0 1 0 1 0 0 0\n", section)
    assert re.search(r"Saisine directe\D*1 2 1 1 0 0 0\n", section)
    assert re.search(r"Saisine du\D*0 1 1 0 0 0 0\n", section)
    assert "Autre décision" not in section
    assert "Signalements orientés par décision, par destinataire (2024)" in section
    assert re.search(r"Service social départemental \(MDS\) 4 80 % 1 100 %", section)
    assert re.search(r"Délai médian \(jours\) 7 25\n", section)
    assert re.search(r"Orientations dont le signalement est daté 1 4\n", section)


def test_api_et_export(monde):
    scenario(monde)
    client = client_de(monde.pilotage)
    donnees = client.get("/api/v1/indicateurs/", {"annee": 2024}).json()["decisions"]
    suspension = donnees["aide_logement"][1]
    assert suspension == {
        "code": "aide_suspension",
        "libelle": "Suspension de l’aide au logement",
        "n": 3,
        "n1": 1,
        "notifiees": 1,
        "executees": 0,
        "levees": 1,
        "expirees": 1,
        "remplacees": 1,
    }
    assert donnees["delai_median_orientation"] == 25.0
    assert donnees["orientations"]["total"] == 5

    page = normaliser(client.get(reverse("indicateurs:accueil"), {"annee": 2024}).content.decode())
    assert "Les décisions de la commission" in page
    assert "Délai d’orientation des signalements" in page

    url = reverse("indicateurs:export_tableau", args=["decisions_saisines", "csv"])
    contenu = client.get(url, {"annee": 2024}).content.decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(contenu), delimiter=";"))
    assert lignes[0][:3] == ["Décision", "Notifiées en 2023", "Notifiées en 2024"]
    assert lignes[1] == ["Saisine directe du FSL", "1", "2", "1", "1", "0", "0", "0"]
    assert lignes[2] == ["Saisine du SIAO", "0", "1", "1", "0", "0", "0", "0"]
    url = reverse("indicateurs:export_tableau", args=["decisions_delai_orientation", "xlsx"])
    assert client.get(url, {"annee": 2024}).status_code == 200
