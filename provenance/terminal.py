"""Text from a story made inert before it meets a terminal.

A story file is input from anyone: a claim text can hold an escape sequence that
clears the screen, retitles the window or writes a link (ESC, OSC, the C1 controls),
a carriage return that overwrites a line, or a bidi override that shows text in
another order than it reads. :func:`inert` shows every such character as a visible
escape (``\\x1b``, ``\\u202e``) and keeps all other text as it is; :func:`inert_json`
does the same inside JSON text, where the escape is JSON's own (the document means
the same). The command line passes everything it prints through one of them.

Examples
--------
>>> inert("red \\x1b[31malert\\x1b[0m")
'red \\\\x1b[31malert\\\\x1b[0m'
>>> print(inert("abc\\u202edcba"))
abc\\u202edcba
>>> inert("two\\nlines, a\\ttab, Ünïcödé and 👩‍🔬 stay")
'two\\nlines, a\\ttab, Ünïcödé and 👩\\u200d🔬 stay'
>>> import json
>>> json.loads(inert_json(json.dumps("\\u202e\\x85", ensure_ascii=False)))
'\\u202e\\x85'
"""

from __future__ import annotations

import re

__all__ = ["inert", "inert_json", "is_inert", "json_escape"]

# Cc (C0, DEL, C1), Cf (bidi embeddings, overrides, isolates and marks, invisible
# tags, zero-width spaces, the soft hyphen) and the line and paragraph separators
# (Zl, Zp), as of Unicode 14; kept are newline and tab (the output's own layout) and
# the joiners that scripts and emoji need (ZWNJ U+200C, ZWJ U+200D), which cannot
# move or hide text. Listed rather than computed from unicodedata: that takes a
# fifth of a second at every start. Lone surrogates are escaped too.
_UNSAFE_RANGES = (
    (0x0000, 0x0008), (0x000B, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD),
    (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200B),
    (0x200E, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xD800, 0xDFFF), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)
_UNSAFE = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}"
                                   for low, high in _UNSAFE_RANGES) + "]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def json_escape(code: int) -> str:
    """The JSON escape of one character: ``\\uXXXX``, or its UTF-16 pair past U+FFFF."""
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def inert(text: str) -> str:
    """``text`` with every character that can move, hide or recolour text escaped.

    Escaped: control characters except newline and tab (ESC, CR, BEL, DEL, the C1
    controls such as CSI and OSC), format characters (bidi overrides, embeddings,
    isolates and marks, zero-width spaces, tag characters) except the joiners
    U+200C and U+200D, the line and paragraph separators, and lone surrogates.
    """
    return _UNSAFE.sub(_escape, text)


def inert_json(text: str) -> str:
    """JSON text with the same characters as :func:`inert` written as ``\\uXXXX`` escapes.

    Those characters can only stand inside JSON strings, so the result is the same
    JSON document (``json.loads`` gives the same value).
    """
    return _UNSAFE.sub(lambda match: json_escape(ord(match.group())), text)


def is_inert(text: str) -> bool:
    """Whether ``text`` has nothing :func:`inert` would escape."""
    return _UNSAFE.search(text) is None
