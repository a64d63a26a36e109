"""Every page type, in English and Persian, in a real browser: axe-core finds no WCAG 2.2 AA violation, the
pages fit a 360 px phone and 200% zoom, the keyboard reaches search and the submission form, focus shows.

axe-core comes with axe-playwright-python (requirements-dev.txt), which bundles it; Chromium is Debian's
(tests/browser/support.py). PAGES below is the one list of page types: add new pages there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.browser.support import BrowserTestCase, build_archive, needs_a_browser

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - the test says why it skips
    Axe = None


@dataclass(frozen=True)
class PageType:
    label: str
    url_name: str
    args: tuple = ()
    query: str = ""
    status: int = 200


# Every kind of public page, with a record of the archive that build_archive() makes.
PAGES = [
    PageType("home", "home"),
    PageType("victim list", "victim_list"),
    PageType("victim list, filtered", "victim_list", query="?event=1988-prison-massacre&gender=female"),
    PageType("victim profile", "victim_detail", ("ali-rezaei",)),
    PageType("victim profile, Latin name only", "victim_detail", ("john-smith",)),
    PageType("perpetrator list", "perpetrator_list"),
    PageType("perpetrator profile", "perpetrator_detail", ("mostafa-pourmohammadi",)),
    PageType("source list", "source_list"),
    PageType("source page", "source_detail", ("report-on-the-1988-massacre",)),
    PageType("event list", "event_list"),
    PageType("event page", "event_detail", ("1988-prison-massacre",)),
    PageType("place list", "place_list"),
    PageType("place page", "place_detail", ("evin-prison",)),
    PageType("search with results", "search", query="?q=rezaei"),
    PageType("search with no results", "search", query="?q=nobody+by+this+name"),
    PageType("submission form", "submit"),
    PageType("submission status", "submission_status"),
    PageType("not found", "victim_detail", ("no-such-person",), status=404),
    PageType("wall of names", "wall_of_names"),
    PageType("wall of names, by place", "wall_of_names", query="?by=place"),
    PageType("wall of names, one group", "wall_group", ("event", "1988-prison-massacre")),
    PageType("on this day", "on_this_day"),
    PageType("statistics", "statistics"),
    PageType("map of places", "place_map"),
]
LANGUAGES = ["en", "fa"]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and the best-practice rules about landmarks and headings.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {
        rule: {"enabled": True}
        for rule in (
            "region",
            "landmark-one-main",
            "landmark-unique",
            "landmark-no-duplicate-banner",
            "landmark-no-duplicate-contentinfo",
            "landmark-banner-is-top-level",
            "landmark-contentinfo-is-top-level",
            "landmark-main-is-top-level",
            "landmark-complementary-is-top-level",
            "page-has-heading-one",
            "heading-order",
            "skip-link",
        )
    },
    "resultTypes": ["violations"],
}


def page_path(page: PageType, language: str) -> str:
    """The page's path in the language."""
    with translation.override(language):
        return reverse(page.url_name, args=page.args) + page.query


def readable(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"       {node.get('failureSummary', '').strip().replace(chr(10), ' ')[:300]}")
    return "\n".join(lines)


