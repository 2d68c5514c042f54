"""The lenses behind the viewer: lineage, claim lens, search, timeline."""

from __future__ import annotations

import pytest

from provenance import ProvenanceError, Stance, analyze
from provenance.lenses import (
    claim_lens,
    lineage,
    neighbours,
    published_after,
    search_reports,
    timeline,
)

from .conftest import link, make_story, mention, report


@pytest.fixture
def story():
    return make_story(
        [report("o", "gov", mention("c", "implies"), published="2020-01-01"),
         report("d", "wire", mention("c", "asserts"), mention("c", "denies", "gov"),
                published="2020-01-02T10:00Z", title="Big <b>news</b>"),
         report("x", "blog", published="2020-01-03", text="Unrelated text about cats"),
         report("r", "paper", mention("c", "asserts"))],
        [link("o", "d"), link("d", "r"), link("r", "o", "rebuts")],
    )


def test_lineage_follows_every_link_and_survives_cycles(story):
    lin = lineage(story, "d")
    assert lin.ancestors == {"o", "r"} and lin.descendants == {"r", "o"}
    assert lineage(story, "x").related == {"x"}
    with pytest.raises(ProvenanceError, match="no report"):
        lineage(story, "nope")


def test_neighbours(story):
    assert neighbours(story, "d") == (("o",), ("r",))


def test_claim_lens_gives_stance_and_roles(story):
    lens = claim_lens(story, analyze(story), "c")
    assert lens["d"].stance is Stance.ASSERTS and lens["d"].denies_too
    assert [r.value for r in lens["d"].roles] == ["inflated"]
    assert not lens["x"].carries
    with pytest.raises(ProvenanceError, match='no claim "zz"'):
        claim_lens(story, analyze(story), "zz")


def test_search_matches_actor_title_and_text(story):
    assert search_reports(story, "WIRE") == ("d",)
    assert search_reports(story, "cats unrelated") == ("x",)
    assert search_reports(story, "  ") == ()


def test_timeline_and_replay(story):
    times = timeline(story)
    assert [t.text for t in times] == ["2020-01-01", "2020-01-02T10:00Z", "2020-01-03"]
    assert published_after(story, times[0]) == {"d", "x"}
    assert published_after(story, times[-1]) == frozenset()
