"""The one transition check: allowed moves pass, refused ones raise InvalidTransition with the app's words."""

import pytest

from thongsuot.core.errors import InvalidTransition
from thongsuot.core.workflow import check_transition

TABLE = {"draft": {"issued"}, "issued": set()}


def test_an_allowed_move_passes_without_building_the_message():
    def never():
        raise AssertionError("the refusal is built only for a refused move")

    check_transition(TABLE, "draft", "issued", never)


@pytest.mark.parametrize(("current", "target"), [("issued", "draft"), ("draft", "draft"), ("unknown", "issued")])
def test_a_refused_move_raises_with_the_given_words(current, target):
    with pytest.raises(InvalidTransition, match="Không thể chuyển") as refused:
        check_transition(TABLE, current, target, lambda: f"Không thể chuyển từ “{current}” sang “{target}”.")
    assert refused.value.status_code == 409
