"""The access log the data protection officer exports: who consulted which dossier or document."""

from decimal import Context, Decimal
from urllib.parse import urlencode

from django.utils.encoding import uri_to_iri

from ccapex.parametres import LONGUEUR_MAX_PARAMETRE
from dossiers.models import Consultation


def _propre(valeur, longueur: int) -> str:
    """Printable characters only, cut to the column's length: the log never holds a raw NUL
    byte (PostgreSQL refuses it) nor a value longer than its column. A cut value ends with
    « … », so the reader knows something is missing."""
    texte = "".join(c if c.isprintable() else "?" for c in str(valeur))
    return texte if len(texte) <= longueur else texte[: longueur - 1] + "…"


# A choice, an id, a number or the sort: the longest real one, the sort on all five columns,
# has 39 characters. A longer value (a number of 990 digits, a sort repeating one column) is
# cut, so that it cannot push the search, last, out of the column.
LONGUEUR_MAX_VALEUR = 40


def _texte(valeur) -> str:
    if isinstance(valeur, Decimal):
        if not -30 < valeur.adjusted() < 30:
            return str(valeur)  # "1E-999999" as sent, never a million zeros written out
        # Without padding ("0040.00" → "40") and exact: enough digits for any parameter.
        return format(valeur.normalize(Context(prec=LONGUEUR_MAX_PARAMETRE)), "f")
    return str(getattr(valeur, "pk", valeur))  # a model choice: its id


def filtres_appliques(filtres) -> str:
    """The filters a valid FilterSet applied, as a query string for the log.

    Only its own fields: any other parameter is free text from the sender. The values the
    form read (the last of a repeated single value, an id, a number without padding), empty
    ones left out, multiple ones sorted; fields in sorted order but the free-text search last,
    so that a long search cannot push the other filters out of the column, and any other
    value cut to LONGUEUR_MAX_VALEUR characters, so that none can push the search out.
    Non-ASCII stays readable; `&`, `=` and `%` stay encoded, so a value cannot pass for
    another filter."""
    if not filtres.is_bound:
        return ""
    paires = []
    for nom in sorted(filtres.filters, key=lambda nom: (nom == "q", nom)):
        valeur = filtres.form.cleaned_data.get(nom)
        if valeur in (None, "", [], ()):
            continue
        if not isinstance(valeur, list | tuple):
            paires.append((nom, _texte(valeur)))
        elif getattr(filtres.form.fields[nom].widget, "allow_multiple_selected", False):
            paires += [(nom, texte) for texte in sorted({_texte(v) for v in valeur})]
        else:  # one parameter holding a list, like the sort "nom,-dette"
            paires.append((nom, ",".join(_texte(v) for v in valeur)))
    courtes = [(nom, v if nom == "q" else _propre(v, LONGUEUR_MAX_VALEUR)) for nom, v in paires]
    return uri_to_iri(urlencode(courtes))


def journaliser_consultation(request, *, objet: str, objet_id, menage=None, filtres=None) -> None:
    """One line of the log; `filtres`, the list's FilterSet, records which subset was read."""
    parametres = filtres_appliques(filtres) if filtres is not None else ""
    Consultation.objects.create(
        utilisateur=request.user,
        menage=menage,
        objet=objet,
        objet_id=_propre(objet_id, 40),
        chemin=_propre(f"{request.path}?{parametres}" if parametres else request.path, 300),
    )
