"""The careful reader: every problem of a file at once, each with its JSON path; and the
inputs that could hurt (lone surrogates, urls, times), judged alike by both readers."""

from __future__ import annotations

import io
import json

import pytest

import provenance
from provenance import StoryFormatError, UnsupportedVersionError

from .documents import good, issues_of, mutated, readings


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


def test_a_later_version_is_refused_naming_the_versions_it_reads():
    data = good()
    data["version"] = 3
    with pytest.raises(UnsupportedVersionError) as info:
        provenance.loads(json.dumps(data))
    assert "format version 3" in str(info.value)
    assert "reads versions 1 and 2 only" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps(good())[:-40], "not valid JSON"),
        ("", "not valid JSON"),
        ("[]", "must be a JSON object, not an array"),
        ('"story"', "must be a JSON object, not a string"),
        (mutated(lambda d: d.update(title=5)), "title: must be a string, not a number"),
        (mutated(lambda d: d.update(reports={})), "reports: must be an array, not an object"),
        (mutated(lambda d: d["reports"].append(3)), "reports[2]: must be an object, not a number"),
        (mutated(lambda d: d["reports"][1].update(id="r1")),
         'reports[1].id: repeats the id "r1" of reports[0]'),
        (mutated(lambda d: d["actors"][0].update(id="")), "actors[0].id: must not be empty"),
        (mutated(lambda d: d["links"][0].update(target="r1")),
         'links[0]: links the report "r1" to itself'),
        (mutated(lambda d: d["links"][0].update(source="zz")),
         'links[0].source: no report has the id "zz"'),
        (mutated(lambda d: d["reports"][0]["claims"][0].update(claim="zz")),
         'reports[0].claims[0].claim: no claim has the id "zz"'),
        (mutated(lambda d: d["reports"][0]["claims"][0].update(holder="zz")),
         'reports[0].claims[0].holder: no actor has the id "zz"'),
        (mutated(lambda d: d["reports"][0].update(firsthand="yes")),
         "reports[0].firsthand: must be true or false, not a string"),
        (mutated(lambda d: d["actors"][0].update(audience=-1)),
         "actors[0].audience: must be a non-negative number"),
        (mutated(lambda d: d["actors"][0].update(audience=10 ** 400)),
         "actors[0].audience: is too large to be a number of readers"),
        (mutated(lambda d: d["reports"][0].update(published="２０１７-01-23")),
         "reports[0].published: not an ISO 8601 date"),
        (mutated(lambda d: d.update(version=3.0)), "this file is format version 3.0"),
        (mutated(lambda d: d["reports"][0].update(url="javascript:alert(1)")),
         "reports[0].url: must be an http:// or https:// address"),
        (mutated(lambda d: d.update(format="other")), 'format: must be "provenance-story"'),
        (mutated(lambda d: d.update(version="1")), 'version: must be 1 or 2 ("1")'),
        (mutated(lambda d: d.update(version=True)), "version: must be 1 or 2 (true)"),
        (mutated(lambda d: d.update(version=1.5)), "version: must be 1 or 2 (1.5)"),
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


def test_deep_nesting_fails_cleanly():
    # How long it takes is measured by benchmarks/bad_input.py, not asserted here.
    [issue] = issues_of("[" * 200_000 + "]" * 200_000)
    assert "nested too deeply" in issue
    [issue] = issues_of('{"format": "provenance-story", "x": ' + "[" * 200_000)


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


# --------------------------------------------------------------------------- #
# Version 2: every new rule, with its JSON path, said alike by both readers.

def _v2(change=None) -> str:
    data = good()
    data["version"] = 2
    reports, links = data.pop("reports"), data.pop("links")
    data["accounts"] = [{"id": "tass", "name": "TASS's account", "by": "a"},
                        {"id": "beast", "name": "The Daily Beast's account"}]
    data |= {"reports": reports, "links": links}
    if change is not None:
        change(data)
    return json.dumps(data)


def _mention(data, **fields):
    data["reports"][0]["claims"][0].update(fields)