@needs_a_browser
@override_settings(SUBMISSION_MIN_SECONDS=0)
class AccessibilityTest(BrowserTestCase):
    def setUp(self):
        build_archive()

    def each_page(self):
        """(page type, language) for every page type in both languages."""
        return [(page, language) for page in PAGES for language in LANGUAGES]

    def visit(self, browser_page, page: PageType, path: str):
        response = browser_page.goto(self.live_server_url + path)
        self.assertEqual(response.status, page.status, path)
        return response

    def test_axe_finds_no_violation_on_any_page_in_either_language(self):
        if Axe is None:
            self.skipTest("axe-playwright-python is not installed (requirements-dev.txt)")
        axe = Axe()
        browser_page = self.new_page()
        for page, language in self.each_page():
            with self.subTest(page=page.label, language=language):
                path = page_path(page, language)
                self.visit(browser_page, page, path)
                self.assertEqual(browser_page.locator("html").get_attribute("lang"), language)
                violations = axe.run(browser_page, options=AXE_OPTIONS).response["violations"]
                self.assertEqual(violations, [], f"axe on {path}:\n{readable(violations)}")

    def test_no_page_scrolls_sideways_on_a_360_px_phone_or_at_200_percent_zoom(self):
        # A 1280 px window zoomed to 200% lays the page out in 640 CSS pixels, each drawn with 2 device pixels.
        screens = [(360, "on a 360 px phone"), (640, "at 200% zoom")]
        browser_page = self.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
        for page, language in self.each_page():
            with self.subTest(page=page.label, language=language):
                path = page_path(page, language)
                browser_page.set_viewport_size({"width": 360, "height": 740})
                self.visit(browser_page, page, path)
                for screen_width, screen in screens:
                    browser_page.set_viewport_size({"width": screen_width, "height": 740})
                    width = browser_page.evaluate("document.scrollingElement.scrollWidth")
                    self.assertLessEqual(width, screen_width, f"{path} is {width} px wide {screen}")

    def test_no_page_has_a_render_blocking_script(self):
        # A script in <head> holds the first paint unless it is a module or an external file loaded with
        # defer or async; data blocks (JSON-LD) are not run and block nothing.
        blocking = """() => Array.from(document.head.querySelectorAll("script")).filter(script => {
          const type = script.type.trim().toLowerCase();
          const runs = type === "" || type === "module" || /^(text|application)\\/(x-)?(java|ecma)script$/.test(type);
          const waits = type === "module" || (script.src && (script.defer || script.async));
          return runs && !waits;
        }).map(script => script.outerHTML.slice(0, 120))"""
        browser_page = self.new_page()
        for page, language in self.each_page():
            with self.subTest(page=page.label, language=language):
                path = page_path(page, language)
                self.visit(browser_page, page, path)
                self.assertEqual(browser_page.evaluate(blocking), [], path)

    def test_a_photo_loads_lazily_with_its_size_and_the_persons_name(self):
        for language, name in [("en", "Ali Rezaei"), ("fa", "علی رضایی")]:
            with self.subTest(language=language):
                browser_page = self.new_page()
                prefix = "/fa" if language == "fa" else ""
                browser_page.goto(f"{self.live_server_url}{prefix}/victims/ali-rezaei/")
                photo = browser_page.locator(".portrait img")
                self.assertEqual(photo.get_attribute("alt"), name)
                self.assertEqual(photo.get_attribute("loading"), "lazy")
                # The thumbnail of a 60 x 80 photograph is not enlarged: its size is given before it loads.
                self.assertEqual((photo.get_attribute("width"), photo.get_attribute("height")), ("60", "80"))

    def test_a_latin_name_on_a_persian_page_is_marked_as_english_left_to_right(self):
        browser_page = self.new_page()
        browser_page.goto(f"{self.live_server_url}/fa/victims/john-smith/")
        heading = browser_page.locator("h1 bdi")
        self.assertEqual(heading.text_content(), "John Smith")
        self.assertEqual(heading.get_attribute("lang"), "en")
        self.assertEqual(heading.evaluate("element => getComputedStyle(element).direction"), "ltr")
        browser_page.goto(f"{self.live_server_url}/fa/victims/")
        row = browser_page.locator(".records a", has_text="John Smith").locator("bdi")
        self.assertEqual(row.get_attribute("lang"), "en")


