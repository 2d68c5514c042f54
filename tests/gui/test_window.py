"""The viewer as a user drives it (pytest-qt, offscreen)."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QTextDocument
from PySide6.QtGui import Qt as QtGuiQt
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from provenance.drawing import style

from ..conftest import SAMPLES, mention, report, story_data


def click_report(qtbot, window, report_id):
    item = window.scene.reports[report_id]
    window.view.centerOn(item)
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_opens_the_sample_with_the_point_of_distortion_marked(window):
    assert window.analysis.point_of_distortion.report == "ap-tweet"
    marker = window.scene.point_marker
    assert marker is not None
    assert marker.pen().color() == QColor(style.POINT_COLOR)
    assert marker.sceneBoundingRect().contains(
        window.scene.reports["ap-tweet"].sceneBoundingRect())
    card = window.scene.reports["ap-tweet"]
    assert card.pen().color() == QColor(style.DISTORTION_COLOR)
    link = window.scene.links[("ria-later", "ap-tweet")]
    assert link.pen().color().rgb() == QColor(style.DISTORTION_COLOR).rgb()
    assert "Associated Press" in window.analysis_panel.headline.text()


def test_clicking_a_report_shows_its_text(qtbot, window):
    click_report(qtbot, window, "dod-statement")
    assert window.selected_report() == "dod-statement"
    inspector = window.inspector.report
    assert window.inspector.currentWidget() is inspector
    assert inspector.text.toPlainText().startswith("The Department of Defense is not")
    assert "US Department of Defense" in inspector.actor.text()
    assert inspector.claims.item(0, 1).text() == "denies"


def test_story_text_is_never_interpreted_as_html(qtbot, window, tmp_path):
    html = "<b>bold</b> <img src='x'> &amp;"
    data = story_data([report("r1", "a", mention("c", "asserts"), title=html, text=html)])
    data["actors"][0]["name"] = "<i>Actor</i>"
    path = tmp_path / "html.json"
    path.write_text(json.dumps(data), "utf-8")
    assert window.open_path(path)
    window.select_report("r1")
    inspector = window.inspector.report
    assert inspector.title.text() == html
    assert inspector.title.textFormat() == Qt.TextFormat.PlainText
    assert inspector.text.toPlainText() == html
    assert inspector.actor.text().startswith("<i>Actor</i>")
    assert inspector.actor.textFormat() == Qt.TextFormat.PlainText


def shown_as(tip: str) -> tuple[str, str]:
    """What a tooltip shows, rendered the way QToolTip renders it (rich text whenever
    Qt.mightBeRichText says so): its text, and the HTML of the rendered document."""
    document = QTextDocument()
    if QtGuiQt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document.toPlainText(), document.toHtml()


def test_tooltips_show_story_text_literally_and_load_no_image(window, tmp_path):
    picture = tmp_path / "x.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(picture))
    markup = f'<img src="{picture}"> <b>x</b> &amp;'
    data = story_data([report("r1", "a", mention("c", "implies"), title=markup),
                       report("r2", "b", mention("c", "asserts"), title=markup)],
                      [{"source": "r1", "target": "r2", "relation": "paraphrases"}])
    data["claims"][0]["text"] = f"claim {markup}"
    data["actors"][1]["name"] = f"Blog {markup}"
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(data), "utf-8")
    assert window.open_path(path)
    tips = []
    window.select_report("r2")
    table = window.inspector.report.claims
    tips += [table.item(0, col).toolTip() for col in range(table.columnCount())]
    box = window.claim_box
    tips += [box.itemData(i, Qt.ItemDataRole.ToolTipRole) or "" for i in range(box.count())]
    tree = window.analysis_panel.tree
    entries, analysis = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())], []
    while entries:
        entry = entries.pop()
        analysis.append(shown_as(entry.toolTip(0))[0])
        tips.append(entry.toolTip(0))
        entries += [entry.child(i) for i in range(entry.childCount())]
    window.set_claim_lens("c")
    legend = [window.legend.item(i) for i in range(window.legend.count())]
    assert legend and all(shown_as(item.toolTip())[0] == item.text() for item in legend)
    tips += [item.toolTip() for item in legend]

    assert shown_as(table.item(0, 0).toolTip())[0] == f"claim {markup}"
    assert shown_as(box.itemData(1, Qt.ItemDataRole.ToolTipRole))[0] == f"claim {markup}"
    assert any(f"“claim {markup}”" in text for text in analysis)  # the distortion entry
    assert any(f"Blog {markup}, " in text for text in analysis)  # a report's label
    for tip in tips:
        rendered = shown_as(tip)[1]
        assert "<img" not in rendered  # no image element: nothing is loaded
        assert "font-weight:700" not in rendered  # and no <b>


def test_claim_lens_recolours_and_greys(window):
    window.set_claim_lens("coalition-jets")
    cards = window.scene.reports
    assert cards["ap-tweet"].brush().color() == QColor(style.STANCE_COLORS["attributes"])
    assert cards["dod-statement"].brush().color() == QColor(style.STANCE_COLORS["denies"])
    assert cards["mod-statement"].brush().color() == QColor(style.GREYED_COLOR)
    window.set_claim_lens(None)
    assert cards["mod-statement"].brush().color() == QColor(
        style.ACTOR_COLORS["government"])


def test_lineage_dims_the_unrelated_and_esc_clears(qtbot, window):
    window.select_report("dorrian-statement")
    cards = window.scene.reports
    assert cards["dorrian-statement"].opacity() == 1.0
    assert cards["headlines"].opacity() == 1.0  # what it responded to
    assert cards["mod-statement"].opacity() == 1.0  # further upstream
    assert cards["seed-article"].opacity() == 1.0  # drew on it
    assert cards["pahon-statement"].opacity() < 0.5  # unrelated
    assert window.scene.links[("headlines", "pahon-statement")].opacity() < 0.5
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert all(card.opacity() == 1.0 for card in cards.values())
    assert window.selected_report() is None


def test_a_bad_file_shows_the_loader_message_and_the_window_survives(window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "provenance-story", "version": 1, "title": "T", '
                   '"reports": [{"id": "r", "actor": "ghost"}]}', "utf-8")
    assert not window.open_path(bad)
    box = window.error_box
    assert box is not None and box.isVisible()
    assert 'reports[0].actor: no actor has the id "ghost"' in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
    assert window.story.title.startswith("Reported US-Russian")  # still showing the old story
    assert window.open_path(SAMPLES / "science-press-release.json")
    assert window.analysis.point_of_distortion.report == "press-release"


def test_keyboard_walks_along_links(qtbot, window):
    window.select_report("ap-tweet")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert window.selected_report() in {"ria-later", "state-media-reports"}
    window.select_report("ap-tweet")
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.selected_report() in {"headlines", "daily-beast-account"}


def test_search_finds_and_dims(qtbot, window):
    window.search_box.setText("dorrian")  # searched once typing pauses
    qtbot.waitUntil(lambda: window.selected_report() == "dorrian-statement")
    assert window.scene.reports["ap-tweet"].opacity() < 0.5
    assert "1 report match" in window.statusBar().currentMessage()
    window.search_box.setText("")
    window.clear_lenses()
    assert window.scene.reports["ap-tweet"].opacity() == 1.0


def test_a_search_without_matches_says_so_and_clears_the_selection(window):
    window.select_report("ap-tweet")
    window.search("no such words anywhere")
    assert window.selected_report() is None
    assert window.statusBar().currentMessage().startswith("No report matches")
    assert window.inspector.currentWidget() is window.inspector.empty


def test_deselecting_clears_the_lineage_and_a_selected_link_is_never_dimmed(qtbot, window):
    window.select_report("daily-beast-account")
    assert window.scene.reports["dod-statement"].opacity() < 0.5
    window.scene.clearSelection()  # as a click on empty space does
    assert window.scene.reports["dod-statement"].opacity() == 1.0
    assert window.inspector.currentWidget() is window.inspector.empty
    window.time_slider.setValue(0)
    window.show_link(("ria-later", "ap-tweet"))
    assert window.scene.links[("ria-later", "ap-tweet")].opacity() == 1.0


def test_marks_are_dimmed_with_their_report(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    window.search("epidemiologist")  # only the expert's comment stays lit
    halo = window.scene.point_marker
    point = window.analysis.point_of_distortion.report
    assert window.scene.reports[point].opacity() < 0.5
    assert halo.opacity() == window.scene.reports[point].opacity()


def test_every_change_along_a_link_is_written_on_it(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    labels = {key: link.label.label.replace(" →\n", " → ")
              for key, link in window.scene.links.items() if link.distortion}
    several = [text for text in labels.values() if "\n" in text]
    assert several, labels
    from provenance.wording import link_changes
    expected = {key: "\n".join(lines) for key, lines in link_changes(window.analysis).items()}
    assert labels == expected


def test_link_labels_show_only_where_they_fit(window):
    label = window.scene.links[("ria-later", "ap-tweet")].label
    assert label.fits(1.5) and not label.fits(0.2)


def test_cards_and_legend_are_the_library_s(window):
    from provenance.drawing.picture import card_looks, legend_entries

    looks = card_looks(window.story, window.analysis)
    mod = window.scene.reports["mod-statement"]
    assert mod.look == looks["mod-statement"]
    assert mod.look.text == style.CARD_TEXT_ON_DARK  # white on the dark government blue
    labels = [window.legend.item(i).text() for i in range(window.legend.count())]
    assert labels == [e.label for e in legend_entries(window.story, window.analysis)]
    window.set_claim_lens("coalition-jets")
    labels = [window.legend.item(i).text() for i in range(window.legend.count())]
    assert "does not carry the claim" in labels


def test_a_story_with_texts_only_shows_the_estimate(window):
    assert window.open_path(SAMPLES / "unannotated-press-release.json")
    headline = window.analysis_panel.headline.text()
    assert headline.startswith("Likely point of distortion (estimated from text")
    assert "press office" in headline
    marker = window.scene.point_marker
    assert marker is not None and marker.pen().style() == Qt.PenStyle.DashLine
    link = window.scene.links[("paper", "press-release")]
    assert link.distortion and "(from text)" in link.label.label
    top = window.analysis_panel.tree.topLevelItem(0)
    assert top.text(0).startswith("Likely point of distortion")


def test_time_slider_replays_the_spread(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    window.time_slider.setValue(0)
    cards = window.scene.reports
    assert cards["paper"].opacity() == 1.0
    assert cards["blog-post"].opacity() < 0.5
    window.time_slider.setValue(window.time_slider.maximum())
    assert cards["blog-post"].opacity() == 1.0


def test_analysis_entries_select_and_centre(window):
    tree = window.analysis_panel.tree
    group = tree.topLevelItem(0)
    window.analysis_panel._activated(group.child(1))  # "planted by RIA Novosti"
    assert window.selected_report() == "ria-later"


def test_samples_and_recent_files(window):
    samples = [a.text() for a in window.samples_menu.actions()]
    assert {"syria-joint-strike", "science-press-release", "circular-sourcing"} <= set(samples)
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent and recent[0].endswith("syria-joint-strike.json")


def test_a_recent_file_s_ampersand_is_shown_not_taken_as_a_shortcut(window, tmp_path):
    path = tmp_path / "Q&A.json"
    path.write_text((SAMPLES / "circular-sourcing.json").read_text("utf-8"), "utf-8")
    assert window.open_path(path)
    entry = window.recent_menu.actions()[0]
    assert entry.iconText() == str(path.resolve())  # Qt's text with the "&" marks undone
    entry.trigger()
    assert window.path == path.resolve()


def test_drop_a_file_to_open_it(window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES / "circular-sourcing.json"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.work.wait()  # read in the background
    assert window.story.title.startswith("Illustrative: citogenesis")


def test_copy_view_as_image(window):
    image = window.copy_view()
    assert not image.isNull() and image.width() > 100


def test_many_setter_calls_do_not_abort():
    # PySide6 6.12.0 aborted Python 3.11 after a few thousand calls returning None.
    item = QGraphicsSimpleTextItem()
    for i in range(100_000):
        item.setText(str(i % 10))
    assert item.text() == "9"


def test_replacing_a_story_builds_a_new_scene(window):
    first = window.scene
    window.open_path(SAMPLES / "circular-sourcing.json")
    assert window.scene is not first
    assert set(window.scene.reports) == {r.id for r in window.story.reports}
    del first


def test_view_zoom_and_fit(qtbot, window):
    before = window.view.transform().m11()
    window.view.zoom(2.0)
    assert window.view.transform().m11() > before
    qtbot.keyClick(window, Qt.Key.Key_F)
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.itemsBoundingRect().adjusted(10, 10, -10, -10))


def test_clicking_a_link_shows_the_word_diff(qtbot, window, tmp_path):
    data = story_data(
        [report("src", "a", text="Coffee may be linked to lower risk."),
         report("dst", "b", text="Coffee cuts risk, doctors say.")],
        [{"source": "src", "target": "dst", "relation": "paraphrases", "note": "n"}])
    path = tmp_path / "pair.json"
    path.write_text(json.dumps(data), "utf-8")
    assert window.open_path(path)
    item = window.scene.links[("src", "dst")]
    window.view.centerOn(item)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.view.mapFromScene(item.path().pointAtPercent(0.5)))
    inspector = window.inspector.link
    assert window.inspector.currentWidget() is inspector
    assert window.state.link == 0 and item.highlighted
    assert inspector.relation.text() == "paraphrases"
    diff = inspector.diff.document()
    assert "may" in diff.toPlainText() and "cuts" in diff.toPlainText()
    struck = [block for block in _char_formats(diff) if block[1].fontStrikeOut()]
    assert any("may" in text for text, _ in struck)
    assert inspector.explanation.text()


def _char_formats(document):
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            yield fragment.text(), fragment.charFormat()
            it += 1
        block = block.next()


def test_export_diagram_and_graph_write_valid_files(window, tmp_path):
    import xml.etree.ElementTree as ET

    import networkx as nx

    window.set_claim_lens("coalition-jets")
    png = window.export_diagram(tmp_path / "chain.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = window.export_diagram(tmp_path / "chain.svg")
    assert ET.parse(svg).getroot().tag.endswith("svg")
    pdf = window.export_diagram(tmp_path / "chain.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    window.export_graph(tmp_path / "story.graphml", "graphml")
    graph = nx.read_graphml(tmp_path / "story.graphml")
    assert set(graph.nodes) == {r.id for r in window.story.reports}
    window.export_graph(tmp_path / "story.dot", "dot")
    assert (tmp_path / "story.dot").read_text("utf-8").startswith("digraph")


def test_export_dialogs_write_the_chosen_format_s_suffix(window, tmp_path, monkeypatch):
    answers = iter([(str(tmp_path / "story"), "dot (*.dot)"),
                    (str(tmp_path / "typed.gexf"), "dot (*.dot)"),
                    (str(tmp_path / "diagram"), "SVG (*.svg)"),
                    (str(tmp_path / "chart.pdf"), "PNG (*.png)")])
    monkeypatch.setattr(window, "ask_save_name", lambda *a: next(answers))
    window._export_graph_dialog()
    assert window.work.wait()  # written in the background
    assert (tmp_path / "story.dot").read_text("utf-8").startswith("digraph")
    window._export_graph_dialog()  # a suffix typed by the user picks its format
    assert window.work.wait()  # written in the background
    assert b"<gexf" in (tmp_path / "typed.gexf").read_bytes()[:400]
    window._export_diagram_dialog()
    assert window.work.wait()  # written in the background
    assert (tmp_path / "diagram.svg").read_bytes().lstrip().startswith(b"<?xml")
    window._export_diagram_dialog()
    assert window.work.wait()  # written in the background
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")


def test_a_graph_export_says_what_the_export_warned_of(window, tmp_path, monkeypatch):
    from provenance.drawing import dot

    monkeypatch.setattr(dot, "DOT_SLOW_REPORTS", 5)  # the sample has 11 reports
    monkeypatch.setattr(window, "ask_save_name",
                        lambda *a: (str(tmp_path / "story.dot"), "dot (*.dot)"))
    window._export_graph_dialog()
    assert window.work.wait()  # written in the background
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Wrote {tmp_path / 'story.dot'} (dot).")
    assert "sfdp" in message and (tmp_path / "story.dot").exists()


def test_a_graph_export_never_replaces_the_open_story(window, tmp_path, monkeypatch):
    original = (SAMPLES / "syria-joint-strike.json").read_bytes()
    story = tmp_path / "mine.json"
    story.write_bytes(original)
    odd = tmp_path / "odd.dot"  # a story file may have any name
    odd.write_bytes(original)
    assert window.open_path(story)
    names = iter([(str(tmp_path / "mine"), "prov-json (*.prov.json)"),
                  (str(odd), "dot (*.dot)")])
    monkeypatch.setattr(window, "ask_save_name", lambda *a: next(names))
    window._export_graph_dialog()  # PROV-JSON takes .prov.json, not the story's .json
    assert window.work.wait()  # written in the background
    assert (tmp_path / "mine.prov.json").exists()
    assert story.read_bytes() == original
    assert window.open_path(odd)
    window._export_graph_dialog()  # onto the open story itself: refused
    assert "story file that is open" in window.error_box.text()
    assert odd.read_bytes() == original


def _open(window, tmp_path, reports, links=()):
    path = tmp_path / "story.json"
    path.write_text(json.dumps(story_data(reports, list(links))), "utf-8")
    assert window.open_path(path)


def test_a_search_keeps_every_match_lit(window, tmp_path):
    _open(window, tmp_path, [report("r1", "a", title="joint strike"),
                             report("r2", "b", title="strike denied"), report("r3", "c")])
    window.search("strike")
    cards = window.scene.reports
    assert window.selected_report() == "r1"
    assert cards["r1"].opacity() == 1.0 and cards["r2"].opacity() == 1.0
    assert cards["r3"].opacity() < 0.5


def test_a_link_is_dimmed_again_once_another_is_chosen(window, tmp_path):
    _open(window, tmp_path,
          [report("p", "a", published="2020-01-01"), report("q", "b", published="2020-01-03"),
           report("x", "c", published="2020-01-01"), report("y", "d", published="2020-01-02")],
          [{"source": "p", "target": "q"}, {"source": "x", "target": "y"}])
    window.time_slider.setValue(0)  # q and y are not published yet
    window.show_link(("p", "q"))
    assert window.scene.links[("p", "q")].opacity() == 1.0
    window.show_link(("x", "y"))
    assert window.scene.links[("p", "q")].opacity() < 0.5


def test_both_links_between_one_pair_are_dimmed(window, tmp_path):
    _open(window, tmp_path, [report("s", "a"), report("t", "b"), report("u", "c")],
          [{"source": "s", "target": "t", "relation": "cites"},
           {"source": "s", "target": "t", "relation": "rebuts"}])
    window.search("u")
    items = [i for i in window.scene.link_items if i.key == ("s", "t")]
    assert len(items) == 2 and all(i.opacity() < 0.5 for i in items)



def test_the_link_clicked_is_the_one_shown_where_two_join_a_pair(window, tmp_path):
    _open(window, tmp_path, [report("s", "a"), report("t", "b")],
          [{"source": "s", "target": "t", "relation": "rebuts", "note": "first"},
           {"source": "s", "target": "t", "relation": "cites", "note": "second"}])
    window.show_link(("s", "t"))  # the pair: the link the claim travels along answers
    assert window.state.link == 1 and window.inspector.link.note.text() == "second"
    window.show_link(("s", "t"), window.scene.link_items[0])  # a click on the rebuttal
    assert window.state.link == 0 and window.inspector.link.note.text() == "first"
    assert window.scene.link_items[0].highlighted and not window.scene.link_items[1].highlighted
    assert_scene_shows_state(window)


def test_at_the_fitted_zoom_a_click_on_a_card_selects_it(qtbot, window):
    window.view.fit()
    item = window.scene.reports["ria-later"]
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selected_report() == "ria-later"


def test_the_claim_lens_writes_only_that_claim_s_changes(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    link = window.scene.links[("press-release", "daily-story")]
    assert "invented" in link.label.label  # the three-cups claim, with every claim shown
    window.set_claim_lens("coffee-protects")
    assert link.distortion and "invented" not in link.label.label
    window.set_claim_lens("three-cups")
    assert link.label.label == "invented"
    window.set_claim_lens(None)
    assert "invented" in link.label.label


def test_a_claim_lens_hides_another_claim_s_point_of_distortion(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    halo = window.scene.point_marker
    assert window.analysis.point_of_distortion.claim == "coffee-protects"
    window.set_claim_lens("three-cups")
    assert not halo.isVisible()
    window.set_claim_lens("coffee-protects")
    assert halo.isVisible()


def test_a_long_list_of_errors_keeps_the_dialog_small(window, tmp_path):
    bad = story_data([report(f"r{i}", "nobody") for i in range(40)])
    bad["actors"] = []
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), "utf-8")
    assert not window.open_path(path)
    box = window.error_box
    assert "… and 30 more" in box.text() and box.text().count("\n") <= 12
    assert box.detailedText().count("no actor has the id") == 40


def test_the_link_inspector_reads_from_the_start_and_says_when_nothing_changed(window, tmp_path):
    text = " ".join(f"word{i}" for i in range(400))
    _open(window, tmp_path, [report("a", "x", text=text), report("b", "y", text=text + " more")],
          [{"source": "a", "target": "b"}])
    window.show_link(("a", "b"))
    inspector = window.inspector.link
    assert inspector.diff.textCursor().position() == 0
    assert inspector.changes.text() == "no annotated claim changed along this link"
    assert inspector.changes.styleSheet() == ""


def test_cards_name_their_stance_on_the_focus_claim_as_the_diagram_does(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    card = window.scene.reports["daily-story"]
    assert card.stance == "coffee-protects: asserts"  # the point of distortion's claim
    window.set_claim_lens("three-cups")
    assert card.stance == "three-cups: attributes"
    assert window.scene.reports["paper"].stance is None  # it does not mention it


def test_a_translation_link_says_its_words_cannot_be_compared(window, tmp_path):
    _open(window, tmp_path, [report("ru", "a", text="Самолёты коалиции участвовали в ударе."),
                             report("en", "b", text="Coalition jets took part in the strike.")],
          [{"source": "ru", "target": "en", "relation": "translates"}])
    window.show_link(("ru", "en"))
    inspector = window.inspector.link
    assert "different writing systems" in inspector.explanation.text()
    assert inspector.diff.toPlainText() == ""


# ---------------------------------------------------------------- the scene follows the state
def assert_scene_shows_state(window):
    """Every card's and link's dimming, the selection, the highlighted link and the
    greyed cards are the library's ViewState's."""
    from provenance_gui.chain import ReportItem

    state, scene = window.state, window.scene
    cards = scene.reports
    assert {rid for rid, item in cards.items() if item.opacity() < 1.0} == state.dimmed_reports
    assert {rid for rid, item in cards.items() if item.opacity() == 1.0} == state.lit_reports
    links = [route.link for route in window.layout.routes]
    shown = dict(zip(links, scene.link_items, strict=True))
    assert {i for i, item in shown.items() if item.opacity() < 1.0} == state.dimmed_links
    assert {i for i, item in shown.items() if item.highlighted} == (
        {state.link} if state.link is not None else set())
    selected = [i.report_id for i in scene.selectedItems() if isinstance(i, ReportItem)]
    assert selected == ([state.report] if state.report is not None else [])
    assert {rid for rid, item in cards.items() if item.highlighted} == set(selected)
    greyed = {rid for rid, item in cards.items()
              if item.look.face == style.GREYED_COLOR and item.look.legend == ""}
    assert greyed == state.greyed
    assert window.statusBar().currentMessage() in (state.status, "")
    assert window.time_slider.value() == state.replay_index
    assert window.time_label.text() == state.replay_label


def test_the_scene_follows_the_state_through_clicks_search_replay_and_lens(qtbot, window):
    assert_scene_shows_state(window)
    click_report(qtbot, window, "dorrian-statement")
    assert window.state.report == "dorrian-statement" and window.state.lineage
    assert window.state.dimmed_reports  # the unrelated are dimmed
    assert_scene_shows_state(window)
    window.set_claim_lens("coalition-jets")
    assert window.state.greyed
    assert_scene_shows_state(window)
    window.search("statement")
    assert len(window.state.matches) > 1 and window.state.lineage is None
    assert_scene_shows_state(window)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # the next match
    assert window.state.report == window.state.matches[1]
    assert_scene_shows_state(window)
    window.show_link(("ria-later", "ap-tweet"))
    assert window.state.link is not None and window.state.report is None
    assert_scene_shows_state(window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.state.dimmed_reports == frozenset() and window.state.link is None
    assert window.search_box.text() == "" and window.claim == "coalition-jets"
    assert_scene_shows_state(window)
    window.set_claim_lens(None)
    assert_scene_shows_state(window)


def test_keys_and_the_analysis_panel_select_through_the_state(qtbot, window):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # nothing selected: the point
    assert window.state.report == "ap-tweet"
    assert_scene_shows_state(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.state.report in {"headlines", "daily-beast-account"}
    assert_scene_shows_state(window)
    window.analysis_panel._activated(window.analysis_panel.tree.topLevelItem(0).child(1))
    assert window.state.report == "ria-later" and window.state.centre == "ria-later"
    assert_scene_shows_state(window)
    window.scene.clearSelection()  # a click on empty space
    assert window.state.report is None
    assert_scene_shows_state(window)


def test_a_replay_while_searching_says_both(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    window.search("coffee")
    window.time_slider.setValue(0)
    assert window.state.moment == window.state.times[0]
    message = window.statusBar().currentMessage()
    assert message == window.state.status
    assert "match “coffee”" in message and "; Replay: " in message
    assert_scene_shows_state(window)
    window.clear_lenses()
    assert window.statusBar().currentMessage() == window.state.status
    assert window.time_label.text().startswith("all (")
    assert_scene_shows_state(window)


def test_the_inspector_shows_the_library_s_rows(window):
    from provenance.wording.outline import link_facts, report_facts

    window.select_report("daily-beast-account")
    facts = report_facts(window.story, window.analysis, "daily-beast-account")
    table = window.inspector.report.claims
    assert table.rowCount() == len(facts.claims)
    assert [table.item(i, 2).text() for i in range(table.rowCount())] == [
        row.role for row in facts.claims]
    assert window.inspector.report.date.text() == facts.published
    window.show_link(("ria-later", "ap-tweet"))
    link = window.state.link
    assert window.story.links[link].source == "ria-later"
    facts = link_facts(window.story, link, window.analysis, window.scene.estimate)
    assert window.inspector.link.changes.text() == facts.changed
    assert window.inspector.link.ends.text() == facts.ends


def test_the_chain_paints_the_library_s_picture(qtbot, tmp_path):
    # The scene's cards, links and marks are the picture's (gui/ decides none of them).
    import provenance
    from provenance.drawing.picture import describe, prepare
    from provenance_gui.chain import ChainScene

    story = provenance.load(SAMPLES / "science-press-release.json")
    ready = prepare(story)
    picture = describe(story, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    scene = ChainScene(story, ready.analysis, ready.layout, picture=picture)
    assert scene.picture is picture
    for rid, card in picture.cards.items():
        item = scene.reports[rid]
        assert item.look == card.look and item.stance == card.stance
        assert item.lines[1] == card.detail
    for item, view in zip(scene.link_items, picture.links, strict=True):
        assert item.distortion == bool(view.changes)
        assert (item.change is not None) == bool(view.changes and view.label)
    assert set(scene.marks) == {picture.marked} | {r for r in picture.planted
                                                   if picture.cards[r].planted}
    scene.set_claim("three-cups")
    assert scene.shown.claim == "three-cups"
    assert scene.link_items[0].view == scene.shown.links[0]


def test_a_workbook_and_a_csv_folder_open_and_save_as_a_story_beside_them(window, tmp_path,
                                                                          monkeypatch):
    """The viewer opens what `provenance import` reads; saving never writes JSON over the
    workbook: Save asks for a story file, suggested beside it."""
    import provenance
    from provenance.files import sheets

    syria = provenance.load(SAMPLES / "syria-joint-strike.json")
    folder = tmp_path / "csv"
    sheets.write_csv(syria, folder)
    assert window.open_path(folder / "reports.csv")  # one of the files opens the set
    assert window.story == syria and window.document.path is None
    assert "csv" in window.statusBar().currentMessage()

    assert window.open_path(SAMPLES / "syria-joint-strike.xlsx")
    assert window.story == syria and window.document.path is None
    asked = []
    monkeypatch.setattr(window, "ask_save_path",
                        lambda: asked.append(window.imported_from) or str(tmp_path / "s.json"))
    assert window.save()
    assert asked == [SAMPLES / "syria-joint-strike.xlsx"]
    assert provenance.load(tmp_path / "s.json") == syria
    assert window.document.path == tmp_path / "s.json"
    monkeypatch.setattr(window, "ask_save_path", lambda: str(tmp_path / "over.xlsx"))
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert not window.save_as() and not (tmp_path / "over.xlsx").exists()
    assert "story file" in errors[0]


def test_one_card_is_not_blown_up_to_fill_the_view(window):
    """A new story's first card is shown at a readable size, not at 5x."""
    import provenance
    from provenance_gui.chain import MAX_FIT_ZOOM

    window.set_story(provenance.loads(json.dumps(story_data([report("r1", "a")], []))))
    window.view.fit()
    assert 0 < window.view.transform().m11() <= MAX_FIT_ZOOM
