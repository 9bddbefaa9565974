"""Main navigation per role. URL names only: the pages live in the apps above this one."""

from .enums import Role

ACCUEIL_PAR_ROLE = {
    Role.SECRETARIAT: "dossiers:tableau_de_bord",
    Role.MEMBRE: "dossiers:espace_membre",
    Role.PARTENAIRE: "dossiers:espace_partenaire",
    Role.PILOTAGE: "indicateurs:accueil",
    Role.ADMINISTRATEUR: "partenaires:administration",
}

# (label, url name[, other path prefixes that belong to the entry]) in display order.
NAVIGATION_PAR_ROLE = {
    Role.SECRETARIAT: [
        ("Tableau de bord", "dossiers:tableau_de_bord"),
        ("Saisines", "dossiers:file_de_tri"),
        ("Signalements", "dossiers:signalements"),
        ("Imports", "dossiers:imports"),
        ("Ménages", "dossiers:liste"),
        ("Séances", "dossiers:seances", ("/commissions/", "/examens/")),
        ("Suivis", "dossiers:suivis"),
        ("Courriers", "dossiers:courriers_a_poster"),
        ("Indicateurs", "indicateurs:accueil"),
        ("Données à déclarer", "indicateurs:declarations"),
    ],
    Role.MEMBRE: [
        ("Mon espace", "dossiers:espace_membre"),
        ("Données à déclarer", "indicateurs:declarations"),
    ],
    Role.PARTENAIRE: [
        ("Mon espace", "dossiers:espace_partenaire"),
        ("Saisir la CCAPEX", "dossiers:nouvelle_saisine"),
        ("Signalements orientés", "dossiers:signalements_partenaire"),
        ("Suivis à renseigner", "dossiers:suivis_partenaire"),
        ("Données à déclarer", "indicateurs:declarations"),
    ],
    Role.PILOTAGE: [
        ("Indicateurs", "indicateurs:accueil"),
    ],
    Role.ADMINISTRATEUR: [
        ("Administration", "partenaires:administration"),
        ("Organisations", "partenaires:organisations"),
        ("Utilisateurs", "partenaires:utilisateurs"),
        ("Modèles de courrier", "dossiers:modeles_courrier"),
        ("Journal des consultations", "dossiers:export_consultations"),
        ("Types de préconisation", "dossiers:types_preconisation"),
    ],
}
