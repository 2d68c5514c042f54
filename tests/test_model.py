"""Tests for provenance.model: frozen records, looked up by id, that draw nothing."""

from __future__ import annotations

import subprocess
import sys

import attrs
import pytest

from provenance.model import Actor, Link, Relation, Report, Story
from tests.conftest import ROOT, link, make_story, report


def test_records_are_frozen_and_changed_by_copy() -> None:
    story = make_story([report("a", "x"), report("b", "y")], [link("a", "b")])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        story.title = "Other"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        story.reports[0].actor = "y"  # type: ignore[misc]
    renamed = attrs.evolve(story, title="Other")
    assert renamed.title == "Other" and story.title != "Other"
    assert renamed.reports is story.reports


def test_collections_become_tuples() -> None:
    story = Story("S", actors=[Actor("a", "A")], reports=[Report("r", "a")], links=[])
    assert isinstance(story.actors, tuple) and isinstance(story.reports, tuple)
    assert isinstance(story.links, tuple)


def test_records_are_found_by_id_and_an_unknown_id_is_a_key_error() -> None:
    story = make_story([report("a", "x"), report("b", "y")])
    assert story.report("b").actor == "y"
    assert story.actor("x").id == "x"
    with pytest.raises(KeyError):
        story.report("zz")


def test_what_a_story_computed_once_is_not_part_of_its_value() -> None:
    # Story._cache holds derived values (id indexes, the graph, the reader's columns):
    # two equal stories stay equal whichever has been looked at.
    one, two = (Story("S", actors=[Actor("a", "A")], reports=[Report("r1", "a"),
                Report("r2", "a")], links=[Link("r1", "r2", Relation.QUOTES)])
                for _ in range(2))
    one.report("r1")
    assert one.is_firsthand("r1") and not one.is_firsthand("r2")
    assert one == two and hash(one) == hash(two)
    assert "_cache" not in repr(one)


def test_the_model_imports_no_drawing_and_no_graph_library() -> None:
    # The model is records only: its Jupyter picture lives in provenance.notebook.
    code = ("import sys, provenance.model as m; "
            "print(sorted(n for n in ('matplotlib', 'networkx', 'numpy', 'provenance.drawing',"
            " 'provenance.graph', 'provenance.notebook') if n in sys.modules)); "
            "print([n for n in vars(m.Story) if n.startswith('_repr_')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "[]"]


# --------------------------------------------------------------------------- #
# Version 2: what the files' checks promise the model (each account a whole story).

from hypothesis import given  # noqa: E402

from tests.files.documents import v2_documents  # noqa: E402
from tests.test_properties import SETTINGS  # noqa: E402


@SETTINGS
@given(v2_documents())
def test_every_account_of_a_loaded_story_is_a_valid_story_of_its_own(doc) -> None:
    import json

    import provenance
    from provenance.model import account_story, required_version

    story = provenance.loads(json.dumps(doc))
    for account in story.accounts:
        alone = account_story(story, account.id)
        again = provenance.loads(provenance.dumps(alone))  # the checks of saving pass
        assert again == alone
        assert not any(r.accounts for r in alone.reports)
        assert required_version(alone) <= required_version(story)
