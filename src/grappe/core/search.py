"""The text that list searches match: lowercase ASCII, so "Vallée" is found by "vallee".

`search_text_for(obj)` is the one definition of what a searchable record is found by: the fields
its model lists in `search_fields`, joined in that order and normalised. Every write that
changes those fields (forms, API, imports) stores its result in `obj.search_text`.
"""

from __future__ import annotations

import re
from typing import Any

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lowercase ASCII with single spaces: what `search_text` holds and queries are matched as."""
    return _SPACES.sub(" ", unidecode(text or "").lower()).strip()


def search_text_for(obj: Any) -> str:
    """The normalised search text of a model instance whose model names its `search_fields`."""
    try:
        fields: tuple[str, ...] = type(obj).search_fields
    except AttributeError:
        raise TypeError(f"no search text for {obj._meta.model_name!r}") from None
    parts = (str(getattr(obj, name) or "") for name in fields)
    return normalise(" ".join(p for p in parts if p))
