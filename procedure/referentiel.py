"""Dated reference data of the law (delays, thresholds, settings), as an immutable snapshot.

The rules in `deadlines.py` read a `Referentiel` and ask for the version in force at the
relevant date (the act, the lease). Views and services build it from the `RegleJuridique`
table once per request (`RegleJuridique.objects.referentiel()`), so that an administrator's
correction takes effect; `REFERENTIEL_PAR_DEFAUT` equals the seeded data (migration 0003) and
serves pure tests and callers that have no database at hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from .calendrier import ajouter_mois
from .enums import CleRegle, LectureBailRenouvele, Unite

# The day the law n° 2023-668 of 27 July 2023 (JO of 28 July) came into force.
LOI_2023 = date(2023, 7, 29)


_DUREES = frozenset({Unite.JOURS, Unite.SEMAINES, Unite.MOIS, Unite.ANNEES})
_MOIS_OU_ANS = frozenset({Unite.MOIS, Unite.ANNEES})
# The units each rule may take: the pure rules know how to read nothing else.
UNITES_PAR_CLE: dict[str, frozenset] = {
    CleRegle.DELAI_CDP: _DUREES,
    CleRegle.BAIL_RENOUVELE: frozenset({Unite.TEXTE}),
    CleRegle.SEUIL_SIGNALEMENT_CDP_MOIS: frozenset({Unite.MOIS}),
    CleRegle.SEUIL_SIGNALEMENT_CDP_LOYERS: frozenset({Unite.LOYERS}),
    CleRegle.DELAI_SAISINE_PREALABLE: _DUREES,
    CleRegle.DELAI_NOTIFICATION_PREFET: _DUREES,
    CleRegle.DELAIS_PAIEMENT_MAX: _MOIS_OU_ANS,
    CleRegle.DELAI_GRACE_MIN: _MOIS_OU_ANS,
    CleRegle.DELAI_GRACE_MAX: _MOIS_OU_ANS,
    CleRegle.DELAI_CQL: _DUREES,
    CleRegle.TREVE_DEBUT: frozenset({Unite.JOUR_DE_L_ANNEE}),
    CleRegle.TREVE_FIN: frozenset({Unite.JOUR_DE_L_ANNEE}),
    CleRegle.DELAI_REPONSE_PREFET: _DUREES,
    CleRegle.IMPAYE_AL_DELAI: _DUREES,
    CleRegle.IMPAYE_AL_SEUIL: frozenset({Unite.EUROS}),
    CleRegle.SUSPENSION_AL_EFFET: frozenset({Unite.MOIS}),
    CleRegle.DECISION_CCAPEX_AL_DELAI: _DUREES,
    CleRegle.DECISION_CCAPEX_AL_CANAL: frozenset({Unite.TEXTE}),
    CleRegle.DELAI_ORIENTATION_SIGNALEMENT: _DUREES,
    CleRegle.DELAI_RECOURS_CONTENTIEUX: _DUREES,
    CleRegle.CONSERVATION_BASE_ACTIVE: _DUREES,
    CleRegle.CONSERVATION_DECISION: _DUREES,
    CleRegle.CONSERVATION_ARCHIVE: _DUREES,
    CleRegle.CONSERVATION_IMPORTS: _DUREES,
}


@dataclass(frozen=True)
class VersionRegle:
    """One version of a rule: its value on [valide_du, valide_jusqu_au] (both inclusive)."""

    cle: str
    valeur: Decimal | None
    unite: str
    valide_du: date
    valide_jusqu_au: date | None = None
    texte: str = ""
    source: str = ""
    a_verifier: bool = False
    departement_code: str = ""  # empty: national; else a former prefectoral order

    def en_vigueur(self, jour: date) -> bool:
        return self.valide_du <= jour and (
            self.valide_jusqu_au is None or jour <= self.valide_jusqu_au
        )

    @property
    def nombre(self) -> int:
        return int(self.valeur) if self.valeur is not None else 0

    @property
    def jour_mois(self) -> tuple[int, int]:
        """(day, month) of a yearly date such as « 31/03 »."""
        jour, mois = self.texte.split("/")
        return int(jour), int(mois)

    @cached_property  # read for every deadline of every procedure an import touches
    def libelle(self) -> str:
        """« 6 semaines », « 450 € », « 2 fois le loyer… », or the setting's text."""
        if self.unite in (Unite.TEXTE, Unite.JOUR_DE_L_ANNEE):
            return self.texte or "non renseigné"
        if self.valeur is None:
            return "non renseigné"
        valeur = f"{self.valeur.normalize():f}".replace(".", ",")
        if self.unite == Unite.EUROS:
            return f"{valeur} €"
        unite = Unite(self.unite).label
        if self.valeur == 1 and self.unite in (Unite.ANNEES, Unite.JOURS, Unite.SEMAINES):
            unite = {Unite.ANNEES: "an", Unite.JOURS: "jour", Unite.SEMAINES: "semaine"}[self.unite]
        return f"{valeur} {unite}"

    @property
    def en_mois(self) -> int | None:
        """The delay in whole months (for bounds given in months or years)."""
        if self.unite == Unite.MOIS:
            return self.nombre
        if self.unite == Unite.ANNEES:
            return self.nombre * 12
        return None

    def apres(self, jour: date) -> date:
        """`jour` + this delay (CPC art. 641: months end on the same day number)."""
        return self._decaler(jour, 1)

    def avant(self, jour: date) -> date:
        """`jour` − this delay, counted backwards (6 weeks = 42 days, Cass. avis 25-70.018)."""
        return self._decaler(jour, -1)

    def _decaler(self, jour: date, sens: int) -> date:
        n = self.nombre * sens
        if self.unite == Unite.JOURS:
            return jour + timedelta(days=n)
        if self.unite == Unite.SEMAINES:
            return jour + timedelta(weeks=n)
        if self.unite == Unite.MOIS:
            return ajouter_mois(jour, n)
        if self.unite == Unite.ANNEES:
            return ajouter_mois(jour, 12 * n)
        raise ValueError(f"« {self.cle} » n’est pas un délai ({self.unite}).")


