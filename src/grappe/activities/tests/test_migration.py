"""Moving Activity from the directory keeps the table, its rows and what points at them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0003_list_order_indexes"), ("activities", None)]
BEFORE_STATE = [BEFORE[0], ("contenttypes", "0002_remove_content_type_name")]
AFTER = [("directory", "0004_activity_moves_to_activities"), ("activities", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_activity_move_keeps_rows_links_and_content_type():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE_STATE).apps
    activity = old.get_model("directory", "Activity")
    activity.objects.create(code="C", level="section", label_fr="Industrie manufacturière")
    activity.objects.create(code="25", level="division", label_fr="Métallurgie", parent_id="C")
    organisation = old.get_model("directory", "Organisation").objects.create(
        name="Décolletage Dupont", slug="dupont", kind="company", activity_id="25"
    )
    network = old.get_model("directory", "Network").objects.create(
        name="Vallée de l'Arve", slug="arve", kind="cluster"
    )
    network.branches.add("C")
    content_type = old.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="directory", model="activity")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("activities", "Activity")
    assert list(moved.objects.order_by("code").values_list("code", "parent_id")) == [
        ("25", "C"),
        ("C", None),
    ]
    assert (
        new.get_model("directory", "Organisation").objects.get(pk=organisation.pk).activity_id
        == "25"
    )
    branches = new.get_model("directory", "Network").objects.get(pk=network.pk).branches
    assert list(branches.values_list("code", flat=True)) == ["C"]
    labels = content_type.objects.filter(model="activity").values_list("app_label", flat=True)
    assert list(labels) == ["activities"]

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
