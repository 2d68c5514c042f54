"""The sample stories bundled with the package.

They are package data (``provenance.samples``, the ``samples/`` folder of a checkout),
found through :mod:`importlib.resources` in a wheel, an sdist or an editable install, and
in the ``samples/`` folder beside the package when a checkout is used through
``PYTHONPATH`` alone. The viewer's Samples menu and ``provenance-gui`` with no file use
these functions.

Examples
--------
>>> import provenance
>>> "syria-joint-strike" in provenance.sample_names()
True
>>> provenance.load(provenance.sample_path("syria-joint-strike")).title
'Reported US-Russian joint strike in Syria'
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from .errors import ProvenanceError

__all__ = ["DEFAULT_SAMPLE", "sample_names", "sample_path"]

#: The sample the viewer opens when it is given no file.
DEFAULT_SAMPLE = "syria-joint-strike"

_SUFFIX = ".json"


def _folder() -> Path | None:
    """The folder holding the samples, or None when there is none."""
    try:
        root = importlib.resources.files("provenance.samples")
    except ModuleNotFoundError:
        # A checkout on PYTHONPATH, not installed: the folder the package data comes from.
        beside = Path(__file__).resolve().parent.parent / "samples"
        return beside if beside.is_dir() else None
    # Installed packages are plain files; a zipped install would need extracting first.
    return root if isinstance(root, Path) else None


def sample_names() -> tuple[str, ...]:
    """The names of the bundled sample stories (file names without ``.json``), sorted.

    Returns
    -------
    tuple of str
        Empty when the samples are not installed as files.

    Examples
    --------
    >>> from provenance import sample_names
    >>> sample_names()[0]
    'circular-sourcing'
    """
    folder = _folder()
    if folder is None:
        return ()
    return tuple(sorted(p.name[: -len(_SUFFIX)] for p in folder.iterdir()
                        if p.name.endswith(_SUFFIX) and p.is_file()))


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """The file of a bundled sample story, to pass to :func:`provenance.load`.

    Parameters
    ----------
    name : str
        A name from :func:`sample_names` (``.json`` may be given too); by default the
        Syria sample.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ProvenanceError
        No sample has that name (the message lists the names), or the samples are not
        installed as files.

    Examples
    --------
    >>> from provenance import sample_path
    >>> sample_path("circular-sourcing.json").name
    'circular-sourcing.json'
    """
    stem = name[: -len(_SUFFIX)] if name.endswith(_SUFFIX) else name
    names = sample_names()
    if stem not in names:
        if not names:
            raise ProvenanceError("the bundled samples are not installed as files "
                                  "(reinstall provenance-tracer from a wheel or a checkout)")
        raise ProvenanceError(f'there is no sample "{name}"; the samples are '
                              f"{', '.join(names)}")
    folder = _folder()
    assert folder is not None  # sample_names found it
    return folder / f"{stem}{_SUFFIX}"
