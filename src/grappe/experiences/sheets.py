"""Reading association sheets in the plain-text layout of the AIMVER study's annex.

Plain Python, no Django. A sheet is a title line (possibly wrapped over several lines, possibly
in `**bold**`), then one `field<TAB>value` line per field, with French field names such as
"Année de création", "Composition", "Réalisations"; a line without a tab right after a field
line continues its value. Text between sheets (headings, notes, lists) is reported and left
out; the headings of the annex's three parts ("forte densité", "industrie diffuse", "faible
densité") give the density class (T1, T2, T3) of the sheets that follow them.

`parse_sheets(text)` returns the sheets with their values read (year, numbers of firms and
employees, amounts in francs or euros, legal status…) and every problem with its line: unknown
field names and bad values are errors, the rest warnings. Phone numbers and e-mail addresses
are removed from the values (they are people's contact details), with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from unidecode import unidecode

from grappe.experiences.vocabulary import THEME_CODES, THEME_TERMS, concepts_in, normalise


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """What went wrong; the app words each code (translated) with the problem's params."""

    UNKNOWN_FIELD = "unknown_field"
    FIELD_OUTSIDE_SHEET = "field_outside_sheet"
    EMPTY_FIELD_NAME = "empty_field_name"
    FIELD_TWICE = "field_twice"
    BAD_YEAR = "bad_year"
    BAD_DENSITY_CLASS = "bad_density_class"
    BAD_COUNTRY = "bad_country"
    BAD_SLUG = "bad_slug"
    BAD_REF = "bad_ref"
    BAD_TERRITORY_KEY = "bad_territory_key"
    BAD_THEME = "bad_theme"
    BAD_SHARE = "bad_share"
    NO_SHEET = "no_sheet"
    TEXT_IGNORED = "text_ignored"
    CONTACT_REMOVED = "contact_removed"


WARNINGS = frozenset({Code.TEXT_IGNORED, Code.CONTACT_REMOVED})


@dataclass(frozen=True)
class Problem:
    line: int
    code: Code
    field: str = ""  # the field name as written in the sheet
    params: tuple[tuple[str, str], ...] = ()

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code in WARNINGS else Severity.ERROR

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


# Field names ----------------------------------------------------------------------------------

_NAME_STOP = frozenset(("a", "au", "aux", "avec", "d", "de", "des", "du", "en", "et", "l"))
_NAME_STOP |= {"la", "le", "les", "n", "s"}


def field_key(name: str) -> str:
    """A field name reduced to compare spellings: "Branche(s) d'activité" → "branche activite"."""
    tokens = re.split(r"[^a-z0-9]+", unidecode(name.replace("°", " ")).lower())
    out = []
    for token in tokens:
        if not token or token.isdigit() or token in _NAME_STOP:
            continue
        out.append(token[:-1] if len(token) > 3 and token.endswith("s") else token)
    return " ".join(out)


# target -> the names it is known by (the annex's spellings, plus a few for hand-made sheets).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "year": ("Année de création", "Année création", "Année de création (et étapes)", "Création"),
    "perimeter": ("Implantation", "Périmètre", "Etendue géographique"),
    "origin": ("Origine", "Origine et initiateur"),
    "composition": ("Composition",),
    "volume": ("Volume", "Effectifs"),
    "status": ("Statut", "Statut juridique", "Forme juridique"),
    "status_financing": ("Statut financement",),
    "status_seat": ("Statut siège social",),
    "seat": ("Siège social", "Siège", "Adresse", "Coordonnées"),
    "branches": ("Branches d'activité", "Branches", "Activités", "Secteurs d'activité"),
    "governance": ("Pilotage-contrôle", "Pilotage", "Equipe de direction", "Gouvernance"),
    "staff": ("Permanents", "Personnel permanent"),
    "staff_budget": ("Permanents budget",),
    "budget": ("Budget",),
    "financing": ("Financement",),
    "relations": ("Relations avec les institutions", "Relations avec les institutionnels"),
    "objectives": ("Objectifs", "Buts"),
    "objectives_achievements": ("Objectifs et réalisations",),
    "achievements": (
        "Réalisations",
        "Réalisation (en projet)",
        "Résultats",
        "Evolution des réalisations",
        "Actions",
    ),
    "evaluation": ("Evaluation", "Evaluation des réalisations", "Evaluation des résultats"),
    "evaluation_outlook": (
        "Evaluation des réalisations et des perspectives",
        "Evolution des réalisations et des perspectives",
    ),
    "outlook": ("Perspectives", "Avenir"),
    "needs": ("Besoins",),
    # Fields a hand-made sheet may add to name what the annex leaves implicit.
    "network": ("Réseau", "Identifiant", "Identifiant du réseau"),
    "ref": ("Référence", "Référence de l'expérience"),
    "kind": ("Type", "Type de réseau", "Nature du réseau"),
    "country": ("Pays",),
    "region": ("Région",),
    "territory": ("Territoire", "Clé du territoire"),
    "themes": ("Thèmes", "Thème"),
    "keywords": ("Mots-clés", "Mots clés"),
    "partners": ("Partenaires", "Partenaires financiers"),
    "density": ("Classe de territoire", "Classe de densité", "Densité"),
    "source": ("Source",),
}
FIELD_TARGETS: dict[str, str] = {
    field_key(name): target for target, names in FIELD_NAMES.items() for name in names
}
# Targets given once per sheet; the groups share one value (a status may come with the seat).
SINGLE_GROUPS: dict[str, str] = {
    "year": "year",
    "status": "status",
    "status_financing": "status",
    "status_seat": "status",
    "network": "network",
    "ref": "ref",
    "kind": "kind",
    "country": "country",
    "region": "region",
    "territory": "territory",
    "density": "density",
    "source": "source",
}

