"""Referrals by a partner's software (a landlord's, a CAF's): the organisation's API key.

POST validates with the partner form itself (`SaisineForm`, `envoi=True`): one set of rules
for the web form and the API. Replaying a POST with the same idempotency key returns the
referral already created.
"""

from __future__ import annotations

import base64
import binascii
import uuid

from django import forms
from django.core.exceptions import ValidationError as ErreurDjango
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ccapex.api import permission_depuis
from dossiers.enums import CanalSaisine, StatutSaisine, TypeDocument
from dossiers.forms.saisines import (
    DATES_D_ACTES,
    DOCUMENTS,
    OBLIGATOIRES,
    OBLIGATOIRES_PARTENAIRE,
    ChampPlusieursFichiers,
    SaisineForm,
)
from dossiers.models import Document, MessageSaisine, Saisine
from dossiers.services import saisines as services
from partenaires.permissions import est_partenaire

EstPartenaire = permission_depuis(
    est_partenaire, "Le dépôt de saisines par l’API est réservé aux organisations partenaires."
)

# The form's file fields, by document type; other types go with the « other documents ».
CHAMP_DU_TYPE = {type_.value: nom for nom, type_, _libelle in DOCUMENTS}
CHAMPS_FICHIERS = {*CHAMP_DU_TYPE.values(), "documents_autres"}
CHAMP_TYPES_AUTRES = "types_documents_autres"
MODIFIABLES = {StatutSaisine.BROUILLON, StatutSaisine.INCOMPLETE}


# --- Output -----------------------------------------------------------------------------


class DocumentSaisineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["type", "nom", "type_mime", "taille", "depose_le", "analyse"]


class MessageSaisineSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageSaisine
        fields = ["type", "texte", "cree_le"]


class SaisineSerializer(serializers.ModelSerializer):
    statut_libelle = serializers.CharField(source="get_statut_display", read_only=True)
    commune = serializers.SlugRelatedField(slug_field="code_insee", read_only=True, allow_null=True)
    documents = DocumentSaisineSerializer(many=True, read_only=True)
    messages = MessageSaisineSerializer(
        many=True, read_only=True, help_text="Messages du secrétariat (demande de complément…)."
    )

    class Meta:
        model = Saisine
        fields = [
            "numero",
            "statut",
            "statut_libelle",
            "cle_idempotence",
            "nom",
            "prenom",
            "adresse",
            "commune",
            "motif",
            "stade_declare",
            "actes_connus",
            "montant_dette",
            "demande",
            "date_expulsion_connue",
            "motif_irrecevabilite",
            "soumise_le",
            "modifiee_le",
            "documents",
            "messages",
        ]
        read_only_fields = fields


# --- Input, documented from the form's own fields ----------------------------------------


def _champ_documente(nom: str, champ: forms.Field) -> serializers.Field:
    """The form's field described for the schema (the form alone validates)."""
    options = {
        "required": nom in (*OBLIGATOIRES, *OBLIGATOIRES_PARTENAIRE)
        or nom in ("consentement_saisine", "consentement_partage"),
        "label": str(champ.label or nom),
        "help_text": str(champ.help_text or ""),
    }
    if nom == "commune":
        options["help_text"] = "Code INSEE de la commune du logement (dans votre département)."
        return serializers.CharField(**options)
    if isinstance(champ, forms.ModelChoiceField):
        options["help_text"] = "Identifiant d’une organisation bailleur connue de la CCAPEX."
        return serializers.IntegerField(**options)
    if isinstance(champ, ChampPlusieursFichiers):
        return serializers.ListField(child=serializers.FileField(), **options)
    if isinstance(champ, forms.FileField):
        return serializers.FileField(**options)
    if isinstance(champ, forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in champ.choices if c[0]], **options)
    if isinstance(champ, forms.BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(champ, forms.DateField):
        return serializers.DateField(**options)
    if isinstance(champ, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=champ.max_digits, decimal_places=champ.decimal_places, **options
        )
    if isinstance(champ, forms.IntegerField):
        return serializers.IntegerField(**options)
    if isinstance(champ, forms.EmailField):
        return serializers.EmailField(**options)
    if isinstance(champ, forms.UUIDField):
        options["required"] = False
        options["help_text"] = "Clé d’idempotence (UUID), ou l’en-tête Idempotency-Key."
        return serializers.UUIDField(**options)
    return serializers.CharField(**options)


class DocumentJsonSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TypeDocument.choices)
    nom = serializers.CharField(help_text="Nom du fichier, par exemple « jugement.pdf ».")
    contenu = serializers.CharField(help_text="Contenu du fichier encodé en base64.")


