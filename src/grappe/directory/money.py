"""Money with its currency: the sources speak French francs (before 2002) and euros."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Currency(StrEnum):
    EUR = "EUR"
    FRF = "FRF"


# Irrevocable conversion rate fixed on 31 December 1998.
FRF_PER_EUR = Decimal("6.55957")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: Currency

    def in_euros(self) -> Money:
        """The same sum in euros (francs converted at the fixed rate, rounded to the cent)."""
        if self.currency is Currency.EUR:
            return self
        euros = (self.amount / FRF_PER_EUR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return Money(euros, Currency.EUR)
