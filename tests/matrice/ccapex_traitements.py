from ccapex.models import Traitement

from .regles import regle


def un_traitement(monde):
    traitement = Traitement.objects.create(
        type="test_compter",
        libelle="Import",
        departement=monde.departement,
        cree_par=monde.secretariat,
        statut="termine",
    )
    return {"pk": traitement.pk}


REGLES = {
    # Another département's secretariat and every other role: not found.
    "ccapex:traitement": regle(404, secretariat=200, kwargs=un_traitement),
    "ccapex:relancer_traitement": regle(404, secretariat=302, kwargs=un_traitement, methode="post"),
    "ccapex:fichier_traitement": regle(404, kwargs=un_traitement),
}
