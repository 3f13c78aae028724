"""Every Python block and every `reviewkit` command in the README runs; CI runs its commands."""

from __future__ import annotations

import os
import re
import shlex
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from reviewkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.S)
SET_UP = [code.strip() for lang, code in BLOCKS if lang == "bash"][:2]


def test_the_set_up_is_two_commands_and_ci_runs_exactly_them():
    install, tests = SET_UP
    assert "\n" not in install and "\n" not in tests
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert install in ci and tests in ci
    assert "pytest" in tests


@pytest.mark.parametrize(
    "code", [code for lang, code in BLOCKS if lang == "python"], ids=lambda c: c.splitlines()[0][:40]
)
def test_python_blocks_run(code, monkeypatch):
    monkeypatch.chdir(ROOT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "README.md", "exec"), {})
    plt.close("all")


COMMANDS = [
    line.split("#")[0].strip()
    for lang, code in BLOCKS[2:]
    if lang == "bash"
    for line in code.splitlines()
    if line.strip().startswith("reviewkit ")
]


@pytest.mark.parametrize("command", COMMANDS)
def test_reviewkit_commands_run(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    args = [str(tmp_path / Path(a).name) if a.startswith("out/") else a for a in args]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(args) == 0
    assert capsys.readouterr().out.strip()


def test_the_readme_shows_a_committed_picture_made_by_the_project():
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert images and all((ROOT / image).exists() for image in images)
    assert os.path.getsize(ROOT / images[0]) > 10_000
