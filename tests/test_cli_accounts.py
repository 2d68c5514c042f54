"""`provenance draw --account` and `analyze --account`: a story as one account tells it."""

from __future__ import annotations

import json

import pytest

import provenance.cli
from provenance.cli import main
from provenance.drawing import mpl

from .drawing.version2 import accounts_story


@pytest.fixture
def two_accounts(monkeypatch, tmp_path):
    """`story.json` reads as the two-account story built in code."""
    path = tmp_path / "story.json"
    path.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(provenance.cli, "_load", lambda name, progress=None: accounts_story())
    return str(path)


def test_draw_account_draws_that_account_s_story(two_accounts, tmp_path, monkeypatch):
    drawn = []
    real = mpl.save_picture

    def keep(picture, path, **kw):
        drawn.append(picture)
        return real(picture, path, **kw)

    monkeypatch.setattr(mpl, "save_picture", keep)
    out = tmp_path / "paper.png"
    assert main(["draw", two_accounts, "-o", str(out), "--account", "paper", "--dpi", "40"]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    (picture,) = drawn
    assert set(picture.cards) == {"statement", "wire-post", "paper-article"}
    assert picture.marked == "wire-post"  # the paper's point of distortion
    out = tmp_path / "ministry.png"
    assert main(["draw", two_accounts, "-o", str(out), "--account", "ministry",
                 "--dpi", "40"]) == 0
    assert "tv-report" in drawn[1].cards and drawn[1].marked is None


def test_draw_refuses_an_unknown_account_naming_the_accounts(two_accounts, tmp_path, capsys):
    out = tmp_path / "x.png"
    assert main(["draw", two_accounts, "-o", str(out), "--account", "nope"]) == 1
    err = capsys.readouterr().err
    assert 'unknown account "nope"' in err and '"paper", "ministry"' in err
    assert "Traceback" not in err and not out.exists()


def test_analyze_account_reports_that_account_s_point(two_accounts, capsys):
    assert main(["analyze", two_accounts, "--account", "paper", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["point_of_distortion"]["report"] == "wire-post"
    assert main(["analyze", two_accounts, "--account", "ministry", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["point_of_distortion"] is None
    assert main(["analyze", two_accounts, "--account", "nope"]) == 1
    assert 'unknown account "nope"' in capsys.readouterr().err
