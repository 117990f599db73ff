"""The text that directory searches match: lowercase ASCII, so "Vallée" is found by "vallee".

`search_text_for(obj)` is the one definition of what a territory, organisation or network is found
by; every write that changes those fields (forms, API, imports) stores its result in
`obj.search_text`.
"""

from __future__ import annotations

import re
from typing import Any

from unidecode import unidecode

_SPACES = re.compile(r"\s+")

# The fields each model is found by, in the order they are joined.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "territory": ("name", "code", "key"),
    "organisation": ("name", "legal_form", "postcode", "city", "description"),
    "network": (
        "name",
        "acronym",
        "perimeter_description",
        "branches_description",
        "composition",
        "objectives",
    ),
}


def normalise(text: str) -> str:
    """Lowercase ASCII with single spaces: what `search_text` holds and queries are matched as."""
    return _SPACES.sub(" ", unidecode(text or "").lower()).strip()


def search_text_for(obj: Any) -> str:
    """The normalised search text of a Territory, Organisation or Network instance."""
    model_name = obj._meta.model_name
    try:
        fields = SEARCH_FIELDS[model_name]
    except KeyError:
        raise TypeError(f"no search text for {model_name!r}") from None
    parts = (str(getattr(obj, name) or "") for name in fields)
    return normalise(" ".join(p for p in parts if p))
