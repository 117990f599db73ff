"""The diagnosis engine on facts built by hand from the AIMVER study (no database)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from grappe.diagnostics.engine import NetworkFacts, diagnose
from grappe.diagnostics.engine.facts import (
    ActivitySignal,
    Aspect,
    Branches,
    Evidence,
    Extent,
    Initiator,
    LinkKind,
    PublicLink,
)
from grappe.diagnostics.engine.picture import dimension_scores, radar_points
from grappe.diagnostics.engine.results import Confidence, Verdict
from grappe.diagnostics.engine.typology import branch_family
from grappe.diagnostics.engine.vitality import RULES


def _signal(aspect: Aspect, achieved: bool = True) -> ActivitySignal:
    return ActivitySignal(aspect, achieved, Evidence("achievements", quote="…"))


def antigny() -> NetworkFacts:
    """Antigny Entreprises, canton of La Châtaigneraie (Vendée), sheet R 24."""
    facts = NetworkFacts(
        name="Antigny Entreprises",
        reference_year=1997,
        founded_year=1990,
        branch_scope=Branches.MULTIPLE,
        member_firms=40,
        members_total=40,
        member_size_min=10,
        member_size_max=300,
        member_firms_10_plus=40,
        cantons=1,
        initiator=Initiator.ENTREPRENEUR,
        ties_known=True,
        independence_stated=True,
        motor_individual=True,
        business_leader_at_helm=True,
        president_active=True,
        dues_eur=Decimal("229"),
        budget_eur=Decimal("9147"),
        political_distance=True,
        local_cooperation=True,
        concrete_projects=2,
        activities=(_signal(Aspect.IMAGE), _signal(Aspect.BUSINESS_COOPERATION)),
    )
    facts.note("branch_scope", Evidence("branch_scope", value="multiple"))
    return facts


def test_multi_branch_independent_club_is_b2():
    diagnosis = diagnose(antigny())
    family = diagnosis.classes["family"]
    assert (family.value, family.confidence) == ("B2", Confidence.MEDIUM)
    assert [r.code for r in family.reasons] == ["branches.multiple", "family.no_public_link"]


def test_single_branch_is_b1_even_when_tied_to_a_public_body():
    facts = NetworkFacts(
        branch_scope=Branches.SINGLE, public_links=(PublicLink(LinkKind.HOSTED, "CCI"),)
    )
    assert diagnose(facts).klass("family") == "B1"
    assert diagnose(facts).klass("P3") == "single"


def test_club_started_by_a_mayor_is_b3_autonomous():
    """Le Plateau calaisien or Privas: an elected official or a town started the club."""
    facts = NetworkFacts(branch_scope=Branches.MULTIPLE, initiator=Initiator.ELECTED_OFFICIAL)
    family = diagnose(facts).classes["family"]
    assert family.value == "B3"
    assert family.detail == {"mode": "autonomous"}


def test_club_steered_by_a_public_body_is_b3_incorporated():
    facts = NetworkFacts(
        branch_scope=Branches.MULTIPLE,
        public_links=(PublicLink(LinkKind.STEERED, "syndicat intercommunal"),),
    )
    assert diagnose(facts).classes["family"].detail == {"mode": "incorporated"}


def test_multi_branch_without_any_tie_information_is_unknown_between_b2_and_b3():
    family = diagnose(NetworkFacts(branch_scope=Branches.MULTIPLE)).classes["family"]
    assert family.value is None
    assert family.detail == {"candidates": ["B2", "B3"]}
    assert family.missing[:3] == ["origin", "relations_with_institutions", "financing"]
    assert "territory.population" in family.missing


def test_no_branch_information_leaves_the_family_unknown():
    family = diagnose(NetworkFacts()).classes["family"]
    assert (family.value, family.missing) == (None, ["branches"])


def test_branch_codes_of_one_study_branch_make_a_mono_branch_network():
    """MEITO: electronics, telecommunications and computing are one branch in the study."""
    facts = NetworkFacts(branch_codes=("26", "61", "62.01"))
    family = diagnose(facts).classes["family"]
    assert (family.value, family.confidence) == ("B1", Confidence.MEDIUM)
    assert branch_family("C") is None
    assert branch_family("14.13Z") == "textile_clothing_leather"


def test_branch_codes_of_several_branches_make_a_multi_branch_network():
    facts = NetworkFacts(
        branch_codes=("10", "25"),
        initiator=Initiator.ENTREPRENEUR,
        ties_known=True,
        stated_inhabitants_per_km2=60,
    )
    assert diagnose(facts).klass("family") == "B2"


def test_multi_branch_without_tie_in_t3_is_filed_with_b3():
    """II-B3-6: the study files the Drôme's spontaneous clubs with the connected ones."""
    facts = NetworkFacts(
        branch_scope=Branches.MULTIPLE, ties_known=True, stated_inhabitants_per_km2=12
    )
    family = diagnose(facts).classes["family"]
    assert (family.value, family.reasons[-1].code) == ("B3", "family.t3_grouping")


