"""Who may read an object's audit history: whoever may see the object itself.

Each app registers, for its model labels, a function `(user, object_id) -> bool` that
answers through its own scoped selectors; an unregistered type, and the whole log, are
shown to whoever `accounts` says may read the log (national admins). audit sits below
accounts in the layers, so accounts hands its rules down here at start-up instead of
audit importing them.
"""

from collections.abc import Callable

_ACCESS: dict[str, Callable] = {}
_rules: dict[str, Callable] = {}


def register(object_type: str, may_see: Callable) -> None:
    _ACCESS[object_type] = may_see


def register_visible(visible: Callable, *object_types: str) -> None:
    """Register, for each model label, "may see its history when `visible(user=user)` holds the
    object": the app's own scoped selector decides, as it does for the object's pages."""
    def may_see(user, object_id) -> bool:
        return visible(user=user).filter(pk=int(object_id)).exists()

    for object_type in object_types:
        register(object_type, may_see)


def register_signed_in(*object_types: str) -> None:
    """Register shared records (catalogues) whose history every signed-in official may read."""
    for object_type in object_types:
        register(object_type, lambda user, object_id: bool(getattr(user, "is_authenticated", False)))


def register_rules(*, may_read_log: Callable, agency_of: Callable, may_export: Callable) -> None:
    """Take from accounts: who may read the whole log, the agency a user acts for (or None), and
    whose role may take lists out as Excel (audit.exports checks it for every list)."""
    _rules.update(may_read_log=may_read_log, agency_of=agency_of, may_export=may_export)


def may_export(user) -> bool:
    rule = _rules.get("may_export")
    return bool(rule and rule(user))


def may_read_log(user) -> bool:
    rule = _rules.get("may_read_log")
    return bool(rule and rule(user))


def agency_of(user):
    rule = _rules.get("agency_of")
    return rule(user) if rule else None


def may_see_history(user, object_type: str, object_id: str) -> bool:
    check = _ACCESS.get(object_type)
    if check is not None:
        try:
            return bool(check(user, object_id))
        except (ValueError, TypeError):
            return False
    return may_read_log(user)
