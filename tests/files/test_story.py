"""Story files: loading, every kind of bad input, round trips and atomic saves."""

from __future__ import annotations

import io
import json
import os

import pytest

import provenance
from provenance import ProvenanceError, StoryFormatError, UnsupportedVersionError
from provenance.files.story import write_atomic

from ..conftest import SAMPLES, link, mention, report, story_data

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


def good() -> dict:
    return story_data(
        [report("r1", "a", mention("c", "asserts")), report("r2", "b", mention("c", "implies"))],
        [link("r1", "r2", "paraphrases", confidence=0.5, note="n")],
    )


def issues_of(text: str | bytes) -> list[str]:
    with pytest.raises(StoryFormatError) as info:
        provenance.loads(text)
    return [str(issue) for issue in info.value.issues]


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


def test_every_error_is_reported_at_once_with_its_path():
    data = good()
    data["reports"][0]["claims"][0]["stance"] = "shouts"
    data["reports"][1]["actor"] = "nobody"
    data["links"][0]["confidence"] = 2
    data["actors"][1]["kind"] = 7
    data["reports"][1]["published"] = "yesterday"
    found = issues_of(json.dumps(data))
    assert len(found) == 5
    joined = "\n".join(found)
    assert "reports[0].claims[0].stance: must be one of asserts" in joined
    assert 'reports[1].actor: no actor has the id "nobody"' in joined
    assert "links[0].confidence: must be a number from 0 to 1" in joined
    assert "actors[1].kind: must be one of" in joined
    assert "reports[1].published: not an ISO 8601 date" in joined


def test_a_later_version_is_refused_by_name():
    data = good()
    data["version"] = 2
    with pytest.raises(UnsupportedVersionError) as info:
        provenance.loads(json.dumps(data))
    assert "version 2" in str(info.value) and "version 1" in str(info.value)


def _mutate(change):
    data = good()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps(good())[:-40], "not valid JSON"),
        ("", "not valid JSON"),
        ("[]", "must be a JSON object, not an array"),
        ('"story"', "must be a JSON object, not a string"),
        (_mutate(lambda d: d.update(title=5)), "title: must be a string, not a number"),
        (_mutate(lambda d: d.update(reports={})), "reports: must be an array, not an object"),
        (_mutate(lambda d: d["reports"].append(3)), "reports[2]: must be an object, not a number"),
        (_mutate(lambda d: d["reports"][1].update(id="r1")),
         'reports[1].id: repeats the id "r1" of reports[0]'),
        (_mutate(lambda d: d["actors"][0].update(id="")), "actors[0].id: must not be empty"),
        (_mutate(lambda d: d["links"][0].update(target="r1")),
         'links[0]: links the report "r1" to itself'),
        (_mutate(lambda d: d["links"][0].update(source="zz")),
         'links[0].source: no report has the id "zz"'),
        (_mutate(lambda d: d["reports"][0]["claims"][0].update(claim="zz")),
         'reports[0].claims[0].claim: no claim has the id "zz"'),
        (_mutate(lambda d: d["reports"][0]["claims"][0].update(holder="zz")),
         'reports[0].claims[0].holder: no actor has the id "zz"'),
        (_mutate(lambda d: d["reports"][0].update(firsthand="yes")),
         "reports[0].firsthand: must be true or false, not a string"),
        (_mutate(lambda d: d["actors"][0].update(audience=-1)),
         "actors[0].audience: must be a non-negative number"),
        (_mutate(lambda d: d["actors"][0].update(audience=10 ** 400)),
         "actors[0].audience: is too large to be a number of readers"),
        (_mutate(lambda d: d["reports"][0].update(published="２０１７-01-23")),
         "reports[0].published: not an ISO 8601 date"),
        (_mutate(lambda d: d.update(version=2.0)), "this file is format version 2.0"),
        (_mutate(lambda d: d["reports"][0].update(url="javascript:alert(1)")),
         "reports[0].url: must be an http:// or https:// address"),
        (_mutate(lambda d: d.update(format="other")), 'format: must be "provenance-story"'),
        (_mutate(lambda d: d.update(version="1")), "version: must be 1"),
        (_mutate(lambda d: d.update(version=True)), "version: must be 1"),
        (json.dumps(good()).replace('"confidence": 0.5', '"confidence": NaN'),
         "links[0].confidence: NaN is not a JSON number"),
        (json.dumps(good()).replace('"confidence": 0.5', '"confidence": -Infinity'),
         "links[0].confidence: -Infinity is not a JSON number"),
        (json.dumps(good()).replace('"confidence": 0.5', '"confidence": 1e400'),
         "links[0].confidence: 1e400 is not a JSON number"),
        (json.dumps(good()).replace('"title": "Test story"', '"title": "a", "title": "b"'),
         'the key "title" appears more than once'),
        (json.dumps(good()).replace('"name": "A"', '"name": "\\ud800"'),
         "actors[0].name: not valid Unicode"),
        (json.dumps(good()).replace('"confidence": 0.5', '"confidence": ' + "9" * 5000),
         "not valid JSON"),
    ],
)
def test_bad_input_gives_a_clear_error(text, expected):
    found = issues_of(text)
    assert any(expected in issue for issue in found), found


