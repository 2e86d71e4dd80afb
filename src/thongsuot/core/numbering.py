"""Document numbers (Decree 30/2020, Art. 15): each issuer numbers its documents in yearly series,
locked so two leaders approving at once never get the same number.

`number_take(issuer=, series=, year=)` returns the next number and records it, inside the caller's
transaction; `number_peek` shows the number the next approval would get (for the approval form);
`number_record` keeps a number the signer wrote by hand (a written request, whose number the leader
may change on the form), so the next one proposed follows it.
"""

from __future__ import annotations

from thongsuot.core.models import NumberSequence


def _locked(issuer: str, series: str, year: int) -> NumberSequence:
    """The series' row for the year, made if new, locked until the caller commits."""
    row, _created = NumberSequence.objects.select_for_update().get_or_create(issuer=issuer, series=series,
                                                                            year=year)
    return row


def number_take(*, issuer: str, series: str, year: int) -> int:
    """Take the next number of the issuer's series for the year (row locked until the caller commits)."""
    row = _locked(issuer, series, year)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


def number_peek(*, issuer: str, series: str, year: int) -> int:
    """The number the next `number_take` would give (not reserved)."""
    row = NumberSequence.objects.filter(issuer=issuer, series=series, year=year).first()
    return (row.last if row else 0) + 1


def number_record(*, issuer: str, series: str, year: int, number: int) -> None:
    """Record a number given by hand (row locked until the caller commits): the series goes on from the
    highest number given, never back."""
    row = _locked(issuer, series, year)
    if number > row.last:
        row.last = number
        row.save(update_fields=["last"])