def _set_claims(data, *claims):
    data["claims"] = [{"id": "c", "text": "claim c"}, *claims]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["reports"][0].update(genre="parody"),
     "reports[0].genre: must be one of news, satire, not \"parody\""),
    (lambda d: _mention(d, part="lede"),
     'reports[0].claims[0].part: must be one of body, headline, not "lede"'),
    (lambda d: d["reports"][0].update(part="headline"),
     "reports[0].part: applies only to claim mentions"),
    (lambda d: d["links"][0].update(genre="satire"), "links[0].genre: applies only to reports"),
    (lambda d: d["actors"][0].update(accounts=["tass"]),
     "actors[0].accounts: applies only to the story, reports, links and claim mentions"),
    (lambda d: d["claims"][0].update(hedged=True),
     "claims[0].hedged: applies only to claim mentions"),
    (lambda d: d.update(qualifies="c"), "qualifies: applies only to claims"),
    (lambda d: _mention(d, stance="denies", holder="b", of="truth"),
     'reports[0].claims[0].of: must be "attribution", not "truth"'),
    (lambda d: _mention(d, holder="b", of="attribution"),
     'reports[0].claims[0].of: applies only to a denial (stance "denies"), not "asserts"'),
    (lambda d: _mention(d, stance="denies", of="attribution"),
     'reports[0].claims[0].holder: is required with "of": "attribution"'),
    (lambda d: _mention(d, hedged=True),
     'reports[0].claims[0].hedged: applies only to a denial (stance "denies"), not "asserts"'),
    (lambda d: _mention(d, stance="denies", hedged="probably"),
     "reports[0].claims[0].hedged: must be true or false, not a string"),
    (lambda d: _set_claims(d, {"id": "q", "text": "in mice", "qualifies": "ghost"}),
     'claims[1].qualifies: no claim has the id "ghost"'),
    (lambda d: _set_claims(d, {"id": "q", "text": "in mice", "qualifies": "q"}),
     "claims[1].qualifies: a claim cannot qualify itself"),
    (lambda d: (_set_claims(d, {"id": "q", "text": "in mice", "qualifies": "p"},
                            {"id": "p", "text": "in a pilot", "qualifies": "q"})),
     'claims[1].qualifies: claims qualify each other in a loop ("q" -> "p" -> "q")'),
    (lambda d: d["accounts"].append({"id": "tass", "name": "again"}),
     'accounts[2].id: repeats the id "tass" of accounts[0]'),
    (lambda d: d["accounts"].append({"id": "x"}), "accounts[2].name: is required"),
    (lambda d: d["accounts"][1].update(by="nobody"),
     'accounts[1].by: no actor has the id "nobody"'),
    (lambda d: d["accounts"][1].update(url="ftp://x"),
     "accounts[1].url: must be an http:// or https:// address"),
    (lambda d: d.update(accounts={}), "accounts: must be an array, not an object"),
    (lambda d: d["reports"][0].update(accounts=[]), "reports[0].accounts: must not be empty"),
    (lambda d: d["reports"][0].update(accounts="tass"),
     "reports[0].accounts: must be an array of account ids, not a string"),
    (lambda d: d["reports"][0].update(accounts=["tass", "ria"]),
     'reports[0].accounts[1]: no account has the id "ria"'),
    (lambda d: d["links"][0].update(accounts=["beast", "beast"]),
     'links[0].accounts[1]: repeats the account "beast" of links[0].accounts[0]'),
    (lambda d: _mention(d, accounts=[7]), "reports[0].claims[0].accounts[0]: must be a string"),
    (lambda d: (d.pop("accounts"), d["links"][0].update(accounts=["tass"])),
     'links[0].accounts[0]: no account has the id "tass" (the story has no accounts)'),
    # Each account is a whole story.
    (lambda d: (d["reports"][0].update(accounts=["beast"]), _mention(d, accounts=["tass"])),
     'reports[0].claims[0].accounts: names account "tass", but its report "r1" belongs only '
     'to account "beast"'),
    (lambda d: (d["reports"][1].update(accounts=["beast"]), d["links"][0].update(
        accounts=["tass"])),
     'links[0].accounts: names account "tass", but its target "r2" belongs only to account '
     '"beast"'),
    (lambda d: d["reports"][0].update(accounts=["tass"]),
     'links[0]: belongs to every account, but its source "r1" belongs only to account "tass"'),
])
def test_version_2_rules_are_checked_with_their_path(change, expected):
    text = _v2(change)
    fast, careful = readings(text)
    assert fast == careful
    assert any(issue.startswith(expected) for issue in fast), fast


def test_a_version_2_file_may_use_every_new_field():
    def change(d):
        _set_claims(d, {"id": "q", "text": "in mice", "qualifies": "c"},
                    {"id": "p", "text": "in a pilot study", "qualifies": "q"})
        d["reports"][0].update(genre="satire", accounts=["tass", "beast"])
        d["reports"][0]["claims"] = [
            {"claim": "c", "stance": "asserts", "part": "headline", "accounts": ["tass"]},
            {"claim": "c", "stance": "denies", "holder": "b", "of": "attribution",
             "hedged": True},
            {"claim": "q", "stance": "asserts", "part": "body"}]
        d["reports"][1]["accounts"] = ["beast"]
        d["links"][0]["accounts"] = ["beast"]

    fast, careful = readings(_v2(change))
    assert fast == careful
    [r1, r2] = fast.reports
    assert r1.genre.value == "satire" and r1.accounts == ("tass", "beast")
    assert [m.part.value for m in r1.claims] == ["headline", "body", "body"]
    assert r1.claims[1].disputes_attribution and r1.claims[1].hedged
    assert [c.qualifies for c in fast.claims] == [None, "c", "q"]
    assert fast.links[0].accounts == ("beast",) and fast.accounts[0].by == "a"
    assert fast.reports[0].extra == {}


def test_a_report_in_every_account_may_be_listed_with_all_of_them():
    def change(d):
        d["reports"][0]["accounts"] = ["tass", "beast"]  # the same as no accounts

    fast, careful = readings(_v2(change))
    assert fast == careful and fast.links[0].accounts == ()


def test_every_version_2_problem_is_reported_at_once():
    def change(d):
        d["reports"][0].update(genre="parody", accounts=["ghost"])
        _mention(d, stance="denies", of="attribution", part="x")

    found = issues_of(_v2(change))
    assert len(found) == 4, found
