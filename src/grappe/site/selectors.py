"""What the home page shows."""

from __future__ import annotations

from typing import Any

from grappe.accounts import rules
from grappe.audit.selectors import recent_changes
from grappe.directory.models import NetworkKind
from grappe.directory.selectors import directory_counts, networks_by_kind


def home_page(*, user: Any) -> dict[str, Any]:
    rows = networks_by_kind(user=user)
    top = max((r["n"] for r in rows), default=1)
    labels = dict(NetworkKind.choices)
    return {
        "counts": directory_counts(user=user),
        "by_kind": [
            {**r, "label": labels.get(r["kind"], r["kind"]), "percent": round(100 * r["n"] / top)}
            for r in rows
        ],
        "changes": recent_changes(limit=12, public_only=not rules.is_admin(user)),
    }
