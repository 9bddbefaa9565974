from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def page_statique(request, template: str):
    """Legal pages (accessibility, legal notice, personal data): public by law."""
    return render(request, f"ccapex/{template}.html")


def trop_de_requetes(request, exception=None):
    return render(request, "ccapex/trop_de_requetes.html", status=429)
