"""Import of association sheets (plain text, AIMVER layout) as networks and experiences.

Each sheet (grappe.experiences.sheets) becomes a network, found in the database (by the
sheet's "Réseau" identifier, by its acronym in the title, or by its name in the title) or
created, and one experience of that network, `sheet-<network slug>` unless the sheet gives its
"Référence". A sheet sets only the network fields it gives; the experience is the sheet's own
and is replaced as a whole on re-import. Every unknown field and bad value is reported with
its line, and nothing is written when there is any error.

Mapping (network field ← sheet fields; experience field ← sheet fields):
founded_year, founding_stages ← Année de création; perimeter_description ← Implantation,
Périmètre; origin ← Origine; composition ← Composition, Volume (numbers of firms, members and
employees also give the reported figures and the experience's figures); legal_status ← Statut;
branches_description ← Branches d'activité; governance ← Pilotage-contrôle; staff_description ←
Permanent(s); budget_description ← Budget, Financement (one budget amount and one due are
read when the sheet gives exactly one of each); relations_with_institutions ← Relations avec
les institutions; objectives ← Objectifs; achievements ← Réalisations; evaluation ←
Evaluation; outlook ← Perspectives; needs ← Besoins. Experience: context_fr ← Origine,
Implantation, Composition, Volume; objectives_fr ← Objectifs; approach_fr ← Réalisations;
strong_points_fr ← Evaluation, Perspectives; obstacles_fr ← Besoins (the sheets have no
obstacles field: what a network needs is what holds it back).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from grappe.accounts.rules import is_admin, require
from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change
from grappe.core.search import search_text_for
from grappe.datafiles.importer import import_files
from grappe.datafiles.report import EntityCounts
from grappe.directory.models import BranchScope, Network, NetworkKind
from grappe.experiences.datacheck import ExperiencePlan, check_records
from grappe.experiences.dataimport import write_experiences
from grappe.experiences.sheets import Code, Problem, Severity, SheetData, parse_sheets
from grappe.experiences.vocabulary import normalise
from grappe.territories.models import Territory

SHEET_SUFFIXES = (".txt", ".text", ".tsv", ".sheet", ".sheets")

_MESSAGES = {
    Code.UNKNOWN_FIELD: lambda p: _("unknown field name (nothing of this line is imported)"),
    Code.FIELD_OUTSIDE_SHEET: lambda p: _("a field line before any sheet title"),
    Code.EMPTY_FIELD_NAME: lambda p: _("a value without a field name before the tab"),
    Code.FIELD_TWICE: lambda p: (
        _("given twice in this sheet (first on line %(line)s)") % {"line": p.param("first_line")}
    ),
    Code.BAD_YEAR: lambda p: (
        _('no year from 1800 to next year in "%(value)s"') % {"value": p.param("value")}
    ),
    Code.BAD_DENSITY_CLASS: lambda p: (
        _('"%(value)s" is not a density class (T1, T2 or T3)') % {"value": p.param("value")}
    ),
    Code.BAD_COUNTRY: lambda p: (
        _('"%(value)s" is not a country code such as FR') % {"value": p.param("value")}
    ),
    Code.BAD_SLUG: lambda p: (
        _('"%(value)s" is not a network identifier (lowercase letters, digits and hyphens)')
        % {"value": p.param("value")}
    ),
    Code.BAD_REF: lambda p: (
        _('"%(value)s" is not a reference (at most 80 characters, no spaces)')
        % {"value": p.param("value")}
    ),
    Code.BAD_TERRITORY_KEY: lambda p: (
        _('"%(value)s" is not a territory key such as departement:47') % {"value": p.param("value")}
    ),
    Code.BAD_THEME: lambda p: _('unknown theme "%(value)s"') % {"value": p.param("value")},
    Code.BAD_SHARE: lambda p: (
        _('a funding share above 100 %% in "%(value)s"') % {"value": p.param("value")}
    ),
    Code.NO_SHEET: lambda p: _("no sheet found (a title line, then one field<TAB>value line each)"),
    Code.TEXT_IGNORED: lambda p: (
        _("text outside the sheets left out (lines %(first)s to %(last)s)")
        % {"first": p.param("first"), "last": p.param("last")}
    ),
    Code.CONTACT_REMOVED: lambda p: _(
        "phone number or e-mail address removed (people's contact details are not imported)"
    ),
}

# Names a sheet's "Type" may give for the kind of network, besides the codes.
KIND_WORDS = {
    "club": NetworkKind.BUSINESS_CLUB,
    "club d entreprises": NetworkKind.BUSINESS_CLUB,
    "association d entreprises": NetworkKind.BUSINESS_CLUB,
    "grappe": NetworkKind.CLUSTER,
    "grappe d entreprises": NetworkKind.CLUSTER,
    "spl": NetworkKind.LOCAL_PRODUCTIVE_SYSTEM,
    "systeme productif local": NetworkKind.LOCAL_PRODUCTIVE_SYSTEM,
    "pole de competitivite": NetworkKind.COMPETITIVENESS_CLUSTER,
    "groupement d employeurs": NetworkKind.EMPLOYER_GROUP,
    "groupement industriel": NetworkKind.INDUSTRIAL_GROUPING,
    "interclustering": NetworkKind.INTER_CLUSTER,
    "inter grappes": NetworkKind.INTER_CLUSTER,
}
_SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "et", "en", "sur"})


@dataclass(frozen=True)
class SheetProblem:
    """One problem of a sheet file, with its line (0 for the whole file)."""

    file: str
    line: int
    field: str
    message: str
    severity: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line:
            parts.append(_("line %(n)s") % {"n": self.line})
        if self.field:
            parts.append(f'"{self.field}"')
        parts.append(self.message)
        text = ": ".join(parts)
        return text if self.severity == Severity.ERROR else _("warning: %(text)s") % {"text": text}


class SheetsInvalid(Exception):
    """The sheets have errors; nothing was written. `problems` holds warnings too."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems)
        self.errors = [p for p in self.problems if p.severity == Severity.ERROR]
        super().__init__(
            _("%(n)s error(s) in the sheets; nothing was written") % {"n": len(self.errors)}
        )


