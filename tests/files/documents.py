"""Story documents the tests of the story file build on, and the two readers' verdicts."""

from __future__ import annotations

import json

import pytest

import provenance
from provenance import StoryFormatError

from ..conftest import SAMPLES, link, mention, report, story_data

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


def good() -> dict:
    return story_data(
        [report("r1", "a", mention("c", "asserts")), report("r2", "b", mention("c", "implies"))],
        [link("r1", "r2", "paraphrases", confidence=0.5, note="n")],
    )


def issues_of(text: str | bytes) -> list[str]:
    with pytest.raises(StoryFormatError) as info:
        provenance.loads(text)
    return [str(issue) for issue in info.value.issues]


def mutated(change) -> str:
    """The text of :func:`good`'s document after ``change`` (a function of it)."""
    data = good()
    change(data)
    return json.dumps(data)


def readings(text: str | bytes) -> tuple[object, object]:
    """What the fast reader (``loads``) and the careful reader make of ``text``."""
    from provenance.files._careful import parse, story_from_data

    def outcome(read):
        try:
            return read()
        except StoryFormatError as err:
            return [str(issue) for issue in err.issues]

    careful = text.decode("utf-8") if isinstance(text, bytes) else text
    return (outcome(lambda: provenance.loads(text)),
            outcome(lambda: story_from_data(parse(careful, raw_surrogates=True))))
