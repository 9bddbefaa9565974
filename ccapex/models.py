"""Rows of the plumbing shared by every app: the background jobs the pages follow, and the
outbox of tasks and e-mails waiting for the broker."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from ccapex.enums import StatutTraitement


class Traitement(models.Model):
    """A long job (import, agenda, letters, annual balance) whose state the page shows.

    The task updates `fait`/`total`; its result is a file or a link, set only once it is
    complete, so that a failed job never leaves a half-written file behind.
    """

    type = models.CharField("type", max_length=40)
    libelle = models.CharField("libellé", max_length=200)
    departement = models.ForeignKey(
        "partenaires.Departement", on_delete=models.PROTECT, related_name="+"
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutTraitement.choices,
        default=StatutTraitement.EN_ATTENTE,
    )
    parametres = models.JSONField("paramètres", default=dict, blank=True)
    total = models.PositiveIntegerField("total", default=0)
    fait = models.PositiveIntegerField("fait", default=0)
    message = models.TextField("message", blank=True)
    resultat = models.JSONField("résultat", default=dict, blank=True)
    fichier = models.FileField("fichier produit", upload_to="traitements/", null=True, blank=True)
    lien = models.CharField("lien vers le résultat", max_length=300, blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    # Last time the job was handed to the queue: beat retries it when it stays « en attente »
    # longer than TRAITEMENT_DELAI_RELANCE after that (a lost message, a broker outage).
    mis_en_file_le = models.DateTimeField("mis en file le", default=timezone.now)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    debut_le = models.DateTimeField("commencé le", null=True, blank=True)
    fin_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "traitement"
        ordering = ["-cree_le", "-id"]

    def __str__(self):
        return self.libelle

    @property
    def progression(self) -> int:
        """Percentage done, for the progress bar."""
        if self.statut == StatutTraitement.TERMINE:
            return 100
        return int(100 * self.fait / self.total) if self.total else 0

    @property
    def bloque(self) -> bool:
        """Still waiting long after it was queued: the page offers to retry it."""
        limite = timezone.now() - timedelta(seconds=settings.TRAITEMENT_DELAI_RELANCE)
        return self.statut == StatutTraitement.EN_ATTENTE and self.mis_en_file_le < limite


class Envoi(models.Model):
    """Outbox: a Celery task or an e-mail a change asks for, written in the change's own
    transaction. Once committed it is handed to the broker (or sent) at once; when Redis or
    the mail server is down it waits here, and beat hands it over when they are back
    (ccapex/boite_d_envoi.py). Nothing a user submits is lost to an outage."""

    tache = models.CharField("tâche", max_length=200, blank=True)
    arguments = models.JSONField("arguments", default=list, blank=True)
    sujet = models.CharField("objet du courriel", max_length=300, blank=True)
    corps = models.TextField("corps du courriel", blank=True)
    destinataires = models.JSONField("destinataires", default=list, blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    # Last hand-over attempt in progress (claimed): another drainer leaves it alone meanwhile.
    essaye_le = models.DateTimeField("dernier essai le", null=True, blank=True)
    # Task: accepted by the broker. E-mail: sent (by the worker).
    fait_le = models.DateTimeField("transmis le", null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    erreur = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "envoi en attente"
        verbose_name_plural = "envois en attente"
        ordering = ["cree_le", "id"]
        indexes = [
            models.Index(
                fields=["cree_le"],
                condition=models.Q(fait_le__isnull=True),
                name="envoi_a_transmettre",
            )
        ]

    def __str__(self):
        return self.tache or self.sujet
