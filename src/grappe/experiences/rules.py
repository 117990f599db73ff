"""Who may change the knowledge base (grappe.accounts.rules describes the roles): platform admins
and the managers of the experience's network write; everyone reads published experiences."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grappe.accounts.rules import is_admin as is_admin
from grappe.accounts.rules import is_signed_in
from grappe.accounts.rules import require as require
from grappe.directory.models import Network
from grappe.directory.rules import can_edit_network, managed_network_ids, manages_some_network
from grappe.experiences.models import Experience


def can_create_experience(user: Any, network: Network | None) -> bool:
    """Admins, and managers of `network` for an experience of that network."""
    if is_admin(user):
        return True
    return network is not None and can_edit_network(user, network)


def can_edit_experience(user: Any, experience: Experience) -> bool:
    if is_admin(user):
        return True
    network = experience.network if experience.network_id is not None else None
    return network is not None and can_edit_network(user, network)


def can_delete_experience(user: Any, experience: Experience) -> bool:
    return can_edit_experience(user, experience)


def visible_experiences(user: Any) -> QuerySet[Experience]:
    if is_admin(user):
        return Experience.objects.all()
    if is_signed_in(user):
        managed = managed_network_ids(user)
        return Experience.objects.filter(Q(published=True) | Q(network_id__in=managed))
    return Experience.objects.filter(published=True)


def can_create_some_experience(user: Any) -> bool:
    """Whether to offer "new experience": admins, and managers of at least one network."""
    return is_admin(user) or manages_some_network(user)
