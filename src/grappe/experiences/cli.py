"""`grappe experiences …`: thin wrappers over the services and selectors of this app.

grappe experiences search QUERY [--theme CODE]… [--country FR] [--limit N] [--json]
grappe experiences similar ID [--limit N] [--json]       ID: a reference or a number
grappe experiences import FILE… [--dry-run]              JSON data files and text sheets
grappe experiences reindex                                recompute the search fields
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from grappe.datafiles.report import DataFilesInvalid
from grappe.experiences import selectors, services, similar
from grappe.experiences.enums import Theme
from grappe.experiences.sheetimport import SheetsInvalid, import_experience_files


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grappe experiences", description=_("The knowledge base of cooperation experiences.")
    )
    sub = parser.add_subparsers(dest="command", required=True)
    search = sub.add_parser("search", help=_("search experiences (French or English words)"))
    search.add_argument("query", nargs="*", help=_("words to find"))
    search.add_argument(
        "--theme", action="append", default=[], choices=Theme.values, help=_("a theme code")
    )
    search.add_argument("--country", default="", help=_("ISO country code, e.g. FR"))
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help=_("print JSON"))
    similar = sub.add_parser("similar", help=_("experiences similar to one of them"))
    similar.add_argument("id", help=_("reference (e.g. fair2001-07) or number"))
    similar.add_argument("--limit", type=int, default=10)
    similar.add_argument("--json", action="store_true", help=_("print JSON"))
    imp = sub.add_parser("import", help=_("import JSON data files and text sheets, all or nothing"))
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=_("check only, write nothing"))
    sub.add_parser("reindex", help=_("recompute the search and similarity fields"))
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    user = AnonymousUser()
    if args.command == "search":
        return _search(user, args)
    if args.command == "similar":
        return _similar(user, args)
    if args.command == "import":
        return _import(args.files, dry_run=args.dry_run)
    count = services.experiences_reindex()
    print(_("%(n)s experiences reindexed") % {"n": count})
    return 0


def _summary(experience: Any) -> dict[str, Any]:
    return {
        "ref": experience.ref,
        "title": experience.title,
        "network": experience.network.slug if experience.network_id else None,
        "country": experience.country,
        "period_start": experience.period_start,
        "period_end": experience.period_end,
        "themes": experience.theme_list(),
    }


def _search(user: Any, args: argparse.Namespace) -> int:
    result = selectors.search(
        user=user,
        filters=selectors.SearchFilters(
            query=" ".join(args.query), themes=tuple(args.theme), country=args.country
        ),
        limit=max(1, args.limit),
    )
    if args.json:
        items = [_summary(e) | {"score": result.scores.get(e.pk, 0)} for e in result.items]
        print(json.dumps({"count": result.total, "items": items}, ensure_ascii=False, indent=2))
        return 0
    print(_("%(n)s experience(s) found") % {"n": result.total})
    for e in result.items:
        period = f" ({e.period_start}–{e.period_end or ''})" if e.period_start else ""
        print(f"{e.ref:28} {e.title}{period}")
    return 0


def _similar(user: Any, args: argparse.Namespace) -> int:
    try:
        experience = selectors.experience_by_id_or_ref(user=user, key=args.id)
    except ObjectDoesNotExist:
        print(_("grappe experiences: no experience %(id)s") % {"id": args.id}, file=sys.stderr)
        return 1
    items = similar.similar_to(user=user, experience=experience, limit=max(1, args.limit))
    if args.json:
        out = [
            _summary(i.experience)
            | {
                "score": i.score,
                "reasons": [
                    {"kind": r.kind.value, "points": r.points, "items": list(r.items), "text": t}
                    for r, t in zip(i.reasons, i.explanations, strict=True)
                ],
            }
            for i in items
        ]
        print(json.dumps({"ref": experience.ref, "similar": out}, ensure_ascii=False, indent=2))
        return 0
    print(_("Similar to %(ref)s — %(title)s:") % {"ref": experience.ref, "title": experience.title})
    for item in items:
        print(f"{item.score:3}  {item.experience.ref:28} {item.experience.title}")
        for text in item.explanations:
            print(f"       · {text}")
    return 0


def _import(files: list[Path], *, dry_run: bool) -> int:
    try:
        report = import_experience_files(files, dry_run=dry_run)
    except SheetsInvalid as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    except DataFilesInvalid as error:
        for problem in error.errors:
            print(problem, file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    for line in report.lines:
        print(line)
    return 0
