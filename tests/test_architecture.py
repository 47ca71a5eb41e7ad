"""
The dependency rule (README, "Architecture"): review → articles → accounts.

A module of a lower app never imports a higher one, not even inside a function. Only
the entry points — views, URLs, feeds, sitemaps, admin, management commands and the
demo loader — may know every app. Imports inside functions are allowed only to break a
real start-up cycle, with a comment saying so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"accounts": 0, "articles": 1, "review": 2, "config": 3}
APPS = ("accounts", "articles", "review")
ENTRY_POINT_FILES = {
    "views.py",
    "editor_views.py",
    "question_views.py",
    "synonym_views.py",
    "urls.py",
    "editor_urls.py",
    "feeds.py",
    "sitemaps.py",
    "admin.py",
}


def is_entry_point(relative: Path) -> bool:
    parts = relative.parts
    return relative.name in ENTRY_POINT_FILES or "demo" in parts or "commands" in parts or "migrations" in parts


def imported_apps(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in the tree that names one of our layers."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                found.append((node.lineno, top))
    return found


def upward_imports(source: str, *, app: str) -> list[str]:
    """The imports in `source` (a module of `app`) that point to a higher layer."""
    tree = ast.parse(source)
    return [f"line {line}: imports {top}" for line, top in imported_apps(tree) if LAYERS[top] > LAYERS[app]]


def uncommented_local_imports(source: str) -> list[str]:
    """Imports inside functions whose nearby comment does not say they break a start-up cycle."""
    tree = ast.parse(source)
    lines = source.splitlines()
    problems = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                context = " ".join(lines[max(0, node.lineno - 7) : node.lineno]).lower()
                if "cycle" not in context:
                    problems.append(f"line {node.lineno}: import inside {function.name}()")
    return problems


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            yield app, relative, path.read_text()


@pytest.mark.parametrize(
    "app,relative,source",
    [m for m in app_modules() if not is_entry_point(m[1])],
    ids=lambda value: str(value) if isinstance(value, Path) else "",
)
def test_rule_modules_import_only_their_own_layer_and_below(app, relative, source):
    assert upward_imports(source, app=app) == [], f"{relative} breaks review → articles → accounts"


@pytest.mark.parametrize(
    "app,relative,source", list(app_modules()), ids=lambda v: str(v) if isinstance(v, Path) else ""
)
def test_no_function_local_imports_except_to_break_a_start_up_cycle(app, relative, source):
    assert uncommented_local_imports(source) == []


def test_the_checks_catch_what_they_are_for():
    assert upward_imports("from review.models import Approval\n", app="articles") == ["line 1: imports review"]
    assert upward_imports("import articles.models\n", app="accounts") == ["line 1: imports articles"]
    assert upward_imports("from articles.models import Article\n", app="review") == []
    hidden = "def f():\n    from review import workflow\n    return workflow\n"
    assert upward_imports(hidden, app="articles") == ["line 2: imports review"]
    assert uncommented_local_imports(hidden) == ["line 2: import inside f()"]
    explained = "def f():\n    # here, not at the top: a start-up cycle\n    from review import workflow\n"
    assert uncommented_local_imports(explained) == []


def test_entry_points_are_only_the_view_url_admin_command_and_demo_layers():
    assert is_entry_point(Path("articles/views.py"))
    assert is_entry_point(Path("articles/demo/__init__.py"))
    assert is_entry_point(Path("review/management/commands/export_audit.py"))
    assert not is_entry_point(Path("articles/selectors.py"))
    assert not is_entry_point(Path("articles/search.py"))


# --- one test module per rule module ----------------------------------------------------
# Each module with rules of its own (an app module that is not an entry point, plus the
# config modules that hold site-wide rules) has a test module of the same name, so that
# finding the tests of a rule is as predictable as finding the rule. Modules that define
# only names, settings or wiring are listed here with the reason.
NO_RULES_OF_THEIR_OWN = {
    "accounts/apps.py": "app configuration",
    "articles/apps.py": "app configuration",
    "review/apps.py": "app configuration (connects signals; tested through the workflow)",
    "articles/exceptions.py": "exception classes only",
    "review/exceptions.py": "exception classes only",
    "config/settings.py": "settings (tests/test_settings.py tests what they promise)",
    "config/test_settings.py": "the test suite's settings",
    "config/wsgi.py": "wiring (tests/test_fastpath.py and tests/test_deploy.py serve through it)",
    "config/apps.py": "app configuration",
    "config/admin.py": "admin site wiring (tests/accounts/test_hardening.py)",
}


def rule_modules():
    for app in (*APPS, "config"):
        for path in sorted((ROOT / app).glob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "__init__.py" or is_entry_point(relative) or str(relative) in NO_RULES_OF_THEIR_OWN:
                continue
            yield relative


def expected_test_module(relative: Path) -> Path:
    app = relative.parts[0]
    folder = ROOT / "tests" if app == "config" else ROOT / "tests" / app
    return folder / f"test_{relative.stem}.py"


@pytest.mark.parametrize("relative", list(rule_modules()), ids=str)
def test_each_rule_module_has_a_test_module_of_the_same_name(relative):
    expected = expected_test_module(relative)
    assert expected.exists(), f"{relative}: its tests belong in {expected.relative_to(ROOT)}"


def test_the_mirror_rule_knows_where_tests_go():
    assert expected_test_module(Path("review/workflow.py")) == ROOT / "tests/review/test_workflow.py"
    assert expected_test_module(Path("config/security.py")) == ROOT / "tests/test_security.py"
    assert Path("articles/search.py") in set(rule_modules())
    assert Path("articles/views.py") not in set(rule_modules())
