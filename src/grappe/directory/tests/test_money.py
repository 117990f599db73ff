from decimal import Decimal

from grappe.directory.money import Currency, Money


def test_francs_convert_at_the_fixed_rate():
    assert Money(Decimal("2700000"), Currency.FRF).in_euros() == Money(
        Decimal("411612.35"), Currency.EUR
    )


def test_euros_stay_euros():
    money = Money(Decimal("120000"), Currency.EUR)
    assert money.in_euros() is money
