from django import forms

from ccapex.forms import BaseForm
from dossiers.enums import TypeImport
from dossiers.models import CorrespondanceImport


class ImportForm(BaseForm):
    type = forms.ChoiceField(label="Type de signalements", choices=TypeImport.choices)
    correspondance = forms.ModelChoiceField(
        label="Correspondance de colonnes",
        queryset=CorrespondanceImport.objects.none(),
        required=False,
        empty_label="Aucune : les colonnes portent les noms attendus",
        help_text="Pour l’extraction d’une autre source : la correspondance enregistrée.",
    )
    fichier = forms.FileField(
        label="Fichier",
        help_text="CSV (séparateur « ; » ou « , ») ou classeur Excel .xlsx, 30 Mo au plus.",
    )

    def __init__(self, *args, departement_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correspondance"].queryset = CorrespondanceImport.objects.des_departements(
            departement_ids
        )


class NouvelleCorrespondanceForm(BaseForm):
    """Step 1: a source's name, the kind of reports and a sample file of its extraction."""

    nom = forms.CharField(
        label="Nom de la source",
        max_length=150,
        help_text="Par exemple : « Extraction EXPLOC » ou « Étude de commissaires de justice X ».",
    )
    type = forms.ChoiceField(label="Type de signalements", choices=TypeImport.choices)
    fichier = forms.FileField(
        label="Un fichier d’exemple de cette source",
        help_text="Seules la première ligne et les cinq suivantes sont lues, pour l’aperçu ; "
        "le fichier n’est pas conservé.",
    )


class ColonnesForm(BaseForm):
    """Step 2: for each expected column, the file's column that holds it."""

    def __init__(self, *args, spec, entete, **kwargs):
        super().__init__(*args, **kwargs)
        choix = [("", "— aucune —")] + [(nom, nom) for nom in entete if nom]
        for colonne in spec.colonnes:
            self.fields[colonne.nom] = forms.ChoiceField(
                label=colonne.libelle,
                choices=choix,
                required=colonne.obligatoire,
                initial=colonne.nom if colonne.nom in entete else "",
                error_messages={
                    "required": "Choisissez la colonne du fichier qui contient cette donnée.",
                    "invalid_choice": "Choisissez une colonne du fichier.",
                },
            )
