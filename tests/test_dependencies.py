"""pyproject.toml is the one list of dependencies; the lock files follow it, with hashes."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def locked(name: str) -> dict[str, str]:
    """{package: version} of a lock file; fails on an entry without a hash."""
    text = (ROOT / name).read_text()
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def declared(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for line in requirements:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier  # one exact pin per direct dependency
        assert specifier.operator == "==", f"{line}: direct dependencies are pinned exactly"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


RUNTIME = declared(PYPROJECT["project"]["dependencies"])
DEV = declared(PYPROJECT["project"]["optional-dependencies"]["dev"])


def test_the_runtime_lock_holds_every_runtime_pin_of_pyproject():
    lock = locked("requirements.lock")
    assert {name: lock.get(name) for name in RUNTIME} == RUNTIME


def test_the_dev_lock_holds_every_pin_of_pyproject():
    lock = locked("requirements-dev.lock")
    assert {name: lock.get(name) for name in {**RUNTIME, **DEV}} == {**RUNTIME, **DEV}


def test_both_locks_agree_on_every_version():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_nothing_needs_setuptools_at_run_time():
    # textstat 0.7.4 imported pkg_resources; readability is computed with pyphen instead.
    assert "textstat" not in RUNTIME and "setuptools" not in RUNTIME
    assert "pyphen" in RUNTIME


def test_the_project_supports_python_3_11_and_newer():
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert PYPROJECT["build-system"]["build-backend"]


def test_a_lock_entry_without_a_hash_is_caught(tmp_path, monkeypatch):
    (tmp_path / "bad.lock").write_text("django==5.2.19\n    # via medreview\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    try:
        locked("bad.lock")
    except AssertionError as error:
        assert "django has no hash" in str(error)
    else:
        raise AssertionError("an entry without a hash passed")