@dataclass(frozen=True)
class Referentiel:
    """All versions of all rules: the national ones, and those of `departement_code` (former
    prefectoral orders), which win over the national version on the same dates."""

    versions: tuple[VersionRegle, ...]
    departement_code: str = ""

    def pour_departement(self, departement_code: str) -> Referentiel:
        return Referentiel(self.versions, departement_code)

    @cached_property
    def _par_cle(self) -> dict[str, list[VersionRegle]]:
        # The deadline rules ask for the same few keys thousands of times per import chunk:
        # group once instead of scanning every version on each call.
        groupes: dict[str, list[VersionRegle]] = {}
        for v in self.versions:
            if v.departement_code in ("", self.departement_code):
                groupes.setdefault(v.cle, []).append(v)
        return {cle: sorted(vs, key=lambda v: v.valide_du) for cle, vs in groupes.items()}

    @cached_property
    def _en_vigueur(self) -> dict[tuple[str, date | None], VersionRegle | None]:
        return {}

    def versions_de(self, cle: str) -> list[VersionRegle]:
        return list(self._par_cle.get(cle, ()))

    def version(self, cle: str, jour: date | None = None) -> VersionRegle | None:
        """The version in force at `jour` (a département's version first), or None.
        Without `jour`, the current version: the one without end, else the latest."""
        memo = self._en_vigueur
        if (cle, jour) not in memo:
            memo[cle, jour] = self._version(cle, jour)
        return memo[cle, jour]

    def _version(self, cle: str, jour: date | None) -> VersionRegle | None:
        candidates = self._par_cle.get(cle, [])
        if jour is None:
            ouvertes = [v for v in candidates if v.valide_jusqu_au is None]
            return (ouvertes or candidates or [None])[-1]
        en_vigueur = [v for v in candidates if v.en_vigueur(jour)]
        en_vigueur.sort(key=lambda v: (bool(v.departement_code), v.valide_du))
        return en_vigueur[-1] if en_vigueur else None

    def valeur(self, cle: str, jour: date | None = None) -> Decimal | None:
        version = self.version(cle, jour)
        return version.valeur if version else None


