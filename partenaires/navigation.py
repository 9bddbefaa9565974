"""Main navigation per role. URL names only: the pages live in the apps above this one."""

from .enums import Role

ACCUEIL_PAR_ROLE = {
    Role.SECRETARIAT: "commission:tableau_de_bord",
    Role.MEMBRE: "commission:espace_membre",
    Role.PARTENAIRE: "commission:espace_partenaire",
    Role.PILOTAGE: "indicateurs:accueil",
    Role.ADMINISTRATEUR: "partenaires:administration",
    Role.ARCHIVES: "dossiers:archives",
}

# (label, url name[, other path prefixes that belong to the entry]) in display order.
NAVIGATION_PAR_ROLE = {
    Role.SECRETARIAT: [
        ("Tableau de bord", "commission:tableau_de_bord"),
        ("Saisines", "dossiers:file_de_tri"),
        ("Signalements", "commission:signalements"),
        ("Imports", "dossiers:imports"),
        ("Ménages", "dossiers:liste"),
        ("Séances", "commission:seances", ("/commissions/", "/examens/")),
        ("Suivis", "commission:suivis"),
        ("Courriers", "commission:courriers_a_poster"),
        ("Indicateurs", "indicateurs:accueil"),
        ("Données à déclarer", "indicateurs:declarations"),
        ("Conservation", "dossiers:conservation"),
    ],
    Role.MEMBRE: [
        ("Mon espace", "commission:espace_membre"),
        ("Données à déclarer", "indicateurs:declarations"),
    ],
    Role.PARTENAIRE: [
        ("Mon espace", "commission:espace_partenaire"),
        ("Saisir la CCAPEX", "dossiers:nouvelle_saisine"),
        ("Signalements orientés", "commission:signalements_partenaire"),
        ("Suivis à renseigner", "commission:suivis_partenaire"),
        ("Données à déclarer", "indicateurs:declarations"),
    ],
    Role.PILOTAGE: [
        ("Indicateurs", "indicateurs:accueil"),
    ],
    Role.ADMINISTRATEUR: [
        ("Administration", "partenaires:administration"),
        ("Organisations", "partenaires:organisations"),
        ("Utilisateurs", "partenaires:utilisateurs"),
        ("Modèles de courrier", "commission:modeles_courrier"),
        ("Journal des consultations", "dossiers:export_consultations"),
        ("Types de préconisation", "commission:types_preconisation"),
        ("Types de décision", "commission:types_decision"),
    ],
    Role.ARCHIVES: [
        ("Archive intermédiaire", "dossiers:archives"),
        ("Journal des consultations", "dossiers:export_consultations"),
    ],
}

# The directory of referents and schemes is for every role, last in each menu.
for _entrees in NAVIGATION_PAR_ROLE.values():
    _entrees.append(("Annuaire", "partenaires:annuaire"))
