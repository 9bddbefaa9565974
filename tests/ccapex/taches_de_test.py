"""A job used only by the tests of the job mechanism (imported by the test worker)."""

import time

from ccapex.traitements import Resultat, tache_de_traitement


@tache_de_traitement("test_compter")
def compter(traitement, avancer):
    """Counts to `n`, pausing between steps; fails on request; writes a file at the end."""
    n = traitement.parametres.get("n", 3)
    avancer(0, n)
    for i in range(1, n + 1):
        time.sleep(traitement.parametres.get("pause", 0))
        if traitement.parametres.get("echouer_a") == i:
            raise ValueError(f"Ligne {i} illisible : le fichier est incomplet.")
        avancer(i)
    return Resultat(fichier=("compte.txt", f"{n}\n".encode()), donnees={"n": n})
