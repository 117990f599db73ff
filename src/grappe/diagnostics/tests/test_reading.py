"""Reading a record into facts: structured fields first, text with its quotes, never guessing."""

from __future__ import annotations

from decimal import Decimal

from grappe.diagnostics.engine import diagnose
from grappe.diagnostics.engine.facts import Aspect, Branches, Initiator, LinkKind
from grappe.diagnostics.reading import FinancingRow, MemberData, Sheet, TerritoryData, build_facts
from grappe.diagnostics.reading.answers import apply_answers
from grappe.diagnostics.reading.text import count_before, sentences


def sheet(**texts: str) -> Sheet:
    return Sheet(name="Club", year=1997, branch_scope="multiple", texts=texts)


def test_study_labels_are_dropped_before_reading():
    text = "Good with the town. The study files it among the connected clubs (class B3)."
    assert sentences(text) == ["Good with the town."]


def test_counts_before_a_noun():
    assert count_before("cantons?", "6 to 7 cantons around Parthenay") == (6, 7)
    assert count_before("cantons?", "About 2 cantons of the Somme") == (2, 2)
    assert count_before("cantons?", "8 platforms, each covering 4 to 5 cantons") is None
    assert count_before("firms", "about fifteen small firms") == (15, 15)
    assert count_before("firms", "firms of the zone") is None


def test_initiator_is_the_first_actor_of_the_origin():
    facts = build_facts(sheet(origin="The municipality of Privas, through its economic mission."))
    assert facts.initiator is Initiator.PUBLIC_BODY
    assert facts.cite("initiator")[0].quote.startswith("The municipality of Privas")
    facts = build_facts(
        sheet(origin="The head of a large SME who was also active in politics founded it.")
    )
    assert facts.initiator is Initiator.ENTREPRENEUR


def test_public_body_named_after_an_initiation_verb_is_a_tie():
    facts = build_facts(
        sheet(origin="Initiated by the engineers' association and the Bourges chamber of commerce.")
    )
    assert [(link.kind, link.body) for link in facts.public_links] == [
        (LinkKind.INITIATED, "chamber of commerce")
    ]


def test_encouragement_and_venues_are_not_ties():
    facts = build_facts(
        sheet(
            origin="Launched by a few business owners, with encouragement from the chamber of "
            "commerce.",
            governance="The presidents meet three times a year at the chamber of commerce.",
        )
    )
    assert facts.public_links == ()
    assert facts.initiator is Initiator.ENTREPRENEUR


def test_support_is_read_but_not_its_negation():
    supported = build_facts(
        sheet(relations_with_institutions="Support from the chamber of commerce.")
    )
    assert [link.kind for link in supported.public_links] == [LinkKind.SUPPORTED]
    refused = build_facts(sheet(relations_with_institutions="Elected officials gave no support."))
    assert refused.public_links == ()


def test_stated_independence_cancels_mere_support_only():
    facts = build_facts(
        sheet(
            origin="Created by industrialists; the report says the DRIRE supported it.",
            relations_with_institutions="Independent of public bodies in its operation.",
        )
    )
    assert facts.public_links == ()
    assert facts.independence_stated is True
    hosted = build_facts(
        sheet(
            staff_description="Logistics provided by the town hall.",
            relations_with_institutions="Independent of public bodies.",
        )
    )
    assert [link.kind for link in hosted.public_links] == [LinkKind.HOSTED]


def test_steering_by_a_public_body_and_not_by_a_member():
    steered = build_facts(sheet(governance="Run by an officer of the joint syndicate."))
    assert [link.kind for link in steered.public_links] == [LinkKind.STEERED]
    assert steered.business_leader_at_helm is False
    member = build_facts(
        sheet(
            governance="A president who heads a local SARL; the president of the district is "
            "himself a member."
        )
    )
    assert member.public_links == ()
    assert member.business_leader_at_helm is True


