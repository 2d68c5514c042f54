"""The `provenance` command as a user runs it: output, JSON and exit codes."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest

from provenance.cli import main

from .conftest import SAMPLES, link, report

SYRIA = str(SAMPLES / "syria-joint-strike.json")
SYRIA_TEXT = (SAMPLES / "syria-joint-strike.json").read_text("utf-8")


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


def test_validate_a_good_file_exits_0_and_warns_on_stderr(tmp_path, capsys):
    story = {"format": "provenance-story", "version": 1, "title": "Loop",
             "actors": [{"id": "a", "name": "A"}],
             "reports": [{"id": "r1", "actor": "a"}, {"id": "r2", "actor": "a"}],
             "links": [{"source": "r1", "target": "r2"}, {"source": "r2", "target": "r1"}]}
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(story), "utf-8")
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert "valid story" in captured.out and "warning" not in captured.out
    assert "provenance: warning: 2 reports draw on each other in a loop" in captured.err


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


def test_export_takes_the_format_the_output_s_suffix_names(tmp_path):
    out = tmp_path / "story.GEXF"
    done = run("export", SYRIA, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == run("export", SYRIA, "--to", "gexf").stdout.encode("utf-8")
    dot = tmp_path / "named.graphml"
    assert run("export", SYRIA, "--to", "dot", "-o", str(dot)).returncode == 0
    assert dot.read_text("utf-8").startswith("digraph")  # --to wins over the suffix


@pytest.mark.parametrize("output", [None, "-", "story.json", "story"])
def test_export_without_a_format_is_a_bad_command_line(tmp_path, output):
    args = ["export", SYRIA] + ([] if output is None else ["-o", str(tmp_path / output)
                                                          if output != "-" else "-"])
    done = run(*args)
    assert done.returncode == 2 and "--to" in done.stderr and ".prov.json" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_help_lists_every_format_with_its_suffix():
    from provenance.files.registry import EXPORT_FORMATS, get

    done = run("export", "--help")
    for name in EXPORT_FORMATS:
        assert f"  {name} " in done.stdout and get(name).suffix in done.stdout


@pytest.mark.skipif(importlib.util.find_spec("prov") is None,
                    reason="W3C PROV needs the optional package prov (the 'prov' extra)")
def test_import_takes_the_format_the_file_s_suffix_names(tmp_path):
    prov = tmp_path / "story.prov.json"
    assert run("export", SYRIA, "-o", str(prov)).returncode == 0
    done = run("import", str(prov))
    assert done.returncode == 0, done.stderr
    import provenance

    assert provenance.loads(done.stdout) == provenance.load(SYRIA)
    plain = tmp_path / "plain.json"
    plain.write_bytes(prov.read_bytes())
    done = run("import", str(plain))
    assert done.returncode == 2 and "--from" in done.stderr


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
    assert f"provenance: wrote {out}" in done.stderr and done.stdout == ""
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
    import fcntl
    import os
    import pty
    import struct
    import termios

    from .conftest import story_data

    reports = [report(f"r{i}", f"a{i % 50}", text="x" * 300) for i in range(8000)]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(story_data(reports, [link(f"r{i}", f"r{i + 1}")
                                                   for i in range(7999)])), "utf-8")
    assert big.stat().st_size > 2_000_000
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
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
    # A live bar (tqdm): phases done of all, time spent and left, rate.
    assert re.search(rb"analysing 8,000 reports: 1/3 phases .*\[\d\d:\d\d<", seen), seen
    # Not a terminal: no progress noise.
    quiet = run("analyze", str(big))
    assert quiet.returncode == 0 and quiet.stderr == ""


# --------------------------------------------------------------------------- #
# No input can hurt the user: outputs, terminals, signals, standard output.


def _story_file(tmp_path, name="s.json", data=None):
    path = tmp_path / name
    path.write_text(json.dumps(data) if data is not None else SYRIA_TEXT, "utf-8")
    return path


def _prov_file(tmp_path):
    prov = tmp_path / "p.json"
    assert run("export", SYRIA, "--to", "prov-json", "-o", str(prov)).returncode == 0
    return prov


DRIFT_LINE = '{"source": "A may cause B.", "target": "A causes B."}\n'

COMMANDS_WITH_OUTPUT = {
    "analyze": ["analyze", "{}"],
    "analyze --json": ["analyze", "--json", "{}"],
    "export": ["export", "{}", "--to", "dot"],
    "draw": ["draw", "{}"],
    "suggest": ["suggest", "{}"],
    "import": ["import", "{}", "--from", "prov-json"],
    "drift": ["drift", "{}"],
}


@pytest.mark.parametrize("command", COMMANDS_WITH_OUTPUT)
@pytest.mark.parametrize("naming", ["same", "relative", "symlink", "hardlink"])
def test_no_command_overwrites_its_input(tmp_path, command, naming):
    if command == "import":
        source = _prov_file(tmp_path)
    elif command == "drift":
        source = tmp_path / "pairs.jsonl"
        source.write_text(DRIFT_LINE, "utf-8")
    else:
        source = _story_file(tmp_path, "s.svg")  # draw wants a picture suffix
    before = source.read_bytes()
    output = {"same": str(source), "relative": f"../{tmp_path.name}/./{source.name}",
              "symlink": str(tmp_path / "alias.svg"), "hardlink": str(tmp_path / "hard.svg")}
    if naming == "symlink":
        (tmp_path / "alias.svg").symlink_to(source.name)
    elif naming == "hardlink":
        os.link(source, tmp_path / "hard.svg")
    args = [a.format(source) for a in COMMANDS_WITH_OUTPUT[command]]
    done = subprocess.run([sys.executable, "-m", "provenance", *args, "-o", output[naming]],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "is the input file" in done.stderr and "Traceback" not in done.stderr
    assert source.read_bytes() == before


def test_the_input_read_from_stdin_is_not_overwritten(tmp_path):
    story = _story_file(tmp_path)
    with open(story, "rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "provenance", "export", "-", "--to", "dot",
                               "-o", str(story)], stdin=stdin, capture_output=True, timeout=120)
    assert done.returncode == 1 and b"is the input file" in done.stderr
    assert story.read_text("utf-8") == SYRIA_TEXT


def test_the_viewer_screenshot_refuses_its_input(tmp_path):
    pytest.importorskip("PySide6", reason="the viewer needs the gui extra")
    import importlib.util

    module = next(m for m in ("provenance_gui.app", "gui.app")
                  if importlib.util.find_spec(m.split(".")[0]) is not None)
    story = _story_file(tmp_path, "s.png")
    before = story.read_bytes()
    done = subprocess.run([sys.executable, "-m", module, str(story), "--screenshot", str(story)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1 and "is the input file" in done.stderr, done.stderr
    assert story.read_bytes() == before


def test_output_onto_a_fifo_is_written_into_it(tmp_path):
    import stat
    import threading

    fifo = tmp_path / "graph.dot"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = run("export", SYRIA, "--to", "dot", "-o", str(fifo))
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert got and got[0].startswith(b"digraph")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd here")
def test_output_to_dev_stdout_writes_into_the_redirected_file(tmp_path):
    out = tmp_path / "out.dot"
    # A /dev/stdout of our own (the same link): a regression must not replace the real one.
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    with open(out, "wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        done = subprocess.run([sys.executable, "-m", "provenance", "export", SYRIA, "--to",
                               "dot", "-o", str(stdout)], stdout=handle, stderr=subprocess.PIPE,
                              timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"digraph") and os.stat(out).st_ino == inode


@pytest.mark.parametrize("output, reason", [("", "empty"), ("{tmp}/", "folder"),
                                            ("{tmp}/no/x.json", "no folder"),
                                            ("{tmp}/ro.json", "read-only")])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(tmp_path, output, reason):
    (tmp_path / "ro.json").write_text("keep", "utf-8")
    os.chmod(tmp_path / "ro.json", 0o444)
    done = run("analyze", SYRIA, "-o", output.format(tmp=tmp_path))
    assert done.returncode == 1 and reason in done.stderr, done.stderr
    assert done.stderr.startswith("provenance: error: ") and "Traceback" not in done.stderr
    assert (tmp_path / "ro.json").read_text("utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.json"]


STOPPING_MID_WRITE = """
import os, signal, sys
import provenance.output as output
real = output._put
def put(handle, data):
    handle.write(b"half of it")
    handle.flush()
    os.kill(os.getpid(), signal.{sig})
    real(handle, data)
