"""The secretariat's day in a real Chromium (issue 14): the journey triage → accept → act →
agenda with the keyboard only, counted; the dossier page's first screen at 1280 × 900."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commission.models import Examen
from dossiers.enums import StatutSaisine
from procedure.enums import TypeActe
from tests.commission.factories import CommissionFactory, ExamenFactory, SeanceFactory
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de
from tests.navigateur.conftest import attendre_focus, se_connecter
from tests.partenaires.factories import MOT_DE_PASSE

AUJOURD_HUI = timezone.localdate()
ECRAN = {"width": 1280, "height": 900}
MAX_TOUCHES = 80
MAX_CHARGEMENTS = 4


class Clavier:
    """The keyboard of the journey: every key press is counted (a typed text: one per
    character), and so is every page load."""

    def __init__(self, page):
        self.page = page
        self.touches = 0
        self.chargements = 0
        page.on("load", lambda _page: self._charge())

    def _charge(self):
        self.chargements += 1

    def appuyer(self, touche: str, fois: int = 1) -> None:
        for _ in range(fois):
            self.page.keyboard.press(touche)
            self.touches += 1

    def taper(self, texte: str) -> None:
        for caractere in texte:
            self.page.keyboard.press(caractere)
            self.touches += 1

    def tab_jusqu_a(self, condition_js: str, maximum: int = 40) -> None:
        """Tab until the focused element satisfies `condition_js` (over `e`)."""
        for _ in range(maximum):
            self.appuyer("Tab")
            if self.page.evaluate(
                f"(() => {{ const e = document.activeElement; return {condition_js}; }})()"
            ):
                return
        raise AssertionError(f"jamais atteint en {maximum} tabulations : {condition_js}")

    def aller_au_contenu(self) -> None:
        """The first skip link (« Contenu ») then Enter."""
        self.appuyer("Tab")
        assert self.page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
        self.appuyer("Enter")


def ordre_du_champ_date(contexte) -> str:
    """The order in which this Chromium's date field takes digits (`%d%m%Y` in a French
    interface, `%m%d%Y` in an American one), read on a scratch page: the journey then types
    the date once, as its user would."""
    brouillon = contexte.new_page()
    brouillon.set_content('<input type="date" id="d">')
    brouillon.focus("#d")
    brouillon.keyboard.type("31122026")
    valeur = brouillon.eval_on_selector("#d", "e => e.value")
    brouillon.close()
    return "%d%m%Y" if valeur == "2026-12-31" else "%m%d%Y"


def _situation(monde):
    """A household already known, an urgent referral about it, two other referrals, and a
    coming session of the département's commission."""
    menage = menage_avec_procedure(
        monde.departement,
        nom="Lefèvre",
        adresse="12 rue des Lilas",
        commune=monde.commune,
        actes=[(TypeActe.SIGNALEMENT_CAF, AUJOURD_HUI - timedelta(days=120))],
        dettes=[(AUJOURD_HUI - timedelta(days=120), Decimal("900"))],
    )
    saisine_de(monde.bailleur, nom="Bernard", soumise_le=timezone.now() - timedelta(days=8))
    saisine_de(monde.autre_bailleur, nom="Durand", soumise_le=timezone.now() - timedelta(days=2))
    urgente = saisine_de(
        monde.bailleur,
        commune=monde.commune,
        date_expulsion_connue=AUJOURD_HUI + timedelta(days=40),
    )
    seance = SeanceFactory(
        commission=CommissionFactory(departement=monde.departement),
        date=timezone.now() + timedelta(days=10),
    )
    return menage, urgente, seance


