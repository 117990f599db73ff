"""`grappe diagnose …`: the diagnosis of networks, for people and for scripts.

grappe diagnose NETWORK [--json]              NETWORK: an id, a slug or a name
grappe diagnose --all [--territory KEY] [--json]
Options: --language fr|en.
Published networks only, unless --include-unpublished (the operator's view).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.translation import gettext as _

from grappe.diagnostics import selectors
from grappe.diagnostics.presentation import present
from grappe.territories.models import Territory


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grappe diagnose",
        description=_("Diagnosis of a network by the AIMVER study's typology and rules."),
    )
    parser.add_argument("network", nargs="?", help=_("id, slug or name of the network"))
    parser.add_argument("--all", action="store_true", help=_("every network"))
    parser.add_argument("--territory", default="", help=_("with --all: a territory key"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument(
        "--language", choices=[code for code, _name in settings.LANGUAGES], help=_("language")
    )
    parser.add_argument(
        "--include-unpublished", action="store_true", help=_("diagnose unpublished networks too")
    )
    return parser


def _user(include_unpublished: bool) -> Any:
    if include_unpublished:
        # The operator at the command line sees everything, as a platform admin does.
        return get_user_model()(is_superuser=True, is_active=True)
    return AnonymousUser()


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    with translation.override(args.language or translation.get_language()):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    parser = _parser()
    if bool(args.all) == bool(args.network):
        parser.print_usage(sys.stderr)
        print(_("grappe diagnose: give one network, or --all"), file=sys.stderr)
        return 2
    user = _user(args.include_unpublished)
    if args.all:
        return _all(user, args)
    try:
        network = selectors.find_network(user=user, ref=args.network)
    except selectors.NetworkNotFound as error:
        if error.candidates:
            print(_("Several networks match %(ref)s:") % {"ref": error.ref}, file=sys.stderr)
            for n in error.candidates:
                print(f"  {n.pk}  {n.slug}  {n.name}", file=sys.stderr)
        else:
            print(_("No network matches %(ref)s.") % {"ref": error.ref}, file=sys.stderr)
        return 1
    data = present(selectors.network_diagnosis(network=network)) | {"slug": network.slug}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(render_text(data))
    return 0


def _all(user: Any, args: argparse.Namespace) -> int:
    territory = None
    if args.territory:
        territory = Territory.objects.filter(key=args.territory).first()
        if territory is None:
            print(_("Unknown territory: %(key)s") % {"key": args.territory}, file=sys.stderr)
            return 1
    rows = []
    for network, diagnosis in selectors.diagnoses(user=user, territory=territory):
        if args.json:
            rows.append(present(diagnosis) | {"slug": network.slug})
        else:
            counts = {v: 0 for v in ("met", "not_met", "unknown")}
            for check in diagnosis.checks:
                counts[check.verdict.value] += 1
            classes = [diagnosis.klass(a) or "?" for a in ("family", "territory", "ambition")]
            print(
                f"{network.slug:50} {' '.join(f'{c:8}' for c in classes)} "
                + _("met %(met)s, not met %(not_met)s, unknown %(unknown)s") % counts
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    return 0


def _reasons(reasons: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for reason in reasons:
        lines.append(f"{indent}- {reason['text']}")
        for e in reason["evidence"][:2]:
            said = f"« {e['quote']} »" if e["quote"] else e["value"]
            lines.append(f"{indent}    [{e['source_label']}] {said}")
    return lines


def _missing(missing: list[dict[str, str]], indent: str) -> list[str]:
    if not missing:
        return []
    labels = ", ".join(m["label"] for m in missing)
    return [f"{indent}- " + _("Missing: %(facts)s") % {"facts": labels}]


def render_text(d: dict[str, Any]) -> str:
    lines = [f"{d['name']} ({d['slug']})", "", _("Classification")]
    for c in d["classes"]:
        value = c["value_label"] or _("unknown")
        if not c["value"] and c["candidates"]:
            value += " (" + ", ".join(c["candidates"]) + ")"
        extra = f" — {c['confidence_label']}" if c["confidence_label"] else ""
        lines.append(f"  {c['label']}: {value}{extra}")
        lines += _reasons(c["reasons"], "      ") + _missing(c["missing"], "      ")
    for title, checks in (
        (_("Rules of vitality"), d["checks"]),
        (_("Factors of stunting"), d["stunting"]),
        (_("Call for projects: eligibility"), d["eligibility"]),
    ):
        lines += ["", title]
        for check in checks:
            lines.append(f"  [{check['verdict_label']}] {check['title']} ({check['section']})")
            lines += _reasons(check["reasons"], "      ") + _missing(check["missing"], "      ")
    lines += ["", _("Next steps")]
    for i, step in enumerate(d["recommendations"], start=1):
        lines.append(f"  {i}. {step['title']} ({step['section']})")
        lines += [f"      {r['text']}" for r in step["reasons"]]
    return "\n".join(lines)
