"""Who may do what: the checks every app's rules start from.

Each app keeps its own rules beside its models (`grappe.<app>.rules`), one function per rule;
its services call them before every write and its selectors filter with them, for pages, API
and commands alike. The roles:

- platform admin: a superuser; may do everything;
- network manager: listed in `Network.managers` (grappe.directory.rules);
- member: listed in `Organisation.editors` (grappe.directory.rules);
- anonymous visitors and other users read published content only.

Every app's rules module also offers `is_admin` and `require` from here, so that a service
needs one `rules` name: `rules.require(rules.can_edit_network(actor, network))`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_admin(user: Any) -> bool:
    return bool(is_signed_in(user) and user.is_superuser)


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless `allowed`; services call it before every write."""
    if not allowed:
        raise PermissionDenied
