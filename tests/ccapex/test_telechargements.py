import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db.models.fields.files import FieldFile
from openpyxl import load_workbook

from ccapex.telechargements import (
    contenu_joint,
    csv_en_flux,
    csv_en_octets,
    fichier_joint,
    xlsx_en_octets,
)


def test_csv_en_flux_point_virgule_bom_et_piece_jointe():
    reponse = csv_en_flux(["Nom", "Dette"], iter([["Diallo", "1 234,50 €"]]), nom="m.csv")
    assert reponse["Content-Disposition"] == 'attachment; filename="m.csv"'
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    texte = b"".join(reponse.streaming_content).decode()
    assert texte == "\ufeffNom;Dette\r\nDiallo;1 234,50 €\r\n"


def test_contenu_joint():
    reponse = contenu_joint(b"a;b", nom="t.csv", type_mime="text/csv")
    assert reponse.content == b"a;b"
    assert reponse["Content-Disposition"] == 'attachment; filename="t.csv"'


class _Champ:
    storage = InMemoryStorage()


def test_fichier_joint_nomme_d_apres_le_dernier_segment():
    nom = _Champ.storage.save("courriers/2026/lettre-42.pdf", ContentFile(b"%PDF-1.7"))
    fichier = FieldFile(None, _Champ, nom)
    reponse = fichier_joint(fichier)
    assert 'filename="lettre-42.pdf"' in reponse["Content-Disposition"]
    assert reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content) == b"%PDF-1.7"
    reponse = fichier_joint(fichier, nom="autre.pdf", type_mime="application/octet-stream")
    assert 'filename="autre.pdf"' in reponse["Content-Disposition"]
    assert reponse["Content-Type"] == "application/octet-stream"


def test_csv_en_octets_meme_dialecte_none_vide():
    contenu = csv_en_octets(["a", "b"], [[None, 1.5], ["x;y", ""]])
    assert contenu == '\ufeffa;b\r\n;1.5\r\n"x;y";\r\n'.encode()


FORMULES = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tfoo", "\rbar"]


@pytest.mark.parametrize("valeur", FORMULES)
def test_csv_neutralise_le_texte_qui_commence_comme_une_formule(valeur):
    contenu = csv_en_octets(["a"], [[valeur]]).decode("utf-8-sig")
    assert contenu.split("\r\n")[1].strip('"') == "'" + valeur


def test_csv_les_nombres_restent_des_nombres():
    contenu = csv_en_octets(["a", "b", "c"], [[-12, -3.5, Decimal("-7.25")]])
    assert contenu.decode("utf-8-sig").splitlines()[1] == "-12;-3.5;-7.25"


def test_xlsx_neutralise_le_texte_et_garde_les_nombres():
    contenu = xlsx_en_octets("Feuille", ["texte", "montant"], [["=HYPERLINK(1)", -12.5]])
    feuille = load_workbook(io.BytesIO(contenu)).active
    texte, montant = feuille[2]
    assert texte.value == "'=HYPERLINK(1)" and texte.data_type == "s"
    assert montant.value == -12.5 and montant.data_type == "n"
    assert feuille.title == "Feuille" and feuille["A1"].font.bold
