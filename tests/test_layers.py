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
