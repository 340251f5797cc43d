"""`pip install .` ships every app of the project (the activity app was once left out)."""

import tomllib
from pathlib import Path

from django.apps import apps
from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[2]


def _shipped_packages():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    find = config["tool"]["setuptools"]["packages"]["find"]
    return set(find_namespace_packages(where=str(ROOT), include=find["include"]))


def _our_apps():
    return [a for a in apps.get_app_configs() if Path(a.path).parent == ROOT]


def _first_party():
    known = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    return set(known["isort"]["known-first-party"])


def test_it_ships_every_app_of_the_project_and_their_subpackages():
    ours = _our_apps()
    assert {a.name for a in ours} >= {"core", "accounts", "assignments", "activity", "demo"}
    shipped = _shipped_packages()
    for app in ours:
        for init in Path(app.path).rglob("__init__.py"):
            package = ".".join(init.parent.relative_to(ROOT).parts)
            assert package in shipped, f"{package} is not in the wheel"


def test_the_linter_knows_every_app_as_first_party():
    assert {a.name for a in _our_apps()} <= _first_party()
