"""The pre-commit configuration is valid and runs the project's own pinned tools."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".pre-commit-config.yaml"


def test_pre_commit_accepts_the_configuration():
    pre_commit = Path(sys.prefix) / "bin" / "pre-commit"
    result = subprocess.run([str(pre_commit), "validate-config", str(CONFIG)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hooks_lint_format_indent_type_check_and_check_migrations():
    hooks = {hook["id"]: hook for repo in yaml.safe_load(CONFIG.read_text())["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "djhtml", "mypy", "makemigrations-check"} <= set(hooks)
    # Local tools from the venv (pinned by requirements-dev.lock): nothing to download.
    assert all(hook["language"] == "system" for hook in hooks.values())
    assert "makemigrations --check" in hooks["makemigrations-check"]["entry"]