def test_partner_memberships_of_public_bodies_are_ties():
    s = sheet()
    s.members = (
        MemberData("CCI de Rennes", "chamber", membership_type="partner", note="secretariat"),
        MemberData(
            "CCI de Vendée",
            "chamber",
            membership_type="partner",
            note="hosts the presidents' meetings",
        ),
    )
    facts = build_facts(s)
    assert [(link.kind, link.body) for link in facts.public_links] == [
        (LinkKind.HOSTED, "CCI de Rennes")
    ]
    assert facts.logistics_support is True


def test_public_share_from_financing_shares_and_in_kind_logistics_apart():
    s = sheet()
    s.financing = (
        FinancingRow("public", "Direction du travail", 33.33),
        FinancingRow("public", "public establishments", 33.33),
        FinancingRow("dues", "member firms", 33.33),
        FinancingRow("public", "Town", note="logistics provided in kind"),
    )
    facts = build_facts(s)
    assert facts.public_funding_share == 0.6666
    assert {link.kind for link in facts.public_links} == {LinkKind.FUNDED, LinkKind.HOSTED}


def test_members_sizes_and_participation_from_the_composition():
    facts = build_facts(
        sheet(
            composition="60 heads of firms with more than 10 employees (three quarters of such "
            "firms in the canton) and 40 firms of 10 to 200 staff."
        )
    )
    assert facts.member_firms_10_plus == 60
    assert facts.participation_share == 0.75
    assert (facts.member_size_min, facts.member_size_max) == (10, 200)


def test_approximate_counts_keep_t3_open():
    s = sheet(composition="About twenty firms of 10 to 500 staff.")
    s.reported_members = 20
    s.territories = (TerritoryData("canton:x", "canton"),)
    facts = build_facts(s)
    assert "member_firms_10_plus" in facts.approximate
    assert "T3" in diagnose(facts).classes["territory"].detail["candidates"]


def test_territory_figures_of_a_wider_area_are_not_used():
    s = sheet(perimeter_description="A canton of the Vendée.")
    s.territories = (
        TerritoryData("departement:85", "departement", population=685000, area_km2=6720.0),
    )
    facts = build_facts(s)
    assert (facts.cantons, facts.population) == (1, None)


def test_stated_density_and_rectangle_area():
    s = sheet(perimeter_description="The plain, 40 km by 10 km, with 70,000 inhabitants.")
    facts = build_facts(s)
    assert (facts.area_km2, facts.population) == (400.0, 70000)
    density = build_facts(sheet(perimeter_description="2,000 inhabitants, 5 inhabitants per km²."))
    assert (density.population, density.stated_inhabitants_per_km2) == (2000, 5.0)


def test_dues_range_in_francs_becomes_euros():
    facts = build_facts(sheet(dues_description="500 to 1,000 F per firm and year"))
    assert facts.dues_eur == Decimal("114.34")


def test_activities_and_projects():
    facts = build_facts(
        sheet(
            objectives="Make the area and its industry known.",
            achievements="4 or 5 meetings a year; ISO certification of 6 firms.",
        )
    )
    assert {(s.aspect, s.achieved) for s in facts.activities} == {
        (Aspect.CONVIVIALITY, True),
        (Aspect.MANAGEMENT_PROGRESS, True),
        (Aspect.IMAGE, False),
    }
    assert facts.concrete_projects == 1
    assert build_facts(sheet(achievements="None yet.")).concrete_projects == 0
    unread = build_facts(sheet(achievements="Good results for several years."))
    assert unread.concrete_projects is None


def test_answers_override_what_was_read():
    facts = build_facts(sheet(origin="The municipality of La Flèche."))
    apply_answers(
        facts,
        {
            "initiator": "entrepreneur",
            "public_links": [],
            "branch_scope": "single",
            "dues_eur": "150",
            "president_active": False,
            "activities_done": ["image"],
        },
    )
    assert facts.initiator is Initiator.ENTREPRENEUR
    assert facts.branch_scope is Branches.SINGLE
    assert facts.public_links == () and facts.ties_known
    assert facts.dues_eur == Decimal("150")
    assert facts.cite("president_active")[0].source == "questionnaire"