def test_non_utf8_bytes_are_refused_with_the_offset():
    data = json.dumps(good()).encode("utf-8").replace(b'"A"', b'"\xff"')
    [issue] = issues_of(data)
    assert "not UTF-8" in issue and "0xff" in issue


@pytest.mark.parametrize("published", ["9999", "9999-12", "9999-12-31", "9999-12-31T23:59:59",
                                       "2017-01-23", "2017-01-23T12:00", "2017-01-23T12:00:00Z",
                                       "2017-01-23T12:00:00.250+03:00", "2017"])
def test_every_iso_date_form_loads(published):
    story = provenance.loads(_mutate(lambda d: d["reports"][0].update(published=published)))
    assert story.reports[0].published.text == published


def test_utf8_bom_is_accepted():
    story = provenance.loads(b"\xef\xbb\xbf" + json.dumps(good()).encode("utf-8"))
    assert story.title == "Test story"


def test_deep_nesting_fails_cleanly():
    # How long it takes is measured by benchmarks/bad_input.py, not asserted here.
    [issue] = issues_of("[" * 200_000 + "]" * 200_000)
    assert "nested too deeply" in issue
    [issue] = issues_of('{"format": "provenance-story", "x": ' + "[" * 200_000)


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


def test_a_crash_mid_save_leaves_the_old_file_intact(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("old content", "utf-8")

    def crash(handle):
        handle.write(b"half a fil")
        raise KeyboardInterrupt  # the process dies mid-write

    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, crash)
    assert out.read_text("utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["story.json"]


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


def test_an_extra_key_never_overwrites_a_field_on_save():
    from provenance.model import Actor, Story

    story = Story("T", actors=[Actor("b", "B", extra={"name": "dup", "x": 1})])
    [actor] = json.loads(provenance.dumps(story))["actors"]
    assert actor["name"] == "B" and actor["x"] == 1


# --------------------------------------------------------------------------- #
# No input can hurt the user (issue 8): lone surrogates, urls, times, limits.

def readings(text: str | bytes) -> tuple[object, object]:
    """What the fast reader (``loads``) and the careful reader make of ``text``."""
    from provenance.files import story as story_io

    def outcome(read):
        try:
            return read()
        except StoryFormatError as err:
            return [str(issue) for issue in err.issues]

    careful = text.decode("utf-8") if isinstance(text, bytes) else text
    return (outcome(lambda: provenance.loads(text)),
            outcome(lambda: story_io.story_from_data(story_io._parse(careful,
                                                                     raw_surrogates=True))))


def test_lone_surrogates_in_python_strings_are_refused_like_escaped_ones():
    data = good()
    data["actors"][0]["name"] = "A\ud800"
    data["reports"][0]["x-note"] = {"k": "\udfff"}
    escaped, raw = json.dumps(data), json.dumps(data, ensure_ascii=False)
    assert "\ud800" in raw and "\ud800" not in escaped
    expected = issues_of(escaped)
    assert "actors[0].name: not valid Unicode (a lone surrogate, such as \\ud800)" in expected
    assert "reports[0].x-note.k: not valid Unicode (a lone surrogate, such as \\ud800)" in expected
    assert issues_of(raw) == expected
    for payload in (raw, escaped):
        with pytest.raises(StoryFormatError) as info:
            provenance.load(io.StringIO(payload))
        assert [str(issue) for issue in info.value.issues] == expected
    assert readings(raw)[0] == readings(raw)[1] == expected


def test_stories_built_in_code_with_lone_surrogates_are_refused():
    from attrs import evolve

    from provenance.files.story import story_from_data

    data = good()
    data["title"] = "T\ud800"
    with pytest.raises(StoryFormatError, match="title: not valid Unicode"):
        story_from_data(data)
    data = good()
    data["links"][0]["confidence"] = float("nan")
    data["actors"][0]["audience"] = float("nan")
    data["reports"][0]["x-note"] = [float("inf")]
    data["x-top"] = {"k\udc00": "v"}
    with pytest.raises(StoryFormatError) as info:
        story_from_data(data)
    assert sorted(map(str, info.value.issues)) == [
        "actors[0].audience: must be a non-negative number",
        "links[0].confidence: must be a number from 0 to 1",
        "reports[0].x-note[0]: inf is not a JSON number",
        "x-top: a key is not valid Unicode (a lone surrogate)",
    ]
    str(info.value).encode("utf-8")  # the error prints: no lone surrogate in it
    story = evolve(provenance.loads(json.dumps(good())), title="T\udc80")
    with pytest.raises(StoryFormatError, match="title: not valid Unicode"):
        provenance.dumps(story)  # not a UnicodeEncodeError from save


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=1#c", "http://x", "HTTPS://EXAMPLE.ORG", "https://[::1]:8080/x",
    "https://user@host.example/p", "https://bücher.example/é", "https://ex.org/a%20b%22c",
])
def test_well_formed_http_urls_load(url):
    data = good()
    data["reports"][0]["url"] = url
    data["actors"][0]["url"] = url
    fast, careful = readings(json.dumps(data))
    assert fast == careful
    assert fast.reports[0].url == url and fast.actors[0].url == url


