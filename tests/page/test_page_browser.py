"""The page in a real browser: headless Chromium driven by Selenium, from a file:// URL.

Skips, saying why, where no browser can be driven (tools/system-deps.sh installs
Debian's chromium and chromium-driver; the dev extra installs selenium).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.drawing import style
from provenance.drawing.picture import claim_lens, describe
from provenance.errors import ExportWarning
from provenance.files.html import page_html
from provenance.files.registry import export_to
from provenance.graph import lineage
from provenance.model import Actor, Claim, ClaimMention, Report, Stance, Story
from tests.exports import hostile_story
from tests.page.browser import start, why_no_browser
from tests.page.test_page import SYRIA, nasty_story

pytestmark = pytest.mark.skipif(why_no_browser() is not None,
                                reason=f"no browser to drive: {why_no_browser()}")


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    try:
        browser = start(1280, 800)
    except Exception as err:  # noqa: BLE001 - any failure to start is a reason to skip
        pytest.skip(f"headless chromium does not start here: {err}")
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def syria_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "syria.html"
    export_to(provenance.load(SYRIA), "html", out)
    return out


def open_page(driver: Any, path: Path, width: int = 1280, height: int = 800) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get_log("browser")  # start each page with empty logs
    driver.get_log("performance")
    driver.get(path.as_uri())
    assert driver.execute_script("return document.documentElement.dataset.ready") == "true"


def card(driver: Any, rid: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'g.card[data-id="{rid}"]')


def test_the_page_loads_with_no_console_error_and_no_request(driver, syria_page):
    open_page(driver, syria_page)
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested and all(url == syria_page.as_uri() or url.startswith("data:")
                             for url in requested), requested
    assert syria_page.as_uri() in requested


def test_clicking_the_point_of_distortion_shows_its_text(driver, syria_page):
    open_page(driver, syria_page)
    story = provenance.load(SYRIA)
    card(driver, "ap-tweet").click()
    shown = driver.find_element("id", "details")
    assert shown.is_displayed()
    # The sample's point has no text of its own: its actor, its finding, what it changed.
    assert "Associated Press" in shown.text and "point of distortion" in shown.text
    assert "misattributed" in shown.text
    from selenium.webdriver.common.keys import Keys

    for report in story.reports:  # the reports with a text show it (opened by keyboard:
        if report.text:           # the focus brings a card into view)
            card(driver, report.id).send_keys(Keys.ENTER)
            assert report.text in shown.text


def test_a_link_shows_what_changed_along_it(driver, syria_page):
    open_page(driver, syria_page)
    changed = driver.execute_script(
        "var g = document.querySelector('g.link[data-to=\"ap-tweet\"]');"
        "g.dispatchEvent(new MouseEvent('click', {bubbles: true}));"
        "return document.getElementById('details').innerText;")
    assert "What changed" in changed and "misattributed" in changed


def test_the_claim_lens_greys_reports_not_carrying_the_claim(driver, syria_page):
    from selenium.webdriver.support.ui import Select

    story = provenance.load(SYRIA)
    claim = story.claims[0].id
    lens = claim_lens(story, provenance.analyze(story), claim)
    open_page(driver, syria_page)
    select = Select(driver.find_element("id", "lens"))
    select.select_by_index(1 + [c.id for c in story.claims].index(claim))
    greyed = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.card.greyed'))"
        ".map(function (g) { return [g.dataset.id, g.querySelector('rect')"
        ".getAttribute('fill')]; });")
    assert sorted(rid for rid, _ in greyed) == sorted(
        rid for rid, view in lens.items() if not view.carries)
    assert greyed and {fill for _, fill in greyed} == {style.GREYED_COLOR}
    assert driver.execute_script(
        "return document.querySelectorAll('g.card:not(.greyed)').length") == sum(
        view.carries for view in lens.values())


def test_the_keyboard_reaches_every_report_in_story_order(driver, syria_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    story = provenance.load(SYRIA)
    open_page(driver, syria_page)
    driver.execute_script("document.activeElement.blur(); document.body.focus();")
    reached = []
    for _ in range(len(story.reports) + 12):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        rid = driver.execute_script("return document.activeElement.dataset.id || null")
        if rid:
            reached.append(rid)
    assert reached == [r.id for r in story.reports]
    # Enter opens the focused report, Esc closes it and gives the focus back.
    card(driver, "ap-tweet").send_keys(Keys.ENTER)
    assert driver.find_element("id", "details").is_displayed()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element("id", "details").is_displayed()
    assert driver.execute_script("return document.activeElement.dataset.id") == "ap-tweet"


def test_the_keyboard_zooms_and_pans(driver, syria_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(driver, syria_page)
    before = driver.execute_script(
        "return document.getElementById('viewport').getAttribute('transform')")
    ActionChains(driver).send_keys("+").send_keys(Keys.ARROW_LEFT).perform()
    after = driver.execute_script(
        "return document.getElementById('viewport').getAttribute('transform')")
    assert after != before


def test_the_page_s_lineage_is_the_library_s(driver, syria_page):
    story = provenance.load(SYRIA)
    open_page(driver, syria_page)
    for report in story.reports:
        found = lineage(story, report.id)
        shown = driver.execute_script(f"return provenancePage.lineage({json.dumps(report.id)})")
        assert shown == {"upstream": sorted(found.ancestors),
                         "downstream": sorted(found.descendants)}
    driver.execute_script("provenancePage.open('ap-tweet');"
                          "document.getElementById('lineage').click();")
    faded = driver.execute_script("return Array.from(document.querySelectorAll("
                                  "'g.card.faded')).map(function (g) { return g.dataset.id; })")
    found = lineage(story, "ap-tweet")
    kept = found.ancestors | found.descendants | {"ap-tweet"}
    assert sorted(faded) == sorted(r.id for r in story.reports if r.id not in kept)


@pytest.mark.parametrize("which", ["hostile", "nasty"])
def test_a_hostile_story_runs_nothing(driver, tmp_path, which):
    from selenium.common.exceptions import NoAlertPresentException

    story = hostile_story() if which == "hostile" else nasty_story()
    out = tmp_path / "page.html"
    out.write_text(page_html(describe(story)), "utf-8")
    open_page(driver, out)
    # Open every report: its fields go into the page as text.
    driver.execute_script("document.querySelectorAll('g.card').forEach(function (g) {"
                          "g.dispatchEvent(new MouseEvent('click', {bubbles: true})); });")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - an open alert is the failure
    counts = driver.execute_script(
        "return [document.querySelectorAll('script').length,"
        " document.querySelectorAll('img:not(#timeline), iframe, object, embed,"
        " svg [onload]').length,"
        " document.querySelectorAll('a[href^=\"javascript\"]').length,"
        " Array.from(document.querySelectorAll('a')).filter(function (a) {"
        "   return a.rel !== 'noopener noreferrer' || a.target !== '_blank'; }).length,"
        " window.__pwned || null]")
    assert counts == [2, 0, 0, 0, None]
    if which == "nasty":
        assert driver.find_element("id", "title").text == story.title
        links = driver.execute_script(
            "return Array.from(document.querySelectorAll('#reports a'))"
            ".map(function (a) { return a.href; })")
        assert links == ["https://example.org/x?a=%3Cscript%3E"]


def test_a_phone_width_has_no_horizontal_scroll(driver, syria_page):
    open_page(driver, syria_page, 360, 740)
    width = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    scroll, client = driver.execute_script(width)
    assert client == 360 and scroll <= client
    card(driver, "ap-tweet").click()
    scroll, client = driver.execute_script(width)
    assert scroll <= client
    # The account is below the chart on a phone, beside it on a desktop.
    below = driver.execute_script(
        "return document.getElementById('account-area').getBoundingClientRect().top >="
        " document.getElementById('chart').getBoundingClientRect().bottom")
    assert below
    open_page(driver, syria_page)
    assert not driver.execute_script(
        "return document.getElementById('account-area').getBoundingClientRect().top >="
        " document.getElementById('chart').getBoundingClientRect().bottom")


def test_printed_the_page_gives_the_whole_chart_the_account_and_the_reports(driver,
                                                                             syria_page):
    open_page(driver, syria_page)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
        shown = driver.execute_script(
            "function seen(id) { var r = document.getElementById(id).getBoundingClientRect();"
            "  return r.width > 100 && r.height > 20; }"
            "return [seen('chart'), seen('account'), seen('reports'),"
            " getComputedStyle(document.getElementById('controls')).display,"
            " document.getElementById('picture').getAttribute('viewBox') !== null,"
            " document.querySelectorAll('#reports tbody tr').length]")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == [True, True, True, "none", True, len(provenance.load(SYRIA).reports)]


def test_a_skeleton_s_group_lists_its_repeats_on_click(driver, tmp_path, monkeypatch):
    from provenance.files import html as page
    from tests.conftest import link, make_story, mention, report

    reports = [report("a", "x", mention("c", "implies")),
               report("b", "y", mention("c", "asserts"))]
    reports += [report(f"r{i}", "x", mention("c", "asserts"), title=f"repeat {i}")
                for i in range(6)]
    story = make_story(reports, [link("a", "b")] + [link("b", f"r{i}") for i in range(6)],
                       claims=["c"])
    monkeypatch.setattr(page, "PAGE_MAX_REPORTS", 5)
    out = tmp_path / "skeleton.html"
    with pytest.warns(ExportWarning, match="distortion skeleton"):
        out.write_text(page.page_html(describe(story)), "utf-8")
    open_page(driver, out)
    assert driver.execute_script("return document.querySelectorAll('g.card').length") == 2
    driver.execute_script("document.querySelector('g.group').dispatchEvent("
                          "new MouseEvent('click', {bubbles: true}))")
    listed = driver.find_element("id", "details").text
    assert "6 faithful repeats" in listed
    assert all(f"repeat {i}" in listed for i in range(6))
    assert "Distortion skeleton: 2 of 8 reports" in driver.find_element("id", "caption").text


def test_the_mouse_pans_zooms_and_hovering_a_report_reads_it(driver, syria_page):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(driver, syria_page)
    chart = driver.find_element("id", "chart")

    def transform() -> str:
        return str(driver.execute_script(
            "return document.getElementById('viewport').getAttribute('transform')"))

    start_at = transform()
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin

    ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(chart), 0, -300).perform()
    zoomed = transform()
    assert zoomed != start_at
    ActionChains(driver).move_to_element_with_offset(chart, 0, 150).click_and_hold() \
        .move_by_offset(-80, -20).release().perform()
    assert transform() != zoomed
    open_page(driver, syria_page)
    ActionChains(driver).move_to_element(card(driver, "ap-tweet")).perform()
    shown = driver.find_element("id", "details")
    assert shown.is_displayed() and "Associated Press" in shown.text


def test_screen_readers_get_a_label_for_the_chart_and_each_report(driver, syria_page):
    story = provenance.load(SYRIA)
    open_page(driver, syria_page)
    labels = driver.execute_script(
        "return [document.getElementById('picture').getAttribute('aria-label'),"
        " Array.from(document.querySelectorAll('g.card')).map(function (g) {"
        "   return [g.getAttribute('role'), g.getAttribute('aria-label')]; }),"
        " Array.from(document.querySelectorAll('#reports tbody tr td:first-child'))"
        "   .map(function (td) { return td.textContent; })]")
    chart, cards, rows = labels
    assert f"{len(story.reports)} reports" in chart
    names = [provenance.wording.actor_name(story, r.actor) for r in story.reports]
    assert [role for role, _ in cards] == ["button"] * len(story.reports)
    assert all(label.startswith(name) for (_, label), name in zip(cards, names, strict=True))
    by_id = dict(zip([r.id for r in story.reports], [label for _, label in cards],
                     strict=True))
    assert "point of distortion" in by_id["ap-tweet"]
    assert rows == names


def test_the_page_works_inside_an_iframe(driver, syria_page):
    article = syria_page.parent / "article.html"
    article.write_text('<!DOCTYPE html><html><body><h1>An article</h1>'
                       f'<iframe id="chart" src="{syria_page.name}" width="600" height="700">'
                       '</iframe></body></html>', "utf-8")
    driver.get(article.as_uri())
    driver.switch_to.frame(driver.find_element("id", "chart"))
    try:
        assert driver.execute_script("return document.documentElement.dataset.ready") == "true"
        card(driver, "ap-tweet").click()
        assert "Associated Press" in driver.find_element("id", "details").text
        scroll, client = driver.execute_script(
            "return [document.documentElement.scrollWidth, "
            "document.documentElement.clientWidth]")
        assert scroll <= client
    finally:
        driver.switch_to.default_content()
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_a_word_of_a_million_characters_opens_whole_with_places_to_break(driver, tmp_path):
    # Wrapping one unbroken word of a million characters takes a browser minutes: the
    # page gives it a <wbr> every 60 characters, and its text stays the text.
    long = "x" * 1_000_000
    story = Story("t", actors=[Actor("a", "A")], claims=[Claim("c", "C")],
                  reports=[Report("r1", "a", title=long + " 👩‍🔬" * 40, text="a " + long,
                                  claims=[ClaimMention("c", Stance.ASSERTS)])])
    out = tmp_path / "page.html"
    out.write_text(page_html(describe(story)), "utf-8")
    open_page(driver, out)
    driver.execute_script("provenancePage.open('r1')")
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('#details-body dd')).map("
        "function (dd) { return [dd.textContent, dd.querySelectorAll('wbr').length]; })")
    assert [long + " 👩‍🔬" * 40, 1_000_000 // 60] in rows
    assert ["a " + long, 1_000_000 // 60] in rows
    assert driver.execute_script("return document.querySelectorAll('#details-body dd')[0]"
                                 ".querySelectorAll('wbr').length") == 0  # short: as is
    assert driver.get_log("browser") == []
