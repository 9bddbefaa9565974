"""Main navigation per role. URL names only: the pages live in the apps above this one."""

from .enums import Role

ACCUEIL_PAR_ROLE = {
    Role.SECRETARIAT: "dossiers:tableau_de_bord",
    Role.MEMBRE: "dossiers:espace_membre",
    Role.PARTENAIRE: "dossiers:espace_partenaire",
    Role.PILOTAGE: "indicateurs:accueil",
    Role.ADMINISTRATEUR: "partenaires:administration",
}

# (label, url name) in display order; later issues append their entries here.
NAVIGATION_PAR_ROLE = {
    Role.SECRETARIAT: [
        ("Tableau de bord", "dossiers:tableau_de_bord"),
        ("Saisines", "dossiers:file_de_tri"),
        ("Ménages", "dossiers:liste"),
        ("Signalements", "dossiers:signalements"),
        ("Imports", "dossiers:imports"),
        ("Indicateurs", "indicateurs:accueil"),
    ],
    Role.MEMBRE: [
        ("Mon espace", "dossiers:espace_membre"),
    ],
    Role.PARTENAIRE: [
        ("Mon espace", "dossiers:espace_partenaire"),
        ("Saisir la CCAPEX", "dossiers:nouvelle_saisine"),
        ("Signalements orientés", "dossiers:signalements_partenaire"),
    ],
    Role.PILOTAGE: [
        ("Indicateurs", "indicateurs:accueil"),
    ],
    Role.ADMINISTRATEUR: [
        ("Administration", "partenaires:administration"),
        ("Organisations", "partenaires:organisations"),
        ("Utilisateurs", "partenaires:utilisateurs"),
        ("Journal des consultations", "dossiers:export_consultations"),
    ],
}
