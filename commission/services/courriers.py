"""Letters after a session: templates the administrator edits, one PDF per dossier and
addressee, attached to the dossier, e-mailed to partners (a link, never the file), posted to
households by the secretariat.

Templates are rendered by Django's template engine in a restricted way: `valider_gabarit`
refuses any tag, filter or variable outside the documented set, and the context holds plain
strings built here (never model instances), so a template can reach nothing else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import ForNode, IfNode
from django.urls import reverse
from django.utils import timezone

from ccapex.courriels import envoyer
from ccapex.formats import date_longue, euros
from ccapex.models import Traitement
from ccapex.pdf import rendre_pdf
from ccapex.traitements import Resultat, lancer
from commission import journal
from commission.destinataires import adresses_de_l_organisation
from commission.enums import StatutSeance, TypeCourrier
from commission.models import Courrier, Examen, ModeleCourrier, Preconisation, Seance
from commission.services import suivis as services_suivis
from dossiers.models import Menage

TYPE_TRAITEMENT = "courriers_seance"

# The documented placeholders: (name, description). Nothing else is accepted.
VARIABLES = {
    "menage": {
        "numero": "numéro du dossier",
        "nom": "nom du ménage (premier membre)",
        "adresse": "adresse du logement",
        "commune": "commune",
        "dette": "dette locative connue (1 234,56 €)",
    },
    "seance": {
        "date": "date de la séance (24 novembre 2026)",
        "lieu": "lieu de la séance",
        "commission": "nom de la commission",
    },
    "destinataire": {"nom": "organisation destinataire ou nom du ménage"},
    "examen": {"avis": "avis de la commission"},
    "departement": {"nom": "nom du département"},
    "aujourd_hui": "date du courrier",
    "preconisations": "liste des préconisations (une par ligne)",
}
# Inside `{% for p in preconisations %}`.
ATTRIBUTS_PRECONISATION = {
    "type": "type de préconisation",
    "texte": "précisions",
    "echeance": "échéance",
    "destinataire": "destinataire",
}
# Example values of `VARIABLES`, for the live preview of a template.
EXEMPLE = {
    "menage": {
        "numero": "96-2026-00042",
        "nom": "Aminata Diallo",
        "adresse": "12 rue de la République, 91000 Évry-Courcouronnes",
        "commune": "Évry-Courcouronnes",
        "dette": "1 234,56 €",
    },
    "seance": {
        "date": "24 novembre 2026",
        "lieu": "Préfecture, salle 2",
        "commission": "Commission locale d’Évry",
    },
    "destinataire": {"nom": "Orge Habitat"},
    "examen": {"avis": "Maintien dans le logement sous réserve de la reprise du loyer."},
    "departement": {"nom": "Essonne"},
    "aujourd_hui": "24 novembre 2026",
}
FILTRES_AUTORISES = {"upper", "lower", "capfirst", "default"}
ATTRIBUTS_FORLOOP = {"counter", "first", "last"}

MOTEUR = Engine(autoescape=True)

OBJET_DEFAUT = "Examen de la situation du dossier {{ menage.numero }}"
CORPS_DEFAUT_MENAGE = """Madame, Monsieur,

La {{ seance.commission }} a examiné votre situation (dossier n° {{ menage.numero }}) \
lors de sa séance du {{ seance.date }}.
{% if examen.avis %}
Avis de la commission : {{ examen.avis }}
{% endif %}
La commission formule les préconisations suivantes :
{{ preconisations }}

Dette locative connue : {{ menage.dette }}.

Nous vous invitons à prendre contact avec votre référent social pour les mettre en œuvre.

Le secrétariat de la CCAPEX"""
CORPS_DEFAUT_ORGANISATION = """Madame, Monsieur,

La {{ seance.commission }} a examiné lors de sa séance du {{ seance.date }} la situation \
du ménage {{ menage.nom }} (dossier n° {{ menage.numero }}, {{ menage.adresse }}).

Elle vous adresse les préconisations suivantes :
{{ preconisations }}

Vous serez interrogé dans six mois sur leur mise en œuvre, dans votre espace \
partenaire.

