"""Take the screenshots in this folder from a running demo archive: python take.py SITE FOLDER (see bin/screenshots).

Each page is taken in English and in Persian, 1100 pixels wide, down to 1800 pixels of its length.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PAGES = {
    "home": "/",
    "victim": None,  # the first victim on the English list, in both languages
    "perpetrator-timeline": "/perpetrators/ebrahim-raisi/#positions-heading",
    "event": "/events/1988-massacre/",
    "names": "/names/",
    "statistics": "/statistics/",
    "map": "/map/",
}


def main(site: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1800}, java_script_enabled=False)
        for language in ("en", "fa"):
            prefix = "" if language == "en" else "/fa"
            for name, path in PAGES.items():
                if path is None:
                    page.goto(f"{site}/victims/")
                    path = PAGES[name] = page.locator("main .records a").first.get_attribute("href")
                page.goto(f"{site}{prefix}{path}")
                if "#" in path:
                    page.locator(f"#{path.split('#')[1]}").scroll_into_view_if_needed()
                    page.screenshot(path=folder / f"{name}-{language}.png")
                else:
                    page.screenshot(path=folder / f"{name}-{language}.png", clip=_clip(page))
                print(f"{name}-{language}.png  {site}{prefix}{path}")
        browser.close()


def _clip(page) -> dict:
    height = page.evaluate("document.documentElement.scrollHeight")
    return {"x": 0, "y": 0, "width": 1100, "height": min(height, 1800)}


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
