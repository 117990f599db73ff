"""Schemas of the directory's HTTP API, by sub-domain: `organisations` (organisations, people,
offers and needs) and `networks` (networks, their money, memberships and dues). The shared parts
are in grappe.core.schemas; here are the directory's natural keys, which other apps' inputs use.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from grappe.accounts.auth import actor
from grappe.core.schemas import Ref
from grappe.directory import rules

ORGANISATION = Ref("organisation", "slug", rules.visible_organisations)
NETWORK = Ref("network", "slug", rules.visible_networks)
NETWORKS = Ref("network", "slug", rules.visible_networks, many=True)
USERS = Ref(
    "user name",
    "username",
    lambda actor: get_user_model().objects.filter(is_active=True),
    many=True,
)


def request_actor(context: Any) -> Any:
    """The caller, from the context ninja gives an output schema's resolvers."""
    return actor(context["request"])
