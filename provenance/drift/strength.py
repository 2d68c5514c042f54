"""The claim-strength model: how strongly a text states a relationship.

Claim strength follows the science-communication scale used by Sumner et al. (2014) and
Yu et al. (2019): 0 no relationship, 1 correlational, 2 conditional causal ("may cause"),
3 direct causal. It is predicted by a small multinomial logistic regression over word
unigrams, bigrams and cue-word features, learned by ``tools/train_strength.py`` and shipped as
``provenance/data/strength_model.json`` (read with :mod:`importlib.resources` on first use).
Standard library only.

Examples
--------
>>> claim_strength("Smoking is associated with lung cancer.")
1
>>> STRENGTH_NAMES[claim_strength("Smoking causes lung cancer.")]
'direct causal'
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..errors import StrengthModelError
from .cues import CUE_CATEGORY, split_sentences, words_of

__all__ = [
    "STRENGTH_NAMES",
    "StrengthModel",
    "StrengthModelError",
    "claim_strength",
    "load_strength_model",
    "strength_features",
    "strength_probabilities",
]

#: Plain-English name of each claim-strength level.
STRENGTH_NAMES: tuple[str, str, str, str] = (
    "no relationship",
    "correlational",
    "conditional causal",
    "direct causal",
)

#: The probability of each strength level 0..3.
Probabilities = tuple[float, float, float, float]


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


_MODALS = frozenset(("may", "might", "could", "can", "would", "will"))


def sentence_features(words: Sequence[str]) -> list[str]:
    """:func:`strength_features` of already tokenised words."""
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
    cue_category = CUE_CATEGORY
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
    return sentence_features(words_of(text.lower()))


_UNIFORM: Probabilities = (0.25, 0.25, 0.25, 0.25)


def text_probabilities(model: StrengthModel, text: str, words: list[str]) -> Probabilities:
    """The strength probabilities of ``text`` (its ``words`` already tokenised): of its
    strongest sentence when it has several."""
    if "." in text or "?" in text or "!" in text:
        sentences = split_sentences(text)
        if len(sentences) > 1:
            # A text's claim is its strongest sentence's claim.
            best = _UNIFORM
            best_expected = -1.0
            for sentence in sentences:
                p = model.probabilities(sentence_features(words_of(sentence.lower())))
                expected = p[1] + 2.0 * p[2] + 3.0 * p[3]
                if expected > best_expected:
                    best, best_expected = p, expected
            return best
    return model.probabilities(sentence_features(words))


@functools.lru_cache(maxsize=4096)
def _shipped(text: str) -> Probabilities:
    return text_probabilities(load_strength_model(), text, words_of(text.lower()))


def _probabilities(text: str, model: StrengthModel | None) -> Probabilities:
    if model is None:
        return _shipped(text)
    return text_probabilities(model, text, words_of(text.lower()))


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
    return _probabilities(text, model)


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
    p = _probabilities(text, model)
    return max(range(4), key=p.__getitem__)

