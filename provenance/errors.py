"""The exceptions the library raises: one root, :class:`ProvenanceError`."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ProvenanceError",
    "StoryFormatError",
    "UnsupportedVersionError",
    "ValidationIssue",
    "MissingExtraError",
    "StrengthModelError",
    "EditError",
    "ExportWarning",
    "StoryFormatWarning",
]


class ProvenanceError(Exception):
    """Root of every error the library raises on purpose."""


class ValidationIssue:
    """One problem in a story file: where it is (a JSON path) and why.

    Examples
    --------
    >>> str(ValidationIssue("reports[3].claims[0].stance", "must be one of asserts, ..."))
    'reports[3].claims[0].stance: must be one of asserts, ...'
    """

    __slots__ = ("path", "reason")

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def __repr__(self) -> str:
        return f"ValidationIssue({self.path!r}, {self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ValidationIssue)
            and (self.path, self.reason) == (other.path, other.reason)
        )

    def __hash__(self) -> int:
        return hash((self.path, self.reason))


class StoryFormatError(ProvenanceError):
    """A story file that breaks the format; ``issues`` lists every problem found."""

    def __init__(self, issues: Iterable[ValidationIssue], source: str | None = None) -> None:
        self.issues: tuple[ValidationIssue, ...] = tuple(issues)
        self.source = source
        where = f"{source}: " if source else ""
        count = len(self.issues)
        head = f"{where}{count} error{'s' if count != 1 else ''} in story file"
        shown = "\n".join(f"  {issue}" for issue in self.issues[:50])
        more = f"\n  ... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{head}\n{shown}{more}")


class UnsupportedVersionError(StoryFormatError):
    """The file declares a format version this library does not read."""


class MissingExtraError(ProvenanceError):
    """An optional dependency is not installed; the message names the extra."""


class StrengthModelError(ProvenanceError):
    """The text-drift strength model shipped with the package is missing or malformed."""


class EditError(ProvenanceError):
    """An edit of a story that the format forbids, refused before it is made.

    ``field`` names the field, as a JSON path of the story file (``reports[3].published``,
    ``links[2].source``); the message (``str(err)``, also ``reason``) says why, in words
    to show next to that field.

    Examples
    --------
    >>> err = EditError("reports[3].published", "not a date")
    >>> err.field, str(err)
    ('reports[3].published', 'not a date')
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason

    def __reduce__(self) -> tuple[type[EditError], tuple[str, str]]:
        return (type(self), (self.field, self.reason))


class ExportWarning(UserWarning):
    """An export wrote something other than the whole story, and says what and why.

    The command line prints it on stderr; in a script, :mod:`warnings` shows it
    (or turns it into an error with ``warnings.simplefilter("error", ExportWarning)``).
    """


class StoryFormatWarning(UserWarning):
    """A story file loaded, but holds something its version does not use.

    A version 1 file with keys of version 2 (``genre``, ``part``, ...) keeps them as
    unknown keys; the warning names them and says to write ``"version": 2``. The
    command line prints it on stderr.
    """
