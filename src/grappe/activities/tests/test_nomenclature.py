"""The NAF/NACE nomenclature read from the shipped files (no database)."""

from grappe.activities import nomenclature


def test_nomenclature_levels_labels_and_naics():
    assert nomenclature.ancestors("26.11Z") == ["26.11", "26.1", "26", "C"]
    assert nomenclature.normalise_code("2611z") == "26.11Z"
    assert nomenclature.activity_label("10", "en") == "Manufacture of food products"
    assert "334413" in nomenclature.naics_for("26.11")
    assert not nomenclature.is_valid_code("99.99Z")