Le secrétariat de la CCAPEX"""


# --- templates ------------------------------------------------------------------------------


def aide_variables() -> list[tuple[str, str]]:
    """The placeholders as the edit page documents them."""
    lignes = []
    for nom, valeur in VARIABLES.items():
        if isinstance(valeur, dict):
            lignes += [(f"{{{{ {nom}.{attr} }}}}", texte) for attr, texte in valeur.items()]
        else:
            lignes.append((f"{{{{ {nom} }}}}", valeur))
    lignes += [
        (f"{{{{ p.{attr} }}}}", f"{texte}, dans {{% for p in preconisations %}}")
        for attr, texte in ATTRIBUTS_PRECONISATION.items()
    ]
    return lignes


def valider_gabarit(texte: str) -> None:
    """Refuse (ValidationError, in French) anything outside the documented placeholders."""
    try:
        gabarit = MOTEUR.from_string(texte)
    except TemplateSyntaxError as erreur:
        raise ValidationError(f"Le modèle contient une erreur de syntaxe : {erreur}") from erreur
    erreurs: list[str] = []
    _verifier_noeuds(gabarit.nodelist, set(), erreurs)
    if erreurs:
        raise ValidationError(list(dict.fromkeys(erreurs)))


def _verifier_noeuds(noeuds, boucles: set[str], erreurs: list[str]) -> None:
    for noeud in noeuds:
        if isinstance(noeud, TextNode):
            continue
        if isinstance(noeud, VariableNode):
            _verifier_expression(noeud.filter_expression, boucles, erreurs)
        elif isinstance(noeud, ForNode):
            sequence = noeud.sequence.var
            if not (isinstance(sequence, Variable) and sequence.lookups == ("preconisations",)):
                erreurs.append("Une boucle « for » ne parcourt que « preconisations ».")
            _verifier_noeuds(noeud.nodelist_loop, boucles | set(noeud.loopvars), erreurs)
            _verifier_noeuds(noeud.nodelist_empty, boucles, erreurs)
        elif isinstance(noeud, IfNode):
            for condition, contenu in noeud.conditions_nodelists:
                if condition is not None:
                    _verifier_condition(condition, boucles, erreurs)
                _verifier_noeuds(contenu, boucles, erreurs)
        else:
            contenu = noeud.token.contents.split()[0] if noeud.token else type(noeud).__name__
            erreurs.append(
                f"Balise non autorisée : « {{% {contenu} %}} ». Seules « if » et « for » le sont."
            )


def _verifier_condition(condition, boucles, erreurs) -> None:
    valeur = getattr(condition, "value", None)
    if isinstance(valeur, FilterExpression):
        _verifier_expression(valeur, boucles, erreurs)
    for cote in ("first", "second"):
        sous = getattr(condition, cote, None)
        if sous is not None:
            _verifier_condition(sous, boucles, erreurs)


def _verifier_expression(expression: FilterExpression, boucles, erreurs) -> None:
    if isinstance(expression.var, Variable) and expression.var.lookups is not None:
        _verifier_variable(expression.var.lookups, boucles, erreurs)
    for filtre, arguments in expression.filters:
        nom = getattr(filtre, "_filter_name", filtre.__name__)
        if nom not in FILTRES_AUTORISES:
            erreurs.append(
                f"Filtre non autorisé : « {nom} ». Filtres possibles : "
                + ", ".join(sorted(FILTRES_AUTORISES))
                + "."
            )
        for est_variable, argument in arguments:
            if est_variable and argument.lookups is not None:
                _verifier_variable(argument.lookups, boucles, erreurs)


def _verifier_variable(chemin: tuple[str, ...], boucles, erreurs) -> None:
    racine, reste = chemin[0], chemin[1:]
    if racine in boucles:
        valide = len(reste) <= 1 and (not reste or reste[0] in ATTRIBUTS_PRECONISATION)
    elif racine == "forloop":
        valide = len(reste) == 1 and reste[0] in ATTRIBUTS_FORLOOP
    elif isinstance(VARIABLES.get(racine), dict):
        valide = len(reste) == 1 and reste[0] in VARIABLES[racine]
    else:
        valide = racine in VARIABLES and not reste
    if not valide:
        erreurs.append(
            f"Variable inconnue : « {{{{ {'.'.join(chemin)} }}}} ». "
            "Utilisez une des variables listées sous le formulaire."
        )


def rendre_gabarit(texte: str, contexte: dict) -> str:
    return MOTEUR.from_string(texte).render(Context(contexte))


def rendre_exemple(texte: str) -> str:
    """The administrator's live preview: the template filled with `EXEMPLE`."""
    return rendre_gabarit(texte, {**EXEMPLE, "preconisations": _preconisations_d_exemple()})


def _preconisations_d_exemple():
    return TexteListe(
        [
            TexteDict(
                type="Reprise du paiement du loyer",
                texte="",
                echeance="",
                destinataire="le ménage",
            ),
            TexteDict(
                type="Actualiser la demande de logement social",
                texte="avant fin janvier",
                echeance="31 janvier 2027",
                destinataire="Orge Habitat",
            ),
        ]
    )


