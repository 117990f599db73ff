"""The `grappe` command: thin wrappers that each call one management command or service.

grappe demo [--port 8000] [--no-serve]   demo platform on SQLite with the shipped data
grappe serve [--host H] [--port P]       serve the platform (waitress)
grappe migrate                            create or update the database tables
grappe import FILE...  [--dry-run]        import JSON/CSV data files (all or nothing)
grappe export DIR                         export everything to JSON and CSV
grappe createadmin                        create a platform administrator
grappe reference load                     load the official geography and NAF/NACE codes
grappe schedule solve|check|bound ...     the meeting scheduling engine
grappe experiences search|similar|import  the knowledge base of cooperation experiences
grappe events ...                         exchange fairs and B2B meetings
grappe diagnose NETWORK | --all [--json]  diagnosis of a network (AIMVER typology and rules)
grappe manage ...                         any Django management command
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

from waitress import serve


def _django(*, quiet_settings: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grappe.settings")
    import django  # noqa: PLC0415 -- django setup

    django.setup()


def _call(*args: str) -> int:
    from django.core.management import call_command  # noqa: PLC0415 -- django setup

    call_command(*args)
    return 0


def _serve(host: str, port: int) -> int:
    from grappe.wsgi import application  # noqa: PLC0415 -- django setup

    print(f"Grappe is serving on http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    serve(application, host=host, port=port, threads=8, ident="grappe")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["schedule"]:
        # The scheduling engine needs no database: no Django set-up.
        from grappe.scheduling.cli import main as schedule_main  # noqa: PLC0415 -- django setup

        return schedule_main(argv[1:])
    # Each app's own sub-commands parse their arguments themselves.
    app_commands = {
        "experiences": "grappe.experiences.cli",
        "events": "grappe.events.cli",
        "diagnose": "grappe.diagnostics.cli",
    }
    if argv[:1] and argv[0] in app_commands:
        _django()
        return int(import_module(app_commands[argv[0]]).main(argv[1:]))
    if argv[:1] == ["manage"]:
        _django()
        from django.core.management import (  # noqa: PLC0415 -- django setup
            execute_from_command_line,
        )

        execute_from_command_line(["grappe manage", *argv[1:]])
        return 0

    parser = argparse.ArgumentParser(prog="grappe", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="demo platform on SQLite with the shipped data")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="prepare the data, do not serve")
    serve = sub.add_parser("serve", help="serve the platform")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    sub.add_parser("migrate", help="create or update the database tables")
    imp = sub.add_parser("import", help="import JSON/CSV data files, all or nothing")
    imp.add_argument("files", nargs="+")
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    exp = sub.add_parser("export", help="export everything to JSON and CSV files")
    exp.add_argument("directory")
    sub.add_parser("createadmin", help="create a platform administrator")
    ref = sub.add_parser("reference", help="reference geography and nomenclatures")
    ref.add_argument("action", choices=["load"])
    sub.add_parser("schedule", help="meeting scheduling engine (see: grappe schedule --help)")
    sub.add_parser("experiences", help="cooperation experiences: search, similar, import")
    sub.add_parser("events", help="exchange fairs and B2B meetings")
    sub.add_parser("diagnose", help="diagnosis of a network")
    sub.add_parser("manage", help="any Django management command")
    args = parser.parse_args(argv)

    _django()
    from django.core.management.base import CommandError  # noqa: PLC0415 -- django setup

    try:
        if args.command == "demo":
            _call("demo_setup")
            return 0 if args.no_serve else _serve(args.host, args.port)
        if args.command == "serve":
            return _serve(args.host, args.port)
        if args.command == "migrate":
            return _call("migrate", "--no-input")
        if args.command == "import":
            return _call("import_data", *args.files, *(["--dry-run"] if args.dry_run else []))
        if args.command == "export":
            return _call("export_data", args.directory)
        if args.command == "createadmin":
            return _call("createsuperuser")
        if args.command == "reference":
            return _call("load_reference")
    except CommandError as error:
        print(f"grappe {args.command}: {error}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
