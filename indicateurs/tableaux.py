"""The balance as tables: one shape shared by the dashboard, the PDF and the CSV/XLSX files.

Cells hold raw values (numbers stay numbers in the spreadsheet); `formater` turns them into
French text for pages and PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ccapex import formats

from .queries import Bilan, Decisions, LigneDecisions, LignePreconisation, Repartition


@dataclass
class Colonne:
    titre: str
    genre: str = "nombre"  # texte, nombre, decimal, pourcent, evolution, points

    @property
    def numerique(self) -> bool:
        return self.genre != "texte"


@dataclass
class Tableau:
    cle: str
    titre: str
    colonnes: list[Colonne]
    lignes: list[list]
    section: str = ""
    note: str = ""
    graphique: str = ""  # "barres", "camembert", "barres_empilees" or ""
    serie_graphique: int = 1  # index of the column the chart draws (pies and single bars)

    @property
    def vide(self) -> bool:
        return not self.lignes

    @property
    def large(self) -> bool:
        """Too many columns to sit beside its chart: the page stacks them."""
        return len(self.colonnes) > 7

    def cellules(self):
        """Rows of (text, is_number) for templates."""
        for ligne in self.lignes:
            yield [
                (formater(valeur, colonne.genre), colonne.numerique)
                for valeur, colonne in zip(ligne, self.colonnes, strict=True)
            ]


def formater(valeur, genre: str) -> str:
    if valeur is None or valeur == "":
        return "—" if genre != "texte" else ""
    if genre == "nombre":
        return formats.nombre(valeur)
    if genre == "decimal":
        return formats.nombre(valeur, 2).rstrip("0").rstrip(",")
    if genre == "pourcent":
        return formats.pourcent(valeur, 1)
    if genre == "evolution":
        return formats.pourcent(valeur, 2, signe=True)
    if genre == "points":
        return formats.points(valeur)
    return str(valeur)


SECTIONS = {
    "procedure": "Les actes de la procédure",
    "activite": "L’activité de la commission",
    "saisines": "Les saisines",
    "preconisations": "Les préconisations",
    "decisions": "Les décisions de la commission",
    "issues": "La situation des ménages à 12 mois",
    "charte": "Les objectifs de la charte",
    "prevention": "Les courriers de prévention",
    "partenaires": "Les données des partenaires",
}


def _repartition(r: Repartition, section: str, annee: int, graphique="camembert") -> Tableau:
    return Tableau(
        cle=r.cle,
        titre=r.titre,
        section=section,
        graphique=graphique,
        colonnes=[
            Colonne("Catégorie", "texte"),
            Colonne(str(annee)),
            Colonne(f"Part {annee}", "pourcent"),
            Colonne(str(annee - 1)),
            Colonne(f"Part {annee - 1}", "pourcent"),
            Colonne("Écart", "points"),
        ],
        lignes=[[x.libelle, x.n, x.part, x.n1, x.part_n1, x.ecart] for x in r.lignes],
    )


def _preconisations(cle, titre, lignes: list[LignePreconisation], premiere: str) -> Tableau:
    return Tableau(
        cle=cle,
        titre=titre,
        section="preconisations",
        graphique="barres",
        colonnes=[
            Colonne(premiere, "texte"),
            Colonne("Préconisées"),
            Colonne("Réalisées"),
            Colonne("Taux de réalisation", "pourcent"),
        ],
        lignes=[[x.libelle, x.preconisees, x.realisees, x.taux_realisation] for x in lignes],
    )


def _lignes_decisions(lignes: list[LigneDecisions]) -> list[list]:
    return [
        [x.libelle, x.n1, x.n, x.notifiees, x.executees, x.levees, x.expirees, x.remplacees]
        for x in lignes
    ]


NOTE_DECISIONS = (
    "Décisions comptées l’année de leur notification. Une décision remplacée n’est comptée "
    "qu’une fois, par la décision en vigueur qui la remplace ; la colonne « Remplacées » "
    "compte à part les décisions de l’année remplacées depuis."
)


def _decisions(d: Decisions, n: int) -> list[Tableau]:
    colonnes = [
        Colonne("Décision", "texte"),
        Colonne(f"Notifiées en {n - 1}"),
        Colonne(f"Notifiées en {n}"),
        Colonne("En vigueur, non exécutées"),
        Colonne("Exécutées"),
        Colonne("Levées"),
        Colonne("Expirées"),
        Colonne("Remplacées"),
    ]
    vides = not any(x.n or x.n1 or x.remplacees for x in d.aide_logement)
    saisines = [x for x in d.saisines if x.n or x.n1 or x.remplacees or x.code != "autre"]
    orientations = _repartition(d.orientations, "decisions", n)
    orientations.note = "Décisions d’orientation d’un signalement, par type d’organisme."
    return [
        Tableau(
            cle="decisions_aide_logement",
            titre=f"Décisions sur l’aide au logement notifiées en {n}, par issue",
            section="decisions",
            colonnes=colonnes,
            lignes=[] if vides else _lignes_decisions(d.aide_logement),
            note=NOTE_DECISIONS,
        ),
        Tableau(
            cle="decisions_saisines",
            titre=f"Saisines du FSL et du SIAO décidées en {n}",
            section="decisions",
            colonnes=colonnes,
            lignes=_lignes_decisions(saisines) if any(x.n or x.n1 for x in saisines) else [],
        ),
        orientations,
        Tableau(
            cle="decisions_delai_orientation",
            titre="Délai d’orientation des signalements",
            section="decisions",
            note=(
                "Jours calendaires entre la réception du commandement de payer signalé et la "
                "notification de la décision d’orientation en vigueur ; médiane des "
                "orientations dont le signalement est connu."
            ),
            colonnes=[
                Colonne("Indicateur", "texte"),
                Colonne(str(n - 1), "decimal"),
                Colonne(str(n), "decimal"),
            ],
            lignes=[
                [
                    "Délai médian (jours)",
                    d.delai_median_orientation_n1,
                    d.delai_median_orientation,
                ],
                [
                    "Orientations dont le signalement est daté",
                    d.orientations_datees_n1,
                    d.orientations_datees,
                ],
            ]
            if d.orientations_datees or d.orientations_datees_n1
            else [],
        ),
    ]


def tableaux(bilan: Bilan) -> list[Tableau]:
    n, n1 = bilan.annee, bilan.annee - 1
    a = bilan.activite
    d = bilan.dettes
    c = bilan.courriers
    sources = {x.source for x in bilan.actes if x.source}
    resultat = [
        Tableau(
            cle="actes",
            titre="Actes de la procédure par année",
            section="procedure",
            graphique="barres_annees",
            note=("Données déclarées par : " + ", ".join(sorted(sources))) if sources else "",
            colonnes=[Colonne("Acte", "texte")]
            + [Colonne(str(y)) for y in bilan.annees]
            + [
                Colonne(f"Évolution {n1}/{n}", "evolution"),
                Colonne(f"Évolution {bilan.annees[0]}/{n}", "evolution"),
                Colonne("Source", "texte"),
            ],
            lignes=[
                [x.libelle]
                + [x.par_annee[y] for y in bilan.annees]
                + [x.evolution_annuelle, x.evolution_cinq_ans, x.source or "Application"]
                for x in bilan.actes
            ],
        ),
        Tableau(
            cle="actes_parc",
            titre=f"Actes de {n} par parc",
            section="procedure",
            graphique="barres_empilees",
            colonnes=[Colonne("Acte", "texte"), Colonne("Parc social"), Colonne("Parc privé")],
            lignes=[[x.libelle, x.social, x.prive] for x in bilan.actes if not x.source],
        ),
        Tableau(
            cle="activite",
            titre="Séances et situations examinées",
            section="activite",
            graphique="barres",
            serie_graphique=2,
            colonnes=[
                Colonne("Indicateur", "texte"),
                Colonne(str(n1)),
                Colonne(str(n)),
                Colonne("Évolution", "evolution"),
            ],
            lignes=[
                ["Séances tenues", a.seances_tenues_n1, a.seances_tenues, a.evolution_seances],
                ["Séances programmées", None, a.seances_programmees, None],
                [
                    "Situations examinées (premier examen)",
                    a.premiers_examens_n1,
                    a.premiers_examens,
                    a.evolution_premiers_examens,
                ],
                ["Réexamens", a.reexamens_n1, a.reexamens, None],
                ["Bilans à 12 mois en séance", a.bilans_n1, a.bilans, None],
            ],
        ),
    ]
    resultat += [_repartition(r, "saisines", n) for r in bilan.saisines]
    resultat.append(
        Tableau(
            cle="dettes",
            titre="Montant de la dette des dossiers signalés",
            section="saisines",
            colonnes=[Colonne("Indicateur", "texte"), Colonne(str(n1)), Colonne(str(n))],
            lignes=[
                ["Dossiers dont la dette est connue", d.avec_dette_n1, d.avec_dette],
                ["Dette supérieure à 10 000 €", d.plus_10000_n1, d.plus_10000],
                ["Part des dettes supérieures à 10 000 € (%)", d.part_10000_n1, d.part_10000],
                ["Dette supérieure à 50 000 €", d.plus_50000_n1, d.plus_50000],
            ],
        )
    )
    resultat += [
        _preconisations(
            "preconisations_type",
            f"Préconisations de {n} par type",
            bilan.preconisations_par_type,
            "Type",
        ),
        _preconisations(
            "preconisations_destinataire",
            f"Préconisations de {n} par destinataire",
            bilan.preconisations_par_destinataire,
            "Destinataire",
        ),
    ]
    resultat += _decisions(bilan.decisions, n)
    issues = bilan.issues
    resultat.append(
        Tableau(
            cle="issues",
            titre=issues.repartition.titre,
            section="issues",
            graphique="camembert",
            colonnes=[
                Colonne("Situation", "texte"),
                Colonne("Ménages"),
                Colonne("Part", "pourcent"),
            ],
            lignes=[[x.libelle, x.n, x.part] for x in issues.repartition.lignes],
        )
    )
    resultat.append(
        Tableau(
            cle="issues_complementaires",
            titre="Dans la même cohorte",
            section="issues",
            colonnes=[Colonne("Indicateur", "texte"), Colonne("Ménages")],
            lignes=[
                ["Dette soldée", issues.dette_soldee],
                ["Dossier de surendettement recevable", issues.surendettement_recevable],
                ["FSL accordé", issues.fsl_accorde],
                ["Protocole de cohésion sociale signé", issues.pcs_signe],
            ]
            if issues.repartition.total
            else [],
        )
    )
    resultat.append(_repartition(bilan.dls, "issues", n))
    resultat.append(
        Tableau(
            cle="objectifs",
            titre="Objectifs de la charte",
            section="charte",
            colonnes=[
                Colonne("Indicateur", "texte"),
                Colonne(str(n1), "pourcent"),
                Colonne(str(n), "pourcent"),
                Colonne("Valeur de départ", "pourcent"),
                Colonne("Cible", "pourcent"),
                Colonne("Année cible", "texte"),
                Colonne("Chemin parcouru", "pourcent"),
                Colonne("Source", "texte"),
            ],
            lignes=[
                [
                    o.libelle,
                    o.valeur_n1,
                    o.valeur,
                    o.valeur_depart,
                    o.cible,
                    o.annee_cible or "",
                    o.progression,
                    o.source or "Application",
                ]
                for o in bilan.objectifs
            ],
        )
    )
    resultat.append(
        Tableau(
            cle="courriers",
            titre="Courriers de prévention",
            section="prevention",
            colonnes=[Colonne("Indicateur", "texte"), Colonne(str(n1)), Colonne(str(n))],
            lignes=[
                ["Courriers envoyés", c.envoyes_n1, c.envoyes],
                ["Réponses reçues", c.repondus_n1, c.repondus],
                ["Taux de réponse (%)", c.taux_reponse_n1, c.taux_reponse],
            ]
            if c.envoyes or c.envoyes_n1
            else [],
        )
    )
    resultat.append(
        Tableau(
            cle="partenaires",
            titre="Données déclarées par les partenaires",
            section="partenaires",
            colonnes=[
                Colonne("Indicateur", "texte"),
                Colonne("Famille", "texte"),
                Colonne(str(n1), "decimal"),
                Colonne(str(n), "decimal"),
                Colonne("Évolution", "evolution"),
                Colonne("Source", "texte"),
            ],
            lignes=[
                [x.libelle, x.famille, x.valeur_n1, x.valeur, x.evolution, x.source]
                for x in bilan.declarees
            ],
        )
    )
    return resultat


def par_cle(liste: list[Tableau]) -> dict[str, Tableau]:
    return {t.cle: t for t in liste}


@dataclass
class Section:
    cle: str
    titre: str
    tableaux: list[Tableau] = field(default_factory=list)


def sections(liste: list[Tableau]) -> list[Section]:
    resultat = {cle: Section(cle, titre) for cle, titre in SECTIONS.items()}
    for tableau in liste:
        resultat[tableau.section].tableaux.append(tableau)
    return [s for s in resultat.values() if s.tableaux]
