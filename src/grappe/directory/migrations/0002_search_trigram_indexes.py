"""Trigram indexes so that "contains" searches stay fast on PostgreSQL (nothing on SQLite)."""

from django.db import migrations

TABLES = ["directory_organisation", "directory_network", "territories_territory"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("territories", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
