from .regles import regle

LECTEURS = {"secretariat": 200, "secretariat_autre_departement": 200, "pilotage": 200}

REGLES = {
    "indicateurs:accueil": regle(**LECTEURS),
    "indicateurs:export_tableau": regle(
        **LECTEURS, kwargs=lambda m: {"cle": "actes", "format": "csv"}
    ),
    "indicateurs:export_donnees": regle(**LECTEURS, kwargs=lambda m: {"format": "xlsx"}),
    # A POST without a year: back to the dashboard with a message (302).
    "indicateurs:generer_bilan": regle(
        secretariat=302, secretariat_autre_departement=302, pilotage=302, methode="post"
    ),
    # The prefecture (secretariat) and the CAF (member) own declarable figures; a social
    # landlord declares internal transfers; the pilotage role only reads.
    "indicateurs:declarations": regle(
        secretariat=200,
        secretariat_autre_departement=200,
        membre=200,
        partenaire=200,
        partenaire_autre_organisation=200,
    ),
    "indicateurs:importer_declarations": regle(
        secretariat=400,
        secretariat_autre_departement=400,
        membre=400,
        partenaire=400,
        partenaire_autre_organisation=400,
        methode="post",
    ),
    "indicateurs:objectifs": regle(
        secretariat=200, secretariat_autre_departement=200, administrateur=200
    ),
}

REGLES["api-indicateurs-list"] = regle(
    secretariat=200,
    secretariat_autre_departement=200,
    pilotage=200,
    membre=200,
    partenaire=200,
    partenaire_autre_organisation=200,
    anonyme=401,
)
