"""What users see and may do on the experience pages."""

import pytest
from django.urls import reverse

from grappe.experiences.models import Experience
from grappe.testing.factories import ExperienceFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English (the platform's default is French)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def sheet(network):
    territory = TerritoryFactory(key="canton:vimeu", level="canton", name="Canton du Vimeu")
    return ExperienceFactory(
        ref="vimeu-robinetterie",
        network=network,
        territory=territory,
        title_fr="Robinetterie du Vimeu : former ensemble",
        title_en="Vimeu tap makers train together",
        context_fr="Une centaine d'entreprises de la petite métallurgie.",
        context_en="About a hundred small metalworking firms.",
        themes=["collaborative.training"],
        keywords=["robinetterie"],
        partners=[{"name": "Région Picardie", "share_percent": 40}],
        figures=[{"name": "firms", "kind": "count", "value": 100, "year": 1997, "source": "R 13"}],
        period_start=1993,
    )


def test_catalogue_searches_and_shows_facets(client, sheet):
    ExperienceFactory(ref="other", title_en="Export desk", themes=["collaborative.market_access"])
    response = client.get(reverse("experience-list"), {"q": "TRAINING"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Vimeu tap makers train together" in content and "Export desk" not in content
    assert "?q=TRAINING&amp;theme=collaborative.training" in content  # a facet link
    partial = client.get(
        reverse("experience-list"),
        {"q": "export"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    ).content.decode()
    assert "Export desk" in partial and "<html" not in partial


def test_catalogue_paginates(client):
    for i in range(25):
        ExperienceFactory(ref=f"e{i:02d}", title_fr=f"Expérience {i:02d}")
    first = client.get(reverse("experience-list")).content.decode()
    last = client.get(reverse("experience-list"), {"page": 99}).content.decode()
    assert "Expérience 00" in first and "Expérience 24" not in first
    assert "Expérience 24" in last and "page 2 of 2" in last


def test_sheet_in_the_readers_language_with_links(client, sheet):
    french = client.get(reverse("experience-detail", args=[sheet.ref]), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Robinetterie du Vimeu : former ensemble" in french.content.decode()
    content = client.get(reverse("experience-detail", args=[sheet.ref]), {"text": "fr"})
    content = content.content.decode()
    assert "Une centaine d&#x27;entreprises" in content
    assert reverse("network-detail", args=["vimeu"]) in content
    assert reverse("territory-detail", args=["canton:vimeu"]) in content
    assert "Région Picardie" in content and "R 13" in content
    english = client.get(reverse("experience-detail", args=[sheet.ref]), {"text": "en"})
    assert "Vimeu tap makers train together" in english.content.decode()
    assert 'media="print"' in content and "window.print()" in content


def test_sheet_lists_similar_experiences_with_reasons(client, sheet):
    ExperienceFactory(ref="twin", title_fr="Formation commune", themes=["collaborative.training"])
    content = client.get(reverse("experience-detail", args=[sheet.ref])).content.decode()
    assert reverse("experience-detail", args=["twin"]) in content
    assert "shared themes: Training" in content


def test_similar_form(client, sheet):
    empty = client.get(reverse("experience-similar"))
    assert empty.status_code == 200 and "card" not in empty.content.decode()
    response = client.get(
        reverse("experience-similar"),
        {"themes": "collaborative.training", "text": "robinetterie", "firms": 90},
    )
    assert "Vimeu tap makers train together" in response.content.decode()
    bad = client.get(reverse("experience-similar"), {"firms": "many", "territory": "x:y"})
    assert "Unknown: x:y" in bad.content.decode()


def test_unpublished_sheet_is_not_found(client, sheet):
    ExperienceFactory(ref="draft", title_fr="Brouillon", published=False)
    assert client.get(reverse("experience-detail", args=["draft"])).status_code == 404


def test_edit_pages_for_the_networks_manager_only(client, sheet, manager, outsider):
    url = reverse("experience-edit", args=[sheet.ref])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    form = client.get(url)
    assert form.status_code == 200
    assert "Région Picardie ; 40" in form.content.decode()
    response = client.post(
        url,
        {
            "ref": sheet.ref,
            "network": "vimeu",
            "territory": "canton:vimeu",
            "title_fr": "Robinetterie du Vimeu",
            "country": "FR",
            "themes": ["collaborative.training", "mobilisation.coaching"],
            "keywords_text": "robinetterie, serrurerie",
            "partners_text": "Région Picardie ; 40\nEtat ; 20 ; contrat de plan",
            "figures_text": "firms ; count ; 100 ; ; 1997 ; R 13\nbudget ; money ; 2000000 ; FRF",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    sheet.refresh_from_db()
    assert sheet.keywords == ["robinetterie", "serrurerie"]
    assert [p.note for p in sheet.partners.all()] == ["", "contrat de plan"]
    assert [(f.name, f.currency) for f in sheet.figures.all()] == [
        ("firms", ""),
        ("budget", "FRF"),
    ]
    assert sheet.theme_codes == "collaborative.training mobilisation.coaching"


def test_edit_form_reports_bad_lines(client, sheet, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("experience-edit", args=[sheet.ref]),
        {
            "ref": sheet.ref,
            "title_fr": "X",
            "country": "FR",
            "partners_text": "Région ; quarante",
            "figures_text": "firms ; count ; 10\nbudget ; money ; 10",
        },
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "line 1: the share is not a number" in content
    assert "figures.1.currency" not in content  # the service's error is shown on the form


def test_create_and_delete(client, manager):
    client.force_login(manager)
    assert client.get(reverse("experience-create")).status_code == 200
    response = client.post(
        reverse("experience-create"),
        {"ref": "new-one", "network": "vimeu", "title_fr": "Nouvelle", "country": "FR"},
    )
    assert response.status_code == 302
    delete = reverse("experience-delete", args=["new-one"])
    assert client.post(delete).status_code == 302
    assert not Experience.objects.exists()
