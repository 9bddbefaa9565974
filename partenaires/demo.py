"""A fictional département « Val-d’Orge-et-Bièvre » (code 96, unused by INSEE)."""

from ccapex.demo import MOT_DE_PASSE_DEMO, Demo

from .enums import Role, TypeOrganisation
from .models import (
    Adhesion,
    Arrondissement,
    Commune,
    Departement,
    Dispositif,
    Epci,
    Organisation,
    Referent,
    TypeDispositif,
    Utilisateur,
)
from .services_annuaire import creer_types_par_defaut

DEPARTEMENT = ("96", "Val-d’Orge-et-Bièvre")

ARRONDISSEMENTS = [
    ("961", "Saint-Aubin-sur-Orge"),
    ("962", "Montclair-la-Forêt"),
    ("963", "Étréchy-les-Vignes"),
]

# SIREN, name, has a conférence intercommunale du logement, arrondissement code.
EPCIS = [
    ("200096011", "Communauté d’agglomération Orge-Bièvre", True, "961"),
    ("200096029", "Communauté d’agglomération du Plateau de Montclair", True, "962"),
    ("200096037", "Communauté de communes des Vignes et du Val", False, "963"),
    ("200096045", "Communauté de communes de la Haute-Bièvre", False, "963"),
]

# INSEE code, name, postcode, arrondissement, EPCI SIREN.
COMMUNES = [
    ("96001", "Saint-Aubin-sur-Orge", "96100", "961", "200096011"),
    ("96002", "Viry-les-Prés", "96110", "961", "200096011"),
    ("96003", "Juvigny-sur-Orge", "96120", "961", "200096011"),
    ("96004", "Grigny-le-Haut", "96130", "961", "200096011"),
    ("96005", "Ris-Bièvre", "96140", "961", "200096011"),
    ("96006", "Courcelles-la-Rivière", "96150", "961", "200096011"),
    ("96007", "Bondoufle-Saint-Éloi", "96160", "961", "200096011"),
    ("96008", "Fleury-en-Val", "96170", "961", "200096011"),
    ("96010", "Montclair-la-Forêt", "96200", "962", "200096029"),
    ("96011", "Palaiseau-le-Bois", "96210", "962", "200096029"),
    ("96012", "Massy-les-Jardins", "96220", "962", "200096029"),
    ("96013", "Orsay-la-Vallée", "96230", "962", "200096029"),
    ("96014", "Igny-sur-Bièvre", "96240", "962", "200096029"),
    ("96015", "Villebon-les-Sources", "96250", "962", "200096029"),
    ("96016", "Saclay-Plaine", "96260", "962", "200096029"),
    ("96017", "Champlan-Vieux", "96270", "962", "200096029"),
    ("96020", "Étréchy-les-Vignes", "96300", "963", "200096037"),
    ("96021", "Lardy-la-Ferté", "96310", "963", "200096037"),
    ("96022", "Auvers-Saint-Jacques", "96320", "963", "200096037"),
    ("96023", "Chamarande-le-Val", "96330", "963", "200096037"),
    ("96024", "Bouray-sur-Juine", "96340", "963", "200096037"),
    ("96030", "Angervilliers-en-Bièvre", "96400", "963", "200096045"),
    ("96031", "Briis-les-Bois", "96410", "963", "200096045"),
    ("96032", "Forges-la-Source", "96420", "963", "200096045"),
    ("96033", "Limours-le-Château", "96430", "963", "200096045"),
    ("96034", "Pecqueuse-les-Champs", "96440", "963", "200096045"),
]

