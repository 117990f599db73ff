"""Query-count guards: a list costs the same number of queries for one item as for three."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(call: Callable[[], Any]) -> tuple[int, Any]:
    """The number of database queries `call()` makes, and what it returns."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


def one_versus_three(
    call: Callable[[], Any], add: Callable[[], Any], shown: Callable[[Any], int]
) -> tuple[int, int]:
    """Queries of `call()` with one item, then with three: `add()` makes the first item on the
    first call and two more on the second. `shown(result)` counts the items the result shows,
    so that a list showing nothing cannot pass. Each counted call follows an uncounted one, so
    that what is kept between requests (content types, translations, the similar-cases index,
    rebuilt when experiences change) is not counted; what a list asks per item is, both times.
    """
    add()
    call()
    one, result = queries_of(call)
    assert shown(result) == 1, f"the list shows {shown(result)} items, expected 1"
    add()
    add()
    call()
    three, result = queries_of(call)
    assert shown(result) == 3, f"the list shows {shown(result)} items, expected 3"
    return one, three


def html_count(marker: str) -> Callable[[Any], int]:
    """Counts the items of a page: how many times `marker` is in its HTML."""
    return lambda response: response.content.decode().count(marker)


def api_items(response: Any) -> int:
    """Counts the items of a paginated API list (and requires the call to have succeeded)."""
    assert response.status_code == 200, response.content
    return len(response.json()["items"])