@pytest.mark.parametrize(("url", "reason"), [
    ("javascript:alert(1)", "with a host"),
    ("https://", "with a host"),
    ("https:///path", "with a host"),
    ("https://:80/", "with a host"),
    ("ftp://example.org/", "with a host"),
    ("https://example.org/a b", "without U+0020 (space) at character 22"),
    ('https://example.org/"onmouseover="x', "without U+0022 (quotation mark)"),
    ("https://example.org/'x", "without U+0027 (apostrophe)"),
    ("https://example.org/<img>", "without U+003C (less-than sign)"),
    ("https://example.org/\x00", "without U+0000 (a control character)"),
    ("https://example.org/\x1b[31m", "without U+001B"),
    ("https://example.org/\u202egnp.exe", "without U+202E (right-to-left override)"),
    ("https://exa\u200bmple.org/", "without U+200B (zero width space)"),
    ("https://example.org\\@evil.example/", "without U+005C (reverse solidus)"),
    ("https://example.org/\n", "without U+000A"),
])
def test_malformed_urls_are_refused_by_both_readers(url, reason):
    data = good()
    data["reports"][1]["url"] = url
    fast, careful = readings(json.dumps(data))
    assert fast == careful
    [issue] = fast
    assert issue.startswith("reports[1].url: must be an http:// or https:// address")
    assert reason in issue


@pytest.mark.parametrize(("published", "start", "end"), [
    ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59", "2017-01-01T00:00:00"),
    ("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.500000", "2016-12-31T23:59:59.500001"),
    ("2017-01-23T12:00:00.123456789+03:00", "2017-01-23T12:00:00.123456",
     "2017-01-23T12:00:00.123457"),
])
def test_a_leap_second_and_nine_fraction_digits_are_accepted(published, start, end):
    from datetime import datetime, timezone

    def local(seconds: float) -> str:
        return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None).isoformat()

    data = good()
    data["reports"][0]["published"] = published
    fast, careful = readings(json.dumps(data))
    assert fast == careful
    time = fast.reports[0].published
    assert time.text == published
    assert (local(time.local_start), local(time.local_end)) == (start, end)


@pytest.mark.parametrize(("published", "reason"), [
    ("2017-01-23 12:00", "a space between the date and the time: ISO 8601 joins them with T"),
    ("2017-01-23 12:00:00+03:00", "joins them with T (2017-01-23T12:00)"),
    ("2017-01-23T12:00:00.1234567890", "more than 9 digits of a second"),
    ("2017-01-23T12:00:61", "seconds run from 00 to 59, and 60 for a leap second"),
    ("2017-01-23T24:00", "not a real date or time"),
    ("2017-01-23T12:60", "not a real date or time"),
])
def test_odd_times_are_refused_by_both_readers_with_a_clear_message(published, reason):
    from provenance.model import PublicationTime

    data = good()
    data["reports"][0]["published"] = published
    fast, careful = readings(json.dumps(data))
    assert fast == careful
    [issue] = fast
    assert issue.startswith("reports[0].published: ") and reason in issue
    assert f'(the file has "{published}")' in issue
    with pytest.raises(ValueError, match=reason.split(":")[0].replace("(", "\\(")):
        PublicationTime.parse(published)


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


def test_saving_deeply_nested_unknown_keys_keeps_the_file_small():
    data = good()
    deep: object = ["leaf"] * 200
    for _ in range(400):
        deep = [deep, "x"]
    data["reports"][0]["x-deep"] = deep
    data["x-top"] = {"a": {"b": {"c": {"d": {"e": {"f": {"g": [1, 2]}}}}}}}
    text = json.dumps(data)
    story = provenance.loads(text)
    saved = provenance.dumps(story)
    # json.dumps(indent=2) wrote these 5 KB as 656 KB: indentation grew with the depth.
    assert len(saved) < 2 * len(text)
    assert max(len(line) - len(line.lstrip(" ")) for line in saved.splitlines()) <= 12
    assert json.loads(saved) == json.loads(provenance.dumps(provenance.loads(saved)))
    assert provenance.loads(saved) == story
    assert json.loads(saved)["reports"][0]["x-deep"] == deep


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_saved_files_keep_the_two_space_layout(path):
    from provenance.files.story import story_to_data

    story = provenance.load(path)
    expected = json.dumps(story_to_data(story), ensure_ascii=False, indent=2) + "\n"
    assert provenance.dumps(story) == expected