@dataclass
class _NetworkPlan:
    slug: str
    existing: Network | None
    values: dict[str, Any]
    line: int


@dataclass
class SheetPlan:
    networks: list[_NetworkPlan] = field(default_factory=list)
    experiences: ExperiencePlan = field(default_factory=lambda: ExperiencePlan([]))
    warnings: list[SheetProblem] = field(default_factory=list)


@dataclass
class SheetImportReport:
    networks_created: int = 0
    networks_updated: int = 0
    networks_unchanged: int = 0
    experiences: EntityCounts = field(default_factory=EntityCounts)
    warnings: list[SheetProblem] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        lines = [
            _("networks: %(c)s created, %(u)s updated, %(n)s unchanged")
            % {
                "c": self.networks_created,
                "u": self.networks_updated,
                "n": self.networks_unchanged,
            },
            _("experiences: %(c)s created, %(u)s updated, %(n)s unchanged")
            % {
                "c": self.experiences.created,
                "u": self.experiences.updated,
                "n": self.experiences.unchanged,
            },
        ]
        if self.dry_run:
            lines.append(_("dry run: nothing was written"))
        return lines


def is_sheet_file(path: Path) -> bool:
    return Path(path).suffix.lower() in SHEET_SUFFIXES


# Checking ------------------------------------------------------------------------------------


class _Known:
    """Networks of the database, to find the one a sheet describes."""

    def __init__(self) -> None:
        rows = Network.objects.values_list("pk", "slug", "name", "acronym")
        self.by_slug = {slug: pk for pk, slug, _name, _acr in rows}
        self.names = [(normalise(name), pk) for pk, _slug, name, _acr in rows]
        self.acronyms: dict[str, list[int]] = {}
        for pk, _slug, _name, acronym in rows:
            if len(acronym) >= 3:
                self.acronyms.setdefault(normalise(acronym), []).append(pk)

    def find(self, title: str) -> int | None:
        words = set(normalise(title).split())
        hits = {pk for acr, pks in self.acronyms.items() if acr in words for pk in pks}
        if len(hits) == 1:
            return hits.pop()
        text = f" {normalise(title)} "
        contained = [
            (len(name), pk) for name, pk in self.names if len(name) >= 12 and f" {name} " in text
        ]
        if contained:
            contained.sort(reverse=True)
            if len(contained) == 1 or contained[0][0] > contained[1][0]:
                return contained[0][1]
        return None


