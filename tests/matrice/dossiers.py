from .regles import regle

REGLES = {
    "commission:tableau_de_bord": regle(secretariat=200, secretariat_autre_departement=200),
    "commission:espace_membre": regle(membre=200),
    "commission:espace_partenaire": regle(partenaire=200, partenaire_autre_organisation=200),
}
