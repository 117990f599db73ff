"""Writes on experiences: who may write, validation, children, derived fields, change log."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from grappe.audit.models import ChangeLogEntry
from grappe.experiences import services
from grappe.experiences.models import Experience
from grappe.testing.factories import ExperienceFactory, NetworkFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

DATA = {"ref": "vimeu-training", "title_fr": "Formation des apprentis du Vimeu"}


def test_admin_creates_with_children_and_derived_fields(admin_user, network):
    experience = services.experience_create(
        actor=admin_user,
        data=DATA | {"network": network, "keywords": ["Formation", "robinetterie"]},
        themes=["collaborative.training", "collaborative.training"],
        partners=[{"name": "Région", "share_percent": Decimal("40")}, {"name": "État"}],
        figures=[
            {"name": "firms", "kind": "count", "value": Decimal("100"), "year": 1997},
            {"name": "employees", "kind": "count", "value": Decimal("8000"), "year": 1997},
            {"name": "budget", "kind": "money", "value": Decimal("2000000"), "currency": "FRF"},
        ],
    )
    experience.refresh_from_db()
    assert [t.theme for t in experience.themes.all()] == ["collaborative.training"]
    assert [(p.position, p.name, p.share_percent) for p in experience.partners.all()] == [
        (0, "Région", Decimal("40.00")),
        (1, "État", None),
    ]
    assert (experience.firms, experience.employees) == (100, 8000)
    assert experience.languages == ["fr"]
    assert experience.theme_codes == "collaborative.training"
    # each word once, in order of appearance (titles, then the network's name)
    assert experience.search_title == " formation des apprentis du vimeu club entreprises "
    assert " training " in experience.search_tags and " robinetterie " in experience.search_tags
    # "Formation" and "apprentis" are concepts (French and English alike); other words stems
    assert experience.profile_words == "robinetter vimeu ~apprenticeship ~training"
    entry = ChangeLogEntry.objects.get(object_type="experience")
    assert (entry.action, entry.actor) == ("created", admin_user)


@pytest.mark.parametrize("who", ["member_user", "outsider", "anonymous"])
def test_create_refused_to_others(request, who, network):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.experience_create(actor=user, data=DATA | {"network": network})
    assert not Experience.objects.exists()


def test_manager_writes_for_own_network_only(manager, network, other_network):
    mine = services.experience_create(actor=manager, data=DATA | {"network": network})
    services.experience_update(actor=manager, experience=mine, data={"region": "Picardie"})
    with pytest.raises(PermissionDenied):
        services.experience_create(
            actor=manager, data=DATA | {"ref": "x", "network": other_network}
        )
    with pytest.raises(PermissionDenied):  # moving it to a network they do not manage
        services.experience_update(actor=manager, experience=mine, data={"network": other_network})
    with pytest.raises(PermissionDenied):  # no network: admins only
        services.experience_create(actor=manager, data=DATA | {"ref": "y"})
    theirs = ExperienceFactory(ref="cher-1", network=other_network)
    with pytest.raises(PermissionDenied):
        services.experience_update(actor=manager, experience=theirs, data={"region": "Berry"})
    with pytest.raises(PermissionDenied):
        services.experience_delete(actor=manager, experience=theirs)
    services.experience_delete(actor=manager, experience=mine)
    assert list(Experience.objects.values_list("ref", flat=True)) == ["cher-1"]


def test_validation_names_every_bad_field(admin_user):
    with pytest.raises(ValidationError) as info:
        services.experience_create(
            actor=admin_user,
            data={"ref": "bad", "country": "France", "period_start": 2001, "period_end": 1995},
            themes=["training"],
            partners=[
                {"name": "A", "share_percent": Decimal("70")},
                {"name": "B", "share_percent": Decimal("50")},
            ],
            figures=[
                {"name": "budget", "kind": "money", "value": Decimal("10")},
                {"name": "other", "kind": "count", "value": Decimal("3")},
                {"name": "firms", "kind": "count", "value": Decimal("3"), "colour": "red"},
            ],
        )
    assert sorted(info.value.message_dict) == [
        "country",
        "figures.0.currency",
        "figures.1.note",
        "figures.2",
        "partners",
        "period_end",
        "themes",
        "title_fr",
    ]
    assert not Experience.objects.exists()


def test_unknown_data_fields_are_refused(admin_user):
    with pytest.raises(ValidationError) as info:
        services.experience_create(actor=admin_user, data=DATA | {"search_text": "x"})
    assert list(info.value.message_dict) == ["search_text"]


def test_update_keeps_children_not_given_and_logs_changes(admin_user):
    experience = ExperienceFactory(
        ref="e1", themes=["interclustering"], partners=[{"name": "CCI", "share_percent": 20}]
    )
    services.experience_update(
        actor=admin_user, experience=experience, data={"region": "Aquitaine"}
    )
    experience.refresh_from_db()
    assert [t.theme for t in experience.themes.all()] == ["interclustering"]
    assert [p.name for p in experience.partners.all()] == ["CCI"]
    services.experience_update(
        actor=admin_user,
        experience=experience,
        data={},
        themes=["collaborative.training"],
        partners=[],
    )
    assert experience.theme_codes == "collaborative.training"
    assert not experience.partners.exists()
    entries = ChangeLogEntry.objects.filter(object_type="experience", action="updated")
    assert [e.fields for e in entries.order_by("id")] == [["region"], ["partners", "themes"]]


def test_density_class_from_source_then_territory(admin_user):
    dense = TerritoryFactory(
        key="canton:1", level="canton", population=50000, area_km2=100, cantons_count=1
    )
    dense.establishments_0_9, dense.establishments_10_49 = 300, 60
    dense.establishments_50_249, dense.establishments_250_plus = 10, 2
    dense.save()
    computed = ExperienceFactory(ref="a", territory=dense)
    declared = ExperienceFactory(ref="b", territory=dense, declared_density_class="T3")
    nothing = ExperienceFactory(ref="c")
    assert [computed.density_class, declared.density_class, nothing.density_class] == [
        "T1",
        "T3",
        "unknown",
    ]


def test_origin_from_themes_then_network_origin(admin_user):
    public = NetworkFactory(slug="p", origin="Les élus du syndicat mixte, avec des industriels")
    firms = NetworkFactory(slug="f", origin="Un industriel, patron d'une PME, puis la C.C.I.")
    assert ExperienceFactory(ref="a", network=public).origin_kind == "public"
    assert ExperienceFactory(ref="b", network=firms).origin_kind == "firms"
    craft = ExperienceFactory(ref="c", network=public, themes=["emergence.craft"])
    assert craft.origin_kind == "craft"
    assert ExperienceFactory(ref="d").origin_kind == ""


def test_reindex_follows_network_changes(admin_user, network):
    experience = ExperienceFactory(ref="e", network=network)
    network.name = "Chambre syndicale du Vimeu"
    network.save()
    assert services.experiences_reindex() == 1
    experience.refresh_from_db()
    assert " chambre syndicale du vimeu " in experience.search_title
    with pytest.raises(PermissionDenied):
        services.experiences_reindex(actor=AnonymousUser())