# One organisation of every type (name, type, sits in the commission).
ORGANISATIONS = [
    ("Préfecture du Val-d’Orge-et-Bièvre — DDETS", TypeOrganisation.PREFECTURE, True),
    ("Conseil départemental du Val-d’Orge-et-Bièvre", TypeOrganisation.CONSEIL_DEPARTEMENTAL, True),
    ("CAF du Val-d’Orge-et-Bièvre", TypeOrganisation.CAF, True),
    ("MSA Île-de-France Sud", TypeOrganisation.MSA, False),
    ("Orge Habitat (OPH)", TypeOrganisation.BAILLEUR_SOCIAL, True),
    ("Les Foyers de la Bièvre (ESH)", TypeOrganisation.BAILLEUR_SOCIAL, True),
    ("Cabinet Martin Gestion Immobilière", TypeOrganisation.BAILLEUR_PRIVE, False),
    ("MDS de Saint-Aubin-sur-Orge", TypeOrganisation.SERVICE_SOCIAL, True),
    ("MDS de Montclair-la-Forêt", TypeOrganisation.SERVICE_SOCIAL, True),
    ("CCAS de Grigny-le-Haut", TypeOrganisation.CCAS, False),
    ("Association Droit au Toit 96", TypeOrganisation.ASSOCIATION, True),
    ("UDAF du Val-d’Orge-et-Bièvre", TypeOrganisation.UDAF, True),
    ("Banque de France — commission de surendettement", TypeOrganisation.BANQUE_DE_FRANCE, True),
    ("Commission de médiation DALO (COMED)", TypeOrganisation.COMED, False),
    ("ADIL du Val-d’Orge-et-Bièvre", TypeOrganisation.ADIL, True),
    ("SCP Leroy & Associés, commissaires de justice", TypeOrganisation.COMMISSAIRE_JUSTICE, False),
    ("Tribunal judiciaire de Saint-Aubin-sur-Orge", TypeOrganisation.TRIBUNAL, False),
    ("SIAO du Val-d’Orge-et-Bièvre", TypeOrganisation.SIAO, True),
    ("Action Logement Services", TypeOrganisation.ACTION_LOGEMENT, True),
    ("Commune de Saint-Aubin-sur-Orge", TypeOrganisation.COMMUNE, False),
    ("Point d’accès au droit de Montclair", TypeOrganisation.AUTRE, False),
]

# (label, e-mail, first name, last name, organisation name, role)
COMPTES = [
    ("Secrétariat", "secretariat@ccapex.example", "Camille", "Durand",
     "Préfecture du Val-d’Orge-et-Bièvre — DDETS", Role.SECRETARIAT),
    ("Membre (CAF)", "membre@ccapex.example", "Karim", "Benali",
     "CAF du Val-d’Orge-et-Bièvre", Role.MEMBRE),
    ("Partenaire (bailleur social)", "partenaire@ccapex.example", "Sophie", "Lemaire",
     "Orge Habitat (OPH)", Role.PARTENAIRE),
    ("Partenaire (MDS)", "mds@ccapex.example", "Julien", "Moreau",
     "MDS de Saint-Aubin-sur-Orge", Role.PARTENAIRE),
    ("Pilotage (préfecture)", "pilotage@ccapex.example", "Hélène", "Fabre",
     "Préfecture du Val-d’Orge-et-Bièvre — DDETS", Role.PILOTAGE),
    ("Administrateur", "admin@ccapex.example", "Nicolas", "Garnier",
     "Préfecture du Val-d’Orge-et-Bièvre — DDETS", Role.ADMINISTRATEUR),
    ("Archives (DPO)", "archives@ccapex.example", "Claire", "Rousseau",
     "Préfecture du Val-d’Orge-et-Bièvre — DDETS", Role.ARCHIVES),
]  # fmt: skip


def _siret(index: int) -> str:
    """A valid (Luhn) fictional SIRET, stable per organisation."""
    from .validators import luhn_valide

    base = f"9600000{index:03d}000"
    for last in range(10):
        candidate = f"{base}{last}"
        if luhn_valide(candidate):
            return candidate
    raise AssertionError("unreachable")


