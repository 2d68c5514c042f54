"""How a story's things are named on screen and on paper: reports, actors, dates,
and one clipping of any text to one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..analysis import Role
from ..model import PublicationTime, Report, Story


def report_label(story: Story, report_id: str) -> str:
    """A short human name for a report: actor, kind or title, and its id.

    Examples
    --------
    >>> from provenance.model import Story, Actor, Report, ReportKind
    >>> story = Story("S", actors=[Actor("ap", "Associated Press")],
    ...               reports=[Report("t1", "ap", ReportKind.POST)])
    >>> report_label(story, "t1")
    'Associated Press, post [t1]'
    """
    report = story.report(report_id)
    return f"{actor_name(story, report.actor)}, {_what(report)} [{report.id}]"


def _what(report: Report) -> str:
    kind = report.kind.value.replace("_", " ")
    if report.title:
        return f'{kind} "{clip(report.title, 80)}"'
    return kind


def actor_name(story: Story, actor_id: str | None) -> str:
    """The actor's name, its id when the story has no such actor, "someone" for None."""
    if actor_id is None:
        return "someone"
    try:
        return story.actor(actor_id).name
    except KeyError:
        return actor_id


def kind_names(kinds: Iterable[Role]) -> str:
    """The kinds of a distortion in words, for prose: "inflated, context dropped".

    >>> kind_names([Role.SATIRE_AS_FACT, Role.MISATTRIBUTED])
    'satire as fact, misattributed'
    """
    return ", ".join(kind.value.replace("_", " ") for kind in kinds)


def clip(text: str, limit: int | None = None) -> str:
    """``text`` on one line of at most ``limit`` characters, with an ellipsis when
    shortened: the one clipping of every account, card, label and export.

    Runs of white space and control characters become one space, and
    non-characters (U+FFFE, U+FDD0, ...) U+FFFD: neither Graphviz, a page nor a
    terminal should meet them raw.

    >>> clip("a  long\\ntitle", 8), clip("short", 8), clip("x\\x00y")
    ('a long…', 'short', 'x y')
    """
    if not text.isprintable():  # (printable text has none of the characters replaced)
        text = "".join(" " if unicodedata.category(ch) in INVISIBLE
                       else "\ufffd" if is_noncharacter(ch) else ch for ch in text)
    line = " ".join(text.split())
    if limit is not None and len(line) > limit:
        line = line[: max(1, limit - 1)].rstrip() + "…"
    return line


#: Unicode categories shown as a space: control characters, lone surrogates, line breaks.
INVISIBLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def is_noncharacter(ch: str) -> bool:
    """Unicode's non-characters: U+FDD0..U+FDEF and the last two of every plane."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE




_ZONE = re.compile(r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)$")


def time_text(time: PublicationTime) -> str:
    """A publication time as people read it: the date, or the date, hour and offset.

    >>> from provenance.model import PublicationTime
    >>> time_text(PublicationTime.parse("2017-01-23T12:00:00+03:00"))
    '2017-01-23 12:00 +03:00'
    >>> time_text(PublicationTime.parse("2017-01-23T12:00Z"))
    '2017-01-23 12:00 Z'
    >>> time_text(PublicationTime.parse("2017-01-23T12:00:30"))
    '2017-01-23 12:00:30'
    >>> time_text(PublicationTime.parse("2017-01"))
    '2017-01'
    """
    text = time.text
    if not time.has_time:
        return text
    found = _ZONE.search(text, 16)
    zone = found.group() if found else ""
    clock = text[11:found.start() if found else len(text)]
    seconds = clock[5:8] if len(clock) >= 8 else ""
    shown = clock[:5] + (seconds if seconds not in ("", ":00") else "")
    return f"{text[:10]} {shown}{' ' + zone if zone else ''}"






def card_detail(report: Report) -> str:
    """A card's second line: the report's kind and when it was published, as every
    picture writes it.

    >>> from provenance.model import PublicationTime, Report, ReportKind
    >>> card_detail(Report("r", "a", ReportKind.PRESS_RELEASE,
    ...                    published=PublicationTime.parse("2017-01-23T12:00Z")))
    'press release · 2017-01-23 12:00 Z'
    """
    detail = report.kind.value.replace("_", " ")
    if report.published is not None:
        detail += " · " + time_text(report.published)
    return detail


def claim_text(story: Story, claim_id: str, limit: int = 160) -> str:
    try:
        return clip(story.claim(claim_id).text, limit)
    except KeyError:
        return claim_id
