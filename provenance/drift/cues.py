"""Cue words: the hedges, attributions, boosters, negations and causal or correlational
wording of a text, and the tokens, names and numbers the comparison reads.

The lexicons are lists in this module; multi-word cues ("according to", "linked to") are
matched on bigrams. Standard library only.

Examples
--------
>>> c = find_cues("Coffee may be linked to cancer, according to researchers.")
>>> c.hedges, c.correlational, c.attribution
(('may',), ('linked to',), ('according to',))
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

__all__ = ["Cues", "find_cues"]

# --------------------------------------------------------------------------- cue lexicons
# Single cue words, by category. Multi-word cues are matched on bigrams (see _PHRASE_CUES).
_HEDGES = frozenset(
    (
        "may", "might", "could", "suggest", "suggests", "suggested", "suggesting", "appear",
        "appears", "appeared", "seem", "seems", "seemed", "reportedly", "possibly", "possible",
        "likely", "potentially", "potential", "perhaps", "probably", "apparently", "allegedly",
        "presumably", "indicate", "indicates", "indicated", "preliminary", "tentative",
        "tentatively", "unclear", "uncertain", "hypothesize", "hypothesise",
    )
)
_ATTRIBUTION = frozenset(
    (
        "says", "said", "say", "claims", "claimed", "claim", "reported", "reports", "told",
        "stated", "states", "announced", "according", "finds", "concluded",
    )
)
_BOOSTERS = frozenset(
    (
        "proves", "prove", "proved", "proven", "confirms", "confirm", "confirmed", "first-ever",
        "definitely", "definitive", "shows", "show", "showed", "shown", "clearly", "demonstrates",
        "demonstrate", "demonstrated", "establishes", "established", "certainly", "undoubtedly",
        "conclusively", "breakthrough", "must", "always",
    )
)
_NEGATION = frozenset(
    (
        "not", "no", "never", "denies", "deny", "denied", "none", "neither", "nor", "cannot",
        "without", "lack", "lacks",
    )
)
_CAUSAL = frozenset(
    (
        "cause", "causes", "caused", "causing", "leads", "lead", "led", "increases", "increased",
        "reduces", "reduce", "reduced", "prevents", "prevent", "prevented", "improves", "improve",
        "improved", "boosts", "boost", "boosted", "cuts", "raises", "triggers", "trigger",
        "triggered", "protects", "protect", "protected", "affects", "affect", "affected", "drives",
        "damages", "harms", "benefits", "saves", "saving", "relieves", "relieve", "reverses",
        "cures", "cure", "kills", "makes", "results", "effect", "effects", "impact", "impacts",
        "determines", "enhances", "enhance", "decreases", "decrease", "decreased", "lowers",
        "slows", "halts", "stops", "blocks", "promotes",
    )
)
_CORRELATIONAL = frozenset(
    (
        "associated", "association", "associations", "linked", "link", "links", "correlated",
        "correlation", "correlations", "correlates", "related", "relationship", "relationships",
        "connection", "connected", "tied", "predicts", "predicted", "predictor",
    )
)
_PHRASE_CUES: dict[str, str] = {
    "according to": "attribution",
    "first ever": "boosters",
    "leads to": "causal",
    "lead to": "causal",
    "led to": "causal",
    "results in": "causal",
    "associated with": "correlational",
    "linked to": "correlational",
    "linked with": "correlational",
}
CUE_CATEGORY: dict[str, str] = {}
for _category, _members in (
    ("correlational", _CORRELATIONAL),
    ("causal", _CAUSAL),
    ("negation", _NEGATION),
    ("boosters", _BOOSTERS),
    ("attribution", _ATTRIBUTION),
    ("hedges", _HEDGES),
):
    for _member in _members:
        CUE_CATEGORY[_member] = _category
CUE_WORDS = frozenset(CUE_CATEGORY)


# --------------------------------------------------------------------------- tokenising
WORD = re.compile(r"[a-z]+(?:[-'’][a-z]+)*|\d+(?:[.,]\d+)*%?")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*%?")
NAME = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@attrs.frozen
class Cues:
    """Cue words found in one text, by category, each in order of first appearance.

    Attributes
    ----------
    hedges : tuple of str
        Words that weaken a claim ("may", "suggests", "possibly").
    attribution : tuple of str
        Words that attribute a claim to someone ("says", "according to").
    boosters : tuple of str
        Words that strengthen a claim ("proves", "confirms", "first-ever").
    negation : tuple of str
        Negations ("not", "no", "never", "denies").
    causal : tuple of str
        Causal wording ("causes", "reduces", "leads to").
    correlational : tuple of str
        Correlational wording ("associated with", "linked").

    Examples
    --------
    >>> find_cues("Coffee may be linked to cancer, according to researchers.").hedges
    ('may',)
    """

    hedges: tuple[str, ...] = ()
    attribution: tuple[str, ...] = ()
    boosters: tuple[str, ...] = ()
    negation: tuple[str, ...] = ()
    causal: tuple[str, ...] = ()
    correlational: tuple[str, ...] = ()


def words_of(lowered: str) -> list[str]:
    """The words and numbers of a lower-cased text, "n't" read as "not"."""
    # "doesn't" -> "does not": one negation token however it is spelled.
    return WORD.findall(lowered.replace("n't", " not").replace("n’t", " not"))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (blank parts dropped)."""
    return [part for part in SENTENCE_END.split(text) if part.strip()]


