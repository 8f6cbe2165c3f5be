"""Names that look like other names: keys and terms mixing scripts, or hiding control characters.

``еngestrom2001`` with a Cyrillic ``е`` looks exactly like ``engestrom2001`` but is another
key; a right-to-left override (U+202E) makes text display in an order other than the one it
is stored in. Both pass unnoticed in review, so names an editor types are checked here.
"""

from __future__ import annotations

import unicodedata

# Bidirectional controls and invisible joiners: they change how a name looks, or hide in it.
INVISIBLE = frozenset("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                      "\u2060\u2066\u2067\u2068\u2069\ufeff")


def script(char: str) -> str:
    """The script a letter belongs to, as the first word of its Unicode name ('LATIN', 'CYRILLIC')."""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def problem(name: str) -> str | None:
    """Why ``name`` may deceive a reader, or None: an invisible character, or letters of two scripts."""
    hidden = next((c for c in name if c in INVISIBLE), None)
    if hidden:
        return (f"holds the invisible control character U+{ord(hidden):04X}, which changes how it looks; "
                "delete it and type the name again")
    letters: dict[str, str] = {}
    for char in name:
        if char.isalpha():
            letters.setdefault(script(char), char)
    if len(letters) > 1:
        mixed = " and ".join(f"{s.title()} ('{c}')" for s, c in letters.items())
        return f"mixes letters of {mixed}, which look alike but differ; type it again in one script"
    return None


def visible(name: str) -> str:
    """``name`` safe to print: each invisible character written as its code (``\\u202e``)."""
    return "".join(f"\\u{ord(c):04x}" if c in INVISIBLE or unicodedata.category(c) in ("Cc", "Cf") else c
                   for c in name)
