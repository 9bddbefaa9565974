from procedure.enums import CleRegle
from procedure.models import RegleJuridique
from tests.procedure.factories import semer_les_regles

from .regles import regle, tous_connectes


def une_regle(monde):
    semer_les_regles()
    return {"pk": RegleJuridique.objects.get(cle=CleRegle.DELAI_CDP, valide_du__year=2023).pk}


# The dated reference data of the law: read by all, corrected by the administrator.
REGLES = {
    "procedure:regles": tous_connectes(),
    "procedure:regle": tous_connectes(kwargs=une_regle),
    "procedure:nouvelle_regle": regle(administrateur=200),
    "procedure:modifier_regle": regle(administrateur=200, kwargs=une_regle),
}