output._put = put
from provenance.__main__ import main
sys.argv = ["provenance", "export", sys.argv[1], "--to", "dot", "-o", sys.argv[2]]
sys.exit(main())
"""


@pytest.mark.parametrize("sig, code", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
def test_a_stop_signal_mid_write_removes_the_temporary_file(tmp_path, sig, code):
    out = tmp_path / "graph.dot"
    out.write_text("old graph", "utf-8")
    done = subprocess.run([sys.executable, "-c", STOPPING_MID_WRITE.format(sig=sig), SYRIA,
                           str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("provenance: ")
    assert out.read_text("utf-8") == "old graph"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.dot"]


NASTY = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2066\r\u200b"


def _nasty_story():
    from .conftest import mention, story_data

    data = story_data([report("r1", "a", mention("c", "implies")),
                       report("r2", "b", mention("c", "asserts"), text=f"says {NASTY}")],
                      [link("r1", "r2", "paraphrases")], title=f"Title {NASTY}")
    data["claims"][0]["text"] = f"the claim {NASTY}"
    data["actors"][0]["name"] = f"Agency {NASTY}"
    return data


def _assert_inert(text: str) -> None:
    for char in "\x1b\x07\x9b\u202e\u2066\r\u200b":
        assert char not in text, repr(text)


def test_analyze_shows_story_control_characters_escaped(tmp_path):
    story = _story_file(tmp_path, data=_nasty_story())
    done = run("analyze", str(story))
    assert done.returncode == 0, done.stderr
    _assert_inert(done.stdout)
    assert "\\x1b]0;pwned\\x07" in done.stdout and "\\u202eevil" in done.stdout
    out = tmp_path / "account.txt"
    assert run("analyze", str(story), "-o", str(out)).returncode == 0
    _assert_inert(out.read_text("utf-8"))


def test_analyze_json_escapes_them_and_means_the_same(tmp_path):
    story = _story_file(tmp_path, data=_nasty_story())
    done = run("analyze", "--json", str(story))
    assert done.returncode == 0, done.stderr
    _assert_inert(done.stdout)
    assert json.loads(done.stdout)["title"] == f"Title {NASTY}"  # the same document


def test_validate_errors_and_warnings_are_inert(tmp_path):
    bad = _nasty_story()
    bad["reports"][0]["kind"] = f"tweet{NASTY}"
    bad["links"][0]["target"] = f"ghost{NASTY}"
    done = run("validate", str(_story_file(tmp_path, "bad.json", bad)))
    assert done.returncode == 1 and "reports[0].kind" in done.stderr
    _assert_inert(done.stderr)
    assert "pwned" in done.stderr
    loop = _nasty_story()
    loop["links"].append(link("r2", "r1"))
    done = run("validate", str(_story_file(tmp_path, "loop.json", loop)))
    assert done.returncode == 0 and "provenance: warning:" in done.stderr
    _assert_inert(done.stdout + done.stderr)


def test_suggest_output_is_inert(tmp_path):
    data = _nasty_story()
    data["claims"][0]["text"] = "the strike killed civilians"
    data["reports"][1]["claims"] = []
    data["reports"][1]["text"] = f"The strike killed civilians {NASTY}."
    done = run("suggest", str(_story_file(tmp_path, data=data)))
    assert done.returncode == 0, done.stderr
    assert "provenance: suggestion: r2" in done.stderr
    _assert_inert(done.stdout + done.stderr)
    written = json.loads(done.stdout)
    assert written["reports"][1]["claims"][0]["suggested"] is True
    assert written["reports"][1]["text"] == data["reports"][1]["text"]  # the same story


def test_the_inert_list_covers_every_control_and_format_character():
    import unicodedata

    from provenance.terminal import inert

    for code in range(0x110000):
        char = chr(code)
        unsafe = (0xD800 <= code <= 0xDFFF
                  or (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
                      and char not in "\n\t\u200c\u200d"))
        assert (inert(char) != char) == unsafe, hex(code)


@pytest.mark.parametrize("content, line, reason", [
    (DRIFT_LINE.encode() + b'{"source": "caf\xe9", "target": "x"}\n', 2, "not UTF-8"),
    (DRIFT_LINE.encode() + b"[" * 100_000 + b"\n", 2, "nested too deeply"),
    (DRIFT_LINE.encode() * 2 + b'{"source": "\\ud800", "target": "x"}\n', 3, "surrogate"),
    (b'{"source": "a", "target": "b", "n": NaN}\n', 1, "NaN is not a JSON number"),
    (b'{"source": "a", "target": "b", "n": 1e999}\n', 1, "1e999 is not a JSON number"),
    (DRIFT_LINE.encode() + b"\xef\xbb\xbf" + DRIFT_LINE.encode(), 2, "BOM"),
    (b'{"source": "a", "target": "b", "source": "c"}\n', 1, "more than once"),
    (b'{"source": "a"\n', 1, "not valid JSON"),
])
def test_drift_refuses_bad_lines_with_their_number(tmp_path, content, line, reason):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(content)
    done = run("drift", str(pairs))
    assert done.returncode == 1, done.stderr
    assert f"{pairs}, line {line}: " in done.stderr and reason in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.startswith("provenance: error: ")
    with open(pairs, "rb") as stdin:
        piped = subprocess.run([sys.executable, "-m", "provenance", "drift", "-"], stdin=stdin,
                               capture_output=True, text=True, timeout=120)
    assert piped.returncode == 1 and f"<stdin>, line {line}: " in piped.stderr


def test_drift_reads_a_leading_bom_and_writes_strict_json(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    second = '{"source": "é\u202e", "target": ""}\n'
    pairs.write_bytes(b"\xef\xbb\xbf" + DRIFT_LINE.encode() + second.encode())
    done = run("drift", str(pairs))
    assert done.returncode == 0, done.stderr

    def refuse(constant):
        raise AssertionError(f"{constant} in the output")

    rows = [json.loads(line, parse_constant=refuse) for line in done.stdout.splitlines()]
    assert [r["target"] for r in rows] == ["A causes B.", ""]
    assert all(r["label"] in ("same", "exaggerates", "downplays") for r in rows)
    assert rows[1]["source"] == "é\u202e" and "\u202e" not in done.stdout


BIG_CHAIN = [report(f"r{i}", f"a{i % 50}", text="x" * 300) for i in range(3000)]


@pytest.fixture(scope="module")
def big_story(tmp_path_factory):
    from .conftest import story_data

    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(json.dumps(story_data(BIG_CHAIN, [link(f"r{i}", f"r{i + 1}")
                                                      for i in range(2999)])), "utf-8")
    return path


ENTRY_POINTS = {
    "python -m": [sys.executable, "-X", "importtime", "-m", "provenance"],
    # What the installed `provenance` script runs.
    "console script": [sys.executable, "-X", "importtime", "-c",
                       "import sys; from provenance.__main__ import main; sys.exit(main())"],
}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("after", ["provenance.errors", "provenance.cli", "provenance.output",
                                   "numpy", "provenance.analysis", "provenance.wording"])
def test_ctrl_c_during_start_up_and_work_exits_130_quietly(big_story, entry, after):
    import signal

    # Wait for the interpreter to finish importing `after` (-X importtime says so on
    # stderr), then press Ctrl-C: the command is still starting or already working.
    child = subprocess.Popen([*ENTRY_POINTS[entry], "analyze", str(big_story)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    seen = b""
    for line in child.stderr:
        seen += line
        if line.startswith(b"import time:") and line.split(b"|")[-1].strip() == after.encode():
            break
    else:
        raise AssertionError(f"{after} was never imported: {seen[-2000:]!r}")
    child.send_signal(signal.SIGINT)
    rest = child.stderr.read()
    child.wait(60)
    messages = [m for m in (seen + rest).decode().splitlines() if not m.startswith("import time")]
    assert child.returncode == 130, messages
    assert messages == ["provenance: interrupted"]


@pytest.mark.parametrize("delay", [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.6, 1.2])
def test_ctrl_c_at_any_moment_shows_no_traceback_of_ours(big_story, delay):
    import signal
    import time

    child = subprocess.Popen([sys.executable, "-m", "provenance", "analyze", str(big_story)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    # Before Python installs its handler the process dies of the signal itself (the
    # shell shows 130 too); while the interpreter itself starts (site, runpy), before
    # any line of the project runs, Python's own message is beyond the project's reach.
    import provenance

    assert os.path.dirname(provenance.__file__) not in err, err  # no frame of ours
    if "Traceback" not in err:
        assert child.returncode in (130, -signal.SIGINT, 0), err
        assert err in ("", "provenance: interrupted\n")


def test_a_full_disk_on_stdout_is_a_clear_error():
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "provenance", "analyze", SYRIA],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "provenance: error: <stdout>: cannot write (No space left on device)\n"


def test_an_ascii_only_stdout_is_a_clear_error():
    done = subprocess.run([sys.executable, "-m", "provenance", "analyze", SYRIA],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1
    assert done.stderr.startswith("provenance: error: <stdout> cannot take the output: its "
                                  "encoding (ascii) has no U+")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_reader_that_goes_away_makes_no_noise():
    done = subprocess.run(f"{sys.executable} -m provenance analyze {SYRIA} | head -1; "
                          f"{sys.executable} -m provenance export {SYRIA} --to graphml | head -1",
                          shell=True, capture_output=True, text=True, timeout=120)
    assert done.stdout.count("\n") == 2
    assert done.stderr == ""


def test_stdin_is_named_the_same_in_every_message(tmp_path):
    bad = json.dumps({"format": "provenance-story", "version": 1})
    for args in (["validate", "-"], ["analyze", "-"], ["export", "-", "--to", "dot"]):
        done = run(*args, stdin=bad)
        assert done.returncode == 1 and done.stderr.startswith("provenance: error: <stdin>: ")
    done = run("validate", "-", stdin=SYRIA_TEXT)
    assert done.stdout.startswith("<stdin>: valid story")
    done = run("drift", "-", stdin="{nope\n")
    assert done.stderr.startswith("provenance: error: <stdin>, line 1: ")


@pytest.mark.parametrize("args", [["validate", "-"], ["drift", "-"],
                                  ["import", "-", "--from", "prov-json"]])
def test_a_closed_stdin_is_a_clear_error(args):
    done = subprocess.run([sys.executable, "-m", "provenance", *args], capture_output=True,
                          text=True, timeout=120, preexec_fn=lambda: os.close(0))
    assert done.returncode == 1
    assert done.stderr == "provenance: error: <stdin>: cannot read (standard input is closed)\n"


def test_a_closed_stdout_is_a_clear_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "provenance", "analyze", SYRIA],
                          stderr=subprocess.PIPE, text=True, timeout=120,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == "provenance: error: <stdout>: cannot write (standard output is closed)\n"
    out = tmp_path / "account.txt"
    done = subprocess.run([sys.executable, "-m", "provenance", "analyze", SYRIA, "-o", str(out)],
                          stderr=subprocess.PIPE, text=True, timeout=120,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 0 and out.read_text("utf-8").startswith("Reported")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
@pytest.mark.parametrize("args", [["import", "/dev/zero", "--from", "prov-json"],
                                  ["drift", "/dev/zero"]])
def test_endless_input_to_import_and_drift_is_a_clear_error(args):
    # Before: both read /dev/zero until MemoryError, with a traceback.
    done = run(*args)
    assert done.returncode == 1
    assert done.stderr.startswith("provenance: error: /dev/zero")
    assert "Traceback" not in done.stderr and done.stdout == ""


# --------------------------------------------------------------------------- #
# Spreadsheets: export --to xlsx / csv, import STORY.xlsx / DIR / a.csv b.csv ...

needs_openpyxl = pytest.mark.skipif(importlib.util.find_spec("openpyxl") is None,
                                    reason="the sheets extra (openpyxl) is not installed")


@needs_openpyxl
def test_a_story_goes_to_a_workbook_and_back(tmp_path, capsys):
    book = tmp_path / "story.xlsx"
    assert main(["export", SYRIA, "-o", str(book)]) == 0  # the suffix names the format
    assert main(["export", SYRIA, "--to", "xlsx", "-o", str(book)]) == 0
    out = tmp_path / "again.json"
    assert main(["import", str(book), "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == json.loads(SYRIA_TEXT)
    assert main(["import", str(book)]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(SYRIA_TEXT)


def test_a_story_goes_to_csv_files_and_back(tmp_path, capsys):
    folder = tmp_path / "tables"
    assert main(["export", SYRIA, "--to", "csv", "-o", str(folder)]) == 0
    assert main(["export", SYRIA, "--to", "csv", "-o", str(folder)]) == 0  # replaced
    capsys.readouterr()
    assert main(["import", str(folder)]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(SYRIA_TEXT)
    files = sorted(str(p) for p in folder.iterdir())
    assert main(["import", *files, "--title", "Retitled"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Retitled"


def test_csv_export_refuses_a_folder_of_other_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["export", SYRIA, "--to", "csv", "-o", str(tmp_path)]) == 1
    assert "holds other files (notes.txt)" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("args", [["--to", "csv"], ["--to", "csv", "-o", "-"],
                                  ["--to", "xlsx"]])
def test_a_spreadsheet_export_needs_an_output(args, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export", SYRIA, *args])
    assert stop.value.code == 2
    assert "not standard output" in capsys.readouterr().err


def test_importing_bad_sheets_names_every_cell_and_exits_1(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "story.csv").write_text("title\nT\n", "utf-8")
    (folder / "reports.csv").write_text("id,actor,firsthand\nr1,mod,maybe\n", "utf-8")
    done = run("import", str(folder))
    assert done.returncode == 1 and not done.stdout
    assert "2 errors in story file" in done.stderr
    assert 'reports!B2 (actor): no actor has the id "mod"' in done.stderr
    assert 'reports!C2 (firsthand): must be TRUE or FALSE, not "maybe"' in done.stderr


def test_import_of_a_file_no_format_names_is_a_bad_command_line(tmp_path, capsys):
    for files in ([SYRIA], [SYRIA, SYRIA]):
        with pytest.raises(SystemExit) as stop:
            main(["import", *files])
        assert stop.value.code == 2
    assert "--from" in capsys.readouterr().err


def test_export_help_names_the_spreadsheets():
    done = run("export", "--help")
    assert re.search(r"xlsx\s+\.xlsx\s+Excel workbook", done.stdout)
    assert re.search(r"csv\s+a folder\s+CSV files", done.stdout)


# --------------------------------------------------------------------------- #
# provenance timeline

SCIENCE = str(SAMPLES / "science-press-release.json")


@pytest.mark.parametrize("suffix,head", [("png", b"\x89PNG"), ("svg", b"<?xml"),
                                         ("pdf", b"%PDF")])
def test_timeline_writes_the_chart(tmp_path, suffix, head):
    out = tmp_path / f"spread.{suffix}"
    done = run("timeline", SCIENCE, "-o", str(out), "--dpi", "50")
    assert done.returncode == 0, done.stderr
    assert f"provenance: wrote {out}" in done.stderr and done.stdout == ""
    assert out.read_bytes().startswith(head)


def test_timeline_by_audience_says_how_many_are_unknown(tmp_path):
    out = tmp_path / "spread.png"
    done = run("timeline", SCIENCE, "-o", str(out), "--weight", "audience",
               "--claim", "coffee-protects")
    assert done.returncode == 0, done.stderr
    assert ("note: Weighted by audience: 3 of 7 reports' actors have no known audience "
            "and count 0.") in done.stderr
    assert out.exists()


def test_timeline_of_a_story_without_dates_says_so(tmp_path):
    data = json.loads(SYRIA_TEXT)
    for entry in data["reports"]:
        entry.pop("published", None)
    undated = tmp_path / "undated.json"
    undated.write_text(json.dumps(data), "utf-8")
    out = tmp_path / "spread.png"
    done = run("timeline", str(undated), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "note: no report in this story has a date" in done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_timeline_refuses_unknown_claim_suffix_and_weight(tmp_path):
    done = run("timeline", SCIENCE, "-o", str(tmp_path / "x.png"), "--claim", "nope")
    assert done.returncode == 1
    assert ('error: unknown claim "nope": the story\'s claims are "coffee-protects", '
            '"three-cups"') in done.stderr
    done = run("timeline", SCIENCE, "-o", str(tmp_path / "x.gif"))
    assert done.returncode == 1 and ".png, .svg, .pdf" in done.stderr
    done = run("timeline", SCIENCE, "-o", str(tmp_path / "x.png"), "--weight", "views")
    assert done.returncode == 2 and "invalid choice" in done.stderr
    done = run("timeline", SCIENCE)
    assert done.returncode == 2 and "-o" in done.stderr
    assert list(tmp_path.iterdir()) == []
