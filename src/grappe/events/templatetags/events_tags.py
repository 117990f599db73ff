"""The event pages' sub-navigation and small display helpers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from grappe.events import rules, selectors

register = template.Library()


@register.inclusion_tag("events/_nav.html", takes_context=True)
def event_nav(context: template.Context, event: Any, current: str = "") -> dict[str, Any]:
    user = context["request"].user
    return {
        "event": event,
        "current": current,
        "sheet": context.get("sheet"),
        "mine": selectors.my_participants(user=user, event=event),
        "can_organise": rules.can_organise_event(user, event),
        "can_see_participants": rules.can_see_participants(user, event),
    }


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A share given as a fraction (0.0123 → "1.2 %")."""
    if value is None or value == "":
        return "—"
    return f"{number_format(100 * float(value), decimal_pos=int(digits))} %"


@register.filter
def share(value: Any) -> str:
    """A share already in percent (12.5 → "12.5 %"), a dash when unknown."""
    if value is None or value == "":
        return "—"
    return f"{number_format(value)} %"


@register.filter
def number(value: Any) -> str:
    if value is None or value == "":
        return "—"
    value = float(value)
    return number_format(value, decimal_pos=0 if value.is_integer() else 2)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
