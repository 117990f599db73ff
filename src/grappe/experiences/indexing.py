"""The derived fields of an experience, computed on every write (services and imports alike).

- `search_title`, `search_tags`, `search_text`: normalised words (grappe.experiences.vocabulary)
  padded with spaces, so that a search for the word prefix "formation" is `LIKE '% formation%'`.
  Keywords and themes are indexed with the French and English terms of their concepts: that is
  what makes a French query find an English record of the same subject.
- `profile_words`: the tokens the similar-cases engine compares (title, keywords, objectives).
- `density_class`: the class the source gives, else the class of the territory computed from its
  figures (grappe.territories.selectors.territory_density), else "unknown".
- `origin_kind`: from the emergence themes, else from the network's "origin" text.
- `firms`, `employees`: the latest figures of the experience, else the network's reported ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from grappe.directory.models import Network
from grappe.experiences.enums import DensityClass, OriginKind
from grappe.experiences.models import TEXT_FIELDS, Experience
from grappe.experiences.vocabulary import (
    THEME_TERMS,
    chunks,
    concept_terms,
    expansion_terms,
    normalise,
    profile_tokens,
)
from grappe.territories.models import Territory
from grappe.territories.selectors import territory_density

DERIVED_FIELDS = (
    "density_class",
    "origin_kind",
    "firms",
    "employees",
    "theme_codes",
    "sort_title",
    "search_title",
    "search_tags",
    "search_text",
    "profile_words",
)

# Words of a network's "origin" text that say who started it; the earliest one wins.
ORIGIN_WORDS: dict[str, tuple[str, ...]] = {
    OriginKind.PUBLIC: (
        "maire",
        "maires",
        "mairie",
        "municipalite",
        "elus",
        "district",
        "syndicat intercommunal",
        "syndicat mixte",
        "conseil general",
        "conseil regional",
        "etat",
        "prefet",
        "collectivite",
        "communaute de communes",
        "comite d expansion",
        "mayor",
        "council",
        "local authority",
        "local authorities",
        "government",
        "public",
    ),
    OriginKind.CHAMBER: ("c c i", "cci", "chambre de commerce", "chambre des metiers", "chamber"),
    OriginKind.FIRMS: (
        "industriel",
        "industriels",
        "chef d entreprise",
        "chefs d entreprise",
        "chefs d entreprises",
        "patron",
        "patrons",
        "entreprises",
        "entrepreneur",
        "entrepreneurs",
        "business leaders",
        "firms",
        "companies",
        "industrialists",
    ),
}


# Keywords and themes beyond this length are found by searches (they are in the text) but do
# not rank (the tags are kept whole in the table's rows on PostgreSQL: see migration 0002).
TAGS_MAX = 2000


def _bounded(terms: list[str], limit: int) -> list[str]:
    kept, length = [], 0
    for term in terms:
        length += len(term) + 1
        if length > limit:
            break
        kept.append(term)
    return kept


def pad(words: Iterable[str]) -> str:
    text = " ".join(w for w in words if w)
    return f" {text} " if text else ""


def index_text(parts: Iterable[str]) -> str:
    """The words of `parts` for searching, each once: concept terms stay whole ("sous
    traitance") so that phrases match; the rest is single words, in order of appearance."""
    return pad(dict.fromkeys(chunk.text for chunk in chunks(" ".join(p for p in parts if p))))


@dataclass(frozen=True)
class Context:
    """What an experience's derived fields need beyond its own fields and children."""

    network: Network | None
    territory: Territory | None
    territory_class: str  # density class computed from the territory's figures


def territory_class(territory: Territory | None) -> str:
    if territory is None:
        return DensityClass.UNKNOWN.value
    return str(territory_density(territory=territory).klass.value)


def origin_kind(themes: Sequence[str], origin_text: str) -> str:
    if "emergence.craft" in themes:
        return OriginKind.CRAFT.value
    if "emergence.core" in themes:
        return OriginKind.FIRMS.value
    text = f" {normalise(origin_text)} "
    best: tuple[int, str] | None = None
    for kind, needles in ORIGIN_WORDS.items():
        for needle in needles:
            at = text.find(f" {needle} ")
            if at >= 0 and (best is None or at < best[0]):
                best = (at, str(kind))
    return best[1] if best else OriginKind.UNKNOWN.value


def _latest(figures: Sequence[dict[str, Any]], names: Sequence[str]) -> int | None:
    for name in names:
        rows = [f for f in figures if f.get("name") == name and f.get("kind") == "count"]
        if rows:
            best = max(enumerate(rows), key=lambda pair: (pair[1].get("year") or 0, -pair[0]))
            value = best[1]["value"]
            return int(Decimal(value)) if value is not None else None
    return None


def derive(
    experience: Experience,
    *,
    themes: Sequence[str],
    partners: Sequence[dict[str, Any]],
    figures: Sequence[dict[str, Any]],
    context: Context,
) -> dict[str, Any]:
    """Set and return the derived fields of `experience` (not saved)."""
    network = context.network
    exp = experience
    theme_terms = [term for code in themes for term in THEME_TERMS[code][:2]]
    theme_concepts = [c for code in themes for c in THEME_TERMS[code][2]]
    keywords = [str(k) for k in exp.keywords or []]
    tags = list(
        dict.fromkeys(
            normalise(term)
            for term in (
                *keywords,
                *theme_terms,
                *expansion_terms(keywords),
                *(t for concept in sorted(set(theme_concepts)) for t in concept_terms(concept)),
            )
        )
    )
    network_words = [network.name, network.acronym] if network is not None else []
    titles = [exp.title_fr, exp.title_en]
    texts = [getattr(exp, f"{name}_{lang}") for name in TEXT_FIELDS for lang in ("fr", "en")]
    places = [exp.region, context.territory.name if context.territory else ""]
    other = [p.get("name", "") for p in partners] + [exp.period_label, exp.source]
    firms = _latest(figures, ("firms", "members"))
    employees = _latest(figures, ("employees", "jobs"))
    if network is not None:
        firms = firms if firms is not None else network.reported_members
        employees = employees if employees is not None else network.reported_employees
    if exp.declared_density_class:
        density = exp.declared_density_class
    elif context.territory_class in ("T1", "T2", "T3", "between"):
        density = context.territory_class
    else:
        density = DensityClass.UNKNOWN.value
    profile_source = " ".join([*titles, *keywords, exp.objectives_fr, exp.objectives_en])
    values = {
        "density_class": density,
        "origin_kind": origin_kind(themes, network.origin if network is not None else ""),
        "firms": firms,
        "employees": employees,
        "theme_codes": " ".join(sorted(set(themes))),
        "sort_title": normalise(exp.title_fr or exp.title_en)[:300],
        "search_title": index_text([*titles, *network_words]),
        "search_tags": pad(_bounded(tags, TAGS_MAX)),
        "search_text": index_text([*titles, *network_words, *tags, *places, *texts, *other]),
        "profile_words": " ".join(sorted(profile_tokens(profile_source))),
    }
    for name, value in values.items():
        setattr(exp, name, value)
    return values
