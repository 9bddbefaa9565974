from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ccapex.sauvegardes import (
    MANIFESTE,
    ErreurSauvegarde,
    interruptible,
    sauvegarder,
    sauvegardes_en_clair,
)


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (pg_dump, format custom) et les pièces jointes dans un dossier "
        f"daté, avec un manifeste SHA-256 ({MANIFESTE}) ; chiffrées (age) pour les clés "
        "publiques de SAUVEGARDE_DESTINATAIRES si elle est réglée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            default=settings.BASE_DIR / "var" / "sauvegardes",
            help="dossier qui reçoit les sauvegardes (var/sauvegardes par défaut)",
        )
        parser.add_argument(
            "--garder",
            type=int,
            default=None,
            help="ne garder que les N sauvegardes les plus récentes de ce dossier",
        )
        parser.add_argument(
            "--pg-bin", default=None, help="dossier de pg_dump (sinon cherché automatiquement)"
        )

    def handle(self, *args, dossier, garder, pg_bin, **options):
        if garder is not None and garder < 1:
            raise CommandError("--garder doit valoir au moins 1.")
        try:
            with interruptible():  # SIGTERM too removes the partial folder
                chemin, infos = sauvegarder(dossier, pg_bin=pg_bin, garder=garder)
        except ErreurSauvegarde as erreur:
            raise CommandError(str(erreur)) from erreur
        except psycopg.Error as erreur:
            raise CommandError(f"PostgreSQL a refusé l’opération : {erreur}") from erreur
        base, media = infos["base"], infos["media"]
        if not infos["chiffrement"]:
            self.stderr.write(
                "Attention : sauvegarde non chiffrée (SAUVEGARDE_DESTINATAIRES est vide) : "
                "quiconque lit ce dossier lit toute la base et les pièces jointes. Réglez "
                "SAUVEGARDE_DESTINATAIRES sur une clé publique age (README, « Sauvegardes et "
                "restauration »)."
            )
        elif en_clair := sauvegardes_en_clair(dossier):
            noms = ", ".join(d.name for d in en_clair[:3]) + (" …" if len(en_clair) > 3 else "")
            self.stderr.write(
                f"Attention : {len(en_clair)} sauvegarde(s) plus ancienne(s) de ce dossier sont "
                f"en clair ({noms}) : lisibles par quiconque lit ce dossier jusqu’à ce que la "
                "rotation (--garder) les efface. Effacez-les, ainsi que leurs copies hors de la "
                "machine, quand des sauvegardes chiffrées les remplacent."
            )
        if base["pg_dump"] > base["serveur"]:
            self.stderr.write(
                f"Attention : pg_dump {base['pg_dump']} est plus récent que le serveur "
                f"(PostgreSQL {base['serveur']}) ; la sauvegarde se restaure avec pg_restore "
                f"{base['pg_dump']} ou plus récent. Installez pg_dump {base['serveur']} pour "
                "qu’elle se restaure aussi dans un serveur de la même version."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {chemin} : base « {base['nom']} » ({base['tables']} "
                f"tables, {sum(base['lignes'].values())} lignes ; serveur PostgreSQL "
                f"{base['serveur']}, pg_dump {base['pg_dump']}), {media['fichiers']} fichiers "
                f"({media['octets'] / 1024 / 1024:.1f} Mo)"
                + (
                    f", chiffrée pour {len(infos['chiffrement']['destinataires'])} destinataire(s)."
                    if infos["chiffrement"]
                    else "."
                )
            )
        )
