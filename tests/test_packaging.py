"""The conda environment and the pip package must ask for the same things."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from the PyPI names.
CONDA_NAMES = {"python-docx": "python-docx", "python-dateutil": "python-dateutil"}


def _name_and_bound(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_name_and_bound(r) for r in requirements)


def _conda_requirements() -> tuple[dict[str, str], list]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    named = dict(_name_and_bound(d) for d in conda)
    named.pop("python")
    named.pop("pip")
    return named, pip_section


def test_environment_and_pyproject_list_the_same_packages_and_bounds():
    pyproject = _pyproject_requirements()
    conda, _ = _conda_requirements()
    assert {CONDA_NAMES.get(n, n): b for n, b in pyproject.items()} == conda


def test_environment_installs_the_package_itself_through_pip():
    _, pip_section = _conda_requirements()
    assert "-e ." in pip_section


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in environment["dependencies"]


def test_the_reviewkit_command_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["reviewkit"] == "reviewkit.cli:main"
