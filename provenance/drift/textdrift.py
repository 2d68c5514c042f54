"""Text drift: find where a story changed from the words alone.

Compare a *source* text (a paper's conclusion, an agency wire) with a *target* text that
retells it (a press release, a news article) and say whether the target makes a stronger
claim (``"exaggerates"``), a weaker one (``"downplays"``) or the same (``"same"``), and why.

Claim strength follows the science-communication scale used by Sumner et al. (2014) and
Yu et al. (2019): 0 no relationship, 1 correlational, 2 conditional causal ("may cause"),
3 direct causal. It is predicted by a small multinomial logistic regression over word
unigrams, bigrams and cue-word features, learned by ``tools/train_strength.py`` and shipped as
``provenance/data/strength_model.json``. Everything here uses the standard library only.

Examples
--------
>>> d = drift("Coffee may be linked to cancer.", "Coffee causes cancer.")
>>> d.label
'exaggerates'
>>> d.dropped.hedges
('may',)
"""

from __future__ import annotations

import bisect
import difflib
import functools
import importlib.resources
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import attrs

from provenance.errors import ProvenanceError

__all__ = [
    "STRENGTH_NAMES",
    "Changes",
    "Cues",
    "DiffOp",
    "Drift",
    "StrengthModel",
    "StrengthModelError",
    "claim_strength",
    "drift",
    "drift_many",
    "find_cues",
    "load_strength_model",
    "strength_features",
    "strength_probabilities",
    "word_diff",
]

#: Plain-English name of each claim-strength level.
STRENGTH_NAMES: tuple[str, str, str, str] = (
    "no relationship",
    "correlational",
    "conditional causal",
    "direct causal",
)

DriftLabel = Literal["same", "exaggerates", "downplays"]
DiffKind = Literal["equal", "insert", "delete"]
_Probabilities = tuple[float, float, float, float]


class StrengthModelError(ProvenanceError):
    """The shipped strength model is missing or malformed."""


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
_CUE_CATEGORY: dict[str, str] = {}
for _category, _members in (
    ("correlational", _CORRELATIONAL),
    ("causal", _CAUSAL),
    ("negation", _NEGATION),
    ("boosters", _BOOSTERS),
    ("attribution", _ATTRIBUTION),
    ("hedges", _HEDGES),
):
    for _member in _members:
        _CUE_CATEGORY[_member] = _category
_CUE_WORDS = frozenset(_CUE_CATEGORY)
_CATEGORIES = ("hedges", "attribution", "boosters", "negation", "causal", "correlational")

# --------------------------------------------------------------------------- tokenising
_WORD = re.compile(r"[a-z]+(?:[-'’][a-z]+)*|\d+(?:[.,]\d+)*%?")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*%?")
_NAME = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_DIFF_TOKEN = re.compile(r"\s+|\w+(?:['’-]\w+)*|[^\w\s]")


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
class DiffOp:
    """One step of a word-level diff: text kept (``"equal"``), added or removed.

    Examples
    --------
    >>> DiffOp("insert", " not")
    DiffOp(kind='insert', text=' not')
    """

    kind: DiffKind
    text: str


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


