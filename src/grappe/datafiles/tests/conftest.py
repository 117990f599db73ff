"""Fixtures of the data file tests: the NAF/NACE codes they use and file writers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from grappe.activities.models import Activity

ACTIVITIES = [
    ("C", "section", "Industrie manufacturière", None),
    ("25", "division", "Fabrication de produits métalliques", "C"),
    ("25.6", "group", "Traitement et revêtement des métaux ; usinage", "25"),
    ("25.62", "class", "Usinage", "25.6"),
    ("25.62A", "subclass", "Décolletage", "25.62"),
    ("26", "division", "Fabrication de produits informatiques, électroniques et optiques", "C"),
    ("26.1", "group", "Fabrication de composants et cartes électroniques", "26"),
    ("26.11", "class", "Fabrication de composants électroniques", "26.1"),
    ("26.11Z", "subclass", "Fabrication de composants électroniques", "26.11"),
]


@pytest.fixture
def activities(db):
    for code, level, label, parent in ACTIVITIES:
        Activity.objects.create(code=code, level=level, label_fr=label, parent_id=parent)


@pytest.fixture
def write_json(tmp_path):
    """write_json(doc, name="data.json") -> Path; adds the header unless the doc has one."""

    def write(doc: dict[str, Any], name: str = "data.json") -> Path:
        if "format" not in doc and "version" not in doc:
            doc = {"format": "grappe", "version": 1, **doc}
        path = tmp_path / name
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_text(tmp_path):
    """write_text(name, text) -> Path (CSV files are named after their table)."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