def test_multi_branch_without_tie_stays_undecided_while_t3_is_possible():
    facts = NetworkFacts(branch_scope=Branches.MULTIPLE, ties_known=True, cantons=1)
    family = diagnose(facts).classes["family"]
    assert family.value is None
    assert family.reasons[-1].code == "family.t3_possible"
    assert family.missing == [
        "territory.population",
        "territory.area_km2",
        "territory.firms",
        "territory.firms_10_plus",
    ]
    facts.member_firms_10_plus = 30  # members alone exceed the T3 ceiling per canton
    assert diagnose(facts).klass("family") == "B2"


def test_territory_dense_industrial_is_t1():
    facts = NetworkFacts(population=60000, area_km2=300.0, area_firms=400, cantons=3)
    territory = diagnose(facts).classes["territory"]
    assert (territory.value, territory.confidence) == ("T1", Confidence.HIGH)
    assert territory.detail["measures"] == {"inhabitants_per_km2": 200.0, "firms_per_canton": 133.3}


def test_territory_from_a_stated_density_when_other_classes_are_ruled_out():
    """Maine Normand: 46 inhabitants per km² (sheet R 25); firm counts unknown."""
    facts = NetworkFacts(stated_inhabitants_per_km2=46, population=32000, cantons=4)
    territory = diagnose(facts).classes["territory"]
    assert (territory.value, territory.confidence) == ("T2", Confidence.MEDIUM)
    assert territory.missing == ["firms", "firms_10_plus"]
    assert territory.reasons[0].code == "territory.only_candidate"


def test_territory_in_the_gap_between_classes_is_never_forced():
    facts = NetworkFacts(
        population=3500, area_km2=100.0, area_firms=30, area_firms_10_plus=10, cantons=1
    )
    assert diagnose(facts).klass("territory") == "between"


def test_territory_unknown_names_what_is_missing():
    territory = diagnose(NetworkFacts(population=12000, cantons=4)).classes["territory"]
    assert territory.value is None
    assert territory.missing == ["area_km2", "firms", "firms_10_plus"]
    assert territory.detail["candidates"] == ["T1", "T2", "T3"]


def test_extent_from_cantons_and_from_the_perimeter_level():
    assert diagnose(NetworkFacts(cantons=1)).klass("P1") == "small"
    assert diagnose(NetworkFacts(cantons=7)).klass("P1") == "intermediate"
    assert diagnose(NetworkFacts(extent=Extent.LARGE)).klass("P1") == "large"
    assert diagnose(NetworkFacts()).classes["P1"].missing == ["perimeter"]


def test_dominant_branch_share_sets_p3():
    """Sablé: half of the members in agri-food (sheet R 25); Fléchois: mechanics 24 %."""
    sable = NetworkFacts(branch_scope=Branches.MULTIPLE, dominant_branch_share=0.5)
    fleche = NetworkFacts(branch_scope=Branches.MULTIPLE, dominant_branch_share=0.24)
    assert diagnose(sable).klass("P3") == "dominant"
    assert diagnose(fleche).klass("P3") == "none"


def test_ambition_is_the_highest_level_achieved_and_notes_higher_aims():
    facts = NetworkFacts(
        activities=(_signal(Aspect.CONVIVIALITY), _signal(Aspect.MANAGEMENT_PROGRESS, False))
    )
    ambition = diagnose(facts).classes["ambition"]
    assert (ambition.value, ambition.detail["aimed"]) == ("N1", "N3")
    assert ambition.reasons[-1].code == "ambition.aims_higher"


def test_ambition_only_aimed_has_low_confidence():
    ambition = diagnose(NetworkFacts(activities=(_signal(Aspect.IMAGE, False),))).classes[
        "ambition"
    ]
    assert (ambition.value, ambition.confidence) == ("N2", Confidence.LOW)


def test_every_rule_is_checked_once_and_unknown_without_facts():
    diagnosis = diagnose(NetworkFacts())
    assert [c.rule for c in diagnosis.checks] == [r.id for r in RULES]
    assert {c.verdict for c in diagnosis.checks} == {Verdict.UNKNOWN}
    assert all(c.missing for c in diagnosis.checks)


def test_rules_on_a_healthy_vendee_club():
    diagnosis = diagnose(antigny())
    verdicts = {c.rule: c.verdict for c in diagnosis.checks}
    assert verdicts["motor_individual"] is Verdict.MET
    assert verdicts["perimeter_size"] is Verdict.MET  # 1 canton, 40 firms
    assert verdicts["homogeneous_sizes"] is Verdict.NOT_MET  # 10 to 300 staff: three bands
    assert verdicts["political_distance"] is Verdict.MET
    assert verdicts["light_means"] is Verdict.MET
    assert verdicts["concrete_projects"] is Verdict.MET
    assert verdicts["non_participants"] is Verdict.UNKNOWN