@transaction.atomic
def enregistrer_modele(modele: ModeleCourrier, *, par) -> ModeleCourrier:
    """Save a template after checking it; each change of an existing one bumps its version."""
    valider_gabarit(modele.objet)
    valider_gabarit(modele.corps)
    if modele.pk:
        modele.version += 1
    modele.save()
    return modele


def modele_actif(departement_id: int, *, pour_menage: bool) -> ModeleCourrier | None:
    return (
        ModeleCourrier.objects.filter(
            departement_id=departement_id,
            type=TypeCourrier.PRECONISATION,
            pour_menage=pour_menage,
            actif=True,
        )
        .order_by("-version", "-modifie_le")
        .first()
    )


# --- context --------------------------------------------------------------------------------


class TexteListe(list):
    """A list that prints as one line per element, for `{{ preconisations }}`."""

    def __str__(self):
        return "\n".join(f"– {element}" for element in self) if self else "– aucune"


class TexteDict(dict):
    def __str__(self):
        texte = f"{self['type']}"
        if self["texte"]:
            texte += f" : {self['texte']}"
        if self["echeance"]:
            texte += f" (échéance : {self['echeance']})"
        return f"{texte} — {self['destinataire']}"


@dataclass
class Lettre:
    """One letter to write: a dossier examined in the session and one addressee."""

    examen: Examen
    organisation: object | None  # None: the household
    preconisations: list[Preconisation] = field(default_factory=list)

    @property
    def cle(self) -> tuple[int, int | None]:
        return (self.examen.menage_id, self.organisation.pk if self.organisation else None)


def nom_du_menage(menage: Menage) -> str:
    """The name a letter addresses: the household's first member (prefetch `membres`)."""
    membres = sorted(menage.membres.all(), key=lambda m: m.pk)
    return f"{membres[0].prenom} {membres[0].nom}" if membres else f"Ménage {menage.numero}"


def adresse_du_menage(menage: Menage) -> str:
    complement = f", {menage.complement_adresse}" if menage.complement_adresse else ""
    return f"{menage.adresse}{complement}, {menage.commune.code_postal} {menage.commune.nom}"


def contexte_de_la_lettre(lettre: Lettre, seance: Seance, dette) -> dict:
    menage = lettre.examen.menage
    nom = nom_du_menage(menage)
    preconisations = TexteListe(
        TexteDict(
            type=p.type.libelle,
            texte=p.texte,
            echeance=date_longue(p.echeance) if p.echeance else "",
            destinataire="le ménage" if p.destinataire_menage else p.destinataire_organisation.nom,
        )
        for p in lettre.preconisations
    )
    return {
        "menage": {
            "numero": menage.numero,
            "nom": nom,
            "adresse": adresse_du_menage(menage),
            "commune": menage.commune.nom,
            "dette": euros(dette) if dette is not None else "non renseignée",
        },
        "seance": {
            "date": date_longue(timezone.localtime(seance.date).date()),
            "lieu": seance.lieu,
            "commission": seance.commission.nom,
        },
        "destinataire": {"nom": lettre.organisation.nom if lettre.organisation else nom},
        "examen": {"avis": lettre.examen.avis},
        "departement": {"nom": seance.commission.departement.nom},
        "aujourd_hui": date_longue(timezone.localdate()),
        "preconisations": preconisations,
    }


def lettres_de_la_seance(seance: Seance, menage_id: int | None = None) -> list[Lettre]:
    """The household of each examined dossier, and each organisation addressed in it."""
    examens = (
        Examen.objects.filter(seance=seance)
        .select_related("menage__commune")
        .prefetch_related(
            "menage__membres",
            Prefetch(
                "preconisations",
                Preconisation.objects.select_related("type", "destinataire_organisation"),
            ),
        )
        .order_by("ordre", "pk")
    )
    if menage_id is not None:
        examens = examens.filter(menage_id=menage_id)
    lettres = []
    for examen in examens:
        preconisations = list(examen.preconisations.all())
        lettres.append(Lettre(examen=examen, organisation=None, preconisations=preconisations))
        par_organisation: dict[int, Lettre] = {}
        for p in preconisations:
            if p.destinataire_organisation_id:
                lettre = par_organisation.setdefault(
                    p.destinataire_organisation_id,
                    Lettre(examen=examen, organisation=p.destinataire_organisation),
                )
                lettre.preconisations.append(p)
        lettres += par_organisation.values()
    return lettres


