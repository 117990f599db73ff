"""The list of one's API tokens costs as many queries for three tokens as for one."""

import itertools

import pytest

from grappe.accounts.services import api_token_create
from grappe.testing.queries import one_versus_three

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def test_api_tokens(client, outsider):
    client.force_login(outsider)
    one, three = one_versus_three(
        lambda: client.get("/api/tokens"),
        lambda: api_token_create(actor=outsider, name=f"script {next(_serial)}"),
        lambda response: len(response.json()),
    )
    assert one == three
