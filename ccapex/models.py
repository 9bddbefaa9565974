"""Rows of the plumbing shared by every app: the background jobs the pages follow."""

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
