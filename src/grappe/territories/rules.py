"""Who may change territories (grappe.accounts.rules describes the roles)."""

from __future__ import annotations

from typing import Any

from grappe.accounts.rules import is_admin as is_admin
from grappe.accounts.rules import require as require


def can_manage_territories(user: Any) -> bool:
    return is_admin(user)
