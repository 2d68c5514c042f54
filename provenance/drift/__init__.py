"""Text drift: how a claim's wording changed between two reports, and the estimate of
where a story without annotations was distorted, from its words alone.

The parts, each standing on the ones before it:

- :mod:`~provenance.drift.cues`: the cue words of a text (hedges, boosters, negations,
  causal and correlational wording) and its names and numbers;
- :mod:`~provenance.drift.strength`: the claim-strength model (0 no relationship ..
  3 direct causal), shipped as ``provenance/data/strength_model.json``;
- :mod:`~provenance.drift.compare`: :func:`drift`, source against target, with a verdict and
  an explanation; :mod:`~provenance.drift.diff`: :func:`word_diff` for showing the change;
- :mod:`~provenance.drift.evaluate`: the one macro-F1 the model and the labels are judged by;
- :mod:`~provenance.drift.estimate`: the point of distortion of a story from its texts.

Examples
--------
>>> from provenance.drift import drift
>>> d = drift("Smoking is associated with cancer.", "Smoking causes cancer.")
>>> d.label, d.correlation_to_causation
('exaggerates', True)
"""

from __future__ import annotations

from .compare import Changes, Drift, DriftLabel, drift, drift_label, drift_many
from .cues import Cues, find_cues
from .diff import DiffKind, DiffOp, word_diff
from .estimate import (
    LinkDrift,
    SuggestedMention,
    TextEstimate,
    apply_suggestions,
    estimate_point,
    has_unannotated_text_links,
    incomparable,
    needs_text_estimate,
    suggest_mentions,
    text_drift_links,
)
from .evaluate import Evaluation, LabelScore, evaluate, macro_f1
from .strength import (
    STRENGTH_NAMES,
    StrengthModel,
    StrengthModelError,
    claim_strength,
    load_strength_model,
    strength_features,
    strength_probabilities,
)

__all__ = [
    "STRENGTH_NAMES",
    "Changes",
    "Cues",
    "DiffKind",
    "DiffOp",
    "Drift",
    "DriftLabel",
    "Evaluation",
    "LabelScore",
    "LinkDrift",
    "StrengthModel",
    "StrengthModelError",
    "SuggestedMention",
    "TextEstimate",
    "apply_suggestions",
    "claim_strength",
    "drift",
    "drift_label",
    "drift_many",
    "estimate_point",
    "evaluate",
    "find_cues",
    "has_unannotated_text_links",
    "incomparable",
    "load_strength_model",
    "macro_f1",
    "needs_text_estimate",
    "strength_features",
    "strength_probabilities",
    "suggest_mentions",
    "text_drift_links",
    "word_diff",
]
