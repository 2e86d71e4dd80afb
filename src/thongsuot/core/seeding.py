"""Seeding hooks: how each app adds its part to `seed-demo` and `seed-national`.

An app that has demo data provides `<app>/demo.py` with `seed_demo(personas, out)`;
one with national-scale volumes provides `<app>/national.py` with
`seed_national(options, out)` and, optionally, `add_arguments(parser)`. The commands
call them in INSTALLED_APPS order, so an app may rely on the ones listed before it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_modules(name: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("thongsuot."):
            continue
        dotted = f"{config.name}.{name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)
