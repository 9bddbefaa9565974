"""Seed the dated reference data of the law (LAW.md §1 and §2), each version with its source.

The rows are written out here, not imported, so that the migration stays what it was;
`procedure.referentiel.VERSIONS_INITIALES` holds the same data and a test compares both.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

VERSIONS = [
    {
        "cle": "delai_cdp",
        "departement_code": "",
        "valeur": "2",
        "unite": "mois",
        "texte": "",
        "valide_du": "1989-07-06",
        "valide_jusqu_au": "2023-07-28",
        "a_verifier": False,
        "source": "Loi n° 89-462 du 6 juillet 1989, art. 24 I, rédaction antérieure à la loi n° 2023-668. Les baux en cours au 29/07/2023 gardent le délai de 2 mois de leur clause (Cass., avis du 13 juin 2024, n° 24-70.002). Début : date de la loi d’origine.",
    },
    {
        "cle": "delai_cdp",
        "departement_code": "",
        "valeur": "6",
        "unite": "semaines",
        "texte": "",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 I, modifié par la loi n° 2023-668 du 27 juillet 2023, art. 10 : baux signés à partir du 29/07/2023.",
    },
    {
        "cle": "bail_renouvele",
        "departement_code": "",
        "valeur": None,
        "unite": "texte",
        "texte": "renouvellement",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": True,
        "source": "Bail renouvelé après le 29/07/2023 : les commentateurs divergent ; l’ANIL applique 6 semaines (le renouvellement est un nouveau bail).",
    },
    {
        "cle": "seuil_signalement_cdp_mois",
        "departement_code": "93",
        "valeur": "6",
        "unite": "mois",
        "texte": "",
        "valide_du": "2019-04-16",
        "valide_jusqu_au": "2023-07-28",
        "a_verifier": False,
        "source": "Arrêté préfectoral de Seine-Saint-Denis n° 2019-0975 du 16 avril 2019 (seuil départemental antérieur à la loi n° 2023-668).",
    },
    {
        "cle": "seuil_signalement_cdp_loyers",
        "departement_code": "93",
        "valeur": "6",
        "unite": "loyers",
        "texte": "",
        "valide_du": "2019-04-16",
        "valide_jusqu_au": "2023-07-28",
        "a_verifier": False,
        "source": "Arrêté préfectoral de Seine-Saint-Denis n° 2019-0975 du 16 avril 2019 (seuil départemental antérieur à la loi n° 2023-668).",
    },
    {
        "cle": "seuil_signalement_cdp_mois",
        "departement_code": "",
        "valeur": "2",
        "unite": "mois",
        "texte": "",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 I, modifié par la loi n° 2023-668 : seuil national (les arrêtés préfectoraux ne s’appliquent plus).",
    },
    {
        "cle": "seuil_signalement_cdp_loyers",
        "departement_code": "",
        "valeur": "2",
        "unite": "loyers",
        "texte": "",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 I, modifié par la loi n° 2023-668 : dette égale à deux fois le loyer mensuel hors charges.",
    },
    {
        "cle": "delai_saisine_prealable",
        "departement_code": "",
        "valeur": "2",
        "unite": "mois",
        "texte": "",
        "valide_du": "2015-01-01",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 II (créé par la loi ALUR n° 2014-366, pour les assignations à partir du 1er janvier 2015). Saisine réputée faite par le signalement de l’impayé à l’organisme payeur de l’aide au logement.",
    },
    {
        "cle": "delai_notification_prefet",
        "departement_code": "",
        "valeur": "2",
        "unite": "mois",
        "texte": "",
        "valide_du": "1998-07-31",
        "valide_jusqu_au": "2023-07-28",
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 III, rédaction antérieure à la loi n° 2023-668 (2 mois). Début : loi n° 98-657 du 29 juillet 1998.",
    },
    {
        "cle": "delai_notification_prefet",
        "departement_code": "",
        "valeur": "6",
        "unite": "semaines",
        "texte": "",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 III, modifié par la loi n° 2023-668 : 6 semaines, soit 42 jours comptés à rebours depuis l’audience, sans report au jour ouvrable (Cass., avis du 6 novembre 2025, n° 25-70.018).",
    },
    {
        "cle": "delais_paiement_max",
        "departement_code": "",
        "valeur": "3",
        "unite": "annees",
        "texte": "",
        "valide_du": "2014-03-27",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Loi n° 89-462, art. 24 V (loi ALUR n° 2014-366 ; depuis la loi n° 2023-668, seulement si le locataire a repris le paiement du loyer courant avant l’audience).",
    },
    {
        "cle": "delai_grace_min",
        "departement_code": "",
        "valeur": "3",
        "unite": "mois",
        "texte": "",
        "valide_du": "2014-03-27",
        "valide_jusqu_au": "2023-07-28",
        "a_verifier": False,
        "source": "CPCE, art. L412-4, rédaction issue de la loi ALUR n° 2014-366.",
    },
    {
        "cle": "delai_grace_max",
        "departement_code": "",
        "valeur": "3",
        "unite": "annees",
        "texte": "",
        "valide_du": "2014-03-27",
        "valide_jusqu_au": "2023-07-28",
        "a_verifier": False,
        "source": "CPCE, art. L412-4, rédaction issue de la loi ALUR n° 2014-366.",
    },
    {
        "cle": "delai_grace_min",
        "departement_code": "",
        "valeur": "1",
        "unite": "mois",
        "texte": "",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "CPCE, art. L412-3 et L412-4, modifiés par la loi n° 2023-668.",
    },
    {
        "cle": "delai_grace_max",
        "departement_code": "",
        "valeur": "1",
        "unite": "annees",
        "texte": "",
        "valide_du": "2023-07-29",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "CPCE, art. L412-3 et L412-4, modifiés par la loi n° 2023-668.",
    },
    {
        "cle": "delai_cql",
        "departement_code": "",
        "valeur": "2",
        "unite": "mois",
        "texte": "",
        "valide_du": "2012-06-01",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "CPCE, art. L412-1 (code en vigueur le 1er juin 2012 ; auparavant loi n° 91-650, art. 62). Le juge peut réduire ou supprimer ce délai.",
    },
    {
        "cle": "delai_reponse_prefet",
        "departement_code": "",
        "valeur": "2",
        "unite": "mois",
        "texte": "",
        "valide_du": "2012-06-01",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "CPCE, art. R153-1 : le silence du préfet pendant 2 mois vaut refus.",
    },
    {
        "cle": "impaye_al_delai",
        "departement_code": "",
        "valeur": "3",
        "unite": "mois",
        "texte": "",
        "valide_du": "2027-01-01",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Décret n° 2026-84 (JO du 13 février 2026) : impayé constitué 3 mois après un premier défaut de paiement, quel que soit le montant ; impayés signalés à partir du 1er janvier 2027.",
    },
    {
        "cle": "impaye_al_seuil",
        "departement_code": "",
        "valeur": "450",
        "unite": "euros",
        "texte": "",
        "valide_du": "2027-01-01",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Décret n° 2026-84 (JO du 13 février 2026) : impayé constitué quand la dette dépasse 450 € (loyer net de la RLS et charges).",
    },
    {
        "cle": "suspension_al_effet",
        "departement_code": "",
        "valeur": "1",
        "unite": "mois",
        "texte": "",
        "valide_du": "2027-01-01",
        "valide_jusqu_au": None,
        "a_verifier": False,
        "source": "Décret n° 2026-84 : la suspension prend effet le premier jour du mois qui suit celui de la notification de la décision à l’organisme payeur.",
    },
    {
        "cle": "decision_ccapex_al_delai",
        "departement_code": "",
        "valeur": None,
        "unite": "jours",
        "texte": "",
        "valide_du": "2027-01-01",
        "valide_jusqu_au": None,
        "a_verifier": True,
        "source": "Non trouvé dans les textes lus (loi n° 90-449, art. 7-2 ; décret n° 2026-84) : à renseigner.",
    },
    {
        "cle": "decision_ccapex_al_canal",
        "departement_code": "",
        "valeur": None,
        "unite": "texte",
        "texte": "",
        "valide_du": "2027-01-01",
        "valide_jusqu_au": None,
        "a_verifier": True,
        "source": "Non trouvé dans les textes lus (décret n° 2026-84) : à renseigner.",
    },
]


def semer(apps, schema_editor):
    RegleJuridique = apps.get_model("procedure", "RegleJuridique")
    Historique = apps.get_model("procedure", "HistoricalRegleJuridique")
    for ligne in VERSIONS:
        champs = dict(ligne)
        champs["valeur"] = None if champs["valeur"] is None else Decimal(champs["valeur"])
        champs["valide_du"] = date.fromisoformat(champs["valide_du"])
        if champs["valide_jusqu_au"]:
            champs["valide_jusqu_au"] = date.fromisoformat(champs["valide_jusqu_au"])
        regle, creee = RegleJuridique.objects.get_or_create(
            cle=champs.pop("cle"),
            departement_code=champs.pop("departement_code"),
            valide_du=champs.pop("valide_du"),
            defaults=champs,
        )
        if creee:
            # Historical models in migrations send no signal: the first version is written
            # here so that the page shows where each value came from.
            Historique.objects.create(
                id=regle.pk,
                cle=regle.cle,
                departement_code=regle.departement_code,
                valeur=regle.valeur,
                unite=regle.unite,
                texte=regle.texte,
                valide_du=regle.valide_du,
                valide_jusqu_au=regle.valide_jusqu_au,
                source=regle.source,
                a_verifier=regle.a_verifier,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Données initiales (LAW.md)",
            )


class Migration(migrations.Migration):
    dependencies = [("procedure", "0002_dates_du_bail_et_regles_juridiques")]

    operations = [migrations.RunPython(semer, migrations.RunPython.noop)]