def _region_label(region: str) -> str:
    if not region.isupper():
        return region
    words = [w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in region.split()]
    return " ".join(words)


def _kind(value: str) -> str | None:
    text = value.strip()
    if text in NetworkKind.values:
        return text
    wanted = normalise(text)
    for choice in NetworkKind:
        if wanted in (normalise(choice.value), normalise(str(choice.label))):
            return choice.value
    found = KIND_WORDS.get(wanted)
    return found.value if found is not None else None


def _network_values(data: SheetData, file_label: str) -> dict[str, Any]:
    sheet = data.sheet
    values: dict[str, Any] = {}
    texts = {
        "perimeter_description": ("perimeter",),
        "origin": ("origin",),
        "composition": ("composition", "volume"),
        "branches_description": ("branches",),
        "governance": ("governance",),
        "staff_description": ("staff", "staff_budget"),
        "budget_description": ("budget", "financing"),
        "relations_with_institutions": ("relations",),
        "objectives": ("objectives",),
        "achievements": ("achievements", "objectives_achievements"),
        "evaluation": ("evaluation", "evaluation_outlook"),
        "outlook": ("outlook",),
        "needs": ("needs",),
    }
    for name, targets in texts.items():
        text = sheet.text(*targets)
        if text:
            values[name] = text
    year_field = sheet.first("year")
    if data.year is not None:
        values["founded_year"] = data.year
    if year_field is not None and normalise(year_field.value) != str(data.year or ""):
        values["founding_stages"] = year_field.value
    if data.legal_status:
        values["legal_status"] = data.legal_status
        values["legal_status_detail"] = data.legal_status_detail
    if data.several_branches:
        values["branch_scope"] = BranchScope.MULTIPLE
    budgets = [(a, line) for a, line in data.amounts if not a.dues]
    dues = [(a, line) for a, line in data.amounts if a.dues]
    if len(budgets) == 1:
        values["budget_amount"], values["budget_currency"] = (
            budgets[0][0].value,
            budgets[0][0].currency,
        )
    if len(dues) == 1:
        values["dues_amount"], values["dues_currency"] = dues[0][0].value, dues[0][0].currency
    members = data.counts.members or data.counts.firms
    if members is not None:
        values["reported_members"] = members
    if data.counts.employees is not None:
        values["reported_employees"] = data.counts.employees
    source = sheet.first("source")
    values["source"] = (source.value if source is not None else f"{file_label}, line {sheet.line}")[
        :300
    ]
    return values


def _experience_record(data: SheetData, slug: str, file_label: str) -> dict[str, Any]:
    sheet = data.sheet

    def given(target: str) -> str:
        f = sheet.first(target)
        return f.value.strip() if f is not None else ""

    record: dict[str, Any] = {
        "ref": given("ref") or f"sheet-{slug}"[:80],
        "network": slug,
        "title_fr": sheet.title[:300],
        "country": given("country") or "FR",
        "region": (given("region") or _region_label(data.region))[:120],
        "period_start": data.year,
        "context_fr": sheet.text("origin", "perimeter", "composition", "volume"),
        "objectives_fr": sheet.text("objectives"),
        "approach_fr": sheet.text("achievements", "objectives_achievements"),
        "strong_points_fr": sheet.text("evaluation", "evaluation_outlook", "outlook"),
        "obstacles_fr": sheet.text("needs"),
        "themes": data.themes,
        "keywords": data.keywords,
        "partners": [{"name": name[:200], "share_percent": share} for name, share in data.partners],
        "languages": ["fr"],
        "source": (given("source") or f"{file_label}, line {sheet.line}")[:300],
    }
    territory = given("territory")
    if territory:
        record["territory"] = territory
    density = given("density").upper() or data.sheet.density_class
    if density in ("T1", "T2", "T3"):
        record["density_class"] = density
    figures: list[dict[str, Any]] = []
    where = f"{file_label}, line {data.counts_line}"
    for name, value in (
        ("firms", data.counts.firms),
        ("members", data.counts.members),
        ("employees", data.counts.employees),
    ):
        if value is not None:
            figures.append({"name": name, "kind": "count", "value": value, "source": where})
    for amount, line in data.amounts:
        if not amount.dues:
            figures.append(
                {
                    "name": "budget",
                    "kind": "money",
                    "value": amount.value,
                    "currency": amount.currency,
                    "source": f"{file_label}, line {line}",
                }
            )
    record["figures"] = figures
    return record


