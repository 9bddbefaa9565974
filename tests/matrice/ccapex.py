from .regles import API_ANONYME, public, regle, tous_connectes

REGLES = {
    "accueil": tous_connectes(302),
    "healthz": public(),
    # Signed-in users are sent on to their home page.
    "connexion": regle(302, anonyme=200),
    # Signing out is a POST; the form is in the header of every page.
    "deconnexion": tous_connectes(405),
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_confirm": public(kwargs=lambda monde: {"uidb64": "MQ", "token": "faux-jeton"}),
    "password_reset_complete": public(),
    "second_facteur": tous_connectes(),
    "accessibilite": public(),
    "mentions_legales": public(),
    "donnees_personnelles": public(),
    "api-root": regle(200, anonyme=API_ANONYME),
    "api_schema": regle(200, anonyme=API_ANONYME),
    "api_docs": regle(200, anonyme=API_ANONYME),
}
