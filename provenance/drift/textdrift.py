"""The names of :mod:`provenance.drift` under their first module path (kept for the
modules that still import them from here; new code imports ``provenance.drift``).

Examples
--------
>>> from provenance.drift.textdrift import drift
>>> drift("Coffee may reduce the risk of diabetes.", "Coffee reduces the risk of diabetes.").label
'exaggerates'
"""

from __future__ import annotations

from .compare import Changes, Drift, drift, drift_many
from .cues import Cues, find_cues
from .diff import DiffOp, word_diff
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
