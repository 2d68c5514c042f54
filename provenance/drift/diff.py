"""A word-level diff of two texts, in time about linear in their length however
repetitive they are: what a viewer shows between a report and its source.

Examples
--------
>>> [op.kind for op in word_diff("Coffee may cause cancer.", "Coffee causes cancer.")]
['equal', 'delete', 'insert', 'equal']
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from typing import Any, Literal

import attrs

__all__ = ["DiffKind", "DiffOp", "word_diff"]

#: What one step of a diff does with its text.
DiffKind = Literal["equal", "insert", "delete"]

_DIFF_TOKEN = re.compile(r"\s+|\w+(?:['’-]\w+)*|[^\w\s]")


@attrs.frozen
class DiffOp:
    """One step of a word-level diff: text kept (``"equal"``), added or removed.

    Examples
    --------
    >>> DiffOp("insert", " not")
    DiffOp(kind='insert', text=' not')
    """

    kind: DiffKind
    text: str



def _diff_tokens(text: str) -> list[str]:
    return _DIFF_TOKEN.findall(text)


def word_diff(source: str, target: str) -> tuple[DiffOp, ...]:
    """A word-level diff that turns ``source`` into ``target``.

    Words, punctuation and the whitespace between them are kept, so joining the text of
    the ``"equal"`` and ``"delete"`` steps gives back ``source`` exactly, and joining the
    ``"equal"`` and ``"insert"`` steps gives back ``target``. A replacement is a delete
    followed by an insert.

    Parameters
    ----------
    source, target : str
        The two texts.

    Returns
    -------
    tuple of DiffOp
        Steps in reading order; consecutive steps of one kind are merged.

    Notes
    -----
    The cost grows about linearly with the texts, however repetitive they are (difflib
    alone took two minutes on 8,000 repeated words). Words the two texts share are
    matched first: the common beginning and end, then, in what lies between, words (or
    runs of 4 or 16 tokens) that occur once in each text, in the longest order both
    agree on (patience diff); each stretch between two such anchors is diffed the same
    way. A stretch small enough (at most ``_EXACT_AREA`` pairs of tokens) is diffed
    exactly by :class:`difflib.SequenceMatcher`. A long stretch with no anchor
    (repetitive text) is cut into pieces of at most ``_CHUNK`` tokens, in proportion in
    both texts, and each piece is diffed exactly against its counterpart. Each diff has
    a budget of work in proportion to the texts' length (``_WORK_PER_TOKEN``); a stretch
    met once it is spent is shown as one deletion and one insertion. Whichever way, the
    steps turn ``source`` into ``target`` exactly.

    Examples
    --------
    >>> for op in word_diff("Coffee may cause cancer.", "Coffee causes cancer."):
    ...     print(op.kind, repr(op.text))
    equal 'Coffee '
    delete 'may cause'
    insert 'causes'
    equal ' cancer.'
    """
    a = _diff_tokens(source)
    b = _diff_tokens(target)
    ops: list[DiffOp] = []

    def emit(kind: DiffKind, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if ops and ops[-1].kind == kind:
            ops[-1] = DiffOp(kind, ops[-1].text + text)
        else:
            ops.append(DiffOp(kind, text))

    i = j = 0
    for start_a, start_b, size in _matching_blocks(a, b):
        emit("delete", a[i:start_a])
        emit("insert", b[j:start_b])
        emit("equal", a[start_a:start_a + size])
        i, j = start_a + size, start_b + size
    emit("delete", a[i:])
    emit("insert", b[j:])
    return tuple(ops)


#: Stretches of at most this many pairs of tokens (source tokens times target tokens)
#: are diffed exactly by difflib, whose cost grows with that product.
_EXACT_AREA = 4096
#: The work one diff may do for each token of the two texts (tokens counted, pairs
#: compared); past it the stretches left are shown as a deletion and an insertion.
_WORK_PER_TOKEN = 64
#: The lengths of the runs of tokens tried as anchors, shortest first.
_ANCHOR_RUNS = (1, 4, 16)
#: The most tokens of a piece of a stretch without anchors (its pieces are diffed exactly).
_CHUNK = 64


def _matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """``(i, j, size)`` for runs with ``a[i:i + size] == b[j:j + size]``, in order, with
    each text's runs disjoint and increasing: a near-linear patience diff (see
    :func:`word_diff`)."""
    budget = _WORK_PER_TOKEN * (len(a) + len(b)) + 4 * _EXACT_AREA
    blocks: list[tuple[int, int, int]] = []
    stretches = [(0, len(a), 0, len(b))]
    while stretches:
        a_lo, a_hi, b_lo, b_hi = stretches.pop()
        same = 0  # the common beginning
        while a_lo + same < a_hi and b_lo + same < b_hi and a[a_lo + same] == b[b_lo + same]:
            same += 1
        if same:
            blocks.append((a_lo, b_lo, same))
            a_lo, b_lo = a_lo + same, b_lo + same
        same = 0  # the common end
        while (a_lo < a_hi - same and b_lo < b_hi - same
               and a[a_hi - same - 1] == b[b_hi - same - 1]):
            same += 1
        if same:
            blocks.append((a_hi - same, b_hi - same, same))
            a_hi, b_hi = a_hi - same, b_hi - same
        if a_lo == a_hi or b_lo == b_hi:
            continue
        area = (a_hi - a_lo) * (b_hi - b_lo)
        if area <= _EXACT_AREA:
            if area <= budget:
                budget -= area
                matcher = difflib.SequenceMatcher(str.isspace, a[a_lo:a_hi], b[b_lo:b_hi],
                                                  autojunk=False)
                blocks.extend((a_lo + i, b_lo + j, size)
                              for i, j, size in matcher.get_matching_blocks() if size)
            continue
        for run in _ANCHOR_RUNS:
            cost = run * (a_hi - a_lo + b_hi - b_lo)
            if cost > budget:
                break
            budget -= cost
            anchors = _anchors(a, a_lo, a_hi, b, b_lo, b_hi, run)
            if anchors:
                i, j = a_lo, b_lo
                for anchor_a, anchor_b in anchors:
                    stretches.append((i, anchor_a, j, anchor_b))
                    blocks.append((anchor_a, anchor_b, run))
                    i, j = anchor_a + run, anchor_b + run
                stretches.append((i, a_hi, j, b_hi))
                break
        else:
            # No anchor (repetitive text): cut both stretches into as many pieces of at
            # most _CHUNK tokens, in proportion, and diff piece against piece exactly.
            pieces = -(-max(a_hi - a_lo, b_hi - b_lo) // _CHUNK)
            stretches.extend(
                (a_lo + k * (a_hi - a_lo) // pieces, a_lo + (k + 1) * (a_hi - a_lo) // pieces,
                 b_lo + k * (b_hi - b_lo) // pieces, b_lo + (k + 1) * (b_hi - b_lo) // pieces)
                for k in range(pieces))
    blocks.sort()
    merged: list[tuple[int, int, int]] = []
    for i, j, size in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + size)
        else:
            merged.append((i, j, size))
    return merged


def _anchors(a: Sequence[str], a_lo: int, a_hi: int, b: Sequence[str], b_lo: int, b_hi: int,
             run: int) -> list[tuple[int, int]]:
    """Starts ``(i, j)`` of runs of ``run`` tokens that occur once in ``a[a_lo:a_hi]`` and
    once in ``b[b_lo:b_hi]``, the longest sequence of them in the same order in both,
    without overlaps. A run that begins with whitespace is never an anchor."""
    def once(seq: Sequence[str], lo: int, hi: int) -> dict[Any, int]:
        seen: dict[Any, int] = {}
        for at in range(lo, hi - run + 1):
            if seq[at].isspace():
                continue
            key = seq[at] if run == 1 else tuple(seq[at:at + run])
            seen[key] = -1 if key in seen else at
        return seen

    in_a, in_b = once(a, a_lo, a_hi), once(b, b_lo, b_hi)
    pairs = [(at, in_b[key]) for key, at in in_a.items() if at >= 0 and in_b.get(key, -1) >= 0]
    pairs.sort()
    # The longest run of pairs increasing in b too (patience sorting), then no overlaps.
    tails: list[int] = []  # tails[k]: the pair ending the best chain of k + 1 pairs
    tail_b: list[int] = []  # and where in b it is
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tail_b, j)
        if k:
            back[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
            tail_b.append(j)
        else:
            tails[k] = index
            tail_b[k] = j
    chain: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    chain.reverse()
    kept: list[tuple[int, int]] = []
    for i, j in chain:
        if not kept or (i >= kept[-1][0] + run and j >= kept[-1][1] + run):
            kept.append((i, j))
    return kept