def cues_of(words: Sequence[str]) -> Cues:
    """The cues among already tokenised words (see :func:`words_of`)."""
    found: dict[str, list[str]] = {}
    present = CUE_WORDS.intersection(words)
    if present:
        for word in dict.fromkeys(words):
            if word in present:
                found.setdefault(CUE_CATEGORY[word], []).append(word)
    if "according" in present or "first" in words or "to" in words or "with" in words:
        previous = ""
        for word in words:
            phrase = _PHRASE_CUES.get(previous + " " + word)
            if phrase is not None:
                bucket = found.setdefault(phrase, [])
                if phrase == "attribution" and "according" in bucket:
                    bucket.remove("according")
                if previous in bucket:
                    bucket.remove(previous)
                if previous + " " + word not in bucket:
                    bucket.append(previous + " " + word)
            previous = word
    if not found:
        return NO_CUES
    return Cues(**{category: tuple(words) for category, words in found.items()})


#: The cues of a text without any (one shared value, so that "no cues" is a cheap test).
NO_CUES = Cues()


def find_cues(text: str) -> Cues:
    """The hedges, attributions, boosters, negations and causal or correlational words.

    Examples
    --------
    >>> c = find_cues("The drug does not cure cancer, the company said.")
    >>> (c.negation, c.causal, c.attribution)
    (('not',), ('cure',), ('said',))
    """
    return cues_of(words_of(text.lower()))


_RELATION_WORDS = _CAUSAL | _CORRELATIONAL


def denial_of(words: Sequence[str]) -> tuple[str, str] | None:
    """The negation that governs a causal or correlational word ("does not cause"), if any.

    Only such negations deny the claim itself; "not seen in Wales" does not.
    """
    if _NEGATION.isdisjoint(words):
        return None
    for i, word in enumerate(words):
        if word in _RELATION_WORDS:
            for before in words[max(0, i - 4) : i]:
                if before in _NEGATION:
                    return (before, word)
    return None


def names_of(text: str) -> tuple[str, ...]:
    """Capitalised words or runs of them, not at a sentence start, in order, once each."""
    starts = {0}
    for match in SENTENCE_END.finditer(text):
        starts.add(match.end())
    names: dict[str, None] = {}
    for match in NAME.finditer(text):
        name = match.group()
        if match.start() in starts or text[: match.start()].strip() == "" or (
            match.start() > 0 and text[match.start() - 1] in "\"'“‘(["
            and text[: match.start() - 1].strip() == ""
        ):
            # The first word of a sentence is capitalised anyway: keep only what follows it.
            _, _, name = name.partition(" ")
            name = name.strip()
        if name and name != "I":
            names[name] = None
    return tuple(names)


