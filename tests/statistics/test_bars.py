"""The SVG bar chart renderer (archive/charts/bars.py): proportional bars, escaped labels, mirrored in RTL."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.test import SimpleTestCase

from archive.charts.bars import PAD, WIDTH, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def bars_of(svg: ET.Element) -> list[dict[str, float]]:
    return [
        {name: float(rect.get(name)) for name in ("x", "width")}
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("height") == "14"
    ]


def texts_of(svg: ET.Element) -> list[str]:
    return [text.text for text in svg.iter(f"{SVG}text")]


CHART = [Bar("Tehran", 40), Bar("Khuzestan", 10), Bar("Kermanshah", 20), Bar("not known", 5, unknown=True)]


class BarChartTestCase(SimpleTestCase):
    def chart(self, bars=CHART, **options):
        options = {
            "chart_id": "chart-test",
            "title": "Victims by province",
            "description": "What it counts.",
            **options,
        }
        return bar_chart(bars, **options)

    def test_bar_lengths_are_proportional_to_the_counts(self):
        widths = [bar["width"] for bar in bars_of(parse(self.chart(rtl=False, persian=False)))]
        self.assertEqual(len(widths), 4)
        longest = widths[0]
        self.assertGreater(longest, 200)
        self.assertLessEqual(longest, WIDTH - 2 * PAD)
        self.assertAlmostEqual(widths[1] / longest, 10 / 40, places=2)
        self.assertAlmostEqual(widths[2] / longest, 20 / 40, places=2)
        self.assertAlmostEqual(widths[3] / longest, 5 / 40, places=2)

    def test_it_is_an_image_with_a_title_and_a_description(self):
        svg = parse(self.chart(rtl=False, persian=False))
        self.assertEqual(svg.get("role"), "img")
        self.assertEqual(svg.get("aria-labelledby"), "chart-test-title chart-test-desc")
        self.assertEqual(svg.find(f"{SVG}title").text, "Victims by province")
        self.assertEqual(svg.find(f"{SVG}title").get("id"), "chart-test-title")
        self.assertEqual(svg.find(f"{SVG}desc").text, "What it counts.")

    def test_it_scales_to_its_container(self):
        svg = parse(self.chart(rtl=False, persian=False))
        self.assertEqual(svg.get("width"), "100%")
        self.assertIsNone(svg.get("height"))
        self.assertEqual(svg.get("viewBox").split()[:3], ["0", "0", str(WIDTH)])

    def test_in_ltr_bars_grow_from_the_left(self):
        svg = parse(self.chart(rtl=False, persian=False))
        self.assertEqual(svg.get("direction"), "ltr")
        for bar in bars_of(svg):
            self.assertEqual(bar["x"], PAD)

    def test_in_rtl_bars_grow_from_the_right(self):
        ltr = bars_of(parse(self.chart(rtl=False, persian=False)))
        svg = parse(self.chart(rtl=True, persian=False))
        self.assertEqual(svg.get("direction"), "rtl")
        for mirrored, bar in zip(bars_of(svg), ltr, strict=True):
            self.assertEqual(mirrored["width"], bar["width"])
            self.assertAlmostEqual(mirrored["x"] + mirrored["width"], WIDTH - PAD, places=1)

    def test_in_rtl_labels_start_at_the_right(self):
        ltr = [float(t.get("x")) for t in parse(self.chart(rtl=False, persian=False)).iter(f"{SVG}text")]
        rtl = [float(t.get("x")) for t in parse(self.chart(rtl=True, persian=False)).iter(f"{SVG}text")]
        self.assertEqual(rtl[0], WIDTH - PAD)
        for mirrored, x in zip(rtl, ltr, strict=True):
            self.assertAlmostEqual(mirrored, WIDTH - x, places=1)

    def test_counts_are_in_the_page_digits(self):
        self.assertIn("1,234", texts_of(parse(self.chart([Bar("Tehran", 1234)], rtl=False, persian=False))))
        self.assertIn("۱٬۲۳۴", texts_of(parse(self.chart([Bar("تهران", 1234)], rtl=True, persian=True))))

    def test_labels_are_escaped(self):
        markup = str(self.chart([Bar('<script>alert("x")</script>', 3)], rtl=False, persian=False))
        self.assertNotIn("<script>", markup)
        self.assertIn("&lt;script&gt;", markup)
        self.assertIn('<script>alert("x")</script>', texts_of(parse(markup)))

    def test_a_marked_bar_is_hatched(self):
        svg = parse(
            self.chart(
                [Bar("under 18 (children)", 2, marked=True), Bar("18 to 24", 4)], rtl=False, persian=False
            )
        )
        pattern = svg.find(f"{SVG}defs/{SVG}pattern")
        self.assertEqual(pattern.get("id"), "chart-test-hatch")
        fills = [rect.get("fill") for rect in svg.iter(f"{SVG}rect") if rect.get("height") == "14"]
        self.assertEqual(fills[0], "url(#chart-test-hatch)")
        self.assertNotEqual(fills[1], fills[0])

    def test_no_counts_draws_no_bars(self):
        svg = parse(
            self.chart([Bar("Tehran", 0), Bar("not known", 0, unknown=True)], rtl=False, persian=False)
        )
        self.assertEqual([bar["width"] for bar in bars_of(svg)], [0, 0])
        self.assertEqual(texts_of(svg), ["Tehran", "0", "not known", "0"])

    def test_it_has_no_style_attributes(self):
        markup = str(self.chart([Bar("a", 1, marked=True)], rtl=True, persian=True))
        self.assertNotIn("style", markup)
