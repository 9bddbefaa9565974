"""A referral being filled in step by step, kept on the server between steps.

The values typed so far live in the user's session (one draft per form: a new referral, a
referral being completed, the public form of a département), as the raw strings the form
posted, so each step can be shown again as it was left and the whole is validated at the end
by the one `SaisineForm`. Documents are checked when they arrive and written under a random
name in the private media storage (`brouillons/`), never served; they become the referral's
documents when it is sent, and are deleted when the draft is sent or abandoned.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from ccapex.fichiers import FichierVerifie

DOSSIER = "brouillons"
# A draft's files are kept one day: long enough to finish a referral started the day before.
DUREE_BROUILLON = timedelta(hours=24)


def portee_partenaire(organisation_id: int, saisine_id: int | None = None) -> str:
    return f"partenaire:{organisation_id}:{saisine_id or 'nouvelle'}"


class Brouillon:
    def __init__(self, session, portee: str):
        self.session = session
        self.cle_session = f"saisine-brouillon:{portee}"

    @property
    def etat(self) -> dict | None:
        return self.session.get(self.cle_session)

    def _ecrire(self, etat: dict) -> None:
        self.session[self.cle_session] = etat
        self.session.modified = True

    def commencer(self, *, cle: uuid.UUID | None = None, donnees: dict | None = None) -> dict:
        """Start the draft (once): a new key, or the key and values of a saved referral."""
        if self.etat is None:
            self._ecrire(
                {
                    "cle": str(cle or uuid.uuid4()),
                    "donnees": {k: v for k, v in (donnees or {}).items() if v},
                    "fichiers": [],
                    "vues": [],
                }
            )
        return self.etat

    @property
    def resume(self) -> str:
        """Whom the draft is about, for a link to resume it (« Lefèvre Hélène »)."""
        if self.etat is None:
            return ""
        return " ".join(filter(None, [self.valeur("nom"), self.valeur("prenom")]))

    @property
    def cle(self) -> str:
        return self.etat["cle"]

    def donnees(self) -> MultiValueDict:
        return MultiValueDict(self.etat["donnees"])

    def valeur(self, nom: str) -> str:
        valeurs = self.etat["donnees"].get(nom) or [""]
        return valeurs[0]

    def garder(self, champs, post, *, sauf=()) -> None:
        """What a step posted replaces that step's values (an unticked box is absent)."""
        etat = self.etat
        for nom in champs:
            etat["donnees"].pop(nom, None)
            valeurs = [v for v in post.getlist(nom) if v != ""]
            if valeurs and nom not in sauf:
                etat["donnees"][nom] = valeurs
        self._ecrire(etat)

    def vue(self, slug: str) -> None:
        etat = self.etat
        if slug not in etat["vues"]:
            etat["vues"].append(slug)
            self._ecrire(etat)

    # --- documents ------------------------------------------------------------------------

    @property
    def fichiers(self) -> list[dict]:
        return self.etat["fichiers"]

    def ajouter(self, champ: str, fichier: FichierVerifie, *, seul: bool) -> None:
        """Keep a checked document; `seul`: it replaces the one already given for `champ`."""
        if seul:
            for index in reversed(range(len(self.fichiers))):
                if self.fichiers[index]["champ"] == champ:
                    self.retirer(index)
        chemin = default_storage.save(
            f"{DOSSIER}/{secrets.token_hex(16)}", ContentFile(fichier.contenu)
        )
        etat = self.etat
        etat["fichiers"].append(
            {
                "champ": champ,
                "nom": fichier.nom,
                "chemin": chemin,
                "taille": len(fichier.contenu),
            }
        )
        self._ecrire(etat)

    def retirer(self, index: int) -> None:
        etat = self.etat
        if 0 <= index < len(etat["fichiers"]):
            default_storage.delete(etat["fichiers"].pop(index)["chemin"])
            self._ecrire(etat)

    def televersements(self) -> MultiValueDict:
        """The kept documents as uploaded files, for the final validation by the form."""
        fichiers = MultiValueDict()
        for fichier in self.fichiers:
            with default_storage.open(fichier["chemin"], "rb") as lu:
                fichiers.appendlist(fichier["champ"], SimpleUploadedFile(fichier["nom"], lu.read()))
        return fichiers

    def effacer(self) -> None:
        if self.etat is None:
            return
        for fichier in self.fichiers:
            default_storage.delete(fichier["chemin"])
        del self.session[self.cle_session]
        self.session.modified = True


def purger(avant) -> int:
    """Delete the documents of drafts never sent nor abandoned (the session expired): those
    kept before `avant` (a datetime). Returns how many were deleted."""
    try:
        _dossiers, fichiers = default_storage.listdir(DOSSIER)
    except FileNotFoundError:
        return 0
    supprimes = 0
    for nom in fichiers:
        chemin = f"{DOSSIER}/{nom}"
        if default_storage.get_modified_time(chemin) < avant:
            default_storage.delete(chemin)
            supprimes += 1
    return supprimes