def _v(cle, valeur, unite, du, au=None, *, source, texte="", a_verifier=False, dep=""):
    return VersionRegle(
        cle=cle,
        valeur=None if valeur is None else Decimal(valeur),
        unite=unite,
        valide_du=du,
        valide_jusqu_au=au,
        texte=texte,
        source=source,
        a_verifier=a_verifier,
        departement_code=dep,
    )


AVANT_2023 = LOI_2023 - timedelta(days=1)
ALUR = date(2014, 3, 27)  # loi n° 2014-366 of 24 March 2014 (JO of 26 March)

# Retention of personal data (LAW.md §3), seeded by migration `procedure/*_conservation`.
DEBUT_CONSERVATION = date(2016, 4, 14)  # CNIL délibération n° 2016-095 of 14 April 2016
VERSIONS_CONSERVATION: tuple[VersionRegle, ...] = (
    _v(
        CleRegle.CONSERVATION_BASE_ACTIVE, "2", Unite.ANNEES, DEBUT_CONSERVATION,
        source="CNIL, délibération n° 2016-095 (art. 4), reprise par le référentiel relatif "
        "à l’accompagnement social (2021) et le référentiel de durées de conservation "
        "n° 2023-095 : au plus 2 ans en base active après le dernier contact avec le ménage.",
    ),
    _v(
        CleRegle.CONSERVATION_DECISION, "3", Unite.MOIS, DEBUT_CONSERVATION,
        source="Réglage du responsable de traitement, pas un texte : temps laissé au "
        "secrétariat pour maintenir un dossier avec un motif écrit ou le verser en archive "
        "intermédiaire ; au-delà, le traitement de nuit l’archive.",
        a_verifier=True,
    ),
    _v(
        CleRegle.CONSERVATION_ARCHIVE, "3", Unite.ANNEES, DEBUT_CONSERVATION,
        source="Réglage du responsable de traitement avec le service d’archives (code du "
        "patrimoine, art. L212-2 et suivants) : durée de l’archive intermédiaire, accès "
        "restreint, avant anonymisation. À fixer avec le DPO.",
        a_verifier=True,
    ),
    _v(
        CleRegle.CONSERVATION_IMPORTS, "3", Unite.MOIS, DEBUT_CONSERVATION,
        source="Réglage du responsable de traitement avec le DPO (OWASP ASVS 5.0, 14.2.4 : "
        "classes de conservation avec effacement automatique) : un fichier de signalements "
        "nomme des milliers de ménages, dont les données utiles sont passées dans les "
        "signalements créés ; le fichier déposé et les rapports ligne par ligne de sa "
        "simulation et de son import sont effacés après ce délai, les compteurs restent.",
        a_verifier=True,
    ),
)  # fmt: skip