def peupler(demo: Demo) -> None:
    departement, _ = Departement.objects.get_or_create(
        code=DEPARTEMENT[0], defaults={"nom": DEPARTEMENT[1]}
    )
    arrondissements = {
        code: Arrondissement.objects.get_or_create(
            code=code, defaults={"nom": nom, "departement": departement}
        )[0]
        for code, nom in ARRONDISSEMENTS
    }
    epcis = {
        siren: Epci.objects.get_or_create(
            siren=siren,
            defaults={"nom": nom, "departement": departement, "conference_intercommunale": cil},
        )[0]
        for siren, nom, cil, _arr in EPCIS
    }
    communes = [
        Commune.objects.get_or_create(
            code_insee=insee,
            defaults={
                "nom": nom,
                "code_postal": cp,
                "departement": departement,
                "arrondissement": arrondissements[arr],
                "epci": epcis[siren],
            },
        )[0]
        for insee, nom, cp, arr, siren in COMMUNES
    ]
    organisations = {}
    for index, (nom, type_, siege) in enumerate(ORGANISATIONS, start=1):
        organisations[nom], _ = Organisation.objects.get_or_create(
            nom=nom,
            departement=departement,
            defaults={
                "type": type_,
                "siret": _siret(index),
                "siege_commission": siege,
                "email_contact": f"contact{index:02d}@ccapex.example",
            },
        )
    for label, email, prenom, nom, organisation, role in COMPTES:
        user = Utilisateur.objects.filter(email=email).first()
        if user is None:
            user = Utilisateur.objects.create_user(
                email=email, password=MOT_DE_PASSE_DEMO, prenom=prenom, nom=nom
            )
        Adhesion.objects.get_or_create(
            utilisateur=user, organisation=organisations[organisation], role=role
        )
        demo.comptes.append((label, email))
    demo.objets.update(
        departement=departement,
        arrondissements=arrondissements,
        epcis=epcis,
        communes=communes,
        organisations=organisations,
    )
    demo.log(
        f"territoire {departement} : {len(communes)} communes, {len(organisations)} organisations"
    )
    _annuaire(departement, organisations, epcis, {c.code_insee: c for c in communes})


# Directory: (organisation, type code, name, how to reach it, phone, hours, EPCI SIRENs,
# commune INSEE codes); no EPCI nor commune: the whole département.
DISPOSITIFS = [
    (
        "Conseil départemental du Val-d’Orge-et-Bièvre",
        "fsl-maintien",
        "FSL maintien — impayés de loyer",
        "Demande par un travailleur social (MDS, CCAS) avec le formulaire unique FSL.",
        "01 96 00 10 10",
        "Lundi au vendredi, 9 h – 12 h 30",
        [],
        [],
    ),
    (
        "Conseil départemental du Val-d’Orge-et-Bièvre",
        "asll",
        "ASLL maintien",
        "Prescription par la MDS du secteur.",
        "01 96 00 10 20",
        "",
        [],
        [],
    ),
    (
        "Association Droit au Toit 96",
        "avdl",
        "AVDL — accompagnement des ménages menacés d’expulsion",
        "Orientation par la CCAPEX ou le SIAO.",
        "01 96 00 20 20",
        "Mardi et jeudi, 9 h – 17 h",
        [],
        [],
    ),
    (
        "Association Droit au Toit 96",
        "equipe-mobile",
        "Équipe mobile de prévention des expulsions",
        "Signalement par téléphone ; visite à domicile sous 15 jours.",
        "06 96 00 20 21",
        "",
        ["200096011"],
        [],
    ),
    (
        "ADIL du Val-d’Orge-et-Bièvre",
        "adil",
        "Consultations juridiques logement",
        "Sans rendez-vous ou par téléphone ; gratuit pour locataires et bailleurs.",
        "01 96 00 30 30",
        "Lundi au vendredi, 9 h – 12 h et 14 h – 17 h",
        [],
        [],
    ),
    (
        "Point d’accès au droit de Montclair",
        "permanence-juridique",
        "Permanence juridique du PAD",
        "Sur rendez-vous.",
        "01 96 00 40 40",
        "Mercredi, 14 h – 17 h",
        ["200096029"],
        [],
    ),
    (
        "Commune de Saint-Aubin-sur-Orge",
        "clil",
        "CLIL de Saint-Aubin-sur-Orge",
        "Saisine par le CCAS ou le bailleur ; réunion mensuelle.",
        "01 96 00 50 50",
        "",
        [],
        ["96001"],
    ),
    (
        "Banque de France — commission de surendettement",
        "surendettement",
        "Dépôt d’un dossier de surendettement",
        "En ligne ou au guichet ; accompagnement possible par la MDS.",
        "34 14",
        "",
        [],
        [],
    ),
    (
        "CAF du Val-d’Orge-et-Bièvre",
        "caf-impayes",
        "Maintien de l’aide au logement en cas d’impayé",
        "Signalement de l’impayé par le bailleur ; plan d’apurement.",
        "32 30",
        "",
        [],
        [],
    ),
]

