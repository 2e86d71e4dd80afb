"""Every app has its place in the layer contract that `make lint` checks (.importlinter)."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_app_is_in_a_layer():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"]
    named = {name.strip() for line in layers.splitlines() for name in line.replace("|", ":").split(":") if name.strip()}
    apps = {f"thongsuot.{path.parent.name}" for path in (ROOT / "src" / "thongsuot").glob("*/apps.py")}
    assert apps - named == set(), "add the new app to a layer in .importlinter"
    assert "thongsuot.core" == layers.strip().splitlines()[-1].strip()


DOMAIN_APPS = ("obstacles", "decentralisation", "directives", "staffing", "procedures", "facilities", "reports",
               "campaign")
#: What a domain app may use of another: its reads, its writes and its rules, nothing else.
PUBLIC = ("selectors", "services", "permissions")


def _graph():
    import grimp

    return grimp.build_graph("thongsuot", cache_dir=None)


def test_domain_apps_use_each_other_only_through_selectors_services_and_rules():
    graph = _graph()
    crossings = []
    for app in DOMAIN_APPS:
        for module in graph.find_descendants(f"thongsuot.{app}") | {f"thongsuot.{app}"}:
            for imported in graph.find_modules_directly_imported_by(module):
                parts = imported.split(".")
                if len(parts) < 2 or parts[1] not in DOMAIN_APPS or parts[1] == app:
                    continue
                if len(parts) < 3 or parts[2] not in PUBLIC:
                    crossings.append(f"{module} → {imported}")
    assert not crossings, "go through the other app's selectors, services or permissions:\n" + "\n".join(crossings)


def test_no_import_of_the_platform_hides_inside_a_function():
    """Imports inside functions hide cycles. Allowed: an app's ready() (Django loads models after
    the app modules) and the command line, which must read its arguments before Django starts."""
    import ast

    hidden = []
    for path in (ROOT / "src" / "thongsuot").rglob("*.py"):
        if path.name == "apps.py" or path.name == "cli.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("thongsuot"):
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}")
    assert not hidden, "import at the top of the module:\n" + "\n".join(sorted(hidden))