def check_sheets(paths: Sequence[Path]) -> SheetPlan:
    """Read and check sheet files; raise SheetsInvalid with every problem when any is an error."""
    problems: list[SheetProblem] = []
    plan = SheetPlan()
    known = _Known()
    territories = set(Territory.objects.values_list("key", flat=True))
    seen: dict[str, tuple[str, int]] = {}
    records: list[tuple[str, dict[str, Any], int]] = []
    for path in map(Path, paths):
        name = str(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            problems.append(
                SheetProblem(
                    name,
                    0,
                    "",
                    _("cannot read the file: %(e)s") % {"e": error.strerror or error},
                    Severity.ERROR,
                )
            )
            continue
        except UnicodeDecodeError as error:
            problems.append(
                SheetProblem(
                    name,
                    0,
                    "",
                    _("not UTF-8 text (invalid byte at offset %(n)s)") % {"n": error.start},
                    Severity.ERROR,
                )
            )
            continue
        result = parse_sheets(text)
        problems += [_problem(name, p) for p in result.problems]
        for data in result.sheets:
            line = data.sheet.line
            slug_field = data.sheet.first("network")
            kind_field = data.sheet.first("kind")
            territory_field = data.sheet.first("territory")
            if slug_field is not None:
                slug = slug_field.value.strip()
                existing_pk = known.by_slug.get(slug)
            else:
                existing_pk = known.find(data.sheet.title)
                slug = _new_slug(data.name or data.sheet.title)
                if existing_pk is None:
                    existing_pk = known.by_slug.get(slug)
            existing = Network.objects.get(pk=existing_pk) if existing_pk is not None else None
            if existing is not None:
                slug = existing.slug
            if slug in seen:
                other_file, other_line = seen[slug]
                problems.append(
                    SheetProblem(
                        name,
                        line,
                        "",
                        _(
                            "this sheet describes the same network (%(slug)s) "
                            "as %(file)s line %(line)s"
                        )
                        % {"slug": slug, "file": other_file, "line": other_line},
                        Severity.ERROR,
                    )
                )
                continue
            seen[slug] = (name, line)
            values = _network_values(data, path.name)
            if kind_field is not None:
                kind = _kind(kind_field.value)
                if kind is None:
                    problems.append(
                        SheetProblem(
                            name,
                            kind_field.line,
                            kind_field.name,
                            _('unknown kind of network "%(value)s" (expected one of: %(kinds)s)')
                            % {"value": kind_field.value, "kinds": ", ".join(NetworkKind.values)},
                            Severity.ERROR,
                        )
                    )
                else:
                    values["kind"] = kind
            if territory_field is not None and territory_field.value.strip() not in territories:
                problems.append(
                    SheetProblem(
                        name,
                        territory_field.line,
                        territory_field.name,
                        _('unknown territory "%(key)s"') % {"key": territory_field.value.strip()},
                        Severity.ERROR,
                    )
                )
            detail = values.get("legal_status_detail", "")
            if len(detail) > 200:
                values["legal_status_detail"] = detail[:199].rsplit(" ", 1)[0] + "…"
                status = data.sheet.first("status", "status_financing", "status_seat")
                problems.append(
                    SheetProblem(
                        name,
                        status.line if status else line,
                        status.name if status else "",
                        _("legal status shortened to 200 characters"),
                        Severity.WARNING,
                    )
                )
            if existing is not None and data.sheet.first("source") is None:
                values.pop("source")  # keep what the database says the network comes from
            if existing is None:
                values.setdefault("kind", NetworkKind.BUSINESS_CLUB.value)
                values["name"] = (data.name or data.sheet.title)[:200]
                values["slug"] = slug
            plan.networks.append(_NetworkPlan(slug, existing, values, line))
            record = _experience_record(data, slug, path.name)
            if record.get("territory") not in territories:
                record.pop("territory", None)  # reported above, with its line
            records.append((name, record, line))

    checked: list[Any] = []
    network_slugs = {n.slug for n in plan.networks}
    for file, record, line in records:
        part = check_records(
            [(file, [record])],
            error=_record_errors(problems, line),
            networks_in_import=network_slugs,
        )
        checked += part.records
        plan.experiences.territory_ids.update(part.territory_ids)
    plan.experiences.records = checked
    problems.sort(key=lambda p: (p.file, p.line))
    plan.warnings = [p for p in problems if p.severity == Severity.WARNING]
    if any(p.severity == Severity.ERROR for p in problems):
        raise SheetsInvalid(problems)
    return plan


def _record_errors(problems: list[SheetProblem], line: int) -> Any:
    """An error sink for grappe.experiences.datacheck that names the sheet's title line."""

    def sink(file: str, record: str, field_name: str, message: str) -> None:
        problems.append(SheetProblem(file, line, field_name, message, Severity.ERROR))

    return sink


def _problem(file: str, problem: Problem) -> SheetProblem:
    return SheetProblem(
        file, problem.line, problem.field, _MESSAGES[problem.code](problem), problem.severity
    )


def _new_slug(name: str) -> str:
    slug = slugify(name.replace("'", " "))[:60].strip("-")
    return re.sub(r"-+", "-", slug) or "network"


# Writing -------------------------------------------------------------------------------------


def write_sheets(plan: SheetPlan, *, actor: Any = None) -> SheetImportReport:
    """Write checked sheets (call inside a transaction)."""
    report = SheetImportReport(warnings=plan.warnings)
    ids: dict[str, dict[str, Any]] = {"network": {}}
    for item in plan.networks:
        network = item.existing or Network()
        creating = item.existing is None
        changed = [k for k, v in item.values.items() if getattr(network, k) != v]
        for key, value in item.values.items():
            setattr(network, key, value)
        if creating or changed:
            network.full_clean()
            network.save()
            text = search_text_for(network)
            if network.search_text != text:
                Network.objects.filter(pk=network.pk).update(search_text=text)
                network.search_text = text
            log_change(
                actor=actor,
                action=ChangeAction.IMPORTED,
                instance=network,
                fields=[] if creating else changed,
                public=network.published,
            )
        if creating:
            report.networks_created += 1
        elif changed:
            report.networks_updated += 1
        else:
            report.networks_unchanged += 1
        ids["network"][item.slug] = network.pk
    report.experiences = write_experiences(plan.experiences, ids=ids, actor=actor)
    return report


def import_sheets(
    paths: Sequence[Path], *, actor: Any = None, dry_run: bool = False
) -> SheetImportReport:
    """Check and import sheet files, all or nothing. `actor`, when given, must be an admin."""
    if actor is not None:
        require(is_admin(actor))
    plan = check_sheets(paths)
    with transaction.atomic():
        report = write_sheets(plan, actor=actor)
        report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return report


@dataclass
class FilesReport:
    lines: list[str]
    warnings: list[SheetProblem]


def import_experience_files(
    paths: Sequence[Path], *, actor: Any = None, dry_run: bool = False
) -> FilesReport:
    """Import JSON data files (general importer) and text sheets together, all or nothing.

    Every file is checked before anything is written; then everything is written in one
    transaction. Raises DataFilesInvalid or SheetsInvalid with every error found.
    """
    if actor is not None:
        require(is_admin(actor))
    sheets = [Path(p) for p in paths if is_sheet_file(Path(p))]
    data_files = [Path(p) for p in paths if not is_sheet_file(Path(p))]
    plan = check_sheets(sheets) if sheets else None
    report = FilesReport([], [])
    with transaction.atomic():
        if data_files:
            report.lines += import_files(data_files, actor=actor).lines()
        if plan is not None:
            sheet_report = write_sheets(plan, actor=actor)
            report.lines += sheet_report.lines()
            report.warnings = sheet_report.warnings
        if dry_run:
            transaction.set_rollback(True)
            report.lines.append(_("dry run: nothing was written"))
    return report
