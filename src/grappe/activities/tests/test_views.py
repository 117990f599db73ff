"""The NAF/NACE code suggestions of the forms' code boxes."""

import pytest
from django.urls import reverse

from grappe.activities.models import Activity
from grappe.testing.queries import one_versus_three


@pytest.mark.django_db
def test_activity_suggest_offers_codes_by_code_and_label(client):
    Activity.objects.create(code="C", level="section", label_fr="Industrie manufacturière")
    Activity.objects.create(
        code="25",
        level="division",
        label_fr="Métallurgie",
        label_en="Metal products",
        parent_id="C",
    )
    url = reverse("activity-suggest")

    by_code = client.get(url, {"q": "25"}, HTTP_ACCEPT_LANGUAGE="en")
    by_label = client.get(url, {"field": "activity", "activity": "métal"})

    assert by_code.status_code == 200
    assert by_code.content.decode().strip() == '<option value="25">Metal products</option>'
    assert '<option value="25">' in by_label.content.decode()
    assert client.get(url, {"q": " "}).content.decode().strip() == ""


@pytest.mark.django_db
def test_activity_suggestions_queries_do_not_grow(client):
    codes = iter(["25.1", "25.2", "25.3"])
    Activity.objects.create(code="25", level="division", label_fr="Métallurgie")

    def add():
        Activity.objects.create(code=next(codes), level="group", label_fr="Métal", parent_id="25")

    one, three = one_versus_three(
        lambda: client.get(reverse("activity-suggest"), {"q": "25."}),
        add,
        lambda response: response.content.decode().count("<option"),
    )
    assert one == three
