"""The one check of every workflow table: may a record go from this state (or step) to that one?

Each app keeps its table as data beside its model (`{current: {allowed, …}}`) and names the move
in its own words; this function is where a refused move becomes `InvalidTransition` (409).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping

from thongsuot.core.errors import InvalidTransition


def check_transition(table: Mapping[Hashable, Collection[Hashable]], current: Hashable, target: Hashable,
                     refusal: Callable[[], str]) -> None:
    """Raise InvalidTransition(refusal()) unless `table` allows `current` → `target`.

    `refusal` is called only when the move is refused, so the message (translated, with both
    states' labels) costs nothing on the allowed path.
    """
    if target not in table.get(current, ()):
        raise InvalidTransition(refusal())
