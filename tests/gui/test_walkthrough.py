"""The editor's "done when": from File > New, the Syria chain is built with the forms,
the pickers and drags alone, saved, and ``provenance analyze`` names the AP tweet.

With ``PROVENANCE_WALKTHROUGH_SHOTS=DIR`` the test also saves a screenshot of each step
as ``DIR/walkthrough-NN-step.png`` (``python tools/walkthrough.py`` runs it so, into
docs/images/).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from provenance import load
from provenance_gui.editor import RECOVERY_DIR_VARIABLE
from provenance_gui.forms import NEW_ACTOR, NEW_CLAIM

from ..conftest import ROOT, SAMPLES

SHOTS_VARIABLE = "PROVENANCE_WALKTHROUGH_SHOTS"
SEED = Path("/work/shared/seeds/000_e960495b5b7d6f91.txt")
SEED_IN_REPO = ROOT / "tests" / "gui" / "seed-article.txt"


def seed_text() -> str:
    return (SEED_IN_REPO if SEED_IN_REPO.exists() else SEED).read_text("utf-8")


class Walk:
    """The user at the window: each step through the forms, pickers and mouse."""

    def __init__(self, qtbot, window, monkeypatch, shots: Path | None) -> None:
        self.qtbot, self.window, self.shots = qtbot, window, shots
        self.names: list[str] = []
        self.claim_texts: list[str] = []
        self.title = ""
        self.count = 0
        monkeypatch.setattr(window, "ask_actor_name", lambda: self.names.pop(0))
        monkeypatch.setattr(window, "ask_claim_text", lambda: self.claim_texts.pop(0))
        monkeypatch.setattr(window, "ask_title", lambda: self.title)
        window.ask_unsaved = lambda: "discard"

    def shot(self, step: str) -> None:
        if self.shots is None:
            return
        self.count += 1
        QApplication.processEvents()
        self.window.grab().save(str(self.shots / f"walkthrough-{self.count:02d}-{step}.png"))

    def type_into(self, widget, text: str) -> None:
        widget.setFocus()
        widget.selectAll()
        self.qtbot.keyClicks(widget, text)
        self.window.view.setFocus()

    def pick(self, box, value) -> None:
        index = box.findData(value)
        assert index >= 0, value
        box.setCurrentIndex(index)
        box.activated.emit(index)

    def drag(self, source: str, target: str) -> None:
        window = self.window
        window.view.fit()
        QApplication.processEvents()
        start = window.view.mapFromScene(
            window.scene.reports[source].sceneBoundingRect().center())
        end = window.view.mapFromScene(window.scene.reports[target].sceneBoundingRect().center())
        viewport = window.view.viewport()
        self.qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        self.qtbot.mouseMove(viewport, start + QPoint(12, 0))
        self.qtbot.mouseMove(viewport, end)
        self.qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def build(walk: Walk, sample: dict) -> dict[str, str]:
    """Build the sample's chain in the window; the id each sample report got."""
    window = walk.window
    form = window.edit_panel.report
    actors = {a["id"]: a for a in sample["actors"]}
    claims = {c["id"]: c["text"] for c in sample["claims"]}
    made_actor: dict[str, str] = {}  # sample actor id -> id in the window's story
    made_claim: dict[str, str] = {}
    made: dict[str, str] = {}
    walk.title = sample["title"]
    assert window.new_story()
    walk.shot("new-story")
    for number, report in enumerate(sample["reports"]):
        actor = actors[report["actor"]]
        new_actor = report["actor"] not in made_actor
        if report["id"] == "seed-article":  # Edit > Paste report: the seed's words
            QApplication.clipboard().setText(seed_text())
            if new_actor and made_actor:
                walk.names.append(actor["name"])
            rid = window.paste_report()
        else:
            if new_actor and not made_actor:
                walk.names.append(actor["name"])
            rid = window.add_report_now()
        assert rid is not None
        made[report["id"]] = rid
        story = window.document.story
        if new_actor and made_actor:
            walk.names.append(actor["name"])
            walk.pick(form.actor, NEW_ACTOR)
        elif not new_actor:
            walk.pick(form.actor, made_actor[report["actor"]])
        story = window.document.story
        made_actor[report["actor"]] = story.report(rid).actor
        if new_actor:
            walk.pick(form.actor_kind, actor.get("kind", "other"))
            if actor.get("country"):
                walk.qtbot.mouseClick(form.actor_details, Qt.MouseButton.LeftButton)
                walk.type_into(window.edit_panel.actor.country, actor["country"])
                if number == 0:
                    walk.shot("actor-form")
                walk.qtbot.mouseClick(window.edit_panel.actor.back_button,
                                      Qt.MouseButton.LeftButton)
        walk.pick(form.kind, report.get("kind", "other"))
        if number == 0:
            walk.shot("first-report")
        for mention in report.get("claims", ()):
            if mention["claim"] not in made_claim:
                walk.claim_texts.append(claims[mention["claim"]])
            walk.qtbot.mouseClick(form.add_mention, Qt.MouseButton.LeftButton)
            if mention["claim"] not in made_claim:
                if window.document.story.claims and len(walk.claim_texts):
                    walk.pick(form.claim, NEW_CLAIM)
                made_claim[mention["claim"]] = form.claim.currentData()
            else:
                walk.pick(form.claim, made_claim[mention["claim"]])
            walk.pick(form.stance, mention["stance"])
            if mention.get("holder"):
                walk.pick(form.holder, made_actor[mention["holder"]])
            if mention.get("quote"):
                quote = mention["quote"]
                found = form.text.document().find(quote)
                if not found.isNull():  # selected in the words, then "Use as quote"
                    form.text.setTextCursor(found)
                    walk.qtbot.mouseClick(form.use_quote, Qt.MouseButton.LeftButton)
                else:
                    walk.type_into(form.quote, quote)
            if report["id"] == "ap-tweet":
                walk.shot("claim-mention")
        if report["id"] == "seed-article":
            walk.shot("pasted-seed")
    for at, link in enumerate(sample["links"]):
        walk.drag(made[link["source"]], made[link["target"]])
        story = window.document.story
        assert len(story.links) == at + 1, link
        links = window.edit_panel.link
        assert window.edit_panel.current_form() is links
        walk.pick(links.relation, link.get("relation", "cites"))
        if link.get("confidence", 1.0) != 1.0:
            links.confidence.setValue(link["confidence"])
        if at == 2:
            walk.shot("link-dragged")
    return made