# Values --------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_GLUED_ITEM = re.compile(r"(?<=[^\s-])- (?=\S)")
_PHONE = re.compile(
    r"(?:\(\s*T\s*\)|\bT[ée]l\.?|\bFax\.?)?\s*:?\s*(?<!\d)0\d(?:[ .-]?\d{2}){4}(?!\d)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-+[a-z0-9]+)*$")
_KEY = re.compile(r"^[a-z_]+:\S+$")
_NOT_REPORTED = frozenset({"", "non signale", "non communique", "inconnu", "nc", "n c", "ns"})


def clean_value(raw: str) -> tuple[str, bool]:
    """The value as text: HTML list markup made into lines, contact details removed.

    Returns the text and whether contact details were removed.
    """
    text = raw.replace("\t", " ")
    if "<ul" in text or "<li" in text:
        text = _TAG.sub("", text)
        text = _GLUED_ITEM.sub("\n- ", text)
    else:
        text = _TAG.sub("", text)
    cleaned = _EMAIL.sub("", _PHONE.sub("", text))
    removed = cleaned != text
    lines = [_SPACES.sub(" ", line).strip() for line in cleaned.split("\n")]
    return "\n".join(line for line in lines if line), removed


def parse_year(value: str, max_year: int) -> tuple[int | None, bool]:
    """The first year of the value (1800 to `max_year`), and whether the value is acceptable.

    "1987 environ", "Vers 1990", "1985-90 (?)" give their first year; "années 80" gives 1980;
    "Non signalé" gives no year; any other value without a year is bad.
    """
    for match in re.finditer(r"(?<!\d)(\d{4})(?!\d)", value):
        year = int(match.group(1))
        if 1800 <= year <= max_year:
            return year, True
        return None, False
    decade = re.search(r"ann[ée]es\s+(\d)0\b", value, flags=re.IGNORECASE)
    if decade:
        return 1900 + 10 * int(decade.group(1)), True
    return None, normalise(value).strip("? ") in _NOT_REPORTED


_NUMBER = r"\d{1,3}(?:[ \u00a0.]\d{3})+(?!\d)|\d+"
_APPROX = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
_COUNT = rf"(?P<n>{_NUMBER}|une?\s+(?:{'|'.join(_APPROX)}))"
_FIRMS = re.compile(
    _COUNT + r"\s+(?:(?:de|d')\s*)?(?:(?:petites|grandes|moyennes|petites?)\s+)?"
    r"(?:p\.?\s?m\.?\s?[ei]\.?|entreprises?|industriels|societes|etablissements|"
    r"chefs?\s+d'\s?entreprises?|firmes|firms|companies)\b"
)
_MEMBERS = re.compile(_COUNT + r"\s+(?:adherents|membres|members)\b")
_EMPLOYEES = re.compile(_COUNT + r"\s+(?:salaries|emplois|employes|jobs|employees)\b")
# Words before a number that make it a size or a part, not a total ("de plus de 10 salariés",
# "de 10 à 200 salariés", "dont 20 de moins de 10 salariés").
_QUALIFIED = re.compile(r"(?:plus de|moins de|\ba|\bdont)\s*$")
_QUALIFIED_FIRMS = re.compile(r"(?:plus de|moins de|\ba)\s*$")


