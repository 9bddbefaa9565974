from .regles import regle

REGLES = {
    "indicateurs:accueil": regle(secretariat=200, secretariat_autre_departement=200, pilotage=200),
}