@pytest.fixture(autouse=True)
def _recovery(tmp_path, monkeypatch):
    monkeypatch.setenv(RECOVERY_DIR_VARIABLE, str(tmp_path / "recovery"))


def test_the_syria_chain_built_in_the_viewer_names_the_ap_tweet(qtbot, window, tmp_path,
                                                                monkeypatch):
    shots = os.environ.get(SHOTS_VARIABLE)
    folder = Path(shots) if shots else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    sample = json.loads((SAMPLES / "syria-joint-strike.json").read_text("utf-8"))
    walk = Walk(qtbot, window, monkeypatch, folder)
    made = build(walk, sample)
    path = tmp_path / "syria.json"
    monkeypatch.setattr(window, "ask_save_path", lambda: str(path))
    assert window.save()
    window.tidy()
    window.view.fit()
    window.select_point()
    window.statusBar().clearMessage()
    walk.shot("finished-chain")

    # What was made is the recorded story: actors, claims, reports, mentions, links.
    saved = load(path)
    recorded = load(SAMPLES / "syria-joint-strike.json")
    assert saved.title == recorded.title

    def actor_facts(story):
        return sorted((a.name, a.kind.value, a.country) for a in story.actors)

    assert actor_facts(saved) == actor_facts(recorded)
    assert sorted(c.text for c in saved.claims) == sorted(c.text for c in recorded.claims)

    def report_facts(story, ids):
        names = {a.id: a.name for a in story.actors}
        texts = {c.id: c.text for c in story.claims}
        return [(names[r.actor], r.kind.value,
                 [(texts[m.claim], m.stance.value, names.get(m.holder), m.quote)
                  for m in r.claims]) for r in (story.report(ids[r.id]) for r in
                                                recorded.reports)]

    same = {r.id: r.id for r in recorded.reports}
    assert report_facts(saved, made) == report_facts(recorded, same)
    assert [(k.source, k.target, k.relation.value, k.confidence) for k in saved.links] == [
        (made[k.source], made[k.target], k.relation.value, k.confidence)
        for k in recorded.links]

    # The command line names the AP tweet as the point of distortion.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    done = subprocess.run([sys.executable, "-m", "provenance", "analyze", str(path)],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    point = done.stdout.split("POINT OF DISTORTION", 1)[1].strip().splitlines()[0]
    assert point.startswith(f"Associated Press, post [{made['ap-tweet']}] changed the claim")
