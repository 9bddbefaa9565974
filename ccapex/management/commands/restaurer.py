from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError

from ccapex.sauvegardes import (
    ErreurSauvegarde,
    interruptible,
    restaurer,
    verifier,
    verifier_dechiffrement,
)


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de « sauvegarder » (base et pièces jointes) après avoir "
        "vérifié son manifeste. Refuse une base ou un dossier non vides sans --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("sauvegarde", type=Path, help="dossier de la sauvegarde")
        parser.add_argument(
            "--force",
            action="store_true",
            help="effacer la base et les pièces jointes actuelles avant de restaurer",
        )
        parser.add_argument(
            "--base",
            default=None,
            help="adresse PostgreSQL de la base à restaurer (par défaut : DATABASE_URL)",
        )
        parser.add_argument(
            "--media", type=Path, default=None, help="dossier des pièces jointes (MEDIA_ROOT)"
        )
        parser.add_argument(
            "--verifier-seulement",
            action="store_true",
            help="vérifier le manifeste sans rien restaurer (sans clé, même chiffrée)",
        )
        parser.add_argument(
            "--pg-bin", default=None, help="dossier de pg_restore (sinon cherché automatiquement)"
        )
        parser.add_argument(
            "--identite",
            default=None,
            metavar="FICHIER",
            help="clé privée age (AGE-SECRET-KEY-1…) d’une sauvegarde chiffrée ; - pour la "
            "lire sur l’entrée standard ; avec --verifier-seulement, déchiffre aussi chaque "
            "fichier sans rien écrire",
        )

    def handle(
        self, *args, sauvegarde, force, base, media, verifier_seulement, pg_bin, identite, **opts
    ):
        try:
            if verifier_seulement:
                infos = verifier(sauvegarde)
                if identite and infos.get("chiffrement"):
                    nombre = verifier_dechiffrement(sauvegarde, identite)
                    self.stdout.write(f"{nombre} fichiers déchiffrés et authentifiés par la clé.")
                chiffrement = infos.get("chiffrement")
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Sauvegarde intacte : {infos['base']['tables']} tables, "
                        f"{infos['media']['fichiers']} fichiers, du {infos['cree_le']}"
                        + (
                            f", chiffrée pour {', '.join(chiffrement['destinataires'])}."
                            if chiffrement
                            else ", non chiffrée."
                        )
                    )
                )
                return
            with interruptible():  # SIGTERM too removes the decrypted dump
                bilan = restaurer(
                    sauvegarde,
                    url=base,
                    media=media,
                    force=force,
                    pg_bin=pg_bin,
                    identite=identite,
                    journal=self.stdout.write,
                )
        except ErreurSauvegarde as erreur:
            raise CommandError(str(erreur)) from erreur
        except psycopg.Error as erreur:
            raise CommandError(f"PostgreSQL a refusé l’opération : {erreur}") from erreur
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauration terminée : {bilan['tables']} tables, {bilan['lignes']} lignes, "
                f"{bilan['fichiers']} fichiers. Appliquez ensuite « manage.py migrate » si le "
                "code est plus récent que la sauvegarde."
            )
        )
