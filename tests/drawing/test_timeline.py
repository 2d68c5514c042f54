"""The timeline: what is counted when, the markers, the caption share, dates as the format
has them (spans, offsets, none), audiences, binning; and the chart drawn from it."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from matplotlib.colors import to_rgba

import provenance
from benchmarks.cascade import cascade
from provenance import ProvenanceError
from provenance.drawing import style
from provenance.drawing.timeline import MAX_STEPS, describe_timeline, placed
from provenance.drawing.timeline_mpl import draw_timeline, save_timeline
from provenance.model import PublicationTime

from ..conftest import SAMPLES, link, make_story, mention, report
from .test_layout import stories


def utc(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()


def spread(**dates: str | None):
    """r1 implies c (firsthand); r2 states it, inflated (the point); r3, r4, r6, r7 repeat
    r2; r5 denies it, rebutting r2. ``dates`` overrides a report's date (None: undated)."""
    when = {"r1": "2020-01-01T00:00:00Z", "r2": "2020-01-01T06:00:00+03:00",
            "r3": "2020-01-02T12:00:00Z", "r4": "2020-01-01T05:00:00Z",
            "r5": "2020-01-02T00:00:00Z", "r6": "2020-01-03", "r7": None}
    when.update(dates)
    stances = {"r1": "implies", "r2": "asserts", "r3": "asserts", "r4": "asserts",
               "r5": "denies", "r6": "asserts", "r7": "asserts"}
    reports = []
    for rid, stance in stances.items():
        more = {"published": when[rid]} if when[rid] is not None else {}
        reports.append(report(rid, f"a{rid[1]}", mention("c", stance), kind="article", **more))
    links = [link("r1", "r2", "paraphrases"), link("r2", "r5", "rebuts")]
    links += [link("r2", target, "quotes") for target in ("r3", "r4", "r6", "r7")]
    return make_story(reports, links)


def test_series_count_each_report_once_in_its_kind():
    timeline = describe_timeline(spread())
    claim = timeline.claim("c")
    totals = {s.name: s.total for s in claim.series}
    # r2 is the inflation, r3 r4 r6 r7 its reach (r7 undated: not on the axis).
    assert totals == {"states": 0, "hints": 1, "distorted": 4, "rebuts": 1}
    distorted = claim.series_named("distorted")
    assert distorted.steps[0] == (utc("2020-01-01T03:00:00"), 1.0)  # r2 in UTC
    assert distorted.value_at(utc("2020-01-01T05:30:00")) == 2.0  # r2 and r4 by then
    assert distorted.value_at(utc("2020-01-01T02:59:59")) == 0.0
    assert {p.report for p in claim.points} == {"r1", "r2", "r3", "r4", "r5", "r6"}


def test_markers_name_the_point_and_the_first_rebuttal_with_their_times():
    claim = describe_timeline(spread()).claim("c")
    point = claim.marker("point")
    assert point is not None and point.report == "r2"
    assert point.label == "Point of distortion: A2 (article)"
    assert point.start == utc("2020-01-01T03:00:00")  # the offset respected
    first = claim.marker("first_rebuttal")
    assert first is not None and first.report == "r5"
    assert first.start == utc("2020-01-02T00:00:00")
    assert first.label.startswith("First rebuttal: A5")


def test_planted_report_is_marked():
    story = make_story(
        [report("src", "m", kind="statement", published="2020-01-01T00:00:00Z"),
         report("ria", "ria", mention("c", "implies"), published="2020-01-02T00:00:00Z"),
         report("ap", "ap", mention("c", "asserts"), published="2020-01-02T06:00:00Z")],
        [link("src", "ria"), link("ria", "ap", "paraphrases")])
    claim = describe_timeline(story).claim("c")
    planted = claim.marker("planted")
    assert planted is not None and planted.report == "ria"
    assert planted.start == utc("2020-01-02T00:00:00")
    assert claim.marker("point").report == "ap"  # type: ignore[union-attr]


def test_caption_share_counts_reports_carrying_it_after_the_first_denial():
    claim = describe_timeline(spread()).claim("c")
    # Carrying it, dated: r2, r4 (before the denial), r3 (after), r6 (the 3rd: after).
    assert (claim.carried_after_rebuttal, claim.carrying, claim.carrying_undated) == (2, 4, 1)
    assert claim.caption.startswith("2 of 4 reports carrying it came after the first denial")
    assert claim.caption.endswith("1 more carrying it has no date")


