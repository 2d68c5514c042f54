"""Text drift: did a target text, retelling a source, state its claim more strongly?

Compare a *source* text (a paper's conclusion, an agency wire) with a *target* text that
retells it (a press release, a news article) and say whether the target makes a stronger
claim (``"exaggerates"``), a weaker one (``"downplays"``) or the same (``"same"``), and why:
both claim strengths come from :mod:`provenance.drift.strength`, the words that changed from
:mod:`provenance.drift.cues`. Standard library only.

Examples
--------
>>> d = drift("Coffee may be linked to cancer.", "Coffee causes cancer.")
>>> d.label
'exaggerates'
>>> d.dropped.hedges
('may',)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import attrs

from .cues import (
    NAME,
    NO_CUES,
    NUMBER,
    WORD,
    Cues,
    cues_of,
    denial_of,
    names_of,
    words_of,
)
from .strength import (
    STRENGTH_NAMES,
    Probabilities,
    StrengthModel,
    load_strength_model,
    text_probabilities,
)

__all__ = ["Changes", "Drift", "DriftLabel", "drift", "drift_label", "drift_many"]

#: The verdict of a comparison.
DriftLabel = Literal["same", "exaggerates", "downplays"]


@attrs.frozen
class Changes:
    """What a target text added to, or dropped from, its source.

    Attributes
    ----------
    names : tuple of str
        Capitalised words or runs of them, not at a sentence start ("UCL", "The BMJ").
    numbers : tuple of str
        Numbers as written ("27%", "14,587").
    hedges, attribution, boosters, negation, causal, correlational : tuple of str
        Cue words of each category (see :class:`Cues`).

    Examples
    --------
    >>> drift("Cats may sleep more.", "Cats sleep 20% more, says Dr Smith.").added.numbers
    ('20%',)
    """

    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    attribution: tuple[str, ...] = ()
    boosters: tuple[str, ...] = ()
    negation: tuple[str, ...] = ()
    causal: tuple[str, ...] = ()
    correlational: tuple[str, ...] = ()


@attrs.frozen
class Drift:
    """How a target text's claim differs from its source's.

    Attributes
    ----------
    source_strength, target_strength : int
        Predicted claim strength, 0 no relationship, 1 correlational, 2 conditional causal,
        3 direct causal (see :data:`STRENGTH_NAMES`).
    source_cues, target_cues : Cues
        Cue words found in each text.
    added, dropped : Changes
        Names, numbers and cue words the target added or dropped.
    negation_flipped : bool
        One text is negated and the other is not.
    correlation_to_causation : bool
        The source states a correlation and the target a direct cause.
    score : float
        Drift score in -3..3, the mean of two differences, target minus source: of the most
        likely strengths and of the expected strengths. Positive means the target states the
        claim more strongly, negative that it states it more weakly.
    label : {"same", "exaggerates", "downplays"}
        The verdict, from ``score`` and the model's threshold.
    explanation : str
        Plain-English sentences that quote the responsible words.

    Examples
    --------
    >>> d = drift("Smoking is associated with cancer.", "Smoking causes cancer.")
    >>> (d.source_strength, d.target_strength, d.label)
    (1, 3, 'exaggerates')
    >>> d.correlation_to_causation
    True
    """

    source_strength: int
    target_strength: int
    source_cues: Cues
    target_cues: Cues
    added: Changes
    dropped: Changes
    negation_flipped: bool
    correlation_to_causation: bool
    score: float
    label: DriftLabel
    explanation: str


@attrs.frozen
class _Reading:
    """Everything drift() needs to know about one text, computed once per text."""

    probabilities: Probabilities
    expected: float
    strength: int
    words: frozenset[str]
    denies: tuple[str, str] | None
    cues: Cues
    names: tuple[str, ...]
    numbers: tuple[str, ...]


def _read_with(model: StrengthModel, text: str) -> _Reading:
    words = words_of(text.lower())
    probabilities = text_probabilities(model, text, words)
    return _Reading(
        probabilities=probabilities,
        expected=probabilities[1] + 2.0 * probabilities[2] + 3.0 * probabilities[3],
        strength=max(range(4), key=probabilities.__getitem__),
        words=frozenset(words),
        denies=denial_of(words),
        cues=cues_of(words),
        names=names_of(text) if NAME.search(text) else (),
        numbers=tuple(dict.fromkeys(NUMBER.findall(text))),
    )


@functools.lru_cache(maxsize=4096)
def _read(text: str) -> _Reading:
    return _read_with(load_strength_model(), text)


def _reader(model: StrengthModel | None) -> Callable[[str], _Reading]:
    return _read if model is None else functools.partial(_read_with, model)


_SUFFIXES = ("ing", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    # Crude, but enough to see that "cause" and "causes" are one cue.
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _minus(these: tuple[str, ...], those: tuple[str, ...]) -> tuple[str, ...]:
    """The cue words of ``these`` that ``those`` has in no inflection."""
    if not these:
        return ()
    if not those:
        return these
    stems = {_stem(t) for t in those}
    return tuple(t for t in these if t not in those and _stem(t) not in stems)


def _names_minus(names: tuple[str, ...], other: _Reading) -> tuple[str, ...]:
    # A name is new only if some word of it does not occur in the other text at all.
    return tuple(
        n for n in names if n not in other.names
        and not other.words.issuperset(WORD.findall(n.lower()))
    )


def _changes(these: _Reading, those: _Reading) -> Changes:
    a, b = these.cues, those.cues
    if a is NO_CUES and not these.names and not these.numbers:
        return _NO_CHANGES
    return Changes(
        names=_names_minus(these.names, those),
        numbers=tuple(n for n in these.numbers if n not in those.numbers),
        hedges=_minus(a.hedges, b.hedges),
        attribution=_minus(a.attribution, b.attribution),
        boosters=_minus(a.boosters, b.boosters),
        negation=_minus(a.negation, b.negation),
        causal=_minus(a.causal, b.causal),
        correlational=_minus(a.correlational, b.correlational),
    )


_NO_CHANGES = Changes()


def _quote(words: Sequence[str], limit: int = 3) -> str:
    quoted = [f'"{w}"' for w in words[:limit]]
    if len(words) > limit:
        quoted.append(f"{len(words) - limit} more")
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _plural(noun: str, words: Sequence[str]) -> str:
    return noun if len(words) == 1 else noun + "s"


def _explain(
    source: _Reading, target: _Reading, s: int, t: int, added: Changes, dropped: Changes,
    negation_flipped: bool, label: DriftLabel,
) -> str:
    clauses: list[str] = []
    if dropped.hedges:
        clauses.append(f"drops the {_plural('hedge', dropped.hedges)} {_quote(dropped.hedges)}")
    if added.hedges:
        clauses.append(f"adds the {_plural('hedge', added.hedges)} {_quote(added.hedges)}")
    if added.causal:
        clauses.append(f"adds the causal wording {_quote(added.causal)}")
    if dropped.causal:
        clauses.append(f"drops the causal wording {_quote(dropped.causal)}")
    if added.boosters:
        clauses.append(f"adds the {_plural('booster', added.boosters)} {_quote(added.boosters)}")
    if dropped.boosters:
        clauses.append(
            f"drops the {_plural('booster', dropped.boosters)} {_quote(dropped.boosters)}"
        )
    if dropped.correlational and (added.causal or t > s):
        clauses.append(f"drops the correlational wording {_quote(dropped.correlational)}")
    elif added.correlational and (dropped.causal or t < s):
        clauses.append(f"adds the correlational wording {_quote(added.correlational)}")
    if negation_flipped and source.denies is not None:
        negation, word = source.denies
        clauses.append(f'removes the negation "{negation}" before "{word}"')
    elif negation_flipped and target.denies is not None:
        negation, word = target.denies
        clauses.append(f'adds the negation "{negation}" before "{word}"')
    if dropped.attribution:
        clauses.append(f"drops the attribution {_quote(dropped.attribution)}")
    if added.attribution:
        clauses.append(f"adds the attribution {_quote(added.attribution)}")
    if added.numbers:
        clauses.append(f"adds the {_plural('number', added.numbers)} {_quote(added.numbers)}")
    if dropped.numbers:
        clauses.append(
            f"drops the {_plural('number', dropped.numbers)} {_quote(dropped.numbers)}"
        )
    if added.names:
        clauses.append(f"adds the {_plural('name', added.names)} {_quote(added.names)}")
    if dropped.names:
        clauses.append(f"drops the {_plural('name', dropped.names)} {_quote(dropped.names)}")

    sentences: list[str] = []
    if clauses:
        joined = clauses[0] if len(clauses) == 1 else (
            "; ".join(clauses[:-1]) + "; and " + clauses[-1]
            if len(clauses) > 2 else clauses[0] + " and " + clauses[1]
        )
        sentences.append(f"The target {joined}.")
    if label == "same":
        if s == t:
            sentences.append(f"Both texts make a claim of the same strength ({STRENGTH_NAMES[s]}).")
        else:
            sentences.append(
                f"The claim reads as {STRENGTH_NAMES[s]} in the source and {STRENGTH_NAMES[t]}"
                " in the target, but the difference is too small to call."
            )
    else:
        verb = "strengthens" if label == "exaggerates" else "weakens"
        if s != t:
            sentences.append(
                f"This {verb} the claim from {STRENGTH_NAMES[s]} ({s}) to"
                f" {STRENGTH_NAMES[t]} ({t}), so the target {label}."
            )
        else:
            sentences.append(f"This {verb} the claim, so the target {label}.")
    return " ".join(sentences)


def drift(source: str, target: str, *, model: StrengthModel | None = None) -> Drift:
    """Compare a target text with its source: did it exaggerate, downplay or keep the claim?

    Parameters
    ----------
    source : str
        The original text (for example a paper's conclusion). May be empty.
    target : str
        The text that retells it (for example the press release). May be empty.
    model : StrengthModel, optional
        The strength model to use; the shipped one (:func:`load_strength_model`) by default.

    Returns
    -------
    Drift
        Both claim strengths, the cue words, what the target added and dropped, the drift
        score, the label and an explanation that quotes the responsible words.

    Notes
    -----
    ``score`` is the mean of the change in the most likely strength and the change in the
    expected strength (under the model's probabilities) from source to target; ``label`` is
    ``"exaggerates"`` when ``score`` exceeds the model's threshold, ``"downplays"`` when it
    is below minus the threshold, otherwise ``"same"``. Identical texts always score 0. When
    exactly one text denies the relationship ("does not cause"), that text is read as
    claiming none (strength 0).

    Examples
    --------
    >>> d = drift("Drinking coffee may reduce the risk of diabetes.",
    ...           "Drinking coffee reduces the risk of diabetes.")
    >>> d.label, d.dropped.hedges
    ('exaggerates', ('may',))
    >>> print(d.explanation)  # doctest: +NORMALIZE_WHITESPACE
    The target drops the hedge "may". This strengthens the claim from conditional causal (2)
    to direct causal (3), so the target exaggerates.
    >>> drift("Same words.", "Same words.").score
    0.0
    """
    read = _reader(model)
    s = read(source)
    t = s if target == source else read(target)
    added = _changes(t, s)
    dropped = _changes(s, t)
    negation_flipped = (s.denies is None) != (t.denies is None)
    s_strength, s_expected = s.strength, s.expected
    t_strength, t_expected = t.strength, t.expected
    if negation_flipped:
        # The text that denies the relationship claims none, whatever its wording.
        if s.denies is not None:
            s_strength, s_expected = 0, 0.0
        else:
            t_strength, t_expected = 0, 0.0
    # Half the change in the most likely level, half the change in the expected level: the
    # first says whether the claim moved, the second how sure the model is that it did.
    score = 0.0 if t is s else round(
        0.5 * (t_strength - s_strength) + 0.5 * (t_expected - s_expected), 4
    )
    label = drift_label(score, (model or load_strength_model()).threshold)
    return Drift(
        source_strength=s_strength,
        target_strength=t_strength,
        source_cues=s.cues,
        target_cues=t.cues,
        added=added,
        dropped=dropped,
        negation_flipped=negation_flipped,
        correlation_to_causation=s_strength == 1 and t_strength == 3,
        score=score,
        label=label,
        explanation=_explain(
            s, t, s_strength, t_strength, added, dropped, negation_flipped, label
        ),
    )


def drift_label(score: float, threshold: float) -> DriftLabel:
    """The verdict for a drift score: ``"exaggerates"`` above ``threshold``, ``"downplays"``
    below minus it, otherwise ``"same"`` (the rule :func:`drift` applies).

    Examples
    --------
    >>> drift_label(0.9, 0.85), drift_label(-0.9, 0.85), drift_label(0.85, 0.85)
    ('exaggerates', 'downplays', 'same')
    """
    if score > threshold:
        return "exaggerates"
    if score < -threshold:
        return "downplays"
    return "same"


def drift_many(
    pairs: Iterable[tuple[str, str]], *, model: StrengthModel | None = None
) -> list[Drift]:
    """:func:`drift` for each ``(source, target)`` pair, in order.

    A text that occurs in many pairs (one source retold by many targets) is read once.

    Examples
    --------
    >>> [d.label for d in drift_many([("A cures B.", "A cures B."), ("A cures B.", "")])]
    ['same', 'downplays']
    """
    return [drift(source, target, model=model) for source, target in pairs]

