"""The story file's public face: load, loads, save, the limits of reading."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

import provenance
from provenance import ProvenanceError, StoryFormatError

from ..conftest import SAMPLES
from .documents import SAMPLE_FILES, good, issues_of, mutated


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_round_trip_losslessly(path, tmp_path):
    story = provenance.load(path)
    out = tmp_path / "copy.json"
    provenance.save(story, out)
    assert provenance.load(out) == story
    assert json.loads(out.read_text("utf-8")) == json.loads(provenance.dumps(story))


def test_unknown_keys_survive_a_round_trip_everywhere():
    data = good()
    data["x-top"] = {"nested": [1, 2.5, None, True]}
    data["actors"][0]["x-actor"] = "kept"
    data["claims"][0]["x-claim"] = [1]
    data["reports"][0]["x-report"] = {"a": {"b": "c"}}
    data["reports"][0]["claims"][0]["x-mention"] = False
    data["links"][0]["x-link"] = 3
    story = provenance.loads(json.dumps(data))
    again = json.loads(provenance.dumps(story))
    assert again["x-top"] == data["x-top"]
    assert again["actors"][0]["x-actor"] == "kept"
    assert again["claims"][0]["x-claim"] == [1]
    assert again["reports"][0]["x-report"] == {"a": {"b": "c"}}
    assert again["reports"][0]["claims"][0]["x-mention"] is False
    assert again["links"][0]["x-link"] == 3
    assert provenance.loads(json.dumps(again)) == story


def test_non_utf8_bytes_are_refused_with_the_offset():
    data = json.dumps(good()).encode("utf-8").replace(b'"A"', b'"\xff"')
    [issue] = issues_of(data)
    assert "not UTF-8" in issue and "0xff" in issue


@pytest.mark.parametrize("published", ["9999", "9999-12", "9999-12-31", "9999-12-31T23:59:59",
                                       "2017-01-23", "2017-01-23T12:00", "2017-01-23T12:00:00Z",
                                       "2017-01-23T12:00:00.250+03:00", "2017"])
def test_every_iso_date_form_loads(published):
    story = provenance.loads(mutated(lambda d: d["reports"][0].update(published=published)))
    assert story.reports[0].published.text == published


def test_utf8_bom_is_accepted():
    story = provenance.loads(b"\xef\xbb\xbf" + json.dumps(good()).encode("utf-8"))
    assert story.title == "Test story"


def test_a_30_mb_text_field_loads():
    data = good()
    data["reports"][0]["text"] = "word " * 6_000_000
    story = provenance.loads(json.dumps(data))
    assert len(story.reports[0].text) == 30_000_000


def test_load_accepts_paths_and_open_files(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(good()), "utf-8")
    assert provenance.load(path) == provenance.load(str(path))
    with open(path, encoding="utf-8") as handle:
        assert provenance.load(handle).title == "Test story"
    with open(path, "rb") as handle:
        assert provenance.load(handle).title == "Test story"
    assert provenance.load(io.StringIO(json.dumps(good()))).title == "Test story"


def test_errors_from_a_file_name_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", "utf-8")
    with pytest.raises(StoryFormatError) as info:
        provenance.load(path)
    assert str(path) in str(info.value)
    path.write_bytes(b'{"title": "\xff"}')
    with pytest.raises(StoryFormatError) as info:
        provenance.load(path)
    assert str(path) in str(info.value) and "not UTF-8" in str(info.value)
    with pytest.raises(ProvenanceError, match="cannot read"):
        provenance.load(tmp_path / "missing.json")
    with pytest.raises(ProvenanceError, match="is a directory"):
        provenance.load(tmp_path)


def test_save_refuses_an_invalid_story_and_writes_nothing(tmp_path):
    from attrs import evolve

    story = provenance.loads(json.dumps(good()))
    broken = evolve(story, links=(*story.links, evolve(story.links[0], target="ghost")))
    out = tmp_path / "out.json"
    with pytest.raises(StoryFormatError, match="ghost"):
        provenance.save(broken, out)
    assert list(tmp_path.iterdir()) == []


def test_save_keeps_the_file_mode(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("{}", "utf-8")
    os.chmod(out, 0o640)
    provenance.save(provenance.loads(json.dumps(good())), out)
    assert os.stat(out).st_mode & 0o777 == 0o640


def test_missing_arrays_mean_empty_and_defaults_apply():
    story = provenance.loads('{"format": "provenance-story", "version": 1, "title": "T"}')
    assert (story.actors, story.claims, story.reports, story.links) == ((), (), (), ())
    data = good()
    del data["links"][0]["relation"]
    del data["actors"][0]["name"]
    found = issues_of(json.dumps(data))
    assert found == ["actors[0].name: is required"]
    data["actors"][0]["name"] = "A"
    story = provenance.loads(json.dumps(data))
    assert story.links[0].relation.value == "cites"
    assert story.actors[0].kind.value == "other"


def test_a_story_displays_itself_in_notebooks():
    import xml.etree.ElementTree as ET

    story = provenance.load(SAMPLES / "syria-joint-strike.json")
    from provenance.notebook import story_svg

    svg = story_svg(story)
    assert ET.fromstring(svg.encode("utf-8")).tag.endswith("svg")
    assert "Associated Press" in svg


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from provenance.files import story as story_io

    text = json.dumps(good())
    path = tmp_path / "big.json"
    path.write_text(text, "utf-8")
    monkeypatch.setattr(story_io, "MAX_STORY_BYTES", len(text) - 1)
    for read in (lambda: provenance.load(path), lambda: provenance.loads(text),
                 lambda: provenance.loads(text.encode("utf-8"))):
        with pytest.raises(StoryFormatError, match="larger than the .* a story file may be"):
            read()
    monkeypatch.setattr(story_io, "MAX_STORY_BYTES", len(text))
    assert provenance.load(path).title == "Test story"


class _Endless(io.RawIOBase):
    """An input that never ends (``/dev/zero``, ``yes |``), counting what was read."""

    def __init__(self, byte: bytes) -> None:
        self.byte = byte
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = self.byte * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_an_endless_input_stops_at_the_limit(monkeypatch):
    from provenance.files import story as story_io

    monkeypatch.setattr(story_io, "MAX_STORY_BYTES", 3 * 1024 * 1024)
    spaces = _Endless(b" ")
    with pytest.raises(StoryFormatError, match=r"larger than the 3 MiB a story file may be"):
        provenance.load(io.BufferedReader(spaces))
    assert spaces.given <= 3 * 1024 * 1024 + 16 * 1024 * 1024
    zeros = _Endless(b"\0")
    with pytest.raises(StoryFormatError, match="(?s)<stdin>: .*not valid JSON: Expecting value"):
        provenance.load(io.BufferedReader(zeros), source="<stdin>")  # as `validate -` reads
    assert zeros.given <= 64 * 1024 + 8192  # the first bytes show it is not JSON


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_dev_zero_is_refused_without_reading_it_all():
    with pytest.raises(StoryFormatError, match="(?s)/dev/zero: .*not valid JSON"):
        provenance.load("/dev/zero")


def test_a_million_report_story_is_well_inside_the_limit():
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.append(root)
    from benchmarks.cascade import cascade
    from provenance.files.story import MAX_STORY_BYTES

    size = len(provenance.dumps(provenance.loads(json.dumps(cascade(2000)))).encode("utf-8"))
    assert size * 500 * 4 < MAX_STORY_BYTES  # a million reports, with room for four times as much


def test_a_million_deep_nesting_is_refused_cleanly():
    [issue] = issues_of("[" * 1_000_000)
    assert "nested too deeply" in issue
    data = good()
    data["x-deep"] = "PLACE"
    text = json.dumps(data).replace('"PLACE"', "[" * 1_000_000 + "]" * 1_000_000)
    [issue] = issues_of(text)
    assert "nested too deeply" in issue


def test_reading_a_story_imports_neither_numpy_nor_the_analysis():
    code = """
