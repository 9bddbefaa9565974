"""The referral form. One validation for the partner's form, the household's form and the API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone

from ccapex.fichiers import verifier, verifier_ensemble
from ccapex.forms import BaseForm, BaseModelForm
from dossiers.enums import ModeConsentement, TypeDocument
from dossiers.models import Saisine
from partenaires.enums import TypeOrganisation
from partenaires.models import Commune, Organisation
from procedure.enums import IssueJugement, Stade, TypeActe
from procedure.regles import erreurs_de_l_acte
from procedure.stades import Acte

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The stages a referrer can declare, in procedural order, and the act each one requires.
STADES_DECLARABLES = [
    Stade.PREVENTION, Stade.CDP, Stade.ASSIGNATION, Stade.JUGEMENT, Stade.CQL,
    Stade.CFP_REQUIS, Stade.CFP_ACCORDE,
]  # fmt: skip
CHOIX_STADES_DECLARABLES = [(s.value, s.label) for s in STADES_DECLARABLES]
DATES_D_ACTES = [
    # (form field, act type, label, stage from which it is required)
    ("date_cdp", TypeActe.CDP, "Date du commandement de payer", Stade.CDP),
    ("date_assignation", TypeActe.ASSIGNATION, "Date de l’assignation", Stade.ASSIGNATION),
    ("date_jugement", TypeActe.JUGEMENT, "Date du jugement", Stade.JUGEMENT),
    ("date_cql", TypeActe.CQL, "Date du commandement de quitter les lieux", Stade.CQL),
    ("date_requisition_cfp", TypeActe.REQUISITION_CFP, "Date de la réquisition du CFP",
     Stade.CFP_REQUIS),
    ("date_octroi_cfp", TypeActe.OCTROI_CFP, "Date de l’octroi du CFP", Stade.CFP_ACCORDE),
]  # fmt: skip
DOCUMENTS = [
    ("document_dsf", TypeDocument.DSF, "Diagnostic social et financier (DSF)"),
    ("document_jugement", TypeDocument.JUGEMENT, "Jugement"),
    ("document_decompte", TypeDocument.DECOMPTE_DETTE, "Décompte de la dette"),
]
AIDE_FICHIERS = "PDF, JPEG ou PNG, 10 Mo au plus."
CHOIX_VIDE = "Choisir dans la liste"
DATE_DU_PAPIER = "Elle figure en haut du papier remis par le commissaire de justice."
# The household's form, in its words. (label, help text; None keeps the partner's help.)
# Stage-dependent help (« Obligatoire à partir du stade… ») is rebuilt after these labels.
PUBLIC_LIBELLES = {
    "nom": ("Votre nom", "Celui qui figure sur le bail."),
    "prenom": ("Votre prénom", ""),
    "date_naissance": ("Votre date de naissance", ""),
    "telephone": ("Votre numéro de téléphone", "Pour que le secrétariat puisse vous appeler."),
    "email": ("Votre adresse électronique", None),
    "adresse": ("L’adresse de votre logement", "Numéro et rue."),
    "complement_adresse": ("Complément d’adresse", "Bâtiment, étage, appartement…"),
    "commune": ("La commune de votre logement", ""),
    "nb_adultes": ("Combien d’adultes vivent dans le logement, vous compris ?", ""),
    "nb_enfants": ("Combien d’enfants vivent dans le logement ?", ""),
    "numero_allocataire": (
        "Votre numéro d’allocataire CAF ou MSA",
        "Il figure sur les courriers de la CAF ou de la MSA, si vous recevez une aide.",
    ),
    "bailleur_nom": (
        "Le nom de votre propriétaire",
        "La personne, l’organisme HLM ou l’agence à qui vous payez le loyer.",
    ),
    "bailleur_nature": ("Votre propriétaire est…", ""),
    "parc": (
        "Votre logement est-il un logement social ?",
        "Un logement social (HLM) est loué par un organisme HLM ou une société d’économie "
        "mixte ; un logement privé par un particulier, une société ou une agence.",
    ),
    "loyer_hc": ("Votre loyer par mois, sans les charges (en euros)", ""),
    "charges": ("Vos charges par mois (en euros)", "Eau, chauffage, entretien…"),
    "motif": ("Pourquoi votre propriétaire veut-il vous faire partir ?", ""),
    "stade_declare": (
        "Quel est le dernier papier de justice que vous avez reçu ?",
        "Les papiers de justice sont remis par un commissaire de justice (anciennement "
        "huissier). Les dates demandées ensuite en dépendent.",
    ),
    "numero_rg": (
        "Le numéro de votre dossier au tribunal (numéro RG)",
        "Il figure en haut de la convocation au tribunal ou du jugement, s’il y en a un.",
    ),
    "montant_dette": ("Combien devez-vous à votre propriétaire (en euros) ?", ""),
    "date_dette": ("À quelle date ce montant a-t-il été calculé ?", ""),
    "mois_impayes": ("Combien de mois de loyer n’ont pas été payés ?", ""),
    "demande": (
        "Qu’attendez-vous de la commission ?",
        "Par exemple : des délais pour payer, une aide financière, un autre logement, "
        "une médiation avec votre propriétaire.",
    ),
    "date_expulsion_connue": (
        "Une date d’expulsion vous a-t-elle été annoncée ?",
        "Si oui, indiquez-la : votre demande sera traitée en priorité.",
    ),
    "date_cdp": ("Date du commandement de payer", DATE_DU_PAPIER),
    "date_assignation": ("Date de l’assignation (la convocation au tribunal)", DATE_DU_PAPIER),
    "date_jugement": ("Date du jugement", DATE_DU_PAPIER),
    "issue_jugement": (
        "Qu’a décidé le juge ?",
        "Par exemple : il vous accorde des délais pour payer, ou il ordonne l’expulsion.",
    ),
    "date_cql": ("Date du commandement de quitter les lieux", DATE_DU_PAPIER),
    "date_requisition_cfp": (
        "Date à laquelle votre propriétaire a demandé l’aide de la police au préfet",
        "Elle figure sur le courrier de la préfecture, si vous en avez reçu un.",
    ),
    "date_octroi_cfp": (
        "Date à laquelle le préfet a accordé l’aide de la police",
        "Elle figure sur le courrier de la préfecture ou du commissaire de justice.",
    ),
    "document_dsf": (
        "Diagnostic social et financier",
        "Si un travailleur social l’a rédigé avec vous. " + AIDE_FICHIERS,
    ),
    "document_jugement": (
        "Le jugement",
        "Demandé si vous avez reçu le jugement du tribunal. " + AIDE_FICHIERS,
    ),
    "document_decompte": (
        "Le décompte de la dette",
        "Le relevé des sommes dues envoyé par votre propriétaire. " + AIDE_FICHIERS,
    ),
    "documents_autres": ("Autres documents (courriers, bail…)", AIDE_FICHIERS),
}
AUTOCOMPLETE = {
    "nom": "family-name",
    "prenom": "given-name",
    "date_naissance": "bday",
    "telephone": "tel",
    "email": "email",
    "adresse": "address-line1",
    "complement_adresse": "address-line2",
    "commune": "address-level2",
}
PARC_PUBLIC = [
    ("social", "Oui, un logement social (HLM)"),
    ("prive", "Non, un logement privé"),
]
NATURE_BAILLEUR_PUBLIQUE = [
    ("bailleur_social", "Un organisme HLM"),
    ("personne_physique", "Un particulier"),
    ("sci_familiale", "Une société civile de famille (SCI familiale)"),
    ("personne_morale", "Une société ou une agence immobilière"),
]
# What the household has received, in its words; each value is a stage of the partner's list.
STADES_PUBLICS = [
    ("prevention", "Aucun papier de justice pour l’instant"),
    ("cdp", "Un commandement de payer (il me demande de payer la dette sous deux mois)"),
    ("assignation", "Une assignation (une convocation au tribunal)"),
    ("jugement", "Le jugement du tribunal"),
    ("cql", "Un commandement de quitter les lieux (il me demande de partir)"),
    ("cfp_requis", "Mon propriétaire a demandé l’aide de la police au préfet"),
    ("cfp_accorde", "Le préfet a accordé l’aide de la police pour l’expulsion"),
]
# Required to send a referral, whatever the stage (the form, the household's form, the API).
OBLIGATOIRES = ["nom", "adresse", "commune", "parc", "motif", "stade_declare", "demande"]
OBLIGATOIRES_PARTENAIRE = ["consentement_recueilli_par", "consentement_date", "consentement_mode"]


def rang(stade: str) -> int:
    return STADES_DECLARABLES.index(stade) if stade in STADES_DECLARABLES else -1


# From which stage (its rank) a field is asked: the step-by-step form shows it from there.
RANG_REQUIS = {nom: rang(depuis) for nom, _t, _l, depuis in DATES_D_ACTES} | {
    "issue_jugement": rang(Stade.JUGEMENT),
    "document_jugement": rang(Stade.JUGEMENT),
}


def masques(stade: str) -> set[str]:
    """The fields the declared stage does not need (all acts' dates before a stage is chosen)."""
    return {nom for nom, depuis in RANG_REQUIS.items() if depuis > rang(stade)}


class PlusieursFichiers(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampPlusieursFichiers(forms.FileField):
    widget = PlusieursFichiers

    def clean(self, donnees, initial=None):
        if isinstance(donnees, list | tuple):
            return [super(ChampPlusieursFichiers, self).clean(d, initial) for d in donnees if d]
        return [super().clean(donnees, initial)] if donnees else []


class SaisineForm(BaseModelForm):
    """`envoi=True` applies every rule of a complete referral; a draft only checks types."""

    cle_idempotence = forms.UUIDField(widget=forms.HiddenInput)
    issue_jugement = forms.ChoiceField(
        label="Décision du jugement",
        choices=[("", "—"), *IssueJugement.choices],
        required=False,
    )
    documents_autres = ChampPlusieursFichiers(
        label="Autres documents (courriers, bail…)", required=False, help_text=AIDE_FICHIERS
    )

    class Meta:
        model = Saisine
        fields = [
            "nom",
            "prenom",
            "date_naissance",
            "telephone",
            "email",
            "adresse",
            "complement_adresse",
            "commune",
            "nb_adultes",
            "nb_enfants",
            "numero_allocataire",
            "bailleur_organisation",
            "bailleur_nom",
            "bailleur_nature",
            "parc",
            "loyer_hc",
            "charges",
            "motif",
            "stade_declare",
            "numero_rg",
            "montant_dette",
            "date_dette",
            "mois_impayes",
            "demande",
            "date_expulsion_connue",
            "consentement_saisine",
            "consentement_partage",
            "consentement_recueilli_par",
            "consentement_date",
            "consentement_mode",
        ]
        widgets = {
            "date_naissance": DATE,
            "date_dette": DATE,
            "date_expulsion_connue": DATE,
            "consentement_date": DATE,
            "demande": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "nom": "Nom du ménage (titulaire du bail)",
            "stade_declare": "Où en est la procédure ?",
            "date_expulsion_connue": "Date d’expulsion connue (urgence)",
            "consentement_saisine": "Le ménage accepte que la CCAPEX soit saisie de sa situation",
            "consentement_partage": (
                "Le ménage accepte que ses données (dont le DSF) soient partagées avec les "
                "membres de la commission, tenus au secret professionnel"
            ),
        }
        help_texts = {
            "telephone": "Le contact le plus utile aux partenaires.",
            "demande": "Ce que vous attendez de la commission : délais, relogement, médiation…",
            "date_expulsion_connue": "Une date fixée rend la saisine prioritaire.",
            "stade_declare": "Les dates des actes demandées ensuite en dépendent.",
        }

    def __init__(self, *args, departement, envoi: bool = False, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.envoi = envoi
        self.public = public
        self.fields["commune"].queryset = Commune.objects.filter(departement=departement)
        self.fields["bailleur_organisation"].queryset = Organisation.objects.actives().filter(
            departement=departement,
            type__in=[TypeOrganisation.BAILLEUR_SOCIAL, TypeOrganisation.BAILLEUR_PRIVE],
        )
        self.fields["stade_declare"].choices = [("", "—"), *CHOIX_STADES_DECLARABLES]
        for nom, _type, libelle, _stade in DATES_D_ACTES:
            self.fields[nom] = forms.DateField(label=libelle, required=False, widget=DATE)
        for nom, _type, libelle in DOCUMENTS:
            self.fields[nom] = forms.FileField(
                label=libelle, required=False, help_text=AIDE_FICHIERS
            )
        self.fields["documents_autres"] = self.fields.pop("documents_autres")
        if public:
            for nom in (
                "consentement_recueilli_par",
                "consentement_date",
                "consentement_mode",
                "bailleur_organisation",
            ):
                del self.fields[nom]
            self.fields[
                "consentement_saisine"
            ].label = "J’accepte que la CCAPEX examine ma situation"
            self.fields["consentement_partage"].label = (
                "J’accepte que mes informations soient partagées avec les membres de la "
                "commission, tenus au secret professionnel"
            )
            self.fields["email"].required = True
            self.fields["email"].help_text = "Vous recevrez un lien pour confirmer votre demande."
        self._marquer_les_exigences()
        for champ in self.fields.values():
            # A French prompt instead of Django's « --------- » (or a bare dash).
            if isinstance(champ, forms.ModelChoiceField):
                champ.empty_label = CHOIX_VIDE
            elif isinstance(champ, forms.ChoiceField) and champ.choices:
                choix = list(champ.choices)
                if choix[0][0] in ("", None):
                    champ.choices = [("", CHOIX_VIDE), *choix[1:]]
        if public:
            self._parler_au_menage()
        # The step-by-step form shows an act's date from the stage that needs it (ccapex.js).
        self.fields["stade_declare"].widget.attrs["data-rangs"] = json.dumps(
            {stade.value: rang(stade) for stade in STADES_DECLARABLES}
        )
        for nom, depuis in RANG_REQUIS.items():
            self.fields[nom].widget.attrs["data-depuis-rang"] = depuis
        # django-dsfr's __init__ built the bound fields (and copied their labels) before the
        # labels above were set.
        self._bound_fields_cache.clear()
        instance = kwargs.get("instance")
        if instance is not None and not self.is_bound:
            for acte in instance.actes_connus:
                champ = next((n for n, t, *_ in DATES_D_ACTES if t == acte.get("type")), None)
                if champ:
                    self.initial[champ] = acte.get("date")
                if acte.get("issue_jugement"):
                    self.initial["issue_jugement"] = acte["issue_jugement"]

    def _parler_au_menage(self) -> None:
        """The household's own form: first person, everyday words, each term explained, and
        `autocomplete` on its personal fields (WCAG 1.3.5)."""
        for nom, (libelle, aide) in PUBLIC_LIBELLES.items():
            champ = self.fields[nom]
            champ.label = libelle
            if aide is not None:
                champ.help_text = aide
        for nom, jeton in AUTOCOMPLETE.items():
            self.fields[nom].widget.attrs["autocomplete"] = jeton
        self.fields["parc"].choices = [("", CHOIX_VIDE), *PARC_PUBLIC]
        self.fields["bailleur_nature"].choices = [("", CHOIX_VIDE), *NATURE_BAILLEUR_PUBLIQUE]
        self.fields["stade_declare"].choices = [("", CHOIX_VIDE), *STADES_PUBLICS]

    def _marquer_les_exigences(self) -> None:
        """Drafts accept empty fields, but the labels say what sending requires (no
        « facultatif » on them); the acts' dates say from which stage they are required."""
        exiges = [*OBLIGATOIRES, "consentement_saisine", "consentement_partage"]
        if not self.public:
            exiges += OBLIGATOIRES_PARTENAIRE
        for nom in exiges:
            self.fields[nom].exige_a_l_envoi = True
        selon_le_stade = [(n, s) for n, _t, _l, s in DATES_D_ACTES if s != Stade.CDP] + [
            ("issue_jugement", Stade.JUGEMENT),
            ("document_jugement", Stade.JUGEMENT),
        ]
        for nom, stade in selon_le_stade:
            champ = self.fields[nom]
            champ.exige_a_l_envoi = True
            aide = f"Obligatoire à partir du stade « {stade.label} »."
            champ.help_text = f"{aide} {champ.help_text}".strip()
        self.fields["date_cdp"].help_text = "Obligatoire au stade « Commandement de payer »."
        self.fields["date_cdp"].exige_a_l_envoi = True

    # Groups of fields, for the template's fieldsets.
    GROUPES = [
        (
            "Le ménage",
            [
                "nom",
                "prenom",
                "date_naissance",
                "telephone",
                "email",
                "adresse",
                "complement_adresse",
                "commune",
                "nb_adultes",
                "nb_enfants",
                "numero_allocataire",
            ],
        ),
        (
            "Le logement et le bailleur",
            [
                "bailleur_organisation",
                "bailleur_nom",
                "bailleur_nature",
                "parc",
                "loyer_hc",
                "charges",
                "motif",
            ],
        ),
        (
            "La procédure",
            [
                "stade_declare",
                "date_cdp",
                "date_assignation",
                "date_jugement",
                "issue_jugement",
                "date_cql",
                "date_requisition_cfp",
                "date_octroi_cfp",
                "numero_rg",
                "montant_dette",
                "date_dette",
                "mois_impayes",
            ],
        ),
        ("La demande", ["demande", "date_expulsion_connue"]),
        (
            "Les documents",
            ["document_dsf", "document_jugement", "document_decompte", "documents_autres"],
        ),
        (
            "Le consentement du ménage",
            [
                "consentement_saisine",
                "consentement_partage",
                "consentement_recueilli_par",
                "consentement_date",
                "consentement_mode",
            ],
        ),
    ]

    def etape(self, slug: str):
        """The bound fields of one step of the step-by-step form."""
        return [self[n] for n in ETAPE_PAR_SLUG[slug].champs if n in self.fields]

    def full_clean(self):
        super().full_clean()
        # The error summary at the top takes the focus (ccapex.js), not the first field.
        for champ in self.fields.values():
            champ.widget.attrs.pop("autofocus", None)

    def groupes(self):
        return [
            (titre, [self[n] for n in noms if n in self.fields]) for titre, noms in self.GROUPES
        ]

    def clean(self):
        donnees = super().clean()
        self.documents = self._verifier_documents()
        self.actes_connus = self._actes(donnees)
        if self.envoi:
            self._exiger(donnees)
        return donnees

    def _verifier_documents(self) -> list[tuple[str, object]]:
        # The referral's totals first, from the announced sizes: nothing is read when the
        # upload is too big anyway (the service checks again on the bytes read).
        envoyes = [self.cleaned_data.get(nom) for nom, _type, _libelle in DOCUMENTS]
        envoyes += list(self.cleaned_data.get("documents_autres") or [])
        deja = []
        if self.instance.pk:
            deja = list(self.instance.documents.values_list("taille", flat=True))
        try:
            verifier_ensemble(deja, [fichier.size for fichier in envoyes if fichier])
        except forms.ValidationError as erreur:
            self.add_error(None, erreur)
            return []
        documents = []
        for nom, type_, _libelle in DOCUMENTS:
            fichier = self.cleaned_data.get(nom)
            if fichier:
                try:
                    documents.append((type_, verifier(fichier)))
                except forms.ValidationError as erreur:
                    self.add_error(nom, erreur)
        for fichier in self.cleaned_data.get("documents_autres") or []:
            try:
                documents.append((TypeDocument.AUTRE, verifier(fichier)))
            except forms.ValidationError as erreur:
                self.add_error("documents_autres", erreur)
        return documents

    def _actes(self, donnees) -> list[dict]:
        actes = []
        for nom, type_, _libelle, _stade in DATES_D_ACTES:
            if donnees.get(nom):
                acte = {"type": type_.value, "date": donnees[nom].isoformat()}
                if type_ == TypeActe.JUGEMENT:
                    acte["issue_jugement"] = donnees.get("issue_jugement") or ""
                actes.append(acte)
        return actes

    def _exiger(self, donnees) -> None:
        public = self.public
        manquant = (
            "Ce champ est obligatoire pour envoyer votre demande."
            if public
            else "Ce champ est obligatoire pour envoyer la saisine."
        )
        a_ce_stade = (
            "Indiquez cette date : elle figure sur le papier reçu."
            if public
            else "Obligatoire à ce stade de la procédure."
        )
        obligatoires = OBLIGATOIRES + ([] if self.public else OBLIGATOIRES_PARTENAIRE)
        for nom in obligatoires:
            if not donnees.get(nom) and nom not in self.errors:
                self.add_error(nom, manquant)
        if not donnees.get("bailleur_organisation") and not donnees.get("bailleur_nom"):
            self.add_error(
                "bailleur_nom",
                "Indiquez le nom de votre propriétaire."
                if public
                else "Indiquez le bailleur : une organisation ou son nom.",
            )
        for nom in ("consentement_saisine", "consentement_partage"):
            if not donnees.get(nom):
                self.add_error(
                    nom,
                    "Sans votre accord, votre demande ne peut pas être envoyée."
                    if public
                    else "Sans l’accord du ménage, la saisine ne peut pas être envoyée.",
                )
        if donnees.get("consentement_date") and donnees["consentement_date"] > timezone.localdate():
            self.add_error("consentement_date", "Cette date est dans le futur.")
        stade = donnees.get("stade_declare") or ""
        # Each act up to the declared stage is required; the judgment with its decision
        # and its copy from the judgment stage on.
        # The error summary names the field: the message does not repeat it.
        for nom, _type, _libelle, depuis in DATES_D_ACTES:
            if rang(stade) >= rang(depuis) and depuis != Stade.CDP and not donnees.get(nom):
                self.add_error(nom, a_ce_stade)
        if rang(stade) >= rang(Stade.JUGEMENT):
            if not donnees.get("issue_jugement"):
                self.add_error(
                    "issue_jugement",
                    "Indiquez ce que le juge a décidé."
                    if public
                    else "Indiquez la décision du jugement.",
                )
            deja = (
                self.instance.pk
                and self.instance.documents.filter(type=TypeDocument.JUGEMENT).exists()
            )
            if not deja and not any(t == TypeDocument.JUGEMENT for t, _ in self.documents):
                self.add_error(
                    "document_jugement",
                    "Joignez une copie du jugement (une photo lisible suffit)."
                    if public
                    else "Joignez le jugement à partir de ce stade.",
                )
        if rang(stade) == rang(Stade.CDP) and not donnees.get("date_cdp"):
            self.add_error("date_cdp", a_ce_stade)
        actes = [
            Acte(
                type=a["type"],
                date=date.fromisoformat(a["date"]),
                issue_jugement=a.get("issue_jugement", ""),
            )
            for a in self.actes_connus
        ]
        for acte in actes:
            for message in erreurs_de_l_acte(acte, actes, timezone.localdate()):
                self.add_error(None, f"{TypeActe(acte.type).label} : {message}")


@dataclass(frozen=True)
class Etape:
    slug: str
    titre: str
    champs: tuple[str, ...]

    def titre_pour(self, public: bool) -> str:
        return TITRES_PUBLICS[self.slug] if public else self.titre


# The household's form names its steps in its words.
TITRES_PUBLICS = {
    "menage": "Vous et votre foyer",
    "logement": "Votre logement et votre propriétaire",
    "procedure": "Votre situation et votre demande",
    "pieces": "Vos documents",
    "recapitulatif": "Votre accord et le récapitulatif",
}


# The step-by-step form (issue 14): the same fields and rules as the one-page form, in five
# steps; the last one shows the summary above the consent.
ETAPES = [
    Etape("menage", "Le ménage", (
        "nom", "prenom", "telephone", "email", "nb_adultes", "nb_enfants", "date_naissance",
        "numero_allocataire",
    )),
    Etape("logement", "Le logement et le bailleur", (
        "adresse", "complement_adresse", "commune", "bailleur_organisation", "bailleur_nom",
        "bailleur_nature", "parc", "loyer_hc", "charges", "motif",
    )),
    Etape("procedure", "La procédure et la demande", (
        "stade_declare", *[nom for nom, *_ in DATES_D_ACTES[:3]], "issue_jugement",
        *[nom for nom, *_ in DATES_D_ACTES[3:]], "montant_dette", "date_dette", "mois_impayes",
        "demande", "date_expulsion_connue", "numero_rg",
    )),
    Etape("pieces", "Les pièces jointes", (
        "document_dsf", "document_jugement", "document_decompte", "documents_autres",
    )),
    Etape("recapitulatif", "Consentement et récapitulatif", (
        "consentement_saisine", "consentement_partage", "consentement_recueilli_par",
        "consentement_date", "consentement_mode",
    )),
]  # fmt: skip
ETAPE_PAR_SLUG = {etape.slug: etape for etape in ETAPES}
ETAPE_DU_CHAMP = {nom: etape.slug for etape in ETAPES for nom in etape.champs}
CHAMPS_FICHIERS = {nom for nom, *_ in DOCUMENTS} | {"documents_autres"}


class MessageForm(BaseForm):
    texte = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 4}))


def mode_consentement_public() -> dict:
    return {
        "consentement_recueilli_par": "Le ménage lui-même (formulaire en ligne)",
        "consentement_date": timezone.localdate(),
        "consentement_mode": ModeConsentement.EN_LIGNE,
    }


class IrrecevableForm(BaseForm):
    motif = forms.CharField(
        label="Motif de non-recevabilité",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il est communiqué au partenaire qui a saisi la commission.",
    )


class AcceptationForm(BaseForm):
    menage = forms.ChoiceField(
        label="Rattacher la saisine",
        widget=forms.RadioSelect,
        help_text="À un dossier déjà connu (doublon probable) ou à un nouveau dossier.",
    )

    def __init__(self, *args, candidats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["menage"].choices = [
            *[(m.numero, f"Dossier {m.numero} ({', '.join(r)})") for m, r in candidats],
            ("nouveau", "Créer un nouveau dossier"),
        ]
        self.fields["menage"].initial = "nouveau"
