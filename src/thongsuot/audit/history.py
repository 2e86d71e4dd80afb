"""Who may read an object's audit history: whoever may see the object itself.

Each app declares on its `AppConfig`, as `history_readers`, a map from model label to the
dotted path of its own scoped selector (`SIGNED_IN` for shared catalogues); `register_from_apps`
(audit's `ready()`) reads them all, the way `config/urls.py` and the navigation discover apps. A
type's history is then shown to whoever the selector lets see the object; an unregistered type,
and the whole log, to whoever `accounts` says may read the log (national admins). audit sits below
accounts in the layers, so accounts hands its rules down here at start-up instead of
audit importing them.
"""

from collections.abc import Callable
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

#: `history_readers` value for shared records (catalogues) every signed-in official may read.
SIGNED_IN = "signed-in"

_ACCESS: dict[str, Callable] = {}
_rules: dict[str, Callable] = {}


def register(object_type: str, may_see: Callable) -> None:
    _ACCESS[object_type] = may_see


def register_visible(visible: Callable | str, *object_types: str) -> None:
    """Register, for each model label, "may see its history when `visible(user=user)` holds the
    object": the app's own scoped selector (or its dotted path, imported at first use) decides, as
    it does for the object's pages."""
    selector = cache(import_string)(visible) if isinstance(visible, str) else visible

    def may_see(user, object_id) -> bool:
        return selector(user=user).filter(pk=int(object_id)).exists()

    for object_type in object_types:
        register(object_type, may_see)


def register_signed_in(*object_types: str) -> None:
    """Register shared records (catalogues) whose history every signed-in official may read."""
    for object_type in object_types:
        register(object_type, lambda user, object_id: bool(getattr(user, "is_authenticated", False)))


def register_from_apps() -> None:
    """Register every installed app's `history_readers` (model label → selector path or SIGNED_IN)."""
    for config in apps.get_app_configs():
        for object_type, reader in getattr(config, "history_readers", {}).items():
            if reader == SIGNED_IN:
                register_signed_in(object_type)
            else:
                register_visible(reader, object_type)


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