import sys
from provenance.files.story import loads
loads('{"format": "provenance-story", "version": 1, "title": "T"}')
heavy = ("numpy", "provenance.analysis", "provenance.drawing", "provenance.files.registry")
print(sorted(name for name in sys.modules if name.startswith(heavy)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_the_story_module_keeps_the_names_other_code_imports():
    from provenance import output
    from provenance.files import story

    assert set(story.__all__) <= set(dir(story))
    assert story.write_atomic is output.write_atomic
    assert (story.FORMAT_NAME, story.FORMAT_VERSION) == ("provenance-story", 2)
    assert story.FORMAT_VERSIONS == (1, 2)


# --------------------------------------------------------------------------- #
# Version 2: random version 2 stories round-trip, and are saved as the lowest version
# that holds them.

from hypothesis import given  # noqa: E402

from ..test_properties import SETTINGS  # noqa: E402
from .documents import v2_documents  # noqa: E402

_V2_DEFAULTS = {"genre": "news", "part": "body", "hedged": False}


def _as_saved(doc: dict) -> dict:
    """``doc`` as the writer writes it: defaults filled or left out, the lowest version."""
    out = json.loads(json.dumps(doc))
    uses_v2 = bool(out.get("accounts"))
    if not out.get("accounts"):
        out.pop("accounts", None)
    for actor in out["actors"]:
        actor.setdefault("kind", "other")
    for claim in out["claims"]:
        uses_v2 |= "qualifies" in claim
    objects = [*out["reports"], *out["links"],
               *(m for r in out["reports"] for m in r.get("claims", []))]
    for item in objects:
        for key, default in _V2_DEFAULTS.items():
            if item.get(key, default) == default:
                item.pop(key, None)
            else:
                uses_v2 = True
        uses_v2 |= "accounts" in item or "of" in item
    for rep in out["reports"]:
        rep.setdefault("kind", "other")
        if not rep.get("claims"):
            rep.pop("claims", None)
    for lk in out["links"]:
        lk.setdefault("relation", "cites")
        if lk.get("confidence") == 1:
            del lk["confidence"]
    out["version"] = 2 if uses_v2 else 1
    return out


@SETTINGS
@given(v2_documents())
def test_version_2_stories_round_trip_losslessly(doc):
    story = provenance.loads(json.dumps(doc))
    written = provenance.dumps(story)
    again = provenance.loads(written)
    assert again == story
    assert provenance.dumps(again) == written
    assert json.loads(written) == _as_saved(doc)


def test_a_version_1_file_with_version_2_keys_loads_with_a_warning_that_names_them():
    data = good()
    data["reports"][0]["genre"] = "satire"
    data["reports"][1]["genre"] = "satire"
    data["reports"][0]["claims"][0]["part"] = "headline"
    data["accounts"] = [{"id": "x", "name": "X"}]
    data["reports"][1]["part"] = "headline"  # not a version 2 key on a report: not named
    with pytest.warns(provenance.errors.StoryFormatWarning) as caught:
        story = provenance.loads(json.dumps(data), source="old.json")
    [warning] = caught
    message = str(warning.message)
    assert message.startswith("old.json: a version 1 file with keys of version 2")
    assert '"genre" (reports[0] and 1 more)' in message
    assert '"part" (reports[0].claims[0])' in message and '"accounts" (the top level)' in message
    assert "reports[1]" not in message.replace("reports[0] and 1 more", "")
    assert 'write "version": 2 to use them' in message
    # Not used: the story is a version 1 story that keeps the keys as unknown keys.
    assert story.reports[0].genre.value == "news" and story.reports[0].extra["genre"] == "satire"
    assert story.reports[0].claims[0].part.value == "body"
    assert story.accounts == () and story.extra["accounts"] == [{"id": "x", "name": "X"}]
    saved = json.loads(provenance.dumps(story))
    assert saved["version"] == 1
    assert saved["reports"][0]["genre"] == "satire" and saved["accounts"] == data["accounts"]
    assert saved["reports"][0]["claims"][0]["part"] == "headline"


def test_a_version_1_file_without_version_2_keys_loads_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        story = provenance.loads(json.dumps(good()))
        provenance.dumps(story)
    # Saving a story kept from such a file does not warn again.
    data = good()
    data["reports"][0]["genre"] = "satire"
    with pytest.warns(provenance.errors.StoryFormatWarning):
        story = provenance.loads(json.dumps(data))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        provenance.dumps(story)


def test_validate_prints_the_warning_on_stderr(tmp_path):
    data = good()
    data["reports"][0]["genre"] = "satire"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), "utf-8")
    done = subprocess.run([sys.executable, "-m", "provenance", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "valid story" in done.stdout
    assert 'warning: ' in done.stderr and '"genre" (reports[0])' in done.stderr
    data["version"] = 2
    path.write_text(json.dumps(data), "utf-8")
    done = subprocess.run([sys.executable, "-m", "provenance", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "warning" not in done.stderr
