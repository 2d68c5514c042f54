"""Format version 2 in every picture: the new roles' marks and legend, a headline's
stance, satire greyed as satire, a dropped qualifier written on its link."""

from __future__ import annotations

import pytest

from provenance.analysis import Role
from provenance.drawing import style
from provenance.drawing.picture import ROLE_LEGEND, SATIRE_LEGEND, SATIRE_TAG, describe
from provenance.files.registry import export

from .version2 import new_roles_analysis, new_roles_story


@pytest.fixture
def story():
    return new_roles_story()


@pytest.fixture
def analysis(story):
    return new_roles_analysis(story)


def test_satire_is_greyed_as_satire_and_tagged(story, analysis):
    picture = describe(story, analysis)
    card = picture.cards["satire"]
    assert card.satire and SATIRE_TAG in card.tags
    assert card.look.face == style.SATIRE_COLOR and card.look.legend == SATIRE_LEGEND
    assert not picture.cards["repost"].satire and picture.cards["repost"].tags == ()
    # In a claim lens too: satire is never coloured as a stance.
    assert describe(story, analysis, claim="moon").cards["satire"].look.face == style.SATIRE_COLOR


def test_a_headline_mention_is_named_on_the_stance_line(story, analysis):
    picture = describe(story, analysis, claim="cure")
    assert picture.cards["article"].stance == "cure: headline: asserts, attributes"
    assert picture.cards["wire-story"].stance == "cure: attributes"


def test_each_new_role_is_written_on_its_link(story, analysis):
    changes = {link.key: link.changes for link in describe(story, analysis).links}
    assert changes[("satire", "repost")] == ("satire taken as fact",)
    assert changes[("wire-story", "article")] == ("attributes → asserts\nin the headline",)
    # The qualifier's own words, not its id.
    assert changes[("paper", "write-up")] == ("dropped: in mice",)


def test_the_legend_explains_each_new_role_shown(story, analysis):
    labels = [entry.label for entry in describe(story, analysis).legend]
    assert SATIRE_LEGEND in labels
    assert all(ROLE_LEGEND[role] in labels for role in ROLE_LEGEND)
    # A claim lens lists only the roles it draws.
    lens = [entry.label for entry in describe(story, analysis, claim="cure").legend]
    assert ROLE_LEGEND[Role.SATIRE_AS_FACT] not in lens
    assert ROLE_LEGEND[Role.CONTEXT_DROPPED] in lens
    assert "border: context_dropped, headline_overstates" in lens


def test_a_long_qualifier_is_clipped_on_its_link(story, analysis):
    import attrs

    long = "in a pilot study of twelve people paid for by the company that sells it"
    claims = [attrs.evolve(c, text=long) if c.id == "mice" else c for c in story.claims]
    story = attrs.evolve(story, claims=claims)
    (change,) = {link.key: link.changes for link in describe(story, analysis).links}[
        ("paper", "write-up")]
    assert change.startswith("dropped: in a pilot study") and change.endswith("…")
    assert len(change) <= len("dropped: ") + 30


def test_dot_shows_the_new_marks(story, analysis):
    text = export(story, "dot", analysis)
    assert SATIRE_TAG in text and style.SATIRE_COLOR in text
    assert "dropped: in mice" in text and "satire taken as fact" in text
    assert "in the headline" in text and "headline: asserts" in text


def test_mermaid_shows_the_new_marks(story, analysis):
    text = export(story, "mermaid", analysis)
    assert SATIRE_TAG in text and f"fill:{style.SATIRE_COLOR}" in text
    assert "dropped: in mice" in text and "satire taken as fact" in text
    assert "in the headline" in text


def test_the_diagram_draws_the_satire_tag_and_the_changes(story, analysis):
    from provenance.drawing.mpl import draw

    drawing = draw(story, analysis)
    assert drawing.labels["satire:satire"].get_text() == SATIRE_TAG
    written = {key: text.get_text() for key, text in drawing.link_labels.items()}
    assert written[("paper", "write-up")].startswith("dropped: in mice")
    assert written[("satire", "repost")].startswith("satire taken as fact")
    legend = [text.get_text() for text in drawing.legend.get_texts()]
    assert ROLE_LEGEND[Role.CONTEXT_DROPPED] in legend and SATIRE_LEGEND in legend


def test_a_denial_made_firm_is_written_as_such():
    from provenance.analysis import Distortion
    from provenance.model import Stance
    from provenance.wording import change_lines

    firm = Distortion("paper", "c", (Role.INFLATED,), Stance.DENIES, Stance.DENIES, ("s",), ())
    assert change_lines(firm) == ("hedged → firm denial",)