@needs_a_browser
class KeyboardTest(BrowserTestCase):
    def setUp(self):
        build_archive(photo=False)

    def focused(self, browser_page) -> dict:
        return browser_page.evaluate(
            """() => {
              const element = document.activeElement;
              return {
                tag: element.tagName.toLowerCase(), id: element.id, name: element.getAttribute("name"),
                href: element.getAttribute("href"), text: element.textContent.trim(),
                inMain: Boolean(element.closest("main")),
                labels: element.labels ? Array.from(element.labels, label => label.textContent.trim()) : [],
              };
            }"""
        )

    def tab_until(self, browser_page, wanted, limit: int = 80) -> dict:
        """Press Tab until the focused element is the one wanted; fail after `limit` presses."""
        for _ in range(limit):
            browser_page.keyboard.press("Tab")
            focused = self.focused(browser_page)
            if wanted(focused):
                return focused
        self.fail(f"Tab did not reach the element within {limit} presses (last: {focused})")

    def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(self):
        for prefix in ("", "/fa"):
            with self.subTest(language=prefix or "en"):
                browser_page = self.new_page()
                browser_page.goto(f"{self.live_server_url}{prefix}/victims/")
                browser_page.keyboard.press("Tab")
                first = self.focused(browser_page)
                self.assertEqual((first["tag"], first["href"]), ("a", "#main"))
                self.assertTrue(browser_page.locator(".skip").is_visible())
                browser_page.keyboard.press("Enter")
                self.assertEqual(self.focused(browser_page)["id"], "main")
                browser_page.keyboard.press("Tab")
                self.assertTrue(
                    self.focused(browser_page)["inMain"], "the next Tab stays in the main content"
                )

    def test_a_search_is_typed_sent_and_its_first_result_reached_by_keyboard(self):
        for prefix in ("", "/fa"):
            with self.subTest(language=prefix or "en"):
                browser_page = self.new_page()
                browser_page.goto(f"{self.live_server_url}{prefix}/search/")
                box = self.tab_until(browser_page, lambda element: element["name"] == "q")
                self.assertTrue(box["labels"], "the search box has a label")
                browser_page.keyboard.type("Pourmohammadi")
                with browser_page.expect_navigation():
                    browser_page.keyboard.press("Enter")
                self.assertIn("q=Pourmohammadi", browser_page.url)
                first_result = browser_page.locator(".results .records a").first.get_attribute("href")
                self.assertEqual(first_result, f"{prefix}/perpetrators/mostafa-pourmohammadi/")
                self.tab_until(browser_page, lambda element, href=first_result: element["href"] == href)
                with browser_page.expect_navigation():
                    browser_page.keyboard.press("Enter")
                self.assertTrue(browser_page.url.endswith(first_result))

    def test_the_submission_forms_fields_are_reached_in_order_and_each_has_a_label(self):
        for prefix in ("", "/fa"):
            with self.subTest(language=prefix or "en"):
                browser_page = self.new_page()
                browser_page.goto(f"{self.live_server_url}{prefix}/submit/")
                expected = browser_page.eval_on_selector_all(
                    "form.submission :is(input, select, textarea, button)",
                    "elements => elements.filter(e => e.type !== 'hidden' && !e.closest('[hidden]'))"
                    ".map(e => e.name || e.type)",
                )
                self.assertIn("name_fa", expected)
                first = self.tab_until(
                    browser_page, lambda element, name=expected[0]: element["name"] == name
                )
                reached = [first]
                for _ in expected[1:]:
                    browser_page.keyboard.press("Tab")
                    reached.append(self.focused(browser_page))
                self.assertEqual([element["name"] or "submit" for element in reached], expected)
                for element in reached:
                    if element["tag"] != "button":
                        self.assertTrue(element["labels"], f"{element['name']} has a label")

    def test_a_focused_link_shows_a_visible_outline(self):
        for prefix in ("", "/fa"):
            with self.subTest(language=prefix or "en"):
                browser_page = self.new_page()
                browser_page.goto(f"{self.live_server_url}{prefix}/")
                self.tab_until(browser_page, lambda element: element["tag"] == "a" and element["inMain"])
                outline = browser_page.evaluate(
                    """() => {
                      const style = getComputedStyle(document.activeElement);
                      return [style.outlineStyle, parseFloat(style.outlineWidth)];
                    }"""
                )
                self.assertNotEqual(outline[0], "none")
                self.assertGreaterEqual(outline[1], 2)
