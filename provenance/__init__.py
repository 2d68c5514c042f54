"""provenance: trace how a news story spread and find where it was distorted.

Examples
--------
>>> import provenance
>>> story = provenance.loads('''{"format": "provenance-story", "version": 1,
...   "title": "Demo", "actors": [{"id": "a", "name": "Agency"}, {"id": "b", "name": "Blog"}],
...   "claims": [{"id": "c", "text": "It happened"}],
...   "reports": [{"id": "r1", "actor": "a", "claims": [{"claim": "c", "stance": "implies"}]},
...               {"id": "r2", "actor": "b", "claims": [{"claim": "c", "stance": "asserts"}]}],
...   "links": [{"source": "r1", "target": "r2", "relation": "paraphrases"}]}''')
>>> provenance.analyze(story).point_of_distortion.report
'r2'
"""

from __future__ import annotations

from importlib import metadata as _metadata

from .analysis import Analysis, ClaimFindings, DataWarning, Distortion, Role, analyze
from .bundled import sample_names, sample_path
from .errors import (
    MissingExtraError,
    ProvenanceError,
    StoryFormatError,
    UnsupportedVersionError,
    ValidationIssue,
)
from .io import dumps, load, loads, save
from .model import (
    Actor,
    ActorKind,
    Claim,
    ClaimMention,
    Link,
    PublicationTime,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
)

__all__ = [
    "Actor", "ActorKind", "Analysis", "Claim", "ClaimFindings", "ClaimMention", "DataWarning",
    "Distortion", "Link", "MissingExtraError", "ProvenanceError", "PublicationTime", "Relation",
    "Report", "ReportKind", "Role", "Stance", "Story", "StoryFormatError",
    "UnsupportedVersionError", "ValidationIssue", "analyze", "dumps", "load", "loads",
    "sample_names", "sample_path", "save",
]

try:
    #: The installed distribution's version (pyproject.toml's), "0+unknown" when the
    #: package is used from a checkout that was never installed.
    __version__ = _metadata.version("provenance-tracer")
except _metadata.PackageNotFoundError:  # pragma: no cover - a checkout on PYTHONPATH
    __version__ = "0+unknown"
