"""Who may read an object's audit history: whoever may see the object itself.

Each app registers, for its model labels, a function `(user, object_id) -> bool` that
answers through its own scoped selectors; an unregistered type is shown to national
admins only.
"""

from collections.abc import Callable

_ACCESS: dict[str, Callable] = {}


def register(object_type: str, may_see: Callable) -> None:
    _ACCESS[object_type] = may_see


def may_see_history(user, object_type: str, object_id: str) -> bool:
    from thongsuot.accounts.permissions import scope_of

    check = _ACCESS.get(object_type)
    if check is not None:
        try:
            return bool(check(user, object_id))
        except (ValueError, TypeError):
            return False
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows("manage_members"))
