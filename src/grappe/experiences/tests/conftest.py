import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the platform's default language is French)."""
    with translation.override("en"):
        yield