def _count(text: str) -> int:
    text = text.strip()
    for word, n in _APPROX.items():
        if text.endswith(word):
            return n
    return int(re.sub(r"\D", "", text))


def _first_count(
    pattern: re.Pattern[str], text: str, qualified: re.Pattern[str] = _QUALIFIED
) -> int | None:
    for match in pattern.finditer(text):
        if qualified.search(text[: match.start()]):
            continue  # "de plus de 10 salariés", "de 10 à 200 salariés": sizes, not totals
        return _count(match.group("n"))
    return None


@dataclass(frozen=True)
class Counts:
    firms: int | None = None
    members: int | None = None
    employees: int | None = None


def parse_counts(value: str) -> Counts:
    """Numbers of firms, members and employees in a "Volume" or "Composition" text."""
    text = unidecode(value).lower().replace("’", "'")
    return Counts(
        firms=_first_count(_FIRMS, text, _QUALIFIED_FIRMS),
        members=_first_count(_MEMBERS, text),
        employees=_first_count(_EMPLOYEES, text),
    )


_AMOUNT = re.compile(
    r"(?P<n>\d{1,3}(?:[ \u00a0.]\d{3})+(?![\d,])|\d+(?:,\d+)?)\s*"
    r"(?P<unit>M\.?\s?F\b\.?|K\.?\s?F\b\.?|MF\b|KF\b|FF\b|F\b\.?|francs?\b|"
    r"M€|k€|K€|€|EUR\b|euros?\b|M\s?EUR\b|k\s?EUR\b)",
)


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str  # "FRF" or "EUR"
    dues: bool  # a member's due (near "cotisation"), not a budget


def parse_amounts(value: str) -> list[Amount]:
    """Sums of money: "2,7 M.F." → 2 700 000 FRF, "600 K.F." → 600 000 FRF, "2 000 F." …"""
    amounts = []
    for match in _AMOUNT.finditer(value):
        number = Decimal(re.sub(r"[ \u00a0.]", "", match.group("n")).replace(",", "."))
        unit = match.group("unit").replace(".", "").replace(" ", "").upper()
        factor = 1_000_000 if unit.startswith("M") else 1_000 if unit.startswith("K") else 1
        currency = "EUR" if ("€" in unit or "EUR" in unit) else "FRF"
        before = normalise(value[max(0, match.start() - 30) : match.start()])
        after = normalise(value[match.end() : match.end() + 20])
        dues = "cotis" in before or after.startswith(("de cotis", "cotis"))
        total = number * factor
        if total == total.to_integral_value():
            total = Decimal(int(total))
        amounts.append(Amount(total, currency, dues))
    return amounts


def legal_status(value: str) -> str:
    """The legal status code of a "Statut" text (see directory.models.LegalStatus)."""
    text = normalise(value)
    if text.strip("? ") in _NOT_REPORTED:
        return "unknown"
    rules = (
        ("informal", ("de fait", "informel")),
        ("employers_union", ("patronal", "syndicat")),
        ("public_body", ("etablissement public", "groupement d interet public")),
        ("cooperative", ("cooperative",)),
        ("association", ("association", "1901", "club")),
        ("company", ("s e m", "sem", "societe", "s a", "sa", "sarl", "sas")),
    )
    padded = f" {text} "
    for code, needles in rules:
        if any(f" {needle} " in padded for needle in needles):
            return code
    return "other"


def theme_code(value: str) -> str | None:
    """A theme code from its code or its French or English label."""
    text = value.strip()
    if text in THEME_CODES:
        return text
    wanted = normalise(text)
    for code, (french, english, _concepts) in THEME_TERMS.items():
        if wanted in (normalise(french), normalise(english)):
            return code
    return None


def infer_themes(text: str) -> list[str]:
    """Themes whose concepts the text names (for sheets that do not list their themes)."""
    found = concepts_in(text)
    return [code for code, (_fr, _en, concepts) in THEME_TERMS.items() if found & set(concepts)]