@pytest.mark.django_db(transaction=True)
def test_parcours_tri_acceptation_acte_ordre_du_jour_au_clavier(monde, page, captures):
    menage, urgente, seance = _situation(monde)
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.set_viewport_size(ECRAN)
    ordre_date = ordre_du_champ_date(page.context)
    clavier = Clavier(page)

    # 1. The triage queue: the urgent referral comes first.
    page.goto("/saisines/")
    clavier.aller_au_contenu()
    clavier.tab_jusqu_a(f"e.textContent.includes('{urgente.numero}')")
    clavier.appuyer("Enter")
    page.wait_for_url(f"**/saisines/{urgente.pk}/")

    # 2. The referral: the decision is at the top; the known household is chosen.
    clavier.aller_au_contenu()
    clavier.tab_jusqu_a("e.name === 'acceptation-menage'")
    clavier.appuyer("ArrowUp")  # from « Créer un nouveau dossier » to the known dossier
    assert page.evaluate("document.activeElement.value") == menage.numero
    clavier.tab_jusqu_a("e.textContent.trim() === 'Déclarer recevable'")
    clavier.appuyer("Enter")
    page.wait_for_url(f"**/menages/{menage.numero}/")
    page.wait_for_load_state("load")

    # 3. The dossier: the result is focused; a new act in place (no reload).
    attendre_focus(page, contient="rattachée au dossier")
    clavier.tab_jusqu_a("e.textContent.trim() === 'Ajouter un acte'")
    clavier.appuyer("Enter")
    urgente.refresh_from_db()
    procedure = urgente.procedure  # the procedure declared in the referral, now the dossier's
    type_id = f"id_acte-{procedure.pk}-type"
    attendre_focus(page, id=type_id)
    clavier.taper("c")  # « Commandement de payer »: the form is redrawn for that type
    page.locator(f"#id_acte-{procedure.pk}-mois_impayes").wait_for()
    attendre_focus(page, id=type_id)  # the focus survived the redraw
    clavier.tab_jusqu_a(f"e.id === 'id_acte-{procedure.pk}-date'")
    jour = AUJOURD_HUI - timedelta(days=3)
    clavier.taper(jour.strftime(ordre_date))
    clavier.tab_jusqu_a(f"e.id === 'id_acte-{procedure.pk}-mois_impayes'")
    clavier.taper("3")
    clavier.tab_jusqu_a(f"e.id === 'id_acte-{procedure.pk}-montant_dette'")
    clavier.taper("1950")
    clavier.tab_jusqu_a("e.textContent.trim() === 'Ajouter l’acte'")
    clavier.appuyer("Enter")
    try:
        page.locator("main").get_by_text("Acte ajouté.").first.wait_for()
    except Exception:
        page.screenshot(path=str(captures / "parcours-secretariat-echec.png"), full_page=True)
        print(page.locator(f"#procedure-{procedure.pk}").inner_text()[:3000])
        raise
    attendre_focus(page, debut="Acte ajouté.")

    # 4. The next session's agenda, from the result of the act.
    clavier.tab_jusqu_a("e.textContent.trim() === 'Inscrire le ménage à une séance'")
    clavier.appuyer("Enter")
    attendre_focus(page, id="seance-inscription")
    clavier.tab_jusqu_a("e.textContent.trim().startsWith('Inscrire')")
    clavier.appuyer("Enter")
    page.locator("main").get_by_text("inscrit à l’ordre du jour de la séance du").first.wait_for()
    attendre_focus(page, contient="inscrit à l’ordre du jour")
    assert (
        "Premier examen inscrit" in page.locator("#annonce-inscription[role=status]").inner_text()
    )

    acte = procedure.actes.get(type=TypeActe.CDP, date=jour)
    assert acte.date == jour and acte.mois_impayes == 3
    examen = Examen.objects.get(menage=menage)
    assert examen.seance == seance and examen.saisine == urgente
    urgente.refresh_from_db()
    assert urgente.statut == StatutSaisine.INSCRITE
    assert page.erreurs_console == []
    page.screenshot(path=str(captures / "parcours-secretariat-fin.png"))
    print(
        f"\nParcours du secrétariat au clavier : {clavier.touches} touches, "
        f"{clavier.chargements} chargements de page"
    )
    assert clavier.touches <= MAX_TOUCHES
    assert clavier.chargements <= MAX_CHARGEMENTS


