"""The `provenance` command as a user runs it: output, JSON and exit codes."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from provenance.cli import main

from .conftest import SAMPLES, link, report

SYRIA = str(SAMPLES / "syria-joint-strike.json")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "provenance", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_analyze_tells_the_point_of_distortion_first():
    done = run("analyze", SYRIA)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("POINT OF DISTORTION") < out.index("OTHER DISTORTIONS")
    point = out[out.index("POINT OF DISTORTION"):out.index("OTHER DISTORTIONS")]
    assert "Associated Press, post [ap-tweet]" in point.splitlines()[1]
    assert "RIA Novosti" in point and "only implying it" in point
    assert "Eric Pahon" in point and "Dorrian" in point


def test_analyze_json_document(capsys):
    assert main(["analyze", "--json", SYRIA]) == 0
    data = json.loads(capsys.readouterr().out)
    point = data["point_of_distortion"]
    assert point["report"] == "ap-tweet" and point["claim"] == "coalition-jets"
    assert set(point["kinds"]) == {"inflated", "misattributed"}
    assert (point["before"], point["after"]) == ("implies", "attributes")
    assert point["sources"] == ["ria-later"] and point["planted"] == ["ria-later"]
    assert "headlines" in point["reach"]
    for key in ("report", "claim", "kinds", "before", "after", "sources", "reach", "planted"):
        assert all(key in d for d in data["distortions"])
    claim = data["claims"]["coalition-jets"]
    assert claim["roles"]["ap-tweet"] == ["inflated", "misattributed"]
    assert {"pahon-statement", "dod-statement", "dorrian-statement"} <= set(claim["rebuttals"])
    assert "first_rebuttal" in claim and "carried_after_rebuttal" in claim


def test_analyze_writes_json_to_a_file(tmp_path, capsys):
    out = tmp_path / "analysis.json"
    assert main(["analyze", "--json", SYRIA, "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["point_of_distortion"]["report"] == "ap-tweet"


def test_validate_a_good_file_exits_0_and_prints_warnings(tmp_path, capsys):
    story = {"format": "provenance-story", "version": 1, "title": "Loop",
             "actors": [{"id": "a", "name": "A"}],
             "reports": [{"id": "r1", "actor": "a"}, {"id": "r2", "actor": "a"}],
             "links": [{"source": "r1", "target": "r2"}, {"source": "r2", "target": "r1"}]}
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(story), "utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "valid story" in out and "warning: 2 reports draw on each other in a loop" in out


def test_validate_a_bad_file_lists_every_error_and_exits_1(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "provenance-story", "version": 1,
                                "reports": [{"id": "r", "actor": "ghost", "kind": "tweet"}]}),
                    "utf-8")
    done = run("validate", str(path))
    assert done.returncode == 1
    assert "title: is required" in done.stderr
    assert 'reports[0].actor: no actor has the id "ghost"' in done.stderr
    assert "reports[0].kind: must be one of" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["analyze", "/no/such/file.json"], ["validate", "/"]])
def test_unreadable_input_exits_1_without_a_traceback(args):
    done = run(*args)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.startswith("provenance: ")


def test_reads_standard_input():
    with open(SYRIA, encoding="utf-8") as handle:
        done = run("analyze", "-", stdin=handle.read())
    assert done.returncode == 0 and "ap-tweet" in done.stdout


def test_bad_command_line_exits_2():
    assert run("frobnicate").returncode == 2
    assert run("analyze").returncode == 2


@pytest.mark.skipif(importlib.util.find_spec("prov") is None,
                    reason="W3C PROV needs the optional package prov (the 'prov' extra)")
def test_export_and_import_round_trip(tmp_path):
    prov = tmp_path / "story.prov.json"
    done = run("export", SYRIA, "--to", "prov-json", "-o", str(prov))
    assert done.returncode == 0, done.stderr
    back = tmp_path / "back.json"
    done = run("import", str(prov), "--from", "prov-json", "-o", str(back))
    assert done.returncode == 0, done.stderr
    import provenance

    assert provenance.load(back) == provenance.load(SYRIA)


def test_export_to_stdout_and_unknown_format():
    done = run("export", SYRIA, "--to", "dot")
    assert done.returncode == 0 and done.stdout.startswith("digraph")
    assert run("export", SYRIA, "--to", "pptx").returncode == 2


def test_import_of_a_bad_document_exits_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    done = run("import", str(bad), "--from", "prov-json")
    assert done.returncode == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("dpi", ["-5", "0", "5000", "abc"])
def test_a_bad_dpi_is_a_wrong_command_line(tmp_path, dpi):
    done = run("draw", SYRIA, "-o", str(tmp_path / "x.png"), "--dpi", dpi)
    assert done.returncode == 2 and "--dpi" in done.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_draw_writes_the_picture(tmp_path, suffix):
    out = tmp_path / f"syria.{suffix}"
    done = run("draw", SYRIA, "-o", str(out), "--dpi", "60")
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    head = out.read_bytes()[:8]
    assert {"png": head.startswith(b"\x89PNG"), "svg": b"<" in head,
            "pdf": head.startswith(b"%PDF")}[suffix]


def test_draw_refuses_unknown_suffix_and_claim(tmp_path):
    done = run("draw", SYRIA, "-o", str(tmp_path / "x.gif"))
    assert done.returncode == 1 and ".png" in done.stderr
    done = run("draw", SYRIA, "-o", str(tmp_path / "x.png"), "--claim", "nope")
    assert done.returncode == 1 and "nope" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_long_jobs_show_progress_on_a_terminal(tmp_path):
    import os
    import pty

    from .conftest import story_data

    reports = [report(f"r{i}", f"a{i % 50}", text="x" * 300) for i in range(8000)]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(story_data(reports, [link(f"r{i}", f"r{i + 1}")
                                                   for i in range(7999)])), "utf-8")
    assert big.stat().st_size > 2_000_000
    master, slave = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "provenance", "analyze", str(big)],
                          stdout=subprocess.PIPE, stderr=slave, timeout=300)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert done.returncode == 0
    assert b"loading" in seen and b"analysing 8,000 reports" in seen
    # Not a terminal: no progress noise.
    quiet = run("analyze", str(big))
    assert quiet.returncode == 0 and quiet.stderr == ""
