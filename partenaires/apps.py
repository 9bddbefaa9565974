from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    """Who: territories, organisations, users and their roles."""

    name = "partenaires"
    verbose_name = "partenaires"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .second_facteur import noter_connexion

        def a_la_connexion(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                noter_connexion(request, user)

        # Plumbing, not business flow: every way in (password, ProConnect, tests'
        # force_login) stamps the session the same way.
        user_logged_in.connect(
            a_la_connexion, weak=False, dispatch_uid="partenaires.noter_connexion"
        )
