"""How soon the page for readers is interactive in headless Chromium.

For synthetic cascades (``benchmarks/cascade.py``) of 100 and 1,000 reports, and one
past :data:`provenance.files.html.PAGE_MAX_REPORTS` (the distortion skeleton), writes
the page (``page_html``) and opens it from a file:// URL in headless Chromium
(tests/page/browser.py), taking the best of a few loads of:

* page: from navigation start until the page's script has painted every card and
  wired every handler (``provenancePage.readyAt``), then one click on a card answered;
* baseline: the same picture as a static SVG (``provenance draw``'s
  :func:`~provenance.drawing.mpl.save_picture`), opened in the same browser in the same
  run, until its load event: what showing the picture at all costs.

Prints a markdown table with both times, their ratio (page / baseline), and the page's
size. The goal: at 1,000 reports the page is interactive within 2 s.

Usage::

    python benchmarks/page.py [--sizes 100 1000 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

from benchmarks.cascade import cascade  # noqa: E402
from provenance.drawing.mpl import save_picture  # noqa: E402
from provenance.drawing.picture import describe, prepare  # noqa: E402
from provenance.files.html import PAGE_MAX_REPORTS, page_html  # noqa: E402
from provenance.files.story import story_from_data  # noqa: E402
from tests.page.browser import start, why_no_browser  # noqa: E402

_CLICKED = """
var t = performance.now();
var card = document.querySelector('g.card');
card.dispatchEvent(new MouseEvent('click', {bubbles: true}));
return [provenancePage.readyAt, performance.now() - t,
        document.getElementById('details').hidden];
"""
_LOADED = "return performance.getEntriesByType('navigation')[0].loadEventEnd;"


def measure(n: int, repeat: int, workdir: Path, driver: object) -> dict[str, float]:
    story = story_from_data(cascade(n, distortion_rate=max(0.002, 4 / n)))
    page = workdir / f"page-{n}.html"
    page.write_text(page_html(describe(story)), "utf-8")
    static = workdir / f"picture-{n}.svg"
    # Past the page's limit the baseline is still the whole picture, as `draw` makes it.
    ready = prepare(story)
    save_picture(describe(story, ready.analysis, layout=ready.layout,
                          estimate=ready.estimate), static)
    best_page = best_click = best_static = float("inf")
    for _ in range(repeat):
        driver.get(page.as_uri())  # type: ignore[attr-defined]
        ready_at, click, hidden = driver.execute_script(_CLICKED)  # type: ignore[attr-defined]
        if hidden:
            raise SystemExit(f"{n} reports: a click on a card opened nothing")
        best_page, best_click = min(best_page, ready_at), min(best_click, click)
        driver.get(static.as_uri())  # type: ignore[attr-defined]
        best_static = min(best_static, driver.execute_script(_LOADED))  # type: ignore[attr-defined]
    return {"page": best_page, "click": best_click, "static": best_static,
            "kb": page.stat().st_size / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    reason = why_no_browser()
    if reason is not None:
        print(f"no browser: {reason}", file=sys.stderr)
        return 1
    driver = start(1280, 800)
    try:
        print("| reports | page interactive (ms) | click answered (ms) | static SVG loaded (ms)"
              " | page / SVG | page size (KB) |")
        print("|---:|---:|---:|---:|---:|---:|")
        with tempfile.TemporaryDirectory() as tmp:
            for n in args.sizes:
                got = measure(n, args.repeat, Path(tmp), driver)
                shown = f"{n:,}" + (" (skeleton)" if n > PAGE_MAX_REPORTS else "")
                print(f"| {shown} | {got['page']:.0f} | {got['click']:.1f} | "
                      f"{got['static']:.0f} | {got['page'] / got['static']:.2f} | "
                      f"{got['kb']:.0f} |", flush=True)
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
