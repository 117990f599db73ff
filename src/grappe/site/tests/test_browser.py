"""The main pages in a real browser: Debian's chromium driven by Playwright."""

import pytest

from grappe.testing.factories import AdminFactory, NetworkFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_search_open_and_edit_a_network(page):
    AdminFactory(username="animatrice")
    somme = TerritoryFactory(key="departement:80", code="80", name="Somme")
    vimeu = NetworkFactory(name="Chambre syndicale du Vimeu", slug="vimeu", kind="employer_group")
    vimeu.perimeter.add(somme)
    NetworkFactory(name="Club Entreprendre de Niederbronn", slug="niederbronn")

    page.goto("/accounts/login/")
    page.fill("#id_username", "animatrice")
    page.fill("#id_password", "correct horse battery")
    page.click("form.edit button[type=submit]")
    page.wait_for_url("**/")

    page.goto("/networks/")
    page.fill("input[name=q]", "vimeu")
    # htmx refreshes the results as one types: the other network disappears.
    page.locator("#results").get_by_text("Club Entreprendre").wait_for(state="detached")
    page.locator("#results").get_by_role("link", name="Chambre syndicale du Vimeu").click()
    page.wait_for_url("**/networks/vimeu/")
    assert page.locator("h1").inner_text().startswith("Chambre syndicale du Vimeu")

    page.locator('.tools a[href$="/networks/vimeu/edit/"]').click()
    page.wait_for_url("**/networks/vimeu/edit/")
    page.fill("#id_objectives", "Services aux entreprises de la petite métallurgie")
    page.fill("#id_budget_amount", "8000000")
    page.select_option("#id_budget_currency", "FRF")
    page.click("form.edit button[type=submit]")
    page.wait_for_url("**/networks/vimeu/")
    sheet = page.locator("article.sheet").inner_text()
    assert "Services aux entreprises de la petite métallurgie" in sheet
    assert "8" in sheet and "F" in sheet
    vimeu.refresh_from_db()
    assert vimeu.objectives == "Services aux entreprises de la petite métallurgie"
    assert (vimeu.budget_amount, vimeu.budget_currency) == (8000000, "FRF")
