from django.apps import apps

from ccapex.portee import DesDepartementsQuerySet


def test_chaque_chemin_vers_le_departement_est_valide(monde):
    """Every model scoped by département reaches it (a wrong path fails at query time)."""
    modeles = [
        m
        for app in ("dossiers", "commission")
        for m in apps.get_app_config(app).get_models()
        if isinstance(m.objects.all(), DesDepartementsQuerySet)
    ]
    assert len(modeles) >= 9
    for modele in modeles:
        assert not modele.objects.des_departements([monde.departement.pk + 1000]).exists()
        assert modele.objects.des_departements([monde.departement.pk]).count() == (
            modele.objects.filter(**{f"{modele.objects.all().chemin}": monde.departement}).count()
        )