def _dossier_complet(monde):
    """A household with a procedure at the assignation stage, a rising debt, two CDPs 20 days
    apart, a referral accepted and put on a coming session's agenda."""
    menage = menage_avec_procedure(
        monde.departement,
        nom="Lefèvre",
        commune=monde.commune,
        actes=[
            (TypeActe.CDP, AUJOURD_HUI - timedelta(days=80)),
            (TypeActe.CDP, AUJOURD_HUI - timedelta(days=60)),
            (TypeActe.ASSIGNATION, AUJOURD_HUI - timedelta(days=10)),
        ],
        dettes=[
            (AUJOURD_HUI - timedelta(days=80), Decimal("1800")),
            (AUJOURD_HUI - timedelta(days=10), Decimal("2600")),
        ],
        aide_logement="apl",
    )
    procedure = menage.procedures.get()
    procedure.loyer_hc = Decimal("600")
    procedure.save(update_fields=["loyer_hc"])
    procedure.actes.filter(type=TypeActe.CDP).update(mois_impayes=3)
    procedure.actes.filter(type=TypeActe.ASSIGNATION).update(
        date_audience=AUJOURD_HUI + timedelta(days=45),
        date_notification_prefet=AUJOURD_HUI - timedelta(days=9),
    )
    saisine_de(monde.bailleur, statut=StatutSaisine.INSCRITE, menage=menage)
    seance = SeanceFactory(commission=CommissionFactory(departement=monde.departement))
    ExamenFactory(seance=seance, menage=menage)
    return menage, seance


@pytest.mark.django_db(transaction=True)
def test_le_premier_ecran_du_dossier_montre_l_essentiel(monde, page, captures):
    menage, seance = _dossier_complet(monde)
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.set_viewport_size(ECRAN)
    page.goto(f"/menages/{menage.numero}/")
    attendus = {
        "stade": "Assignation",
        "echeance": f"{AUJOURD_HUI + timedelta(days=45):%d/%m/%Y}",  # the DSF before the hearing
        "dette": "2\u202f600,00\u202f€",
        "seance": f"{timezone.localtime(seance.date):%d/%m/%Y}",
    }
    for cle, texte in attendus.items():
        tuile = page.locator(f"[data-resume='{cle}']")
        boite = tuile.bounding_box()
        assert boite is not None, cle
        assert boite["y"] >= 0 and boite["y"] + boite["height"] <= ECRAN["height"], (cle, boite)
        assert boite["x"] >= 0 and boite["x"] + boite["width"] <= ECRAN["width"], (cle, boite)
        assert tuile.is_visible(), cle
        assert texte in tuile.inner_text().split("\n", 1)[1], (cle, tuile.inner_text())
    assert "en hausse" in page.locator("[data-resume='dette']").inner_text()
    # Two CDPs 20 days apart: the « à signaler » alert once, on the page and in the band.
    assert "Aucune" not in page.locator("[data-resume='alertes']").inner_text()
    assert page.locator(".ccapex-procedure").get_by_text("Commandement à signaler").count() == 1

    # The side menu stays in view when the page scrolls.
    page.locator("#journal").scroll_into_view_if_needed()
    menu = page.get_by_role("navigation", name="Dans ce dossier").bounding_box()
    assert menu is not None and 0 <= menu["y"] < ECRAN["height"], menu
    assert page.erreurs_console == []

    page.goto(f"/menages/{menage.numero}/")
    page.screenshot(path=str(captures / "dossier.png"))  # docs/captures/ keeps a copy


@pytest.mark.django_db(transaction=True)
def test_capture_de_la_file_de_tri(monde, page, captures):
    _situation(monde)
    saisine_de(
        monde.bailleur,
        nom="Petit",
        commune=monde.commune,
        statut=StatutSaisine.COMPLETEE,
        soumise_le=timezone.now() - timedelta(days=5),
    )
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.set_viewport_size(ECRAN)
    page.goto("/saisines/")
    lignes = page.locator("tbody tr").all_inner_texts()
    assert "Lefèvre" in lignes[0]  # the urgent one first, then the newest
    assert "Durand" in lignes[1]
    page.screenshot(path=str(captures / "tri.png"))  # docs/captures/ keeps a copy
    assert page.erreurs_console == []
