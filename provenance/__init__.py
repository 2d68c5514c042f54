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

import importlib
import os as _os
import sys as _sys


def _starting_the_command() -> bool:
    """Whether this import is the ``provenance`` command starting (not a library import).

    True while ``python -m provenance`` locates its module (``sys.argv[0]`` is then
    ``"-m"``) and for the installed ``provenance`` script beside the interpreter.
    """
    first = _sys.argv[0] if _sys.argv else ""
    if first == "-m":
        return True
    name = _os.path.basename(first)
    return name in ("provenance", "provenance.exe", "provenance-script.py") and (
        _os.path.dirname(_os.path.realpath(first))
        == _os.path.dirname(_os.path.realpath(_sys.executable)))


if _starting_the_command():
    # Ctrl-C before the command line's own handling is in place (it is a few
    # imports away) ends the command quietly with 130, not a traceback; see
    # provenance/__main__.py, which takes over.
    # _signal is built in and already loaded: importing signal itself takes time.
    import _signal  # type: ignore[import-not-found]

    def _interrupted_while_starting(signum: int, frame: object) -> None:
        _os.write(2, b"provenance: interrupted\n")
        _os._exit(128 + signum)

    _signal.signal(_signal.SIGINT, _interrupted_while_starting)

# Not `from typing import TYPE_CHECKING`: importing typing is most of this module's
# start-up time. Type checkers read this block (mypy treats a bare MYPY as True).
MYPY = False
if MYPY:
    from typing import Any

    from .analysis import Analysis, ClaimFindings, DataWarning, Distortion, Role, analyze
    from .bundled import sample_names, sample_path
    from .drawing.mpl import Drawing, draw, save_drawing, to_svg
    from .drawing.timeline_mpl import timeline
    from .errors import (
        ExportWarning,
        MissingExtraError,
        ProvenanceError,
        StoryFormatError,
        UnsupportedVersionError,
        ValidationIssue,
    )
    from .files.registry import export, export_to, import_prov_json
    from .files.story import dumps, load, loads, save
    from .graph import lineage, story_graph
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
    from .wording import account

    __version__: str

# Each name is imported where it lives when first used (PEP 562), so that the
# command line starts in milliseconds, with its Ctrl-C handling in place before the
# heavy imports (numpy, networkx) run.
_HOMES = {
    "analysis": ("Analysis", "ClaimFindings", "DataWarning", "Distortion", "Role", "analyze"),
    "bundled": ("sample_names", "sample_path"),
    "drawing.mpl": ("Drawing", "draw", "save_drawing", "to_svg"),
    "drawing.timeline_mpl": ("timeline",),
    "errors": ("ExportWarning", "MissingExtraError", "ProvenanceError", "StoryFormatError",
               "UnsupportedVersionError", "ValidationIssue"),
    "files.registry": ("export", "export_to", "import_prov_json"),
    "files.story": ("dumps", "load", "loads", "save"),
    "graph": ("lineage", "story_graph"),
    "model": ("Actor", "ActorKind", "Claim", "ClaimMention", "Link", "PublicationTime",
              "Relation", "Report", "ReportKind", "Stance", "Story"),
    "wording": ("account",),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}
#: The package's parts, importable as attributes (``provenance.files``).
_SUBMODULES = frozenset({"analysis", "bundled", "cli", "drawing", "drift", "errors", "files",
                         "graph", "model", "notebook", "output", "terminal", "view",
                         "wording"})


if "IPython" in _sys.modules:  # a notebook or an IPython shell: stories show as diagrams
    from .notebook import register as _register_notebook

    _register_notebook()


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def _version() -> str:
    """The installed distribution's version (pyproject.toml's), "0+unknown" when the
    package is used from a checkout that was never installed."""
    from importlib import metadata

    try:
        return metadata.version("provenance-tracer")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout on PYTHONPATH
        return "0+unknown"


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Actor", "ActorKind", "Analysis", "Claim", "ClaimFindings", "ClaimMention", "DataWarning",
    "Distortion", "Drawing", "ExportWarning", "Link", "MissingExtraError", "ProvenanceError",
    "PublicationTime", "Relation", "Report", "ReportKind", "Role", "Stance", "Story",
    "StoryFormatError", "UnsupportedVersionError", "ValidationIssue", "account", "analyze",
    "draw", "dumps", "export", "export_to", "import_prov_json", "lineage", "load", "loads",
    "sample_names", "sample_path", "save", "save_drawing", "story_graph", "timeline", "to_svg",
]
