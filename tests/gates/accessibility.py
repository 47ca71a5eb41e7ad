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

# What the focus lands on, recorded by the page itself as each Tab moves it (one round trip
# for a batch of Tabs rather than one per Tab). "On screen" is measured against the
# document, not the viewport: the page has not scrolled the element into view yet when
# focus arrives, and what matters is that it is not parked off-screen (as a skip link is
# until it is focused).
_RECORD_FOCUS = """() => {
  window.__focusWalk = [];
  document.addEventListener('focusin', (event) => {
    const el = event.target;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const onPage = rect.bottom + window.scrollY > 0 && rect.right + window.scrollX > 0;
    window.__focusWalk.push({
      key: el.dataset.kbd || null,
      text: (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 60),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      shadow: style.boxShadow !== 'none',
      onScreen: rect.width > 0 && rect.height > 0 && onPage,
    });
  });
}"""

_TAKE_FOCUS_LOG = "() => window.__focusWalk.splice(0)"


def keyboard_walk(page, *, max_steps: int = 1000) -> dict:
    """
    Tab through the whole page from the top. Returns what was reached, what was not,
    and the controls that showed no visible focus ring when focused.
    """
    expected = page.evaluate(_MARK_CONTROLS)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.evaluate(_RECORD_FOCUS)
    reached, no_ring, first = [], [], None
    steps, done = 0, False
    while not done and steps < max_steps:
        # Enough Tabs to reach every control not reached yet (and one more, to see a wrap).
        batch = min(max(len(set(expected) - set(reached)), 1) + 1, max_steps - steps)
        for _ in range(batch):
            page.keyboard.press("Tab")
        steps += batch
        for focused in page.evaluate(_TAKE_FOCUS_LOG):
            if first is None:
                first = focused
            if focused["key"] in reached:
                done = True  # wrapped around
                break
            if focused["key"]:
                reached.append(focused["key"])
            if not (focused["outline"] or focused["shadow"]) or not focused["onScreen"]:
                no_ring.append(focused["text"])
            if set(expected) <= set(reached):
                done = True
                break
    return {
        "first": first,
        "missed": [key for key in expected if key not in reached],
        "no_focus_ring": no_ring,
        "expected": expected,
    }
