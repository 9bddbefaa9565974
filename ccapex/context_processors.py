from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class SiteConfig:
    """What django-dsfr's templates read from SITE_CONFIG, without a database query per page."""

    site_title: str = settings.CCAPEX_NOM
    site_tagline: str = "Commissions de coordination des actions de prévention des expulsions"
    header_brand_html: str = "République<br>française"
    footer_brand: str = "République française"
    footer_brand_html: str = "République<br>française"
    footer_description: str = (
        "Application libre des secrétariats des CCAPEX : ménages menacés d’expulsion, "
        "saisines des partenaires, séances, préconisations et suivis."
    )
    beta_tag: bool = True
    mourning: bool = False
    notice_title: str = ""
    notice_description: str = ""
    notice_link: str = ""
    notice_type: str = "info"
    notice_icon_class: str = ""
    notice_is_collapsible: bool = False
    operator_logo_file: None = None
    operator_logo_alt: str = ""
    operator_logo_width: int = 0
    accessibility_status: str = "PART"

    def get_accessibility_status_display(self) -> str:
        return "partiellement"


SITE_CONFIG = SiteConfig()
SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#fr-navigation", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


def site(request):
    return {
        "SITE_CONFIG": SITE_CONFIG,
        "skiplinks": SKIPLINKS,
        # django-htmx's script tags read the CSP nonce under this name.
        "csp_nonce": getattr(request, "csp_nonce", None),
    }
