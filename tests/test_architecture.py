"""
The layers (README, "Architecture"), checked on the code itself:

    web, demo  →  publishing  →  review  →  articles  →  accounts      (config wires them; bench measures)

- Imports between top-level folders run one way only, down the list in LAYERS; none runs
  back up, none goes sideways between folders of the same layer (web ↮ demo), and none
  hides inside a function unless it breaks a real start-up cycle, with a comment saying so.
- The domain apps (accounts, articles, review) hold models, rules, services and selectors:
  no view, URL module, form, feed or sitemap, and nothing from Django's request layer.
- Each part of the web layer (reader, editor, board, accounts) imports no other part; what
  they share sits in web/ itself (web.security, web.permissions).
- No module over MAX_MODULE_LINES lines (migrations aside) and no function over
  MAX_FUNCTION_LINES lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "accounts": 0,
    "articles": 1,
    "review": 2,
    "publishing": 3,
    "web": 4,
    "demo": 4,
    "config": 5,
    "bench": 6,
}
DOMAIN_APPS = ("accounts", "articles", "review")
WEB_PARTS = ("reader", "editor", "board", "accounts")
# A module of a domain app that is named like one of these is a page, not a rule.
PAGE_MODULE_NAMES = {"views.py", "urls.py", "forms.py", "feeds.py", "sitemaps.py"}
# Django's request layer: a domain app that needs these holds a page.
REQUEST_LAYER = ("django.http", "django.shortcuts", "django.views", "django.forms", "django.contrib.syndication")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def imports_of(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted module) of every absolute import in the tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module in LAYERS or node.module == "web":  # `from web import security` names a module
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def folder_of(relative: Path) -> str:
    return relative.parts[0]


def wrong_way_imports(source: str, *, folder: str) -> list[str]:
    """The imports in `source` (a module of `folder`) that run back up or sideways between folders."""
    problems = []
    for line, module in imports_of(ast.parse(source)):
        top = module.split(".")[0]
        if top in LAYERS and top != folder and LAYERS[top] >= LAYERS[folder]:
            problems.append(f"line {line}: imports {top}")
    return problems


def request_layer_imports(source: str) -> list[str]:
    """Imports of Django's request layer (views, forms, responses)."""
    return [
        f"line {line}: imports {module}"
        for line, module in imports_of(ast.parse(source))
        if module.startswith(REQUEST_LAYER)
    ]


def other_web_parts(source: str, *, part: str) -> list[str]:
    """Imports, from web/<part>/, of another part of the web layer."""
    problems = []
    for line, module in imports_of(ast.parse(source)):
        pieces = module.split(".")
        if pieces[0] == "web" and len(pieces) > 1 and pieces[1] in WEB_PARTS and pieces[1] != part:
            problems.append(f"line {line}: imports {module}")
    return problems


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


