"""
Temperatures and pulses written as numbers, read as the words the emergency signs use for them
(articles.search.query adds them to a query's concepts): "temp 38.5" is a high temperature,
"her temperature is only 34" a very low body temperature, "pulse 35" a slow heartbeat and "heart
was pounding like 180" a fast one. English only.
"""

from __future__ import annotations

import re

# A temperature or a pulse as a number, read as the words the articles use for it: a high temperature
# is 38 °C (100.4 °F) or more, a very low one below 35 °C (95 °F); a heartbeat below 50 a minute is
# slow, above 120 fast (at rest).
_TEMPERATURE_WORDS = re.compile(r"\b(?:temp|temps|temperature|fever|feverish|thermometer)\b")
_DEGREES = re.compile(r"(?<![\d.])(\d{2,3}(?:[.,]\d)?)\s*(°|º|degrees?\b|deg\b)?\s*([cf]\b)?")
_PULSE = re.compile(
    r"\b(?:pulse|heart ?rate|hr|heartbeat|heart beat)\D{0,20}?(\d{2,3})\b|\b(\d{2,3})\s*(?:bpm|beats)\b"
)


_HEART_FAST = re.compile(r"\bheart\D{0,25}?(\d{3})\b")


def readings(text: str) -> list[str]:
    """
    What a temperature or a pulse written as a number says, in the articles' words ("high
    temperature"), in a query's `text` (casefolded, as articles.search.query reads it).
    """
    found = []
    temperature_said = bool(_TEMPERATURE_WORDS.search(text))
    for number, degrees, unit in _DEGREES.findall(text):
        if not (degrees or unit or temperature_said or "." in number or "," in number):
            continue  # "38" alone may be an age
        value = float(number.replace(",", "."))
        if 38.0 <= value <= 43.0 and unit != "f" or 100.4 <= value <= 110.0 and unit != "c":
            found.append("high temperature")
        # Below 35 °C (95 °F) is a very low body temperature: only where the query says it is one ("her temp
        # is 34"), never from a number alone ("34.5 weeks") nor from degrees ("34 degrees out", the weather).
        elif temperature_said and (25.0 <= value < 35.0 and unit != "f" or 77.0 <= value < 95.0 and unit == "f"):
            found.append("very low body temperature")
    for before, after in _PULSE.findall(text):
        rate = int(before or after)
        if 20 <= rate < 50:
            found.append("slow heartbeat")
        elif 120 < rate <= 250:
            found.append("fast heartbeat")
    # "heart was pounding like 180": a number a heart can beat at, and no one's age.
    if any(120 < int(rate) <= 250 for rate in _HEART_FAST.findall(text)):
        found.append("fast heartbeat")
    return list(dict.fromkeys(found))