def split_title(title: str) -> tuple[str, str]:
    """(region, name) of a sheet title: "ALSACE - Club X" → ("ALSACE", "Club X").

    The region is the run of capitalised words before the first " - " or " : ", when the title
    starts with one; otherwise the whole title is the name.
    """
    match = re.match(r"^([^a-z]+?)\s+[-:–]\s+(.+)$", title)
    if match and re.search(r"[A-Z]{2}", match.group(1)):
        return match.group(1).strip(" -:"), match.group(2).strip(' "«»')
    return "", title.strip(' "«»')


# Sheets --------------------------------------------------------------------------------------


@dataclass
class SheetField:
    name: str  # as written
    target: str
    value: str
    line: int


@dataclass
class Sheet:
    title: str
    line: int
    density_class: str = ""  # from the heading of the annex part the sheet is in
    fields: list[SheetField] = field(default_factory=list)

    def first(self, *targets: str) -> SheetField | None:
        return next((f for f in self.fields if f.target in targets), None)

    def text(self, *targets: str) -> str:
        """The values of these targets, in sheet order, one paragraph each."""
        return "\n\n".join(f.value for f in self.fields if f.target in targets and f.value)


@dataclass
class SheetData:
    """A sheet with its values read."""

    sheet: Sheet
    region: str
    name: str
    year: int | None = None
    year_line: int = 0
    counts: Counts = Counts()
    counts_line: int = 0
    amounts: list[tuple[Amount, int]] = field(default_factory=list)  # with their lines
    legal_status: str = ""
    legal_status_detail: str = ""
    several_branches: bool = False
    themes: list[str] = field(default_factory=list)
    themes_inferred: bool = False
    keywords: list[str] = field(default_factory=list)
    partners: list[tuple[str, Decimal | None]] = field(default_factory=list)


@dataclass
class ParseResult:
    sheets: list[SheetData]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


_HEADINGS = (
    ("T1", ("forte densite",)),
    ("T2", ("industrie diffuse", "moyennement peuple")),
    ("T3", ("faible densite",)),
)


def _heading_class(text: str) -> str:
    norm = normalise(text)
    for klass, needles in _HEADINGS:
        if any(n in norm for n in needles):
            return klass
    return ""


def _clean_title(lines: list[str]) -> str:
    text = " ".join(line.strip() for line in lines)
    text = text.replace("**", "").strip(" *#")
    return _SPACES.sub(" ", text)


def split_sheets(text: str) -> tuple[list[Sheet], list[Problem]]:
    """The sheets of a text (titles and raw fields) and the layout problems."""
    problems: list[Problem] = []
    sheets: list[Sheet] = []
    paragraphs: list[tuple[int, list[str]]] = []  # prose since the last field line
    current: Sheet | None = None
    heading = ""
    last_was_field = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            last_was_field = False
            continue
        if "\t" not in line:
            if last_was_field and current is not None and current.fields:
                current.fields[-1].value += "\n" + line.strip()
                continue
            if paragraphs and paragraphs[-1][0] + len(paragraphs[-1][1]) == number:
                paragraphs[-1][1].append(line)
            else:
                paragraphs.append((number, [line]))
            continue
        if paragraphs:
            *prose, (title_line, title_lines) = paragraphs
            for start, lines in prose:
                heading = _heading_class(" ".join(lines)) or heading
                problems.append(
                    Problem(
                        start,
                        Code.TEXT_IGNORED,
                        params=(("first", str(start)), ("last", str(start + len(lines) - 1))),
                    )
                )
            paragraphs = []
            current = Sheet(_clean_title(title_lines), title_line, heading)
            sheets.append(current)
        elif current is None:
            problems.append(Problem(number, Code.FIELD_OUTSIDE_SHEET))
            last_was_field = False
            continue
        name, _tab, value = line.partition("\t")
        name = name.strip().rstrip(":").strip()
        if not name:
            problems.append(Problem(number, Code.EMPTY_FIELD_NAME))
            last_was_field = False
            continue
        target = FIELD_TARGETS.get(field_key(name), "")
        if not target:
            problems.append(Problem(number, Code.UNKNOWN_FIELD, name))
        current.fields.append(SheetField(name, target, value, number))
        last_was_field = True
    for start, lines in paragraphs:
        problems.append(
            Problem(
                start,
                Code.TEXT_IGNORED,
                params=(("first", str(start)), ("last", str(start + len(lines) - 1))),
            )
        )
    if not sheets:
        problems.append(Problem(0, Code.NO_SHEET))
    return sheets, problems


