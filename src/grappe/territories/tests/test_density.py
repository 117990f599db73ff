from decimal import Decimal

import pytest

from grappe.territories.density import DensityClass, DensityFacts, classify_density


def facts(population, area, firms=None, firms10=None, cantons=1):
    return DensityFacts(
        population, Decimal(area) if area is not None else None, firms, firms10, cantons
    )


def test_density_t1_when_dense_and_many_firms():
    result = classify_density(facts(100_000, 500, firms=600, firms10=200, cantons=5))
    assert result.klass is DensityClass.T1
    assert result.inhabitants_per_km2 == 200
    assert result.firms_per_canton == 120


def test_density_t2_at_the_bounds():
    assert classify_density(facts(4_000, 100, firms=20, firms10=5)).klass is DensityClass.T2
    assert classify_density(facts(8_000, 100, firms=50, firms10=5)).klass is DensityClass.T2


def test_density_t3_counts_only_firms_of_ten_plus():
    result = classify_density(facts(2_000, 100, firms=300, firms10=19))
    assert result.klass is DensityClass.T3


def test_density_gap_between_30_and_40_is_between_classes():
    result = classify_density(facts(3_500, 100, firms=30, firms10=10))
    assert result.klass is DensityClass.BETWEEN
    assert result.candidates == []


def test_density_dense_but_few_firms_is_between_classes():
    result = classify_density(facts(9_000, 100, firms=10, firms10=2))
    assert result.klass is DensityClass.BETWEEN


def test_density_missing_firms_is_unknown_with_candidates():
    result = classify_density(facts(9_000, 100, firms=None, firms10=None))
    assert result.klass is DensityClass.UNKNOWN
    assert result.candidates == [DensityClass.T1]
    assert "firms" in result.missing


def test_density_nothing_known_is_unknown():
    result = classify_density(DensityFacts(None, None, None, None, None))
    assert result.klass is DensityClass.UNKNOWN
    assert set(result.missing) >= {"population", "area_km2", "cantons"}


@pytest.mark.parametrize("area", [0, None])
def test_density_without_area_has_no_density(area):
    result = classify_density(facts(1_000, area, firms=10, firms10=1))
    assert result.inhabitants_per_km2 is None
    assert "area_km2" in result.missing