def dettes_des_menages(menage_ids) -> dict[int, object]:
    return dict(Menage.objects.filter(pk__in=menage_ids).avec_resume().values_list("pk", "dette"))


def rendre_lettre(lettre: Lettre, seance: Seance, dette, modeles: dict) -> tuple[bytes, object]:
    """The PDF of one letter, with the département's active template (or the default one)."""
    modele = modeles.get(lettre.organisation is None)
    objet = modele.objet if modele else OBJET_DEFAUT
    corps = (
        modele.corps
        if modele
        else (CORPS_DEFAUT_MENAGE if lettre.organisation is None else CORPS_DEFAUT_ORGANISATION)
    )
    contexte = contexte_de_la_lettre(lettre, seance, dette)
    pdf = rendre_pdf(
        "commission/pdf/courrier.html",
        {
            "objet": rendre_gabarit(objet, contexte),
            "corps": rendre_gabarit(corps, contexte),
            "destinataire": contexte["destinataire"]["nom"],
            "adresse": contexte["menage"]["adresse"] if lettre.organisation is None else "",
            "numero": contexte["menage"]["numero"],
            "date": contexte["aujourd_hui"],
            "departement": contexte["departement"]["nom"],
            "commission": contexte["seance"]["commission"],
            # Household letters tell where the privacy notice is (RGPD art. 13-14).
            "lien_confidentialite": settings.SITE_URL + reverse("donnees_personnelles")
            if lettre.organisation is None
            else "",
        },
    )
    return pdf, modele


def _modeles(departement_id) -> dict:
    return {
        pour_menage: modele_actif(departement_id, pour_menage=pour_menage)
        for pour_menage in (True, False)
    }


# --- the session's letters (job) -----------------------------------------------------------


def traitement_de_la_seance(seance: Seance) -> Traitement | None:
    return (
        Traitement.objects.filter(type=TYPE_TRAITEMENT, parametres__seance_id=seance.pk)
        .order_by("-cree_le", "-pk")
        .first()
    )


@transaction.atomic
def cloturer_seance(seance: Seance, *, par) -> Traitement:
    """Close the session, schedule its follow-ups and launch the letters job (once).

    A double submit, or closing again, returns the job already launched."""
    seance = Seance.objects.select_for_update().select_related("commission").get(pk=seance.pk)
    existant = traitement_de_la_seance(seance)
    if seance.statut == StatutSeance.CLOSE and existant is not None:
        return existant
    if seance.date > timezone.now():
        raise ValidationError(
            "La séance n’a pas encore eu lieu : elle ne peut pas être close avant le "
            f"{date_longue(timezone.localtime(seance.date))}."
        )
    if not seance.examens.exists():
        raise ValidationError("Aucun dossier n’est inscrit à cette séance : rien à clore.")
    seance.statut = StatutSeance.CLOSE
    seance.close_le = timezone.now()
    seance.save(update_fields=["statut", "close_le"])
    services_suivis.planifier_suivis(seance)
    return lancer(
        TYPE_TRAITEMENT,
        libelle=f"Courriers de la séance du {date_longue(timezone.localtime(seance.date))}",
        departement=seance.commission.departement,
        par=par,
        parametres={"seance_id": seance.pk},
    )


def produire_courriers_de_la_seance(traitement: Traitement, avancer) -> Resultat:
    """The job: render every missing letter, then attach them all in one transaction.

    Idempotent: letters already attached are skipped, so a replayed or retried job writes
    only what is missing; a failure before the end attaches nothing."""
    seance = Seance.objects.select_related("commission__departement").get(
        pk=traitement.parametres["seance_id"]
    )
    pause = float(traitement.parametres.get("pause", 0))  # tests: a job slow enough to kill
    deja = set(
        Courrier.objects.filter(seance=seance, type=TypeCourrier.PRECONISATION).values_list(
            "menage_id", "destinataire_organisation_id"
        )
    )
    lettres = [lettre for lettre in lettres_de_la_seance(seance) if lettre.cle not in deja]
    avancer(0, len(lettres))
    dettes = dettes_des_menages({lettre.examen.menage_id for lettre in lettres})
    modeles = _modeles(seance.commission.departement_id)
    rendus = []
    for fait, lettre in enumerate(lettres, start=1):
        pdf, modele = rendre_lettre(lettre, seance, dettes.get(lettre.examen.menage_id), modeles)
        rendus.append((lettre, pdf, modele))
        if pause:
            time.sleep(pause)
        avancer(fait)
    with transaction.atomic():
        for lettre, pdf, modele in rendus:
            _attacher(lettre, seance, pdf, modele, par=traitement.cree_par)
    notifier_partenaires(seance)
    return Resultat(
        lien=reverse("commission:courriers_a_poster") + f"?seance={seance.pk}",
        donnees={"courriers": len(rendus)},
    )


