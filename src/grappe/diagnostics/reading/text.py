"""Cutting a sheet's text into clauses, reading numbers, and keeping the study's labels out.

The shipped records say, in their text, which class the study gave ("The study files it among
… (class B3)", "… (annex group R 2)"). The diagnosis must reach its classes from the facts, so
those sentences are dropped before anything is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from grappe.diagnostics.engine.facts import Evidence

# Sentences that carry the study's own classification, never read as facts.
STUDY_LABEL = re.compile(
    r"\bthe study (files|classes|places|puts)\b|\(class B[123]\)|\bclass B[123]\b"
    r"|annex group R ?\d|\bl'étude (le |la |les )?(classe|range)\b|\bclasse B[123]\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(«])")
_CLAUSE = re.compile(r";\s*|,\s+but\s+|\s+but\s+|:\s+(?=[a-z])")
QUOTE_LENGTH = 220


@dataclass(frozen=True)
class Clause:
    source: str  # the field it comes from
    text: str
    sentence: str

    def evidence(self, value: str = "") -> Evidence:
        quote = self.sentence if len(self.sentence) <= QUOTE_LENGTH else self.text
        if len(quote) > QUOTE_LENGTH:
            quote = quote[: QUOTE_LENGTH - 1].rstrip() + "…"
        return Evidence(self.source, quote=quote.strip(), value=value)


def sentences(text: str) -> list[str]:
    """The sentences of a text, without those giving the study's own classes."""
    parts: list[str] = []
    for line in (text or "").splitlines():
        parts.extend(s.strip() for s in _SENTENCE.split(line) if s.strip())
    return [s for s in parts if not STUDY_LABEL.search(s)]


def clauses(source: str, text: str) -> Iterator[Clause]:
    for sentence in sentences(text):
        for part in _CLAUSE.split(sentence):
            if part.strip():
                yield Clause(source, part.strip(), sentence)


def cleaned(text: str) -> str:
    return " ".join(sentences(text))


WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "hundred": 100,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "dix": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
# A number in figures ("1,500", "70 000", "0.3") or in words ("fifteen", "a dozen").
NUMBER = (
    r"(?:\d{1,3}(?:[, \u202f\u00a0]\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(sorted((w for w in WORD_NUMBERS if len(w) > 2), key=len, reverse=True))
    + r")"
)
_APPROX = r"(?:about |around |some |roughly |nearly |almost |une |a |environ )?"
# Words that make a count approximate.
APPROXIMATE = re.compile(
    r"\b(?:about|around|some|roughly|nearly|almost|approximately|environ|une? \w+aine)\b",
    re.IGNORECASE,
)


def number(text: str) -> float | None:
    text = text.strip().lower()
    if text in WORD_NUMBERS:
        return float(WORD_NUMBERS[text])
    digits = re.sub(r"[, \u202f\u00a0]", "", text)
    try:
        return float(digits)
    except ValueError:
        return None


def count_before(noun: str, text: str) -> tuple[float, float] | None:
    """The count (or range) just before a noun: "6 to 7 cantons" → (6, 7); "a canton" → (1, 1).

    Counts that apply to each part ("each covering 4 to 5 cantons") are not totals: skipped.
    """
    pattern = re.compile(
        rf"(?<![\w-])({_APPROX})({NUMBER})(?:\s*(?:to|or|-|–|à)\s*({NUMBER}))?\s+"
        rf"(?:[a-zé'-]+\s+){{0,3}}?{noun}",
        re.IGNORECASE,
    )
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].lower()
        after = text[match.end() : match.end() + 8].lower()
        if "each" in before or after.startswith(" each") or "chacun" in before:
            continue
        low = number(match.group(2))
        high = number(match.group(3)) if match.group(3) else low
        if low is not None and high is not None:
            return low, high
    return None