def test_a_day_is_a_span_counted_from_its_start_never_a_made_up_time():
    claim = describe_timeline(spread()).claim("c")
    day = next(p for p in claim.points if p.report == "r6")
    assert day.is_span
    assert (day.start, day.end) == (utc("2020-01-03T00:00:00"), utc("2020-01-04T00:00:00"))
    exact = next(p for p in claim.points if p.report == "r3")
    assert not exact.is_span
    # A denial on the same day is not "before" a report dated only by that day.
    same_day = describe_timeline(spread(r5="2020-01-03T10:00:00Z")).claim("c")
    assert same_day.carried_after_rebuttal == 0


def test_a_month_and_a_year_are_spans_too():
    month = placed(PublicationTime.parse("2020-02"))
    year = placed(PublicationTime.parse("2020"))
    assert month == (utc("2020-02-01T00:00:00"), utc("2020-03-01T00:00:00"))
    assert year == (utc("2020-01-01T00:00:00"), utc("2021-01-01T00:00:00"))


def test_a_time_without_offset_is_read_as_utc_and_noted():
    timeline = describe_timeline(spread(r3="2020-01-02T12:00:00"))
    r3 = next(p for p in timeline.claim("c").points if p.report == "r3")
    assert r3.start == utc("2020-01-02T12:00:00")
    assert timeline.without_offset == 1
    assert any("1 time gives no UTC offset" in note for note in timeline.notes)


def test_undated_reports_are_counted_in_a_note():
    timeline = describe_timeline(spread(r4=None))
    assert (timeline.reports, timeline.dated) == (7, 5)
    assert "2 of 7 reports have no date and are not on the time axis." in timeline.notes
    assert any("1 report is dated only to a day" in note for note in timeline.notes)


def test_a_story_with_no_dates_says_so():
    import attrs

    dated = provenance.load(SAMPLES / "syria-joint-strike.json")
    story = attrs.evolve(dated, reports=[attrs.evolve(r, published=None) for r in dated.reports])
    timeline = describe_timeline(story)
    assert not timeline.has_dates and not timeline.drawable
    assert timeline.empty_message == "No report in this story has a date"
    drawing = draw_timeline(story)
    assert drawing.labels["empty"].get_text() == "No report in this story has a date"
    assert drawing.axes == {}


def test_audience_weighting_adds_audiences_and_counts_the_unknown():
    doc = json.loads(provenance.dumps(spread()))
    for actor in doc["actors"]:
        actor["audience"] = {"A2": 1000, "A3": 500, "A5": 70}.get(actor["name"])
    story = provenance.loads(json.dumps(doc))
    timeline = describe_timeline(story, weight="audience")
    claim = timeline.claim("c")
    assert claim.series_named("distorted").total == 1500.0  # r4 and r6 unknown: 0
    assert claim.series_named("rebuts").total == 70.0
    # Unknown: r1, r4, r6, r7 (undated, but carrying it).
    assert timeline.unknown_audience == 4
    assert ("Weighted by audience: 4 of 7 reports' actors have no known audience and "
            "count 0.") in timeline.notes
    assert describe_timeline(story).unknown_audience == 0  # counting reports: not asked


def test_a_large_story_is_binned_and_keeps_its_totals():
    story = provenance.loads(json.dumps(cascade(3000, seed=2)))
    timeline = describe_timeline(story)
    assert timeline.bin_seconds is not None
    assert any(note.startswith("Counts binned by") for note in timeline.notes)
    for claim in timeline.claims:
        for series in claim.series:
            assert len(series.steps) <= MAX_STEPS + 1
            assert series.total == series.reports  # binning loses no report
            assert all(t % timeline.bin_seconds == 0 for t, _ in series.steps)
    small = describe_timeline(spread())
    assert small.bin_seconds is None


def test_axis_is_in_hours_for_a_short_story_and_days_for_a_long_one():
    short = describe_timeline(spread(r6="2020-01-02T23:00:00Z"))
    assert short.unit == "hours"
    assert short.axis_label == "Hours since 2020-01-01 00:00 UTC"
    assert short.axis_value(utc("2020-01-01T06:00:00")) == 6.0
    long = describe_timeline(spread(r6="2020-03-01"))
    assert long.unit == "days"
    assert long.axis_label == "Days since 2020-01-01 (UTC)"
    assert long.seconds_at(long.axis_value(123456789.0)) == pytest.approx(123456789.0)


