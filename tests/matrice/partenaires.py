from .regles import regle, tous_connectes

REGLES = {
    "partenaires:compte": tous_connectes(),
    "partenaires:administration": regle(administrateur=200),
    "partenaires:organisations": regle(administrateur=200),
    "partenaires:utilisateurs": regle(administrateur=200),
}
