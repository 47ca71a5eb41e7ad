"""
Accessibility checks in a real browser: axe-core (bundled by axe-playwright-python) for
the WCAG 2.0/2.1/2.2 A and AA rules, and keyboard-only use.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


def axe_violations(page) -> list[str]:
    """Every WCAG A/AA violation on the page, one readable line each."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines


# Marks every control a keyboard user must be able to reach, and returns their ids.
_MARK_CONTROLS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
  const visible = (el) => {
    const style = getComputedStyle(el);
    // checkVisibility() also knows about content a closed <details> does not render.
    const options = {visibilityProperty: true, contentVisibilityAuto: true};
    if (el.checkVisibility && !el.checkVisibility(options)) return false;
    return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0;
  };
  const ids = [];
  document.querySelectorAll(selector).forEach((el, index) => {
    if (el.disabled) return;
    // The skip link is off-screen until focused; it counts.
    if (!visible(el) && !el.classList.contains('skip-link')) return;
    const key = el.type === 'radio' ? 'radio:' + el.name : 'control:' + index;
    el.dataset.kbd = key;
    if (!ids.includes(key)) ids.push(key);
  });
  return ids;
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    key: el.dataset.kbd || null,
    text: (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0,
  };
}"""


def keyboard_walk(page, *, max_steps: int = 1000) -> dict:
    """
    Tab through the whole page from the top. Returns what was reached, what was not,
    and the controls that showed no visible focus ring when focused.
    """
    expected = page.evaluate(_MARK_CONTROLS)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    reached, no_ring, first = [], [], None
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            continue
        if first is None:
            first = focused
        if focused["key"] in reached:
            break  # wrapped around
        if focused["key"]:
            reached.append(focused["key"])
        if not (focused["outline"] or focused["shadow"]) or not focused["onScreen"]:
            no_ring.append(focused["text"])
        if set(expected) <= set(reached):
            break
    return {
        "first": first,
        "missed": [key for key in expected if key not in reached],
        "no_focus_ring": no_ring,
        "expected": expected,
    }
