from django.apps import AppConfig


class CommissionConfig(AppConfig):
    """The commission's work: sessions, recommendations, letters, follow-ups."""

    name = "commission"
    verbose_name = "commission"

    def ready(self):
        from commission.conservation import declarer_les_modeles_de_la_commission

        declarer_les_modeles_de_la_commission()
