"""The shipped catalogue (data/experiences.json): it imports cleanly, and search and similar
cases give on it what a reader of the sources expects."""

import pytest
from django.contrib.auth.models import AnonymousUser

from grappe.datafiles.importer import import_files
from grappe.experiences.catalogue import CATALOGUE
from grappe.experiences.models import Experience
from grappe.experiences.selectors import SearchFilters, search
from grappe.experiences.similar import similar_to
from grappe.site.demo import SEED_DIR, SEED_FILES
from grappe.territories.reference import reference_load

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not CATALOGUE.exists() or not all((SEED_DIR / f).exists() for f in SEED_FILES),
        reason="the shipped catalogue or the directory's seed files are not there yet",
    ),
]


@pytest.fixture
def shipped(db):
    """The demo's data: the official geography and codes, the seed files, the catalogue."""
    reference_load()
    import_files([SEED_DIR / name for name in SEED_FILES])
    return import_files([CATALOGUE])


def similar_refs(ref, limit=5):
    experience = Experience.objects.get(ref=ref)
    items = similar_to(user=AnonymousUser(), experience=experience, limit=limit)
    return [i.experience.ref for i in items]


def found(query):
    result = search(user=AnonymousUser(), filters=SearchFilters(query=query), limit=200)
    return {e.ref for e in result.items}


def test_the_shipped_catalogue(shipped):
    # Everything imports (the demo loads it the same way).
    assert shipped.counts["experiences"].created == Experience.objects.count() > 60
    assert not Experience.objects.filter(network__isnull=True, ref__startswith="aimver-").exists()

    # The South-Aquitaine inter-cluster training programme and Interclustering 47 are both
    # Aquitaine inter-cluster approaches with shared training and public partners.
    assert similar_refs("south-aquitaine-training")[0] == "interclustering-47"
    assert "south-aquitaine-training" in similar_refs("interclustering-47", limit=3)

    # Knitland (Roanne): closest is the other textile network selling its members' products
    # together (Cévennes); Mecanergie, the other Roanne grouping that broke up, comes next.
    knitland = similar_refs("aimver-knitland", limit=3)
    assert knitland[0] == "aimver-route-du-textile-cevennes"
    assert "aimver-mecanergie" in knitland

    # A French word and its English equivalent find the same experiences.
    assert {"south-aquitaine-training", "interclustering-47"} <= found("formation")
    assert found("formation") == found("training")
    assert found("sous-traitance") == found("subcontracting")
