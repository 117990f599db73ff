"""On PostgreSQL, the words of the search text as a full-text vector with a GIN index, so that
word searches over many experiences stay fast (nothing on SQLite, which reads the text itself).

- The vectors are generated columns: the database keeps them up to date from `search_text`,
  `search_title` and `search_tags`, which grappe.experiences.indexing writes. They are stripped
  (no positions). Searches find experiences with the index of `search_vector` alone (that
  vector is never read) and rank them with the two small vectors of titles and tags, kept
  uncompressed in the rows (`STORAGE PLAIN`; indexing bounds the length of the tags).
- Long values (texts, the big vector) are moved out of the table's rows (`toast_tuple_target`)
  while the short columns that searches rank and count by stay in them, so that a search
  reads narrow rows.
"""

from django.db import migrations

TABLE = "experiences_experience"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (strip(to_tsvector('simple', search_text))) STORED"
    )
    for name, source in (("title_vector", "search_title"), ("tags_vector", "search_tags")):
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {name} tsvector "
            f"GENERATED ALWAYS AS (strip(to_tsvector('simple', {source}))) STORED"
        )
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {name} SET STORAGE PLAIN")
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")
    for column in ("theme_codes", "sort_title"):  # short, read by every search
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE PLAIN")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_search_vector ON {TABLE} USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_vector")
    schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
    for name in ("search_vector", "title_vector", "tags_vector"):
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("experiences", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