def _serializers_d_entree():
    champs = SaisineForm(departement=None).fields
    documentes = {nom: _champ_documente(nom, champ) for nom, champ in champs.items()}
    types_autres = serializers.ListField(
        child=serializers.ChoiceField(choices=TypeDocument.choices),
        required=False,
        help_text="Type de chacun des « documents_autres », dans le même ordre (défaut : autre).",
    )
    multipart = type(
        "SaisineEntreeMultipart",
        (serializers.Serializer,),
        {**documentes, CHAMP_TYPES_AUTRES: types_autres},
    )
    json = type(
        "SaisineEntreeJson",
        (serializers.Serializer,),
        {
            **{n: c for n, c in documentes.items() if n not in CHAMPS_FICHIERS},
            "documents": DocumentJsonSerializer(many=True, required=False),
        },
    )
    return multipart, json


SaisineEntreeMultipart, SaisineEntreeJson = _serializers_d_entree()

REGLES = "\n".join(
    f"- `{nom}` : obligatoire à partir du stade « {stade.label} »."
    for nom, _type, _libelle, stade in DATES_D_ACTES
    if nom != "date_cdp"
)
DESCRIPTION_DEPOT = f"""Dépose et envoie une saisine au nom de l’organisation de la clé d’API.

Les règles sont celles du formulaire en ligne. Les dates des actes dépendent du stade déclaré :
- `date_cdp` : obligatoire au stade « Commandement de payer ».
{REGLES}
- `issue_jugement` et un document de type `jugement` : à partir du stade « Jugement ».

Documents : PDF, JPEG ou PNG (reconnus d’après leur contenu), 10 Mo au plus chacun. En
multipart, un champ par type (`document_dsf`, `document_jugement`, `document_decompte`,
`documents_autres` répétable avec `types_documents_autres`) ; en JSON, la liste `documents`
avec le contenu en base64 (corps limité à 12 Mo : préférez le multipart pour les gros fichiers).

Idempotence : l’en-tête `Idempotency-Key` (ou le champ `cle_idempotence`), un UUID. Un envoi
rejoué avec la même clé ne crée rien : la réponse est 200 avec la saisine déjà enregistrée.
Une saisine pour laquelle le secrétariat a demandé un complément se complète en renvoyant la
même clé.

Erreurs : 400 avec, par champ, les messages en français (`non_field_errors` pour l’ensemble).
"""


# --- The viewset ------------------------------------------------------------------------


def _erreur(champ: str, message: str) -> ValidationError:
    return ValidationError({champ: [message]})


def _lire_documents_json(documents) -> tuple[MultiValueDict, list[str]]:
    """JSON documents as the form's uploaded files; extra ones go with the other documents."""
    if not isinstance(documents, list):
        raise _erreur("documents", "Une liste de documents est attendue.")
    fichiers, types_autres = MultiValueDict(), []
    for rang, document in enumerate(documents):
        entree = DocumentJsonSerializer(data=document)
        if not entree.is_valid():
            raise ValidationError({f"documents[{rang}]": entree.errors})
        try:
            contenu = base64.b64decode(entree.validated_data["contenu"], validate=True)
        except (binascii.Error, ValueError):
            raise _erreur(
                f"documents[{rang}]", "Le contenu du document n’est pas du base64 valide."
            ) from None
        fichier = SimpleUploadedFile(entree.validated_data["nom"], contenu)
        type_ = entree.validated_data["type"]
        champ = CHAMP_DU_TYPE.get(type_)
        if champ and champ not in fichiers:
            fichiers[champ] = fichier
        else:
            fichiers.appendlist("documents_autres", fichier)
            types_autres.append(type_)
    return fichiers, types_autres


def _entree(request) -> tuple[dict | MultiValueDict, MultiValueDict, list[str], bool]:
    """The request as the form's data and files, whatever its content type."""
    if hasattr(request.data, "getlist"):  # multipart or url-encoded
        donnees = request.POST.copy()  # without the files (they cannot be copied)
        fichiers = request.FILES
        for nom in CHAMPS_FICHIERS:
            donnees.pop(nom, None)
        types_autres = donnees.getlist(CHAMP_TYPES_AUTRES)
        donnees.pop(CHAMP_TYPES_AUTRES, None)
        return donnees, fichiers, types_autres, False
    if not isinstance(request.data, dict):
        raise _erreur("non_field_errors", "Un objet JSON est attendu.")
    donnees = {k: v for k, v in request.data.items() if v is not None and k != "documents"}
    composees = sorted(k for k, v in donnees.items() if isinstance(v, list | dict))
    if composees:  # the form reads one value per field: a list or an object is refused
        raise ValidationError(
            {k: ["Une seule valeur attendue (texte, nombre, date ou booléen)."] for k in composees}
        )
    # As a form post would send them: text (a boolean where a date is due is then refused
    # by the form with its message, not a crash).
    donnees = {
        k: ("true" if v else "false") if isinstance(v, bool) else str(v) for k, v in donnees.items()
    }
    fichiers, types_autres = _lire_documents_json(request.data.get("documents") or [])
    return donnees, fichiers, types_autres, True


