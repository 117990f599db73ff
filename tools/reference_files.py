"""Helpers of the reference data builder (tools/build_reference_data.py): deterministic files."""

from __future__ import annotations

import csv
import gzip
import importlib.metadata
import importlib.util
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRITORIES_OUT = ROOT / "src" / "grappe" / "territories" / "data"
ACTIVITIES_OUT = ROOT / "src" / "grappe" / "activities" / "data"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_bytes_if_changed(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        log(f"  unchanged {path.relative_to(ROOT)} ({len(data):,} bytes)")
        return
    path.write_bytes(data)
    log(f"  wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("utf-8")


def json_bytes(obj: object) -> bytes:
    return (
        json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def area_str(value: float) -> str:
    return f"{value:.2f}"


def sentence_case(label: str) -> str:
    """'INDUSTRIE MANUFACTURIÈRE' → 'Industrie manufacturière' (section labels are in capitals)."""
    if label != label.upper():
        return label
    lowered = label.lower()
    return lowered[:1].upper() + lowered[1:]


def package_dir(name: str, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"cannot find the {name!r} package: install it (see this script's docstring)")
    return Path(next(iter(spec.submodule_search_locations)))


def dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