def test_non_participants_over_thirty_percent_is_not_met():
    """Ploërmel: members are only a third of the area's firms (sheet R 27)."""
    check = diagnose(NetworkFacts(participation_share=1 / 3)).check("non_participants")
    assert check.verdict is Verdict.NOT_MET
    assert check.reasons[0].params == {"percent": 67, "limit": 30}
    chamousset = NetworkFacts(participation_share=0.75)  # three quarters of the canton
    assert diagnose(chamousset).check("non_participants").verdict is Verdict.MET


def test_perimeter_too_wide_or_too_many_firms_is_not_met():
    assert diagnose(NetworkFacts(cantons=7, member_firms=70)).check("perimeter_size").verdict is (
        Verdict.NOT_MET
    )
    partial = diagnose(NetworkFacts(cantons=3)).check("perimeter_size")
    assert (partial.verdict, partial.missing) == (Verdict.UNKNOWN, ["member_firms"])


def test_mostly_public_money_fails_light_means_and_the_call_rule():
    facts = NetworkFacts(budget_eur=Decimal("228000"), public_funding_share=1.0, member_firms=20)
    diagnosis = diagnose(facts)
    assert diagnosis.check("light_means").verdict is Verdict.NOT_MET
    call = {c.rule: c.verdict for c in diagnosis.eligibility}
    assert call["call.public_share"] is Verdict.NOT_MET
    assert call["call.ten_firms"] is Verdict.MET


def test_no_budget_at_all_fails_means():
    diagnosis = diagnose(NetworkFacts(no_budget=True, staff_fte=0))
    assert diagnosis.check("light_means").verdict is Verdict.NOT_MET
    assert diagnosis.check("means_for_proposals").verdict is Verdict.NOT_MET


def test_public_start_without_a_business_leader_fails_the_motor_rule():
    """III-D1: an elected official may start it, but a head of firm must take up the ball."""
    facts = NetworkFacts(initiator=Initiator.PUBLIC_BODY, business_leader_at_helm=False)
    check = diagnose(facts).check("motor_individual")
    assert (check.verdict, check.reasons[0].code) == (
        Verdict.NOT_MET,
        "motor.public_start_no_leader",
    )


def test_large_firms_staying_out_fails_and_calls_for_listening_to_leaders():
    facts = NetworkFacts(large_firms_engaged=True, outside_groups_engaged=False)
    diagnosis = diagnose(facts)
    assert diagnosis.check("large_firms").verdict is Verdict.NOT_MET
    ids = [r.id for r in diagnosis.recommendations]
    assert "listen_to_leaders" in ids and "involve_large_firms" in ids


def test_findings_follow_the_classes():
    facts = antigny()
    facts.stated_inhabitants_per_km2 = 60
    ids = [f.id for f in diagnose(facts).findings]
    assert ids == [
        "t2_multi",
        "autonomous_multi",
        "industrial_ambition",
        "multi_renewal",
        "level_n3",
    ]


def test_club_being_founded_gets_the_programme_steps_first():
    facts = NetworkFacts(founding=True, branch_scope=Branches.MULTIPLE)
    ids = [r.id for r in diagnose(facts).recommendations]
    assert ids[:4] == [
        "assess_feasibility",
        "listen_to_leaders",
        "prepare_welcome",
        "free_motor_core",
    ]
    assert "n1_to_n2" in ids and ids[-1] == "exchange_experience"


def test_call_for_projects_eligibility_all_met():
    facts = antigny()
    facts.public_funding_share = 0.0
    diagnosis = diagnose(facts)
    assert {c.verdict for c in diagnosis.eligibility} == {Verdict.MET}
    call = next(r for r in diagnosis.recommendations if r.id == "call_for_projects")
    assert call.reasons[0].code == "step.call_eligible"
    assert call.reasons[0].params["addressee"] == "a"


def test_t3_territory_recommends_public_lead():
    facts = NetworkFacts(stated_inhabitants_per_km2=5)
    diagnosis = diagnose(facts)
    assert diagnosis.klass("territory") == "T3"
    assert "t3_public_lead" in [r.id for r in diagnosis.recommendations]
    assert "t3" in [f.id for f in diagnosis.findings]


def test_as_data_is_plain_json():
    data = diagnose(antigny()).as_data()
    assert json.loads(json.dumps(data)) == data
    assert data["classes"]["family"]["value"] == "B2"


def test_picture_scores_and_radar_points():
    scores = dimension_scores(diagnose(antigny()).checks)
    assert [s.dimension for s in scores] == [
        "leadership",
        "membership",
        "means",
        "relations",
        "activity",
    ]
    leadership = scores[0]
    assert (leadership.met, leadership.unknown) == (2, 1)
    assert radar_points([1.0, 1.0, 1.0, 1.0], 50, 50, 10) == [
        (50.0, 40.0),
        (60.0, 50.0),
        (50.0, 60.0),
        (40.0, 50.0),
    ]


def test_engine_and_reader_import_no_django():
    code = (
        "import sys, grappe.diagnostics.engine, grappe.diagnostics.reading; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
