"""Diagnosis pages, PDF, questionnaire and who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from grappe.diagnostics.models import NetworkAnswers
from grappe.directory.models import Network
from grappe.testing.factories import (
    ActivityFactory,
    ExperienceFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(db):
    territory = TerritoryFactory(
        key="canton:0101",
        level="canton",
        code="0101",
        name="Canton",
        population=9000,
        area_km2=150,
    )
    network = NetworkFactory(
        name="Club des entreprises de Gâtine",
        slug="gatine",
        branch_scope="multiple",
        origin="Founded by the head of a large SME with a few peers.",
        governance="A board of 12 business owners; the president is elected for 3 years.",
        relations_with_institutions="Good relations with the municipality while keeping its "
        "distance; support from the chamber of commerce.",
        composition="35 firms of 10 to 45 staff.",
        objectives="Make the area known.",
        achievements="Plenary meetings with a meal; proposals on road links.",
        dues_amount=500,
        dues_currency="FRF",
        reported_members=35,
    )
    network.perimeter.add(territory)
    return network


def test_report_shows_classes_rules_and_evidence(client, club):
    response = client.get(reverse("network-diagnosis", args=[club.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "B3" in content  # supported by the chamber of commerce
    assert (
        "Support from the chamber of commerce" in content or "support from the chamber" in content
    )
    assert 'id="rule-motor_individual"' in content
    assert "<svg" in content and 'class="met"' in content
    assert 'id="step-call_for_projects"' in content


def test_report_in_english_and_french(client, club):
    url = reverse("network-diagnosis", args=[club.slug])
    client.cookies["django_language"] = "en"
    assert "Rules of vitality" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("fr"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200


def test_report_of_unpublished_network_is_hidden(client, club, admin_user):
    club.published = False
    club.save()
    url = reverse("network-diagnosis", args=[club.slug])
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_report_lists_similar_networks(client, club):
    twin = NetworkFactory(
        name="Club jumeau",
        slug="jumeau",
        branch_scope="multiple",
        relations_with_institutions="Support from the chamber of commerce.",
        reported_members=30,
    )
    NetworkFactory(name="Mono", slug="mono", branch_scope="single")
    content = client.get(reverse("network-diagnosis", args=[club.slug])).content.decode()
    assert twin.name in content and "same class" in content
    assert "Mono</a>" not in content


def test_pdf_is_a_pdf_with_the_network_name(client, club):
    response = client.get(reverse("network-diagnosis-pdf", args=[club.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 3000


def test_index_lists_visible_networks_with_classes(client, club):
    NetworkFactory(name="Caché", slug="cache", published=False)
    content = client.get(reverse("diagnosis-index")).content.decode()
    assert club.name in content and "Caché" not in content


def test_questionnaire_diagnoses_without_writing(client):
    ActivityFactory(code="25", level="division")
    NetworkFactory(
        name="Club voisin",
        branch_scope="multiple",
        origin="Created by the area's employers themselves.",
        perimeter_description="2 cantons with 60 inhabitants per km².",
    )
    count = Network.objects.count()
    response = client.post(
        reverse("diagnosis-questionnaire"),
        {
            "name": "Club en projet",
            "founding": "on",
            "branch_scope": "multiple",
            "branch_codes": "25",
            "member_firms": "35",
            "cantons": "2",
            "initiator": "entrepreneur",
            "no_public_tie": "on",
            "population": "20000",
            "area_km2": "300",
            "currency": "EUR",
            "dues_amount": "150",
            "activities_aimed": ["human_environment"],
            "diagnose": "",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="class-family"' in content and "B2" in content
    assert 'id="step-assess_feasibility"' in content
    assert "T2" in content  # 66.7 inhabitants per km²
    assert "Club voisin" in content  # a similar network to contact
    assert Network.objects.count() == count


def test_questionnaire_needs_a_name(client):
    response = client.post(reverse("diagnosis-questionnaire"), {"currency": "EUR"})
    assert response.status_code == 422


def test_questionnaire_save_is_refused_to_other_users(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("diagnosis-questionnaire"), {"name": "Club", "currency": "EUR", "save": ""}
    )
    assert response.status_code == 403
    assert not Network.objects.filter(name="Club").exists()
    assert (
        "Save as a new network"
        not in client.get(reverse("diagnosis-questionnaire")).content.decode()
    )


def test_questionnaire_save_creates_the_network_and_keeps_the_answers(client, admin_user):
    client.force_login(admin_user)
    territory = TerritoryFactory(key="canton:0102", level="canton", code="0102")
    response = client.post(
        reverse("diagnosis-questionnaire"),
        {
            "name": "Club des décideurs",
            "branch_scope": "multiple",
            "perimeter": territory.key,
            "public_links": ["hosted"],
            "public_body": "Town hall",
            "president_active": "no",
            "currency": "FRF",
            "dues_amount": "1000",
            "save": "",
        },
    )
    network = Network.objects.get(name="Club des décideurs")
    assert response.status_code == 302
    assert response["Location"] == reverse("network-diagnosis", args=[network.slug])
    assert not network.published
    assert list(network.perimeter.all()) == [territory]
    answers = NetworkAnswers.objects.get(network=network).answers
    assert answers["public_links"] == [{"kind": "hosted", "body": "Town hall"}]
    assert answers["dues_eur"] == "152.45"
    content = client.get(response["Location"]).content.decode()
    assert "B3" in content
    assert "answer to the questionnaire" in content


def test_member_sizes_from_memberships(client):
    network = NetworkFactory(slug="members", branch_scope="single")
    for employees in (12, 30, 45):
        MembershipFactory(network=network, organisation=OrganisationFactory(employees=employees))
    content = client.get(reverse("network-diagnosis", args=["members"])).content.decode()
    assert "12" in content and "45" in content


def test_report_lists_similar_experiences_but_not_the_networks_own(client, club):
    territory = club.perimeter.get()
    ExperienceFactory(title_fr="Parrainage de créateurs", territory=territory)
    ExperienceFactory(title_fr="Notre propre histoire", network=club, territory=territory)
    content = client.get(reverse("network-diagnosis", args=[club.slug])).content.decode()
    assert "Parrainage de créateurs" in content
    assert "Notre propre histoire" not in content