# (organisation, name, role, phone, e-mail, type codes, EPCI SIRENs, commune INSEE codes)
REFERENTS = [
    ("CAF du Val-d’Orge-et-Bièvre", "Aurélie Petit",
     "Référente impayés et prévention des expulsions", "01 96 00 60 01",
     "prevention-expulsions@caf96.example", ["caf-impayes"], [], []),
    ("MDS de Saint-Aubin-sur-Orge", "Julien Moreau", "Travailleur social, référent FSL",
     "01 96 00 60 02", "mds-saint-aubin@ccapex.example", ["fsl-maintien", "asll"],
     ["200096011"], []),
    ("MDS de Montclair-la-Forêt", "Nadia Haddad", "Conseillère en économie sociale et familiale",
     "01 96 00 60 03", "mds-montclair@ccapex.example", ["fsl-maintien", "masp"], ["200096029"], []),
    ("ADIL du Val-d’Orge-et-Bièvre", "Thomas Girard", "Juriste", "01 96 00 60 04",
     "juristes@adil96.example", ["adil", "permanence-juridique"], [], []),
    ("Association Droit au Toit 96", "Léa Bernard", "Coordinatrice de l’équipe mobile",
     "06 96 00 60 05", "equipe-mobile@droitautoit96.example", ["equipe-mobile", "avdl"],
     ["200096011"], []),
    ("CCAS de Grigny-le-Haut", "Marc Lefèvre", "Responsable de l’action sociale", "01 96 00 60 06",
     "ccas@grigny-le-haut.example", ["clil"], [], ["96004"]),
]  # fmt: skip


def _annuaire(departement, organisations, epcis, communes) -> None:
    creer_types_par_defaut(departement=departement, par=None)
    types = {t.code: t for t in TypeDispositif.objects.filter(departement=departement)}
    for organisation, code, nom, joindre, telephone, horaires, sirens, insees in DISPOSITIFS:
        dispositif, cree = Dispositif.objects.get_or_create(
            organisation=organisations[organisation],
            nom=nom,
            defaults={
                "departement": departement, "type": types[code], "comment_joindre": joindre,
                "telephone": telephone, "horaires": horaires,
            },
        )  # fmt: skip
        if cree:
            dispositif.epcis.set([epcis[s] for s in sirens])
            dispositif.communes.set([communes[i] for i in insees])
    for organisation, nom, fonction, telephone, email, codes, sirens, insees in REFERENTS:
        referent, cree = Referent.objects.get_or_create(
            organisation=organisations[organisation],
            nom=nom,
            defaults={
                "departement": departement, "fonction": fonction, "telephone": telephone,
                "email": email,
            },
        )  # fmt: skip
        if cree:
            referent.types.set([types[c] for c in codes])
            referent.epcis.set([epcis[s] for s in sirens])
            referent.communes.set([communes[i] for i in insees])