def test_an_error_about_a_lone_surrogate_key_can_be_printed():
    text = json.dumps(good()).replace('"title": "Test story"',
                                      '"title": "T", "x": {"\\udc00": {"a": NaN}}')
    with pytest.raises(StoryFormatError) as info:
        provenance.loads(text)
    assert sorted(map(str, info.value.issues)) == [
        "x.\\udc00.a: NaN is not a JSON number",
        "x: a key is not valid Unicode (a lone surrogate)",
    ]
    str(info.value).encode("utf-8")  # printing it never raises UnicodeEncodeError


# Where writes go (provenance.files.output): through links, into devices, never over them.


def _read_fifo_in_background(path):
    import threading

    got: list[bytes] = []

    def read():
        with open(path, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


def test_a_write_onto_a_fifo_goes_into_it(tmp_path):
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, got = _read_fifo_in_background(fifo)
    write_atomic(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_write_onto_a_character_device_goes_into_it(tmp_path):
    import stat

    null = tmp_path / "null"
    try:  # a /dev/null of our own: the real one is never touched
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    try:
        open(null, "wb").close()
    except OSError:
        pytest.skip("device nodes cannot be opened on this file system (nodev)")
    provenance.save(provenance.loads(json.dumps(good())), null)
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert os.lstat(null).st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc/self/fd here")
def test_a_write_to_dev_stdout_goes_into_the_redirected_file(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out.txt"
    # A /dev/stdout of our own (the same link): a regression must not replace the real one.
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    code = ("from provenance.files.story import write_atomic; "
            f"write_atomic({str(stdout)!r}, b'hello')")
    with open(out, "wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        done = subprocess.run([sys.executable, "-c", code], stdout=handle, stderr=subprocess.PIPE,
                              timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == b"hello"
    assert os.stat(out).st_ino == inode  # written into, not replaced


def test_a_write_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old", "utf-8")
    os.chmod(target, 0o640)
    (tmp_path / "sub").mkdir()
    alias = tmp_path / "sub" / "alias.json"
    alias.symlink_to(os.path.join("..", "real.json"))
    write_atomic(alias, b"new")
    assert alias.is_symlink() and os.readlink(alias) == os.path.join("..", "real.json")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["alias.json", "real.json", "sub"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    alias = tmp_path / "alias.json"
    alias.symlink_to("made.json")
    write_atomic(alias, b"x")
    assert alias.is_symlink() and (tmp_path / "made.json").read_bytes() == b"x"


def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("keep me", "utf-8")
    os.chmod(out, 0o444)
    with pytest.raises(ProvenanceError, match="read-only"):
        provenance.save(provenance.loads(json.dumps(good())), out)
    assert out.read_text("utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["story.json"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another owner needs root")
def test_the_old_files_owner_is_kept(tmp_path):
    out = tmp_path / "story.json"
    out.write_text("{}", "utf-8")
    os.chown(out, 4321, 4322)
    os.chmod(out, 0o664)
    provenance.save(provenance.loads(json.dumps(good())), out)
    st = os.stat(out)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (4321, 4322, 0o664)
    assert provenance.load(out).title == "Test story"


@pytest.mark.parametrize("name, reason", [("", "empty"), ("sub/", "folder"), ("sub", "folder"),
                                          ("missing/x.json", "no folder")])
def test_a_name_that_is_no_file_is_a_clear_error(tmp_path, monkeypatch, name, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with pytest.raises(ProvenanceError, match=reason):
        write_atomic(name, b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["sub"]
    assert list((tmp_path / "sub").iterdir()) == []


def test_the_input_file_is_refused_however_it_is_named(tmp_path, monkeypatch):
    from provenance.files.output import check_output, write_file

    story = tmp_path / "s.json"
    story.write_text("{}", "utf-8")
    (tmp_path / "link.json").symlink_to("s.json")
    os.link(story, tmp_path / "hard.json")
    monkeypatch.chdir(tmp_path)
    for name in ["s.json", "./s.json", str(story), "link.json", "hard.json",
                 f"../{tmp_path.name}/s.json"]:
        with pytest.raises(ProvenanceError, match="is the input file"):
            check_output(name, inputs=[str(story)])
        with pytest.raises(ProvenanceError, match="is the input file"):
            write_file(name, b"x", inputs=["link.json"])
    assert story.read_text("utf-8") == "{}"
    check_output("other.json", inputs=[str(story)])  # a new file is fine
