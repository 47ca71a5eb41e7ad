"""config.locale: a page's language is its address (/es/…), never the browser's Accept-Language."""

import ast
import gettext
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("path", "browser_asks", "language"),
    [
        *((path, "es-ES,es;q=0.9", "en") for path in ["/", "/articles/", "/about/", "/search/?q=cramps"]),
        *((path, "en-GB", "es") for path in ["/es/", "/es/articles/", "/es/about/", "/es/search/?q=calambres"]),
    ],
)
def test_a_pages_language_is_its_address_whatever_the_browser_asks_and_it_does_not_vary_on_it(
    client, db, path, browser_asks, language
):
    response = client.get(path, headers={"Accept-Language": browser_asks})
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "accept-language" not in response.get("Vary", "").lower()
    assert f'<html lang="{language}"' in response.content.decode()


def test_staff_pages_have_no_spanish_address(client, db):
    assert client.get("/es/editor/").status_code == 404


# --- the Spanish catalog ------------------------------------------------------------------

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"


def _po_entries(text: str) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and msgstr[n] (a minimal reader)."""
    entries, current, field = [], {"flags": "", "msgstr": {}}, None
    for line in text.splitlines() + [""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, field = {"flags": "", "msgstr": {}}, None
        elif line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            keyword, _, value = line.partition(" ")
            field = keyword
            if keyword.startswith("msgstr"):
                index = keyword[7:-1] or "0"
                current["msgstr"][index] = ast.literal_eval(value)
            else:
                current[keyword] = ast.literal_eval(value)
        elif line.startswith('"') and field is not None:
            if field.startswith("msgstr"):
                index = field[7:-1] or "0"
                current["msgstr"][index] += ast.literal_eval(line)
            else:
                current[field] += ast.literal_eval(line)
    return entries


def test_every_interface_string_has_its_spanish_and_the_compiled_catalog_is_current():
    entries = [e for e in _po_entries((CATALOG / "django.po").read_text(encoding="utf-8")) if e["msgid"]]
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []
    with (CATALOG / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    for entry in entries:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            found = (
                catalog.npgettext(context, entry["msgid"], entry["msgid_plural"], 1)
                if context
                else catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            )
        else:
            found = catalog.pgettext(context, entry["msgid"]) if context else catalog.gettext(entry["msgid"])
        assert found == entry["msgstr"]["0"], entry["msgid"]