# --------------------------------------------------------------------------- the model
@attrs.frozen
class StrengthModel:
    """A multinomial logistic regression over word features, one weight row per feature.

    Attributes
    ----------
    bias : tuple of float
        One intercept per strength level 0..3.
    weights : dict
        Feature (see :func:`strength_features`) to one weight per strength level.
    threshold : float
        Smallest absolute drift score labelled ``"exaggerates"`` or ``"downplays"``.
    meta : dict
        How the model was trained and how well it did (informational).

    Examples
    --------
    >>> m = StrengthModel(bias=(0.0, 0.0, 0.0, 0.0), weights={"causes": (0.0, 0.0, 0.0, 2.0)})
    >>> round(m.probabilities(["causes"])[3], 3)
    0.711
    """

    bias: tuple[float, float, float, float]
    weights: dict[str, tuple[float, float, float, float]] = attrs.field(hash=False)
    threshold: float = 0.5
    meta: dict[str, Any] = attrs.field(factory=dict, hash=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StrengthModel:
        """Build a model from its JSON form (as written by ``tools/train_strength.py``).

        Raises
        ------
        StrengthModelError
            If a field is missing or has the wrong shape.

        Examples
        --------
        >>> StrengthModel.from_json({"bias": [0, 0, 0, 0], "weights": {}}).threshold
        0.5
        """
        try:
            b0, b1, b2, b3 = (float(v) for v in data["bias"])
            weights: dict[str, tuple[float, float, float, float]] = {}
            for feature, row in data["weights"].items():
                w0, w1, w2, w3 = (float(v) for v in row)
                weights[str(feature)] = (w0, w1, w2, w3)
            threshold = float(data.get("threshold", 0.5))
            meta = dict(data.get("meta", {}))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise StrengthModelError(f"malformed strength model: {err}") from err
        return cls(bias=(b0, b1, b2, b3), weights=weights, threshold=threshold, meta=meta)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form read by :meth:`from_json`.

        Examples
        --------
        >>> StrengthModel(bias=(0.0, 0.0, 0.0, 0.0), weights={}).to_json()["threshold"]
        0.5
        """
        return {
            "bias": list(self.bias),
            "threshold": self.threshold,
            "meta": self.meta,
            "weights": {f: list(row) for f, row in sorted(self.weights.items())},
        }

    def probabilities(self, features: Iterable[str]) -> tuple[float, float, float, float]:
        """Probability of each strength level 0..3 given a text's features.

        Examples
        --------
        >>> m = StrengthModel(bias=(0.0, 0.0, 0.0, 0.0), weights={})
        >>> m.probabilities(["anything"])
        (0.25, 0.25, 0.25, 0.25)
        """
        s0, s1, s2, s3 = self.bias
        get = self.weights.get
        for feature in features:
            row = get(feature)
            if row is not None:
                s0 += row[0]
                s1 += row[1]
                s2 += row[2]
                s3 += row[3]
        top = max(s0, s1, s2, s3)
        e0 = math.exp(s0 - top)
        e1 = math.exp(s1 - top)
        e2 = math.exp(s2 - top)
        e3 = math.exp(s3 - top)
        total = e0 + e1 + e2 + e3
        return (e0 / total, e1 / total, e2 / total, e3 / total)


@functools.lru_cache(maxsize=1)
def load_strength_model() -> StrengthModel:
    """Load the shipped strength model (once; later calls return the same object).

    Raises
    ------
    StrengthModelError
        If ``provenance/data/strength_model.json`` is missing or malformed.

    Examples
    --------
    >>> load_strength_model() is load_strength_model()
    True
    """
    resource = importlib.resources.files("provenance").joinpath("data/strength_model.json")
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StrengthModelError(f"cannot read the strength model: {err}") from err
    if not isinstance(data, dict):
        raise StrengthModelError("malformed strength model: not a JSON object")
    return StrengthModel.from_json(data)


# --------------------------------------------------------------------------- features
def _words(lowered: str) -> list[str]:
    # "doesn't" -> "does not": one negation token however it is spelled.
    return _WORD.findall(lowered.replace("n't", " not").replace("n’t", " not"))


_MODALS = frozenset(("may", "might", "could", "can", "would", "will"))


def _sentence_features(words: Sequence[str]) -> list[str]:
    features = ["<bias>"]
    append = features.append
    previous = "<s>"
    # The claim's shape, whatever its topic: the order of the cue categories ("#<s>>hedges",
    # "#hedges>causal") and a modal shortly before a causal or correlational word
    # ("@may>causal"). They carry over from the CSVs' sentences to other texts better than
    # topic words do.
    last_category = "<s>"
    modal = ""
    modal_at = -9
    cue_category = _CUE_CATEGORY
    modals = _MODALS
    for i, word in enumerate(words):
        if word[0].isdigit():
            word = "<num>"
        append(word)
        append(previous + " " + word)
        category = cue_category.get(word)
        if category is not None:
            append("#" + category)
            append("#" + last_category + ">" + category)
            last_category = category
            if i - modal_at <= 3 and (category == "causal" or category == "correlational"):
                append("@" + modal + ">" + category)
        if word in modals:
            append("@" + word)
            modal, modal_at = word, i
        previous = word
    return features


def strength_features(text: str) -> list[str]:
    """The features the strength model sees for one sentence.

    Lower-cased word unigrams and bigrams (numbers become ``<num>``, a sentence starts with
    ``<s>``); ``#category`` for every cue word (see :class:`Cues`) and ``#previous>category``
    for the order of the cue categories; ``@modal`` for "may", "might", "could", "can",
    "would", "will", and ``@modal>causal`` or ``@modal>correlational`` when a causal or
    correlational word follows the modal within three words.

    Parameters
    ----------
    text : str
        One sentence (or a short text treated as one).

    Returns
    -------
    list of str
        Features in text order; repeats are kept.

    Examples
    --------
    >>> strength_features("Coffee may help.")  # doctest: +NORMALIZE_WHITESPACE
    ['<bias>', 'coffee', '<s> coffee', 'may', 'coffee may', '#hedges', '#<s>>hedges', '@may',
     'help', 'may help']
    >>> [f for f in strength_features("It may cause harm.") if f[0] in "#@"]
    ['#hedges', '#<s>>hedges', '@may', '#causal', '#hedges>causal', '@may>causal']
    """
    return _sentence_features(_words(text.lower()))


def _split_sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


@attrs.frozen
class _Reading:
    """Everything drift() needs to know about one text, computed once per text."""

    probabilities: _Probabilities
    expected: float
    strength: int
    words: frozenset[str]
    denies: tuple[str, str] | None
    cues: Cues
    names: tuple[str, ...]
    numbers: tuple[str, ...]


def _cues_of(words: Sequence[str]) -> Cues:
    found: dict[str, list[str]] = {}
    present = _CUE_WORDS.intersection(words)
    if present:
        for word in dict.fromkeys(words):
            if word in present:
                found.setdefault(_CUE_CATEGORY[word], []).append(word)
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
        return _NO_CUES
    return Cues(**{category: tuple(words) for category, words in found.items()})


_NO_CUES = Cues()


def find_cues(text: str) -> Cues:
    """The hedges, attributions, boosters, negations and causal or correlational words.

    Examples
    --------
    >>> c = find_cues("The drug does not cure cancer, the company said.")
    >>> (c.negation, c.causal, c.attribution)
    (('not',), ('cure',), ('said',))
    """
    return _cues_of(_words(text.lower()))


_RELATION_WORDS = _CAUSAL | _CORRELATIONAL


def _denial_of(words: Sequence[str]) -> tuple[str, str] | None:
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


def _names_of(text: str) -> tuple[str, ...]:
    starts = {0}
    for match in _SENTENCE_END.finditer(text):
        starts.add(match.end())
    names: dict[str, None] = {}
    for match in _NAME.finditer(text):
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


_UNIFORM: _Probabilities = (0.25, 0.25, 0.25, 0.25)


def _text_probabilities(model: StrengthModel, text: str, words: list[str]) -> _Probabilities:
    if "." in text or "?" in text or "!" in text:
        sentences = _split_sentences(text)
        if len(sentences) > 1:
            # A text's claim is its strongest sentence's claim.
            best = _UNIFORM
            best_expected = -1.0
            for sentence in sentences:
                p = model.probabilities(_sentence_features(_words(sentence.lower())))
                expected = p[1] + 2.0 * p[2] + 3.0 * p[3]
                if expected > best_expected:
                    best, best_expected = p, expected
            return best
    return model.probabilities(_sentence_features(words))


def _read_with(model: StrengthModel, text: str) -> _Reading:
    words = _words(text.lower())
    probabilities = _text_probabilities(model, text, words)
    return _Reading(
        probabilities=probabilities,
        expected=probabilities[1] + 2.0 * probabilities[2] + 3.0 * probabilities[3],
        strength=max(range(4), key=probabilities.__getitem__),
        words=frozenset(words),
        denies=_denial_of(words),
        cues=_cues_of(words),
        names=_names_of(text) if _NAME.search(text) else (),
        numbers=tuple(dict.fromkeys(_NUMBER.findall(text))),
    )


@functools.lru_cache(maxsize=4096)
def _read(text: str) -> _Reading:
    return _read_with(load_strength_model(), text)


def _reader(model: StrengthModel | None) -> Callable[[str], _Reading]:
    return _read if model is None else functools.partial(_read_with, model)


def strength_probabilities(
    text: str, *, model: StrengthModel | None = None
) -> tuple[float, float, float, float]:
    """Probability that ``text`` states no relationship, a correlation, a conditional cause
    or a direct cause.

    A text of several sentences is read as its strongest sentence.

    Examples
    --------
    >>> p = strength_probabilities("Smoking causes lung cancer.")
    >>> round(sum(p), 6), max(range(4), key=p.__getitem__)
    (1.0, 3)
    """
    return _reader(model)(text).probabilities


def claim_strength(text: str, *, model: StrengthModel | None = None) -> int:
    """The most likely claim strength of ``text``: 0 no relationship, 1 correlational,
    2 conditional causal, 3 direct causal.

    Examples
    --------
    >>> claim_strength("Drinking coffee is associated with a lower risk of diabetes.")
    1
    >>> claim_strength("Drinking coffee may reduce the risk of diabetes.")
    2
    >>> claim_strength("Drinking coffee reduces the risk of diabetes.")
    3
    """
    return _reader(model)(text).strength


# --------------------------------------------------------------------------- comparing
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
        and not other.words.issuperset(_WORD.findall(n.lower()))
    )


def _changes(these: _Reading, those: _Reading) -> Changes:
    a, b = these.cues, those.cues
    if a is _NO_CUES and not these.names and not these.numbers:
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
    threshold = (model or load_strength_model()).threshold
    label: DriftLabel
    if score > threshold:
        label = "exaggerates"
    elif score < -threshold:
        label = "downplays"
    else:
        label = "same"
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
