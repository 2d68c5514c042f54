"""Text as matplotlib draws it: the fonts, each character's advance, word wrapping.

Measured character by character and cached, so laying out a card costs what is
drawn on it, not the length of the story's text.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

# Average advance of a character that the font cannot measure, in ems.
_WIDE_EM = 1.0


@lru_cache(maxsize=4096)
def _char_em(char: str, bold: bool) -> float:
    """Advance of one character in ems of DejaVu Sans (wide East Asian ones: one em)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE_EM
    if unicodedata.combining(char):
        return 0.0
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=_font_family(), size=100,
                          weight="bold" if bold else "normal")
    try:
        width = text_to_path.get_text_width_height_descent(char, prop, ismath=False)[0]
    except Exception:  # a character no font can lay out: assume an average one
        return 0.62
    return max(0.25, width / 100) if not char.isspace() else width / 100


def _text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_char_em(ch, bold) for ch in text) * size


def _most_chars(width: float, size: float) -> int:
    """A bound on the characters of one line: every character but a combining mark is
    at least a quarter of an em wide, and a line keeps at most two marks per character."""
    return 3 * int(4 * width / size) + 3


def _fitting(text: str, start: float, width: float, size: float, bold: bool,
             room: int) -> tuple[int, float]:
    """How many leading characters of ``text`` fit after ``start`` ems (and within ``room``
    characters), and the ems they reach. Only those characters (and one more) are
    measured, so a line costs what fits on it, not the length of the text."""
    total = start
    for count, char in enumerate(text[:room]):
        after = total + _char_em(char, bold)
        if after * size > width:
            return count, total
        total = after
    return min(len(text), room), total


def _wrap(text: str, width: float, size: float, lines: int, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` (same units as ``size``), at most ``lines`` lines.

    A word longer than a line is cut; when text is left over, the last line ends in
    "…". Widths are summed character by character as they are added, so each
    character is measured once: the cost grows with what is drawn, not with the text.
    """
    words = text.split()
    most = _most_chars(width, size)
    space = _char_em(" ", bold)
    out: list[str] = []
    current, current_em = "", 0.0
    at = 0
    while at < len(words) and len(out) < lines:
        word = words[at]
        if current:
            start, room = current_em + space, max(0, most - len(current) - 1)
        else:
            start, room = 0.0, most
        count, reached = _fitting(word, start, width, size, bold, room)
        if count == len(word):
            current = f"{current} {word}" if current else word
            current_em = reached
            at += 1
            continue
        if current:
            out.append(current)
            current, current_em = "", 0.0
            continue
        # One word longer than the line: cut it.
        cut = max(1, count)
        out.append(word[:cut])
        words[at] = word[cut:]
    if current and len(out) < lines:
        out.append(current)
    if at < len(words) and out:
        last = out[-1]
        ends = [0.0]
        for char in last:
            ends.append(ends[-1] + _char_em(char, bold))
        ellipsis = _char_em("…", bold)
        keep = len(last)
        while keep and (ends[keep] + ellipsis) * size > width:
            keep -= 1
        out[-1] = last[:keep].rstrip() + "…"
    return out


def _no_missing_weight_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("findfont: Failed to find font weight")


@lru_cache(maxsize=1)
def _font_family() -> tuple[str, ...]:
    """DejaVu Sans, then whichever fonts with wider coverage are installed (fallbacks)."""
    from matplotlib import font_manager

    # A fallback font without a bold face is drawn regular; matplotlib would say so
    # for every bold label.
    logging.getLogger("matplotlib.font_manager").addFilter(_no_missing_weight_warning)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    wanted = ("DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP",
              "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Thai",
              "Droid Sans Fallback", "WenQuanYi Zen Hei", "Arial Unicode MS")
    return tuple(name for name in wanted if name in installed) or ("DejaVu Sans",)
