"""Whole-story checks: loops of reports, and what a user should look at in the data.

:func:`_cycles` finds the groups of reports that draw on each other in a loop (the
reports :func:`~._searches._levels` left without a level); :func:`_data_warnings`
turns them, repeated links, reports dated before a source they draw on, and holders
that a stance ignores, and quotes that are not in their report's text or title
(:func:`comparable_words`) into :class:`~.results.DataWarning` records. These are
findings, not errors: the analysis goes on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from ..model import Story
from ._arrays import _Array
from ._index import _ATTRIBUTES, _DENIES, _definitely_before, _Index
from .results import DataWarning


def _cycles(index: _Index, level: _Array) -> list[tuple[str, ...]]:
    """Strongly connected groups of two or more reports (all links), iteratively."""
    if (level >= 0).all():
        return []
    # Tarjan's algorithm on what is left (only nodes in or behind a cycle remain).
    left = level < 0
    succ_ptr, succ_dst = index.out_ptr, index.out_dst
    rest = np.nonzero(left)[0].tolist()
    number: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    groups: list[tuple[str, ...]] = []
    counter = 0
    for start in rest:
        if start in number:
            continue
        work = [(start, 0)]
        number[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, child = work[-1]
            targets = succ_dst[succ_ptr[v]:succ_ptr[v + 1]]
            if child < len(targets):
                work[-1] = (v, child + 1)
                w = int(targets[child])
                if not left[w]:
                    continue
                if w not in number:
                    number[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], number[w])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
                if low[v] == number[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == v:
                            break
                    if len(group) > 1:
                        groups.append(tuple(index.ids[g] for g in sorted(group)))
    groups.sort()
    return groups


def _data_warnings(
    index: _Index, cycles: Sequence[tuple[str, ...]]
) -> tuple[list[DataWarning], list[tuple[str, str]]]:
    ix = index
    story = ix.story
    warnings: list[DataWarning] = []
    for group in cycles:
        shown = ", ".join(group[:8]) + (f" and {len(group) - 8} more" if len(group) > 8 else "")
        warnings.append(DataWarning(
            "cycle", f"{len(group)} reports draw on each other in a loop: {shown}", group))
    # Repeated (source, target) pairs, and targets dated before their sources.
    key = ix.l_src.astype(np.int64) * max(ix.n, 1) + ix.l_dst
    order = np.argsort(key, kind="stable")
    repeat_ = np.zeros(len(key), bool)
    repeat_[order[1:]] = key[order[1:]] == key[order[:-1]]
    early = np.zeros(len(key), bool)
    both = np.nonzero(ix.dated[ix.l_src] & ix.dated[ix.l_dst])[0]
    if both.size:
        early[both] = _definitely_before(ix, ix.l_dst[both], ix.l_src[both])
    pairs: list[tuple[str, str]] = []
    times = ix.time
    for k in np.nonzero(repeat_ | early)[0].tolist():
        link = story.links[k]
        pair = (link.source, link.target)
        if repeat_[k]:
            warnings.append(DataWarning(
                "duplicate_link", f"more than one link from {link.source} to {link.target}", pair))
        if early[k]:
            s_time, t_time = times[ix.l_src[k]], times[ix.l_dst[k]]
            pairs.append(pair)
            warnings.append(DataWarning(
                "published_before_source",
                f"{link.target} ({t_time}) is dated before its source {link.source} ({s_time})",
                pair))
    ignored = np.nonzero((ix.m_holder != -1) & (ix.m_stance != _ATTRIBUTES)
                         & (ix.m_stance != _DENIES))[0]
    for m in ignored.tolist():
        mention = ix.mention(m)
        rid = ix.ids[int(ix.m_report[m])]
        warnings.append(DataWarning(
            "holder_ignored",
            f"{rid} names a holder for claim {mention.claim}, but its stance "
            f"'{mention.stance.value}' does not attribute it", (rid,)))
    warnings.extend(_quotes_not_found(story))
    return warnings, pairs


#: Every style of quotation mark (straight, curly, low, guillemets, primes, CJK,
#: full width): a quote compares the same whichever its report uses.
_QUOTATION_MARKS = ("\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"
                    "\u2039\u203a\u2032\u2033\u300c\u300d\u300e\u300f\uff02\uff07")
_ONE_MARK = str.maketrans({mark: "'" for mark in _QUOTATION_MARKS})


def comparable_words(text: str) -> str:
    """Text as a quote is compared with its report: NFC, case-folded, with whitespace
    runs and every style of quotation mark made one.

    >>> comparable_words("  \u201cIn  MICE\u201d ") == comparable_words("'in mice'")
    True
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().translate(_ONE_MARK).split())


def _quotes_not_found(story: Story) -> list[DataWarning]:
    """A data warning for each quote that appears in neither its report's text nor title."""
    warnings: list[DataWarning] = []
    for r, report in enumerate(story.reports):
        if not report.text and not report.title:
            continue
        quoted = [(j, m) for j, m in enumerate(report.claims) if m.quote is not None]
        if not quoted:
            continue
        where = (comparable_words(report.text or ""), comparable_words(report.title or ""))
        for j, mention in quoted:
            quote = comparable_words(mention.quote or "")
            if quote and not any(quote in text for text in where):
                warnings.append(DataWarning(
                    "quote_not_found",
                    f"{report.id}: the quote for claim {mention.claim} "
                    f"(reports[{r}].claims[{j}]) is not in its text or title",
                    (report.id,)))
    return warnings
