"""The viewer's chain draws format version 2's marks as the library's picture says."""

from __future__ import annotations

from PySide6.QtGui import QColor

from provenance.drawing import style
from provenance.drawing.picture import SATIRE_TAG, prepare
from provenance_gui.chain import ChainScene, ChainView
from tests.drawing.version2 import new_roles_analysis, new_roles_story


def _scene() -> ChainScene:
    story = new_roles_story()
    analysis = new_roles_analysis(story)
    return ChainScene(story, analysis, prepare(story, analysis).layout)


def test_satire_is_greyed_and_tagged_in_every_lens(qtbot):
    scene = _scene()
    card = scene.reports["satire"]
    assert card.brush().color() == QColor(style.SATIRE_COLOR)
    assert set(scene.satire_tags) == {"satire"}
    assert scene.satire_tags["satire"].text() == SATIRE_TAG
    scene.set_claim("cure")  # a lens where satire carries nothing: still satire, still tagged
    assert card.brush().color() == QColor(style.SATIRE_COLOR)
    assert scene.satire_tags["satire"].isVisible()


def test_the_new_changes_are_written_on_their_links(qtbot):
    scene = _scene()
    written = {key: item.change for key, item in scene.links.items() if item.change}
    assert written[("paper", "write-up")] == "dropped: in mice"
    assert written[("satire", "repost")] == "satire taken as fact"
    assert written[("wire-story", "article")] == "attributes →\nasserts\nin the headline"
    assert scene.links[("paper", "write-up")].label is not None


def test_a_headline_stance_is_on_its_card(qtbot):
    scene = _scene()
    assert scene.reports["article"].stance == "cure: headline: asserts, attributes"
    view = ChainView()
    qtbot.addWidget(view)
    view.setScene(scene)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.fit()
    assert not view.grab().toImage().isNull()