def _read(sheet: Sheet, max_year: int, problems: list[Problem]) -> SheetData:
    region, name = split_title(sheet.title)
    data = SheetData(sheet=sheet, region=region, name=name)
    seen: dict[str, SheetField] = {}
    kept = []
    for f in sheet.fields:
        if not f.target:
            continue
        f.value, removed = clean_value(f.value)
        if removed:
            problems.append(Problem(f.line, Code.CONTACT_REMOVED, f.name))
        if not f.value:
            continue
        group = SINGLE_GROUPS.get(f.target)
        if group is not None:
            if group in seen:
                first = (("first_line", str(seen[group].line)),)
                problems.append(Problem(f.line, Code.FIELD_TWICE, f.name, first))
                continue
            seen[group] = f
        kept.append(f)
        _read_field(data, f, max_year, problems)
    sheet.fields = kept
    if not data.themes:
        data.themes = infer_themes(
            sheet.text("objectives", "objectives_achievements", "achievements")
        )
        data.themes_inferred = bool(data.themes)
    if data.counts == Counts():
        composition = sheet.first("composition")
        if composition is not None:
            data.counts, data.counts_line = parse_counts(composition.value), composition.line
    return data


def _bad(problems: list[Problem], f: SheetField, code: Code, value: str | None = None) -> None:
    problems.append(
        Problem(f.line, code, f.name, (("value", f.value if value is None else value),))
    )


def _read_field(data: SheetData, f: SheetField, max_year: int, problems: list[Problem]) -> None:
    value = f.value
    if f.target == "year":
        year, ok = parse_year(value, max_year)
        if not ok:
            _bad(problems, f, Code.BAD_YEAR)
        data.year, data.year_line = year, f.line
    elif f.target in ("status", "status_financing", "status_seat"):
        data.legal_status, data.legal_status_detail = legal_status(value), value
    elif f.target == "volume":
        data.counts, data.counts_line = parse_counts(value), f.line
    elif f.target == "branches":
        data.several_branches = any(w in normalise(value) for w in ("divers", "multi"))
    elif f.target == "density":
        if value.strip().upper() not in ("T1", "T2", "T3"):
            _bad(problems, f, Code.BAD_DENSITY_CLASS)
    elif f.target == "country":
        if not re.fullmatch(r"[A-Z]{2}", value.strip()):
            _bad(problems, f, Code.BAD_COUNTRY)
    elif f.target == "network":
        if not _SLUG.match(value.strip()):
            _bad(problems, f, Code.BAD_SLUG)
    elif f.target == "ref":
        if not re.fullmatch(r"\S{1,80}", value.strip()):
            _bad(problems, f, Code.BAD_REF)
    elif f.target == "territory":
        if not _KEY.match(value.strip()):
            _bad(problems, f, Code.BAD_TERRITORY_KEY)
    elif f.target == "themes":
        for item in re.split(r"[,;\n]+", value):
            if not item.strip():
                continue
            code = theme_code(item)
            if code is None:
                _bad(problems, f, Code.BAD_THEME, item.strip())
            elif code not in data.themes:
                data.themes.append(code)
    elif f.target == "keywords":
        data.keywords += [k.strip() for k in re.split(r"[,;\n]+", value) if k.strip()]
    elif f.target == "partners":
        _read_partners(data, f, problems)
    if f.target in ("budget", "financing", "staff_budget", "status_financing"):
        data.amounts += [(amount, f.line) for amount in parse_amounts(value)]


def _read_partners(data: SheetData, f: SheetField, problems: list[Problem]) -> None:
    for item in re.split(r"[;\n]+", f.value):
        item = item.strip().lstrip("- ").strip()
        if not item:
            continue
        match = re.fullmatch(r"(.*?)\s*\(\s*(\d+(?:[.,]\d+)?)\s*%\s*\)", item)
        if match is None:
            data.partners.append((item, None))
            continue
        share = Decimal(match.group(2).replace(",", "."))
        if share > 100:
            _bad(problems, f, Code.BAD_SHARE, item)
            continue
        data.partners.append((match.group(1).strip(), share))


def parse_sheets(text: str, *, max_year: int | None = None) -> ParseResult:
    """Every sheet of `text` with its values read, and every problem with its line."""
    if max_year is None:
        max_year = dt.date.today().year + 1
    sheets, problems = split_sheets(text)
    data = [_read(sheet, max_year, problems) for sheet in sheets]
    problems.sort(key=lambda p: (p.line, p.code.value))
    return ParseResult(data, problems)
