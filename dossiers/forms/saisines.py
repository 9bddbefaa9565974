"""The referral form. One validation for the partner's form, the household's form and the API."""

from __future__ import annotations

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
# Required to send a referral, whatever the stage (the form, the household's form, the API).
OBLIGATOIRES = ["nom", "adresse", "commune", "parc", "motif", "stade_declare", "demande"]
OBLIGATOIRES_PARTENAIRE = ["consentement_recueilli_par", "consentement_date", "consentement_mode"]


def rang(stade: str) -> int:
    return STADES_DECLARABLES.index(stade) if stade in STADES_DECLARABLES else -1


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
        instance = kwargs.get("instance")
        if instance is not None and not self.is_bound:
            for acte in instance.actes_connus:
                champ = next((n for n, t, *_ in DATES_D_ACTES if t == acte.get("type")), None)
                if champ:
                    self.initial[champ] = acte.get("date")
                if acte.get("issue_jugement"):
                    self.initial["issue_jugement"] = acte["issue_jugement"]

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
        manquant = "Ce champ est obligatoire pour envoyer la saisine."
        obligatoires = OBLIGATOIRES + ([] if self.public else OBLIGATOIRES_PARTENAIRE)
        for nom in obligatoires:
            if not donnees.get(nom) and nom not in self.errors:
                self.add_error(nom, manquant)
        if not donnees.get("bailleur_organisation") and not donnees.get("bailleur_nom"):
            self.add_error("bailleur_nom", "Indiquez le bailleur : une organisation ou son nom.")
        for nom in ("consentement_saisine", "consentement_partage"):
            if not donnees.get(nom):
                self.add_error(nom, "Sans l’accord du ménage, la saisine ne peut pas être envoyée.")
        if donnees.get("consentement_date") and donnees["consentement_date"] > timezone.localdate():
            self.add_error("consentement_date", "Cette date est dans le futur.")
        stade = donnees.get("stade_declare") or ""
        # Each act up to the declared stage is required; the judgment with its decision
        # and its copy from the judgment stage on.
        # The error summary names the field: the message does not repeat it.
        for nom, _type, _libelle, depuis in DATES_D_ACTES:
            if rang(stade) >= rang(depuis) and depuis != Stade.CDP and not donnees.get(nom):
                self.add_error(nom, "Obligatoire à ce stade de la procédure.")
        if rang(stade) >= rang(Stade.JUGEMENT):
            if not donnees.get("issue_jugement"):
                self.add_error("issue_jugement", "Indiquez la décision du jugement.")
            deja = (
                self.instance.pk
                and self.instance.documents.filter(type=TypeDocument.JUGEMENT).exists()
            )
            if not deja and not any(t == TypeDocument.JUGEMENT for t, _ in self.documents):
                self.add_error("document_jugement", "Joignez le jugement à partir de ce stade.")
        if rang(stade) == rang(Stade.CDP) and not donnees.get("date_cdp"):
            self.add_error("date_cdp", "Obligatoire à ce stade de la procédure.")
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
