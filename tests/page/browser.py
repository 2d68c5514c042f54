"""Headless Chromium through Selenium for the page's tests, the benchmark and the
README's screenshots: one way to start it, and one reason when it cannot start."""

from __future__ import annotations

import shutil
from typing import Any

#: Where Debian's chromium and chromium-driver put their programs.
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVERS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def why_no_browser() -> str | None:
    """Why no headless Chromium can be driven here, or None when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e .[dev])"
    if not any(shutil.which(p) for p in CHROMIUM):
        return "no chromium (run tools/system-deps.sh as root: apt-get install chromium)"
    if not (shutil.which("chromedriver") or any(shutil.which(p) for p in DRIVERS)):
        return ("no chromedriver (run tools/system-deps.sh as root: apt-get install "
                "chromium-driver)")
    return None


def start(width: int = 1280, height: int = 800) -> Any:
    """A headless Chromium at this window size, logging the console and the network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    binary = next((p for p in CHROMIUM if shutil.which(p)), None)
    if binary is not None:
        options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--hide-scrollbars",
                "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver_path = shutil.which("chromedriver") or next(
        (p for p in DRIVERS if shutil.which(p)), None)
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_window_size(width, height)
    return driver


def screenshots(story_file: str, folder: str) -> list[str]:
    """The README's pictures of a story's page: desktop (1280x800, the point of
    distortion opened) and phone (360x740) width, as page-desktop.png, page-phone.png."""
    import tempfile
    from pathlib import Path

    import provenance
    from provenance.files.registry import export_to

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        story = provenance.load(story_file)
        export_to(story, "html", page)
        analysis = provenance.analyze(story)
        point = analysis.point_of_distortion
        for name, (width, height) in {"desktop": (1280, 800), "phone": (360, 740)}.items():
            driver = start(width, height)
            try:
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": height, "deviceScaleFactor": 1,
                    "mobile": width < 600})
                driver.get(page.as_uri())
                if name == "desktop" and point is not None:
                    driver.execute_script("provenancePage.open(arguments[0]);"
                                          "window.scrollTo(0, 0);", point.report)
                out = str(Path(folder) / f"page-{name}.png")
                driver.save_screenshot(out)
                written.append(out)
            finally:
                driver.quit()
    return written


if __name__ == "__main__":
    import sys

    # python -m tests.page.browser samples/syria-joint-strike.json docs/images
    print("\n".join(screenshots(sys.argv[1], sys.argv[2])))