def oversized(source: str) -> list[str]:
    """A module over MAX_MODULE_LINES, and every function over MAX_FUNCTION_LINES."""
    problems = []
    if source.count("\n") > MAX_MODULE_LINES:
        problems.append(f"{source.count(chr(10))} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
            if length > MAX_FUNCTION_LINES:
                problems.append(f"{node.name}() is {length} lines")
    return problems


def project_modules():
    """(relative path, source) of every module of the project, tests and migrations aside."""
    for folder in LAYERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative, path.read_text()


MODULES = list(project_modules())


def _ids(value):
    return str(value) if isinstance(value, Path) else ""


@pytest.mark.parametrize("relative,source", MODULES, ids=_ids)
def test_imports_between_folders_run_one_way(relative, source):
    assert wrong_way_imports(source, folder=folder_of(relative)) == [], f"{relative} imports a folder above it"


@pytest.mark.parametrize("relative,source", [m for m in MODULES if folder_of(m[0]) != "bench"], ids=_ids)
def test_no_function_local_imports_except_to_break_a_start_up_cycle(relative, source):
    # bench/ is exempt: its scripts set Django up first and import the site after, by design.
    assert uncommented_local_imports(source) == []


@pytest.mark.parametrize("relative,source", [m for m in MODULES if folder_of(m[0]) in DOMAIN_APPS], ids=_ids)
def test_domain_apps_hold_no_pages(relative, source):
    assert relative.name not in PAGE_MODULE_NAMES, f"{relative} is a page module: it belongs in web/"
    assert request_layer_imports(source) == [], f"{relative} uses the request layer: it belongs in web/"


@pytest.mark.parametrize(
    "relative,source", [m for m in MODULES if m[0].parts[0] == "web" and m[0].parts[1] in WEB_PARTS], ids=_ids
)
def test_each_part_of_the_web_layer_stands_alone(relative, source):
    assert other_web_parts(source, part=relative.parts[1]) == []


@pytest.mark.parametrize("relative,source", MODULES, ids=_ids)
def test_no_module_or_function_is_too_long(relative, source):
    assert oversized(source) == [], f"{relative}: split it along its jobs"


def test_the_checks_catch_what_they_are_for():
    assert wrong_way_imports("from review.models import Approval\n", folder="articles") == ["line 1: imports review"]
    assert wrong_way_imports("import articles.models\n", folder="accounts") == ["line 1: imports articles"]
    assert wrong_way_imports("from web.reader import views\n", folder="review") == ["line 1: imports web"]
    assert wrong_way_imports("from config.security import CSPMiddleware\n", folder="web") == ["line 1: imports config"]
    assert wrong_way_imports("from demo.loader import load_demo\n", folder="web") == ["line 1: imports demo"]
    assert wrong_way_imports("from articles.models import Article\n", folder="publishing") == []
    hidden = "def f():\n    from review import workflow\n    return workflow\n"
    assert wrong_way_imports(hidden, folder="articles") == ["line 2: imports review"]
    assert uncommented_local_imports(hidden) == ["line 2: import inside f()"]
    explained = "def f():\n    # here, not at the top: a start-up cycle\n    from review import workflow\n"
    assert uncommented_local_imports(explained) == []
    assert request_layer_imports("from django.http import HttpResponse\n") == ["line 1: imports django.http"]
    assert request_layer_imports("from django import forms\n") == []  # caught by the module's own name instead
    assert other_web_parts("from web.editor.views import dashboard\n", part="reader") == [
        "line 1: imports web.editor.views"
    ]
    assert other_web_parts("from web import security\n", part="reader") == []
    long_function = "def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES
    assert oversized(long_function) == [f"f() is {MAX_FUNCTION_LINES + 1} lines"]
    assert oversized("x = 1\n" * (MAX_MODULE_LINES + 1)) == [f"{MAX_MODULE_LINES + 1} lines"]
    assert oversized("def f():\n    return 1\n") == []


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
    "config/settings.py": "settings (tests/config/test_settings.py tests what they promise)",
    "config/test_settings.py": "the test suite's settings",
    "config/wsgi.py": "wiring (tests/publishing/test_fastpath.py and tests/test_deploy.py serve through it)",
    "config/apps.py": "app configuration",
    "publishing/apps.py": "app configuration (subscribes publishing.refresh; tests/publishing/test_refresh.py)",
    "publishing/models.py": "the stored pages' tables (tests/publishing/test_pages.py)",
    "review/events.py": "the event's definition (tests/publishing/test_refresh.py sends it through the workflow)",
}


RULE_FOLDERS = (*DOMAIN_APPS, "publishing", "config")


def rule_modules():
    for folder in RULE_FOLDERS:
        for path in sorted((ROOT / folder).glob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name in ("__init__.py", "admin.py") or str(relative) in NO_RULES_OF_THEIR_OWN:
                continue
            yield relative


def expected_test_module(relative: Path) -> Path:
    return ROOT / "tests" / relative.parent / f"test_{relative.stem}.py"


@pytest.mark.parametrize("relative", list(rule_modules()), ids=str)
def test_each_rule_module_has_a_test_module_of_the_same_name(relative):
    expected = expected_test_module(relative)
    assert expected.exists(), f"{relative}: its tests belong in {expected.relative_to(ROOT)}"


def test_the_mirror_rule_knows_where_tests_go():
    assert expected_test_module(Path("review/workflow.py")) == ROOT / "tests/review/test_workflow.py"
    assert expected_test_module(Path("config/security.py")) == ROOT / "tests/config/test_security.py"
    assert expected_test_module(Path("publishing/pages.py")) == ROOT / "tests/publishing/test_pages.py"
    assert Path("review/workflow.py") in set(rule_modules())
    assert Path("web/reader/views.py") not in set(rule_modules())


# --- tests share helpers through helper modules, never through each other ---------------


def borrowed_test_helpers(source: str) -> list[str]:
    """Imports of a test module (tests/**/test_*.py) by another module."""
    return [
        f"line {line}: imports {module}"
        for line, module in imports_of(ast.parse(source))
        if module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith("test_")
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "tests").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_test_module_is_imported_for_its_helpers(path):
    assert borrowed_test_helpers(path.read_text()) == [], "move the helper to tests/helpers.py or tests/serving.py"


def test_the_test_import_check_catches_a_borrowed_helper():
    assert borrowed_test_helpers("from tests.web.reader.test_article_page import text_of\n") == [
        "line 1: imports tests.web.reader.test_article_page"
    ]
    assert borrowed_test_helpers("from tests.helpers import text_of\n") == []


def test_the_readme_picture_names_every_folder_of_the_layers():
    readme = (ROOT / "README.md").read_text()
    picture = readme.split("## Where things are", 1)[1].split("## Read more", 1)[0]
    assert [folder for folder in LAYERS if f"{folder}/" not in picture] == []