def test_claims_are_listed_the_point_first_or_the_one_asked_for():
    story = provenance.load(SAMPLES / "science-press-release.json")
    assert [c.claim for c in describe_timeline(story).claims] == ["coffee-protects",
                                                                   "three-cups"]
    assert [c.claim for c in describe_timeline(story, claim="three-cups").claims] == [
        "three-cups"]
    with pytest.raises(ProvenanceError, match='unknown claim "nope".*"coffee-protects"'):
        describe_timeline(story, claim="nope")
    with pytest.raises(ProvenanceError, match="unknown weight"):
        describe_timeline(story, weight="views")


def test_replay_moment_and_nearest_point_for_the_viewer():
    story = spread()
    timeline = describe_timeline(story)
    times = provenance.view.timeline(story)
    at = timeline.replay_index(times, utc("2020-01-01T05:30:00"))
    assert times[at].text == "2020-01-01T05:00:00Z"
    assert timeline.replay_index(times, 0.0) == 0
    # A day is among the times of that day (by its middle), not at its midnight.
    day = [t.text for t in times].index("2020-01-03")
    assert timeline.replay_index(times, utc("2020-01-03T01:00:00")) == day - 1
    assert timeline.replay_index(times, utc("2020-01-03T13:00:00")) == day
    claim = timeline.claim("c")
    found = claim.nearest_point(utc("2020-01-02T12:00:10"), within=60)
    assert found is not None and found.report == "r3"
    assert claim.nearest_point(utc("2020-06-01T00:00:00"), within=60) is None
    inside = claim.nearest_point(utc("2020-01-03T15:00:00"), within=60)
    assert inside is not None and inside.report == "r6"  # inside its day


# --------------------------------------------------------------------------- #
# The chart.

def test_the_chart_draws_each_series_in_the_diagrams_colours():
    drawing = draw_timeline(spread())
    line = drawing.lines[("c", "distorted")]
    assert to_rgba(line.get_color()) == to_rgba(style.DISTORTION_COLOR)  # type: ignore[attr-defined]
    assert to_rgba(drawing.lines[("c", "rebuts")].get_color()) == to_rgba(  # type: ignore[attr-defined]
        style.REBUTTAL_COLOR)
    assert ("c", "states") not in drawing.lines  # nothing to draw: no empty curve
    assert set(drawing.markers) == {("c", "point", "r2"), ("c", "first_rebuttal", "r5")}
    assert drawing.labels["caption:c"].get_text().startswith("2 of 4 reports")
    assert "1 of 7 reports have no date and are not on the time axis." in drawing.notes
    assert "\n" not in repr(drawing) and repr(drawing).startswith("<TimelineDrawing: 1 claim")


def test_story_text_is_drawn_as_written():
    doc = json.loads(provenance.dumps(spread()))
    doc["title"] = "$\\alpha$ story"
    doc["claims"][0]["text"] = "costs $5 and $6"
    drawing = draw_timeline(provenance.loads(json.dumps(doc)))
    assert drawing.labels["title"].get_text() == "$\\alpha$ story"
    assert drawing.labels["claim:c"].get_text() == "costs $5 and $6"
    drawing.figure.savefig(io.BytesIO(), format="png")  # drawn raw: no mathtext error


@pytest.mark.parametrize("suffix,head", [("png", b"\x89PNG"), ("svg", b"<?xml"),
                                         ("pdf", b"%PDF")])
def test_save_writes_each_format(tmp_path: Path, suffix: str, head: bytes):
    out = save_timeline(spread(), tmp_path / f"t.{suffix}")
    assert out.read_bytes().startswith(head)
    assert [p.name for p in tmp_path.iterdir()] == [f"t.{suffix}"]  # no temporary left


def test_save_refuses_other_suffixes_and_leaves_nothing(tmp_path: Path):
    with pytest.raises(ProvenanceError, match=r"\.png"):
        save_timeline(spread(), tmp_path / "t.gif")
    assert list(tmp_path.iterdir()) == []


def test_every_sample_draws(sample, tmp_path: Path):
    out = save_timeline(sample, tmp_path / "t.png", dpi=40)
    assert out.stat().st_size > 1000


def test_an_undated_marker_is_named_in_the_notes():
    timeline = describe_timeline(spread(r5=None))
    assert timeline.claim("c").marker("first_rebuttal") is None  # no dated rebuttal
    drawing = draw_timeline(spread(r2=None))
    assert drawing.timeline.claim("c").marker("point").start is None  # type: ignore[union-attr]
    assert "Point of distortion: A2 (article): no date, so not marked on the axis." in (
        drawing.notes)
    assert ("c", "point", "r2") not in drawing.markers


