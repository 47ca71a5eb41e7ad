"""
requirements.txt, for hosts and tools that install it by convention: the runtime lock
(requirements.lock) under a do-not-edit header, written by `make lock` through the
Makefile's requirements.txt rule. Every requirement in it is pinned, with hashes.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"


def header_and_body(text: str) -> tuple[list[str], str]:
    """The lines requirements.txt puts before the lock, and the rest."""
    lines = text.splitlines(keepends=True)
    header = [line for line in lines[:2] if line.startswith("# ")]
    return [line.rstrip("\n") for line in header], "".join(lines[len(header) :])


def requirement_entries(text: str) -> list[str]:
    """Each requirement of a pip requirements file, its continuation lines joined (comments dropped)."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines) + "\n")
    return [entry.strip() for entry in joined.splitlines() if entry.strip()]


def not_pinned_with_hashes(text: str) -> list[str]:
    """Every entry that is not one exact pin (==) with its sha256 hashes: an option, an include, an index, a range."""
    problems = []
    for entry in requirement_entries(text):
        requirement_text, *hashes = entry.split(" --hash=")
        if entry.startswith("-"):
            problems.append(entry)
            continue
        requirement = Requirement(requirement_text)
        operators = [specifier.operator for specifier in requirement.specifier]
        if (
            operators != ["=="]
            or not hashes
            or not all(re.fullmatch(r"sha256:[0-9a-f]{64}", h.strip()) for h in hashes)
        ):
            problems.append(requirement.name)
    return problems


def test_requirements_txt_is_the_runtime_lock_under_a_generated_header():
    header, body = header_and_body(REQUIREMENTS.read_text())
    assert len(header) == 2 and "make lock" in header[0] and "do not edit" in header[0]
    assert body == (ROOT / "requirements.lock").read_text(), "requirements.txt is stale: run `make requirements.txt`"


def test_every_requirement_is_pinned_with_hashes():
    assert len(requirement_entries(REQUIREMENTS.read_text())) > 20
    assert not_pinned_with_hashes(REQUIREMENTS.read_text()) == []


def test_the_check_catches_what_pip_would_install_unchecked():
    good = "django==5.2.19 \\\n    --hash=sha256:" + "0" * 64 + "\n    # via medreview\n"
    assert not_pinned_with_hashes(good) == []
    assert not_pinned_with_hashes("django==5.2.19 \\\n    # via medreview\n") == ["django"]
    assert not_pinned_with_hashes("django>=5.2 --hash=sha256:" + "0" * 64 + "\n") == ["django"]
    assert not_pinned_with_hashes("-r requirements.lock\n") == ["-r requirements.lock"]


def test_make_writes_requirements_txt_from_the_lock_as_it_stands(tmp_path):
    """The Makefile's rule, run on a copy: the file it writes is the one committed."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make not found")
    for name in ("Makefile", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    result = subprocess.run(
        [make, "--no-print-directory", "--always-make", "requirements.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "requirements.txt").read_text() == REQUIREMENTS.read_text()
    makefile = (ROOT / "Makefile").read_text()
    lock_recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "requirements.txt" in lock_recipe, "`make lock` remakes requirements.txt"
