"""Search: accents and case ignored, French and English, relevance, filters and facets."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grappe.experiences.selectors import SearchFilters, search
from grappe.experiences.vocabulary import parse_query
from grappe.testing.factories import (
    ActivityFactory,
    ExperienceFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    metal = ActivityFactory(code="25", level="division", label_fr="Produits métalliques")
    textile_code = ActivityFactory(code="13", level="division", label_fr="Textiles")
    prodiaa = NetworkFactory(slug="prodiaa", name="Prodiaa", kind="lps")
    prodiaa.branches.add(metal)
    knit = NetworkFactory(slug="knitland", name="Knitland", kind="industrial_grouping")
    knit.branches.add(textile_code)
    return {
        # French, training in the title
        "fr-training": ExperienceFactory(
            ref="fr-training",
            title_fr="Formation commune des apprentis de la mécanique",
            network=prodiaa,
            keywords=["apprentissage"],
            themes=["collaborative.training"],
            period_start=1995,
            period_end=2001,
            country="FR",
        ),
        # English, training as a keyword only: found by the French word through it
        "en-training": ExperienceFactory(
            ref="en-training",
            title_en="Shared skills programme for knitwear firms",
            network=knit,
            keywords=["training"],
            period_start=1986,
            country="IT",
        ),
        # English, the subject only in the text, no keyword or theme to link it
        "en-text": ExperienceFactory(
            ref="en-text",
            title_en="Export consortium",
            approach_en="The consortium also organised training for sales staff.",
            themes=["collaborative.market_access"],
            period_start=1999,
            country="ES",
        ),
        # French, about subcontracting, accented words
        "fr-sous-traitance": ExperienceFactory(
            ref="fr-sous-traitance",
            title_fr="Sous-traitance et donneurs d'ordres de la Vallée de l'Arve",
            context_fr="Décolletage, 17 communes.",
            themes=["collaborative.contractor_supplier"],
            period_start=1991,
            declared_density_class="T1",
        ),
        "unpublished": ExperienceFactory(
            ref="unpublished", title_fr="Formation cachée", published=False, network=prodiaa
        ),
    }


def refs(result):
    return [e.ref for e in result.items]


def find(query="", user=None, **filters):
    return search(user=user or AnonymousUser(), filters=SearchFilters(query=query, **filters))


def test_accents_and_case_are_ignored(catalogue):
    assert refs(find("VALLEE de l ARVE")) == ["fr-sous-traitance"]
    assert refs(find("décolletage")) == refs(find("DECOLLETAGE")) == ["fr-sous-traitance"]


def test_french_query_finds_english_records_through_keywords_and_themes(catalogue):
    result = find("formation")
    # own language in the title first, then the English record linked by its keyword, then the
    # English record that only has the equivalent word in its text
    assert refs(result) == ["fr-training", "en-training", "en-text"]
    scores = [result.scores[e.pk] for e in result.items]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1] > scores[2]


def test_english_query_finds_french_records(catalogue):
    # the French record has the equivalent in its title: it ranks above the keyword-only one
    assert refs(find("training")) == ["fr-training", "en-training", "en-text"]
    assert refs(find("subcontracting")) == ["fr-sous-traitance"]
    assert refs(find("apprenticeships")) == ["fr-training"]


def test_every_word_must_match(catalogue):
    assert refs(find("formation mécanique")) == ["fr-training"]
    assert refs(find("formation tourisme")) == []
    assert refs(find("la de et")) == refs(find(""))  # stop words alone are no query


def test_words_match_as_prefixes_not_inside_words(catalogue):
    assert refs(find("consort")) == ["en-text"]
    assert refs(find("ortium")) == []


def test_unpublished_only_for_those_who_may_see_them(catalogue, admin_user, network):
    assert "unpublished" not in refs(find("formation"))
    assert "unpublished" in refs(find("formation", user=admin_user))
    manager = UserFactory(username="prodiaa-manager")
    catalogue["fr-training"].network.managers.add(manager)
    assert "unpublished" in refs(find("formation", user=manager))


def test_filters(catalogue):
    assert refs(find(themes=("collaborative.training",))) == ["fr-training"]
    assert refs(find(country="IT")) == ["en-training"]
    assert refs(find(density_class="T1")) == ["fr-sous-traitance"]
    assert refs(find(network_kind="lps")) == ["fr-training"]
    assert refs(find(branch="13")) == ["en-training"]
    assert refs(find(period=1990)) == ["en-text", "fr-training", "fr-sous-traitance"]
    assert refs(find(period=1980)) == ["en-training"]
    assert refs(find(period=2000)) == ["fr-training"]


def test_facets_count_the_current_result(catalogue):
    result = find("training")
    facets = {f.name: {o.value: o.count for o in f.options} for f in result.facets}
    assert facets["theme"] == {"collaborative.training": 1, "collaborative.market_access": 1}
    assert facets["country"] == {"FR": 1, "ES": 1, "IT": 1}
    assert facets["network_kind"] == {"lps": 1, "industrial_grouping": 1}
    assert facets["branch"] == {"13": 1, "25": 1}
    assert facets["period"] == {"1980": 1, "1990": 2, "2000": 1}
    assert facets["density_class"] == {"unknown": 3}
    selected = find("training", country="FR").facets
    country = next(f for f in selected if f.name == "country")
    assert [(o.value, o.count, o.selected) for o in country.options] == [("FR", 1, True)]


def test_pages_and_query_count(catalogue):
    first = search(user=AnonymousUser(), filters=SearchFilters(), offset=0, limit=2)
    second = search(user=AnonymousUser(), filters=SearchFilters(), offset=2, limit=2)
    assert first.total == second.total == 4
    assert len(set(refs(first)) | set(refs(second))) == 4
    with CaptureQueriesContext(connection) as few:
        search(user=AnonymousUser(), filters=SearchFilters(query="formation"), limit=1)
    with CaptureQueriesContext(connection) as more:
        search(user=AnonymousUser(), filters=SearchFilters(query="formation"), limit=3)
    assert len(few) == len(more)


def test_query_forms_implied_by_others_are_dropped():
    assert [u.patterns for u in parse_query("formation")] == [("formation", "training")]
    assert [u.patterns for u in parse_query("Sous-traitance")] == [
        ("sous traitanc", "sous traitant", "subcontracting", "subcontractor")
    ]


def test_a_term_of_several_words_needs_all_of_them(catalogue):
    ExperienceFactory(ref="hr", title_fr="Ressources humaines partagées")
    ExperienceFactory(ref="half", title_fr="Ressources du territoire")
    assert refs(find("ressources humaines")) == ["hr"]
    assert refs(find("human resources")) == ["hr"]
