from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


@dataclass(frozen=True)
class Ratio:
    """A completion ratio shown with numerator and denominator, so a reader never has to guess
    what a percentage was taken of (709/724 is 97.9 %, whatever a report once printed)."""

    numerator: int
    denominator: int

    @property
    def percent(self):
        if not self.denominator:
            return None
        value = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def complete(self):
        return self.denominator > 0 and self.numerator == self.denominator

    def percent_label(self):
        """'97,9 %' in Vietnamese, '97.9 %' in English, a non-breaking space before the sign so
        a line never starts with it (issue 15); '—' when nothing to divide by. Every page, PDF
        and sentence shows a percentage through this, beside its numerator and denominator."""
        if self.percent is None:
            return "—"
        return f"{number_format(self.percent, 1)}\u00a0%"

    def __str__(self):
        """'3.321/3.321' in Vietnamese: grouped like every count shown to people."""
        group = lambda n: number_format(n, force_grouping=True)  # noqa: E731
        return f"{group(self.numerator)}/{group(self.denominator)}"