def _cle(request, donnees) -> str:
    cle = request.headers.get("Idempotency-Key") or donnees.get("cle_idempotence") or uuid.uuid4()
    try:
        return str(uuid.UUID(str(cle)))
    except ValueError:
        raise _erreur(
            "cle_idempotence",
            "La clé d’idempotence doit être un UUID (en-tête Idempotency-Key ou champ "
            "cle_idempotence).",
        ) from None


def _erreurs_du_formulaire(form, json: bool) -> dict[str, list[str]]:
    erreurs: dict[str, list[str]] = {}
    for champ, messages in form.errors.items():
        nom = "non_field_errors" if champ == "__all__" else champ
        if json and champ in CHAMPS_FICHIERS:
            nom = "documents"
        erreurs.setdefault(nom, []).extend(messages)
    return erreurs


def _retyper(documents, types_autres: list[str]):
    """Give the « other documents » the types declared for them, in order."""
    types_valides = set(TypeDocument.values)
    restants = list(types_autres)
    resultat = []
    for type_, fichier in documents:
        if type_ == TypeDocument.AUTRE and restants:
            declare = restants.pop(0)
            if declare not in types_valides:
                raise _erreur(CHAMP_TYPES_AUTRES, f"Type de document inconnu : « {declare} ».")
            type_ = declare
        resultat.append((type_, fichier))
    return resultat


@extend_schema_view(
    list=extend_schema(
        summary="Les saisines envoyées par votre organisation, avec leur statut",
        description="Les brouillons n’y figurent pas. Les saisines des autres organisations "
        "ne sont jamais visibles.",
    ),
    retrieve=extend_schema(
        summary="Une saisine de votre organisation, par son numéro",
        description="Statut, documents et messages du secrétariat. 404 pour une saisine "
        "d’une autre organisation.",
    ),
)
class SaisineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SaisineSerializer
    permission_classes = [EstPartenaire]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_field = "numero"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Saisine.objects.none()
        return (
            Saisine.objects.de_l_organisation(self.request.user.organisation)
            .exclude(statut=StatutSaisine.BROUILLON)
            .select_related("commune")
            .prefetch_related("documents", "messages")
            .order_by("-soumise_le", "-id")
        )

    @extend_schema(
        summary="Déposer une saisine (avec ses documents)",
        description=DESCRIPTION_DEPOT,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="UUID choisi par votre logiciel : un envoi rejoué ne crée rien.",
            )
        ],
        request={
            "multipart/form-data": SaisineEntreeMultipart,
            "application/json": SaisineEntreeJson,
        },
        responses={
            201: OpenApiResponse(SaisineSerializer, description="Saisine envoyée (numéro)."),
            200: OpenApiResponse(
                SaisineSerializer, description="Envoi rejoué : la saisine déjà enregistrée."
            ),
            400: OpenApiResponse(
                description="Saisine invalide : messages en français, par champ.",
                examples=[
                    OpenApiExample(
                        "Jugement manquant",
                        value={
                            "date_jugement": ["Obligatoire à ce stade de la procédure."],
                            "document_jugement": ["Joignez le jugement à partir de ce stade."],
                        },
                    )
                ],
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        organisation = request.user.organisation
        donnees, fichiers, types_autres, json = _entree(request)
        cle = _cle(request, donnees)
        donnees["cle_idempotence"] = cle
        existante = Saisine.objects.filter(cle_idempotence=cle, organisation=organisation).first()
        if existante is not None and existante.statut not in MODIFIABLES:
            return Response(self.get_serializer(existante).data, status=status.HTTP_200_OK)
        form = SaisineForm(
            donnees,
            fichiers,
            instance=existante,
            departement=organisation.departement,
            envoi=True,
        )
        form.fields["commune"].to_field_name = "code_insee"
        if not form.is_valid():
            raise ValidationError(_erreurs_du_formulaire(form, json))
        try:
            saisine, nouvelle = services.enregistrer(
                cle=form.cleaned_data["cle_idempotence"],
                donnees=form.cleaned_data,
                actes_connus=form.actes_connus,
                documents=_retyper(form.documents, types_autres),
                par=request.user,
                organisation=organisation,
                departement=organisation.departement,
                canal=CanalSaisine.API,
                envoyer=True,
            )
        except ErreurDjango as erreur:
            raise ValidationError({"non_field_errors": erreur.messages}) from None
        creee = nouvelle and (existante is None or existante.statut == StatutSaisine.BROUILLON)
        saisine = self.get_queryset().get(pk=saisine.pk)
        return Response(
            self.get_serializer(saisine).data,
            status=status.HTTP_201_CREATED if creee else status.HTTP_200_OK,
        )


routes = [("saisines", SaisineViewSet, "api-saisines")]
