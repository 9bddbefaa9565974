"""Demo commissions and their past year: monthly sessions with examinations, recommendations,
letters, follow-ups (answered, due, overdue) and 12-month reviews; two sessions to come.

Idempotent: commissions and types are looked up by natural key; a commission that already
has sessions gets none. Real PDFs are rendered for a handful of letters only (speed); the
others carry one shared demo PDF.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction

from ccapex.demo import Demo
from ccapex.pdf import rendre_pdf
from commission.echeances_suivi import RELANCES_MAX
from commission.enums import (
    REPONSES_SUIVI,
    NatureExamen,
    SituationLogement,
    StatutSeance,
    TypeCommission,
    TypeCourrier,
)
from commission.models import (
    Bilan,
    Commission,
    Courrier,
    Examen,
    MembreCommission,
    ParticipationSeance,
    Preconisation,
    Seance,
    SignalementChangement,
    SuiviPreconisation,
    TypePreconisation,
)
from commission.services import courriers as services_courriers
from commission.services import seances as services_seances
from commission.services import suivis as services_suivis
from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine
from dossiers.models import Menage, Saisine
from dossiers.numerotation import reserver_numeros
from partenaires.enums import OrigineSaisine, Role, TypeOrganisation, origine_pour
from partenaires.models import Adhesion
from procedure.calendrier import ajouter_mois

PARIS = ZoneInfo("Europe/Paris")

# The default recommendation types used by the demo (codes of the service's default list) and
# their addressee: None for the household, else an organisation type.
DESTINATAIRES = {
    "reprise_paiement": None,
    "plan_apurement": None,
    "actualiser_dls": None,
    "surendettement": TypeOrganisation.BANQUE_DE_FRANCE,
    "fsl": TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    "delais_juge": None,
    "suspendre_procedure": TypeOrganisation.BAILLEUR_SOCIAL,
    "relogement_contingent": TypeOrganisation.PREFECTURE,
    "mutation": TypeOrganisation.BAILLEUR_SOCIAL,
    "pcs": TypeOrganisation.BAILLEUR_SOCIAL,
    "accompagnement_social": TypeOrganisation.SERVICE_SOCIAL,
    "siao": TypeOrganisation.SIAO,
    "masp": TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    "maintien_aide_logement": TypeOrganisation.CAF,
    "suspension_aide_logement": TypeOrganisation.CAF,
}
# Paris 2024: 42 % still home, 30 % rehoused, 7 % left, 21 % expelled.
SITUATIONS = [
    (SituationLogement.DANS_LE_LOGEMENT, 42),
    (SituationLogement.RELOGE_SOCIAL, 22),
    (SituationLogement.RELOGE_PRIVE, 8),
    (SituationLogement.PARTI_HEBERGE, 4),
    (SituationLogement.PARTI_SES_MOYENS, 3),
    (SituationLogement.EXPULSE, 21),
]
SYNTHESES = [
    "Dette née d’une baisse de ressources (fin de contrat). Reprise partielle du loyer.",
    "Séparation récente ; la locataire élève seule trois enfants. Aide au logement suspendue.",
    "Personne âgée isolée, dette ancienne, pas de contact avec les services sociaux.",
    "Couple en surendettement ; plan Banque de France en cours d’instruction.",
    "Loyer trop élevé au regard des ressources ; demande de logement social non renouvelée.",
]
AVIS = [
    "Maintien dans les lieux sous réserve de la reprise du loyer courant.",
    "Relogement à rechercher en priorité ; suspendre la procédure le temps de la recherche.",
    "Accompagnement social renforcé et dossier de surendettement.",
    "Protocole de cohésion sociale à proposer, dette apurée par le FSL.",
]
SEANCES_PASSEES = 14
EXAMENS_PAR_SEANCE = 6
PDF_REELS = 4


def _tirer(rng, ponderes):
    return rng.choices([v for v, _ in ponderes], weights=[p for _, p in ponderes])[0]


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    organisations = demo.objets["organisations"]
    services_seances.creer_types_par_defaut(departement=departement)
    types = {
        t.code: t
        for t in TypePreconisation.objects.filter(
            departement=departement, code__in=DESTINATAIRES
        ).order_by("ordre")
    }
    # Prefer organisations with a demo partner account: their space then shows follow-ups.
    avec_compte = set(
        Adhesion.objects.filter(role=Role.PARTENAIRE).values_list("organisation_id", flat=True)
    )
    par_type = {}
    for organisation in sorted(
        organisations.values(), key=lambda o: (o.pk not in avec_compte, o.nom)
    ):
        par_type.setdefault(organisation.type, organisation)
    destinataires = {code: par_type.get(type_org) for code, type_org in DESTINATAIRES.items()}

    departementale, _ = Commission.objects.get_or_create(
        departement=departement,
        nom=f"CCAPEX du {departement.nom}",
        defaults={"type": TypeCommission.DEPARTEMENTALE},
    )
    commissions = [departementale]
    for arrondissement in demo.objets["arrondissements"].values():
        commission, _ = Commission.objects.get_or_create(
            departement=departement,
            nom=f"Commission locale de {arrondissement.nom}",
            defaults={"type": TypeCommission.LOCALE, "arrondissement": arrondissement},
        )
        commissions.append(commission)
    membres = [o for o in organisations.values() if o.siege_commission]
    for commission in commissions:
        MembreCommission.objects.bulk_create(
            [MembreCommission(commission=commission, organisation=o) for o in membres],
            ignore_conflicts=True,
        )

    if departementale.seances.exists():
        demo.log("séances : déjà présentes")
        return
    menages = list(
        Menage.objects.filter(departement=departement).order_by("pk").values_list("pk", flat=True)
    )
    if len(menages) < EXAMENS_PAR_SEANCE:
        demo.log("séances : pas assez de ménages, aucune créée")
        return
    with transaction.atomic():
        nombre = _seances(demo, departementale, menages, types, destinataires)
    demo.log(f"séances : {nombre} créées avec examens, préconisations, courriers et suivis")


def _seances(demo, commission, menages, types, destinataires) -> int:
    rng, aujourd_hui = demo.rng, demo.aujourd_hui
    codes = list(types)
    pdf_demo = rendre_pdf(
        "commission/pdf/courrier.html",
        {
            "objet": "Exemplaire de démonstration",
            "corps": "Courrier de démonstration : les données sont fictives.",
            "destinataire": "Démonstration",
            "adresse": "",
            "numero": "—",
            "date": "",
            "departement": commission.departement.nom,
            "commission": commission.nom,
        },
    )
    seances, courriers = [], []
    # Households examined for the first time, by session (months ago): a household is first
    # examined once, may come back a few months later, and is reviewed at 12 months.
    premiers_par_mois: dict[int, list[int]] = {}
    jamais_examines = rng.sample(menages, len(menages))
    premiers_examens = []
    for k in range(SEANCES_PASSEES, -3, -1):
        if k == 0:
            continue
        jour = ajouter_mois(aujourd_hui, -k) if k > 0 else aujourd_hui + timedelta(days=-15 * k)
        passee = k > 0
        seance = Seance.objects.create(
            commission=commission,
            date=datetime.combine(jour, time(14), tzinfo=PARIS),
            lieu="Préfecture, salle du conseil",
            statut=StatutSeance.CLOSE if passee else StatutSeance.EN_PREPARATION,
            # Past agendas were published (members see those sessions); the next ones are
            # left for the secretariat to publish.
            version_publiee=1 if passee else 0,
            version_notifiee=1 if passee else 0,
            publiee_le=seance_publiee_le(jour) if passee else None,
        )
        seances.append(seance)
        nombre = min(EXAMENS_PAR_SEANCE if k > 0 else 3, len(jamais_examines))
        nouveaux = [jamais_examines.pop() for _ in range(nombre)]
        premiers_par_mois[k] = nouveaux
        ordre = [(m, NatureExamen.PREMIER_EXAMEN) for m in nouveaux]
        revus = [m for mois in range(k + 2, k + 7) for m in premiers_par_mois.get(mois, [])]
        if revus:
            ordre.append((rng.choice(revus), NatureExamen.REEXAMEN))
        if premiers_par_mois.get(k + 12):
            ordre.append((rng.choice(premiers_par_mois[k + 12]), NatureExamen.BILAN))
        examens = Examen.objects.bulk_create(
            [
                Examen(
                    seance=seance,
                    menage_id=menage_id,
                    nature=nature,
                    ordre=i,
                    synthese=rng.choice(SYNTHESES) if k > 0 else "",
                    avis=rng.choice(AVIS) if k > 0 else "",
                )
                for i, (menage_id, nature) in enumerate(ordre, start=1)
            ]
        )
        premiers_examens += [
            (examen, seance) for examen in examens if examen.nature == NatureExamen.PREMIER_EXAMEN
        ]
        if k < 0:
            continue
        preconisations = []
        for examen in examens:
            for code in rng.sample(codes, rng.randint(2, 4)):
                organisation = destinataires[code]
                preconisations.append(
                    Preconisation(
                        examen=examen,
                        type=types[code],
                        destinataire_menage=organisation is None,
                        destinataire_organisation=organisation,
                        echeance=jour + timedelta(days=90) if rng.random() < 0.3 else None,
                    )
                )
        Preconisation.objects.bulk_create(preconisations)
        Seance.objects.filter(pk=seance.pk).update(
            close_le=datetime.combine(jour + timedelta(days=1), time(10), tzinfo=PARIS)
        )
        # Letters: real PDFs for the most recent session's first letters only.
        lettres = services_courriers.lettres_de_la_seance(seance)
        reelles = lettres[:PDF_REELS] if k == 1 else []
        dettes = services_courriers.dettes_des_menages(
            {lettre.examen.menage_id for lettre in reelles}
        )
        for lettre in lettres:
            if lettre in reelles:
                dette = dettes.get(lettre.examen.menage_id)
                pdf, modele = services_courriers.rendre_lettre(lettre, seance, dette, {})
            else:
                pdf, modele = pdf_demo, None
            courrier = Courrier(
                menage=lettre.examen.menage,
                seance=seance,
                type=TypeCourrier.PRECONISATION,
                modele=modele,
                destinataire_organisation=lettre.organisation,
                destinataire_menage=lettre.organisation is None,
                genere_le=seance.date + timedelta(days=1),
                # The latest session's household letters still wait for the post.
                envoye_le=None
                if k == 1 and lettre.organisation is None
                else seance.date + timedelta(days=2),
            )
            courrier.fichier.save(
                f"demo-{seance.pk}-{lettre.examen.menage_id}-{lettre.cle[1] or 'menage'}.pdf",
                ContentFile(pdf),
                save=False,
            )
            courriers.append(courrier)
    Courrier.objects.bulk_create(courriers)
    services_suivis.planifier_suivis_des_seances(
        [s.pk for s in seances if s.statut == StatutSeance.CLOSE]
    )
    _participations(demo, commission, seances)
    _saisines_examinees(demo, premiers_examens)
    _suivis(demo)
    _bilans(demo)
    _signalements(demo, seances)
    return len(seances)


def seance_publiee_le(jour):
    return datetime.combine(jour - timedelta(days=10), time(9), tzinfo=PARIS)


def _participations(demo, commission, seances) -> None:
    """Every member organisation invited, with its demo account as representative; most
    attended the past sessions."""
    representants = {
        adhesion.organisation_id: adhesion.utilisateur_id
        for adhesion in Adhesion.objects.filter(
            role=Role.MEMBRE, organisation__departement=commission.departement
        )
    }
    membres = list(commission.membres.values_list("organisation_id", flat=True))
    Representant = MembreCommission.representants.through
    Representant.objects.bulk_create(
        [
            Representant(membrecommission_id=pk, utilisateur_id=representants[organisation_id])
            for pk, organisation_id in MembreCommission.objects.filter(
                commission=commission, organisation_id__in=representants
            ).values_list("pk", "organisation_id")
        ],
        ignore_conflicts=True,
    )
    ParticipationSeance.objects.bulk_create(
        [
            ParticipationSeance(
                seance=seance,
                organisation_id=organisation_id,
                utilisateur_id=representants.get(organisation_id),
                invite=True,
                present=seance.statut == StatutSeance.CLOSE and demo.rng.random() < 0.8,
            )
            for seance in seances
            for organisation_id in membres
        ]
    )


# Origins of complex referrals, roughly as in the seeds' balances.
ORIGINES = [
    (OrigineSaisine.SERVICES_SOCIAUX, 35), (OrigineSaisine.BAILLEURS, 20),
    (OrigineSaisine.PREFECTURE, 12), (OrigineSaisine.CAF, 10), (OrigineSaisine.UDAF, 5),
    (OrigineSaisine.COMED, 5), (OrigineSaisine.BDF, 3), (OrigineSaisine.MENAGE, 4),
    (OrigineSaisine.AUTRE, 6),
]  # fmt: skip
DEMANDES = [
    "Maintien dans les lieux et apurement de la dette.",
    "Relogement adapté aux ressources du ménage.",
    "Délais de paiement et orientation vers le FSL.",
    "Suspension de la procédure le temps d’un relogement.",
]


def _saisines_examinees(demo, premiers_examens) -> None:
    """Each first examination answers a complex referral found admissible a few weeks before."""
    rng = demo.rng
    departement = demo.objets["departement"]
    resumes = Menage.objects.filter(
        pk__in=[examen.menage_id for examen, _ in premiers_examens]
    ).avec_resume()
    resumes = {menage.pk: menage for menage in resumes}
    par_origine: dict[str, list] = {}
    for organisation in sorted(demo.objets["organisations"].values(), key=lambda o: o.nom):
        par_origine.setdefault(origine_pour(organisation.type), []).append(organisation)
    par_annee: dict[int, list] = {}
    for examen, seance in premiers_examens:
        recue = seance.date - timedelta(days=rng.randint(20, 60))
        par_annee.setdefault(recue.year, []).append((examen, recue))
    saisines = []
    for annee, lignes in sorted(par_annee.items()):
        numeros = reserver_numeros(
            departement=departement, annee=annee, serie="saisine", nombre=len(lignes)
        )
        for numero, (examen, recue) in zip(numeros, lignes, strict=True):
            menage = resumes[examen.menage_id]
            origine = _tirer(rng, ORIGINES)
            organisation = rng.choice(par_origine[origine]) if par_origine.get(origine) else None
            if organisation is None and origine != OrigineSaisine.MENAGE:
                origine = OrigineSaisine.AUTRE
            saisines.append(
                Saisine(
                    departement=departement,
                    numero=numero,
                    nature=NatureSaisine.COMPLEXE,
                    canal=CanalSaisine.FORMULAIRE_PARTENAIRE
                    if organisation
                    else CanalSaisine.FORMULAIRE_MENAGE,
                    origine=origine,
                    organisation=organisation,
                    statut=StatutSaisine.RECEVABLE,
                    nom=menage.nom_reference or "",
                    prenom=menage.prenom_reference or "",
                    adresse=menage.adresse,
                    commune_id=menage.commune_id,
                    parc=menage.parc or "",
                    motif=menage.motif or "",
                    stade_declare=menage.stade or "",
                    montant_dette=menage.dette,
                    date_dette=recue.date() if menage.dette else None,
                    demande=rng.choice(DEMANDES),
                    consentement_saisine=True,
                    consentement_partage=True,
                    consentement_date=recue.date(),
                    consentement_mode="ecrit",
                    menage_id=menage.pk,
                    procedure_id=menage.procedure_courante,
                    soumise_le=recue,
                    traitee_le=recue + timedelta(days=rng.randint(2, 10)),
                )
            )
    Saisine.objects.bulk_create(saisines)
    par_menage = {saisine.menage_id: saisine for saisine in saisines}
    examens = [examen for examen, _ in premiers_examens]
    for examen in examens:
        examen.saisine = par_menage[examen.menage_id]
    Examen.objects.bulk_update(examens, ["saisine"])


def _moment(jour):
    return datetime.combine(jour, time(9), tzinfo=PARIS)


def _suivis(demo) -> None:
    """Asked at 6 months; about 60 % answered, the others reminded every 30 days (3 at most)."""
    rng, aujourd_hui = demo.rng, demo.aujourd_hui
    suivis = list(
        SuiviPreconisation.objects.filter(echeance__lte=aujourd_hui).select_related("preconisation")
    )
    preconisations = []
    for suivi in suivis:
        suivi.demande_le = _moment(suivi.echeance)
        delai = (aujourd_hui - suivi.echeance).days
        if rng.random() < 0.6 and delai > 3:
            suivi.reponse = rng.choice(REPONSES_SUIVI)
            suivi.repondu_le = _moment(
                suivi.echeance + timedelta(days=rng.randint(1, min(delai, 45)))
            )
            suivi.commentaire = rng.choice(
                ["", "Dossier instruit.", "Le ménage ne s’est pas présenté."]
            )
            suivi.preconisation.statut = suivi.reponse
            preconisations.append(suivi.preconisation)
        elif not suivi.preconisation.destinataire_menage:
            suivi.nb_relances = min(RELANCES_MAX, delai // 30)
            if suivi.nb_relances:
                suivi.relance_le = _moment(suivi.echeance + timedelta(days=30 * suivi.nb_relances))
    SuiviPreconisation.objects.bulk_update(
        suivis,
        ["demande_le", "reponse", "repondu_le", "commentaire", "nb_relances", "relance_le"],
    )
    Preconisation.objects.bulk_update(preconisations, ["statut"])


def _bilans(demo) -> None:
    rng, aujourd_hui = demo.rng, demo.aujourd_hui
    bilans = list(Bilan.objects.filter(echeance__lte=aujourd_hui - timedelta(days=10)))
    for bilan in bilans:
        bilan.situation = _tirer(rng, SITUATIONS)
        bilan.dette_soldee = rng.random() < 0.3
        bilan.surendettement_recevable = rng.random() < 0.2
        bilan.fsl_accorde = rng.random() < 0.35
        bilan.pcs_signe = rng.random() < 0.15
        bilan.realise_le = _moment(bilan.echeance + timedelta(days=rng.randint(0, 9)))
    Bilan.objects.bulk_update(
        bilans,
        [
            "situation", "dette_soldee", "surendettement_recevable", "fsl_accorde", "pcs_signe",
            "realise_le",
        ],
    )  # fmt: skip


def _signalements(demo, seances) -> None:
    recentes = [s for s in seances if s.statut == StatutSeance.CLOSE][-3:]
    for seance in recentes:
        preconisation = (
            Preconisation.objects.filter(
                examen__seance=seance, destinataire_organisation__isnull=False
            )
            .select_related("examen")
            .first()
        )
        if preconisation:
            SignalementChangement.objects.create(
                menage_id=preconisation.examen.menage_id,
                organisation_id=preconisation.destinataire_organisation_id,
                texte=demo.rng.choice(
                    [
                        "Le ménage a repris le paiement du loyer depuis deux mois.",
                        "Relogement attribué par la commission d’attribution.",
                        "Le ménage a quitté le logement, adresse inconnue.",
                    ]
                ),
            )