def test_caption_says_why_there_is_no_share():
    nothing = describe_timeline(spread(r5=None)).claim("c")
    assert nothing.caption == ("4 reports carrying a distorted version; no rebuttal has a date"
                               "; 1 more carrying it has no date")
    undated = describe_timeline(spread(r2=None, r3=None, r4=None, r6=None)).claim("c")
    assert undated.caption == "5 reports carrying a distorted version, none dated"


def test_the_description_as_data_for_a_page():
    from provenance.drawing import timeline_data, timeline_svg

    timeline = describe_timeline(spread())
    data = json.loads(json.dumps(timeline_data(timeline), allow_nan=False))
    claim = data["claims"][0]
    assert claim["caption"] == timeline.claim("c").caption
    assert claim["points"]["reports"] == list(timeline.claim("c").points.reports)
    assert [m["kind"] for m in claim["markers"]] == ["point", "first_rebuttal"]
    assert data["notes"] == list(timeline.notes)
    svg = timeline_svg(timeline)
    assert svg.lstrip().startswith("<?xml") and "<image" not in svg


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_random_stories_give_a_consistent_timeline(case) -> None:
    story, _ = case
    analysis = provenance.analyze(story)
    timeline = describe_timeline(story, analysis)
    dated = {r.id for r in story.reports if r.published is not None}
    assert timeline.dated == len(dated) and timeline.has_dates == bool(dated)
    for claim in timeline.claims:
        carrying: set[str] = set()
        for series in claim.series:
            values = [v for _, v in series.steps]
            times = [t for t, _ in series.steps]
            assert values == sorted(values) and times == sorted(set(times))  # cumulative
            assert series.total == series.reports
            members = {p.report for p in claim.points if p.series == series.name}
            assert len(members) == series.reports and members <= dated
            if series.name != "rebuts":
                assert not members & carrying  # a report is counted in one kind
                carrying |= members
        assert set(p.report for p in claim.points if p.series == "rebuts") == (
            set(analysis.claims[claim.claim].rebuttals) & dated)
        assert claim.carried_after_rebuttal <= claim.carrying
        starts = list(claim.points.starts)
        assert starts == sorted(starts)
        for point in claim.points:
            assert (point.start, point.end) == placed(story.report(point.report).published)


def test_the_first_and_last_days_of_the_calendar_draw(tmp_path: Path):
    # Midnight of 0001-01-01 at +14:00 is in year 0 in UTC, which Python has not; and
    # 9999-12-31 at -12:00 ends in year 10000.
    story = spread(r1="0001-01-01T00:00:00+14:00", r2="0001-01-01", r3="9999-12-31",
                   r4="9999-12-31T23:59:59-12:00", r5="0001-01-02", r6="9999")
    timeline = describe_timeline(story)
    assert timeline.axis_label == "Days since 0001-01-01 (UTC)"
    assert timeline.axis_value(timeline.start) < 0  # placed, before the axis's origin
    save_timeline(story, tmp_path / "t.png")
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")


def test_audiences_too_large_to_add_up_are_capped_and_noted(tmp_path: Path):
    from provenance.drawing.timeline import AUDIENCE_CAP

    doc = json.loads(provenance.dumps(spread()))
    for actor in doc["actors"]:
        actor["audience"] = 0 if actor["name"] == "A1" else 1e308
    story = provenance.loads(json.dumps(doc))
    timeline = describe_timeline(story, weight="audience")
    assert timeline.claim("c").series_named("distorted").total == 4 * AUDIENCE_CAP
    assert timeline.notes[-1].endswith(
        "6 actors have an audience past 10,000,000,000,000, counted as 10,000,000,000,000.")
    save_timeline(story, tmp_path / "t.svg", weight="audience")
    assert b"<svg" in (tmp_path / "t.svg").read_bytes()


def test_reports_all_at_one_instant_get_an_hour_either_side():
    at = "2020-01-01T00:00:00Z"
    story = spread(r1=at, r2=at, r3=at, r4=at, r5=at, r6=at, r7=at)
    drawing = draw_timeline(story)
    assert drawing.timeline.axis_label == "Hours since 2020-01-01 00:00 UTC"
    low, high = drawing.axes["c"].get_xlim()
    assert low == -1.0 and round(high, 3) == 1.0  # (the instant is a second long)