# The seeded versions (migration 0003 writes the same rows; a test compares both).
VERSIONS_INITIALES: tuple[VersionRegle, ...] = (
    _v(
        CleRegle.DELAI_CDP, "2", Unite.MOIS, date(1989, 7, 6), AVANT_2023,
        source="Loi n° 89-462 du 6 juillet 1989, art. 24 I, rédaction antérieure à la loi "
        "n° 2023-668. Les baux en cours au 29/07/2023 gardent le délai de 2 mois de leur "
        "clause (Cass., avis du 13 juin 2024, n° 24-70.002). Début : date de la loi d’origine.",
    ),
    _v(
        CleRegle.DELAI_CDP, "6", Unite.SEMAINES, LOI_2023,
        source="Loi n° 89-462, art. 24 I, modifié par la loi n° 2023-668 du 27 juillet 2023, "
        "art. 10 : baux signés à partir du 29/07/2023.",
    ),
    _v(
        CleRegle.BAIL_RENOUVELE, None, Unite.TEXTE, LOI_2023,
        texte=LectureBailRenouvele.RENOUVELLEMENT,
        source="Bail renouvelé après le 29/07/2023 : les commentateurs divergent ; l’ANIL "
        "applique 6 semaines (le renouvellement est un nouveau bail).",
        a_verifier=True,
    ),
    _v(
        CleRegle.SEUIL_SIGNALEMENT_CDP_MOIS, "6", Unite.MOIS, date(2019, 4, 16), AVANT_2023,
        source="Arrêté préfectoral de Seine-Saint-Denis n° 2019-0975 du 16 avril 2019 (seuil "
        "départemental antérieur à la loi n° 2023-668).",
        dep="93",
    ),
    _v(
        CleRegle.SEUIL_SIGNALEMENT_CDP_LOYERS, "6", Unite.LOYERS, date(2019, 4, 16), AVANT_2023,
        source="Arrêté préfectoral de Seine-Saint-Denis n° 2019-0975 du 16 avril 2019 (seuil "
        "départemental antérieur à la loi n° 2023-668).",
        dep="93",
    ),
    _v(
        CleRegle.SEUIL_SIGNALEMENT_CDP_MOIS, "2", Unite.MOIS, LOI_2023,
        source="Loi n° 89-462, art. 24 I, modifié par la loi n° 2023-668 : seuil national "
        "(les arrêtés préfectoraux ne s’appliquent plus).",
    ),
    _v(
        CleRegle.SEUIL_SIGNALEMENT_CDP_LOYERS, "2", Unite.LOYERS, LOI_2023,
        source="Loi n° 89-462, art. 24 I, modifié par la loi n° 2023-668 : dette égale à deux "
        "fois le loyer mensuel hors charges.",
    ),
    _v(
        CleRegle.DELAI_SAISINE_PREALABLE, "2", Unite.MOIS, date(2015, 1, 1),
        source="Loi n° 89-462, art. 24 II (créé par la loi ALUR n° 2014-366, pour les "
        "assignations à partir du 1er janvier 2015). Saisine réputée faite par le signalement "
        "de l’impayé à l’organisme payeur de l’aide au logement.",
    ),
    _v(
        CleRegle.DELAI_NOTIFICATION_PREFET, "2", Unite.MOIS, date(1998, 7, 31), AVANT_2023,
        source="Loi n° 89-462, art. 24 III, rédaction antérieure à la loi n° 2023-668 "
        "(2 mois). Début : loi n° 98-657 du 29 juillet 1998.",
    ),
    _v(
        CleRegle.DELAI_NOTIFICATION_PREFET, "6", Unite.SEMAINES, LOI_2023,
        source="Loi n° 89-462, art. 24 III, modifié par la loi n° 2023-668 : 6 semaines, soit "
        "42 jours comptés à rebours depuis l’audience, sans report au jour ouvrable (Cass., "
        "avis du 6 novembre 2025, n° 25-70.018).",
    ),
    _v(
        CleRegle.DELAIS_PAIEMENT_MAX, "3", Unite.ANNEES, ALUR,
        source="Loi n° 89-462, art. 24 V (loi ALUR n° 2014-366 ; depuis la loi n° 2023-668, "
        "seulement si le locataire a repris le paiement du loyer courant avant l’audience).",
    ),
    _v(
        CleRegle.DELAI_GRACE_MIN, "3", Unite.MOIS, ALUR, AVANT_2023,
        source="CPCE, art. L412-4, rédaction issue de la loi ALUR n° 2014-366.",
    ),
    _v(
        CleRegle.DELAI_GRACE_MAX, "3", Unite.ANNEES, ALUR, AVANT_2023,
        source="CPCE, art. L412-4, rédaction issue de la loi ALUR n° 2014-366.",
    ),
    _v(
        CleRegle.DELAI_GRACE_MIN, "1", Unite.MOIS, LOI_2023,
        source="CPCE, art. L412-3 et L412-4, modifiés par la loi n° 2023-668.",
    ),
    _v(
        CleRegle.DELAI_GRACE_MAX, "1", Unite.ANNEES, LOI_2023,
        source="CPCE, art. L412-3 et L412-4, modifiés par la loi n° 2023-668.",
    ),
    _v(
        CleRegle.DELAI_CQL, "2", Unite.MOIS, date(2012, 6, 1),
        source="CPCE, art. L412-1 (code en vigueur le 1er juin 2012 ; auparavant loi "
        "n° 91-650, art. 62). Le juge peut réduire ou supprimer ce délai.",
    ),
    _v(
        CleRegle.TREVE_DEBUT, None, Unite.JOUR_DE_L_ANNEE, date(2012, 6, 1), texte="01/11",
        source="CPCE, art. L412-6 : sursis à toute expulsion non exécutée au 1er novembre "
        "(code en vigueur le 1er juin 2012 ; versions antérieures non reprises).",
    ),
    _v(
        CleRegle.TREVE_FIN, None, Unite.JOUR_DE_L_ANNEE, date(2012, 6, 1), ALUR - timedelta(days=1),
        texte="15/03",
        source="CPCE, art. L412-6, rédaction antérieure à la loi ALUR : jusqu’au 15 mars.",
    ),
    _v(
        CleRegle.TREVE_FIN, None, Unite.JOUR_DE_L_ANNEE, ALUR, texte="31/03",
        source="CPCE, art. L412-6, modifié par la loi ALUR n° 2014-366 : jusqu’au 31 mars.",
    ),
    _v(
        CleRegle.DELAI_REPONSE_PREFET, "2", Unite.MOIS, date(2012, 6, 1),
        source="CPCE, art. R153-1 : le silence du préfet pendant 2 mois vaut refus.",
    ),
    _v(
        CleRegle.IMPAYE_AL_DELAI, "3", Unite.MOIS, date(2027, 1, 1),
        source="Décret n° 2026-84 (JO du 13 février 2026) : impayé constitué 3 mois après un "
        "premier défaut de paiement, quel que soit le montant ; impayés signalés à partir "
        "du 1er janvier 2027.",
    ),
    _v(
        CleRegle.IMPAYE_AL_SEUIL, "450", Unite.EUROS, date(2027, 1, 1),
        source="Décret n° 2026-84 (JO du 13 février 2026) : impayé constitué quand la dette "
        "dépasse 450 € (loyer net de la RLS et charges).",
    ),
    _v(
        CleRegle.SUSPENSION_AL_EFFET, "1", Unite.MOIS, date(2027, 1, 1),
        source="Décret n° 2026-84 : la suspension prend effet le premier jour du mois qui suit "
        "celui de la notification de la décision à l’organisme payeur.",
    ),
    _v(
        CleRegle.DECISION_CCAPEX_AL_DELAI, None, Unite.JOURS, date(2027, 1, 1),
        source="Non trouvé dans les textes lus (loi n° 90-449, art. 7-2 ; décret n° 2026-84) : "
        "à renseigner.",
        a_verifier=True,
    ),
    _v(
        CleRegle.DECISION_CCAPEX_AL_CANAL, None, Unite.TEXTE, date(2027, 1, 1),
        source="Non trouvé dans les textes lus (décret n° 2026-84) : à renseigner.",
        a_verifier=True,
    ),
    _v(
        CleRegle.DELAI_RECOURS_CONTENTIEUX, "2", Unite.MOIS, date(2001, 1, 1),
        source="Code de justice administrative, art. R421-1 (recours contentieux dans les deux "
        "mois de la notification ; un recours gracieux formé dans ce délai l’interrompt). "
        "Début : entrée en vigueur du code.",
    ),
    _v(
        CleRegle.DELAI_ORIENTATION_SIGNALEMENT, "15", Unite.JOURS, date(2026, 1, 1),
        source="Réglage du secrétariat, pas un texte : délai après lequel un signalement de "
        "commissaire de justice encore non orienté apparaît sur le tableau de bord (décret "
        "n° 2026-83 : la CCAPEX oriente les signalements). À adapter par l’administrateur du "
        "département.",
    ),
    *VERSIONS_CONSERVATION,
)  # fmt: skip

REFERENTIEL_PAR_DEFAUT = Referentiel(VERSIONS_INITIALES)