def _attacher(lettre: Lettre, seance, pdf: bytes, modele, *, par, remplace=None) -> Courrier:
    menage = lettre.examen.menage
    courrier = Courrier(
        menage=menage,
        seance=seance,
        type=TypeCourrier.PRECONISATION,
        modele=modele,
        destinataire_organisation=lettre.organisation,
        destinataire_menage=lettre.organisation is None,
        version=remplace.version + 1 if remplace else 1,
        remplace=remplace,
        genere_par=par,
    )
    nom = f"{menage.numero}-{'menage' if lettre.organisation is None else lettre.organisation.pk}"
    # The file is written before the row: on rollback it is orphaned, never attached.
    courrier.fichier.save(f"{nom}-v{courrier.version}.pdf", ContentFile(pdf), save=False)
    courrier.save()
    journal.courrier_genere(courrier, par=par)
    return courrier


def notifier_partenaires(seance: Seance) -> int:
    """E-mail each addressed organisation once (a link to its space, not the letter)."""
    courriers = list(
        Courrier.objects.filter(
            seance=seance, destinataire_menage=False, envoye_le__isnull=True
        ).select_related("destinataire_organisation", "menage")
    )
    if not courriers:
        return 0
    adresses = adresses_de_l_organisation({c.destinataire_organisation_id for c in courriers})
    lien = settings.SITE_URL + reverse("commission:suivis_partenaire")
    par_organisation: dict[int, list[Courrier]] = {}
    for courrier in courriers:
        par_organisation.setdefault(courrier.destinataire_organisation_id, []).append(courrier)
    for organisation_id, liste in par_organisation.items():
        envoyer(
            f"CCAPEX — préconisations de la séance du "
            f"{date_longue(timezone.localtime(seance.date))}",
            "commission/emails/courriers_seance.txt",
            {"seance": seance, "courriers": liste, "lien": lien},
            adresses.get(organisation_id, []),
        )
        # Marked one organisation at a time: a retried job never e-mails it twice.
        Courrier.objects.filter(pk__in=[c.pk for c in liste]).update(envoye_le=timezone.now())
    return len(par_organisation)


# --- one letter -----------------------------------------------------------------------------


@transaction.atomic
def regenerer(courrier: Courrier, *, par) -> Courrier:
    """A new version of a letter after a correction; the old one is kept and points to it."""
    courrier = (
        Courrier.objects.select_for_update(of=("self",))
        .select_related("seance__commission")
        .get(pk=courrier.pk)
    )
    if courrier.remplace_par.exists():
        raise ValidationError("Ce courrier a déjà été remplacé par une version plus récente.")
    if courrier.seance is None:
        raise ValidationError("Seuls les courriers d’une séance peuvent être régénérés.")
    lettre = next(
        (
            lettre
            for lettre in lettres_de_la_seance(courrier.seance, menage_id=courrier.menage_id)
            if lettre.cle == (courrier.menage_id, courrier.destinataire_organisation_id)
        ),
        None,
    )
    if lettre is None:
        raise ValidationError("Ce destinataire n’a plus de préconisation dans cette séance.")
    seance = courrier.seance
    dette = dettes_des_menages([courrier.menage_id]).get(courrier.menage_id)
    pdf, modele = rendre_lettre(lettre, seance, dette, _modeles(seance.commission.departement_id))
    return _attacher(lettre, seance, pdf, modele, par=par, remplace=courrier)


@transaction.atomic
def marquer_envoye(courrier: Courrier, *, par) -> bool:
    """The secretariat posted a household letter. False when it already was."""
    modifies = Courrier.objects.filter(pk=courrier.pk, envoye_le__isnull=True).update(
        envoye_le=timezone.now()
    )
    if modifies:
        journal.courrier_poste(courrier, par=par)
    return bool(modifies)


def courriers_a_poster(departement_ids):
    """Current letters the secretariat posts (to households, and decisions to an addressee
    without an account), not yet posted."""
    return (
        Courrier.objects.des_departements(departement_ids)
        .filter(
            Q(destinataire_menage=True) | Q(a_poster=True),
            envoye_le__isnull=True,
            remplace_par__isnull=True,
        )
        .select_related("menage__commune", "seance__commission")
        .order_by("seance__date", "menage__numero")
    )
