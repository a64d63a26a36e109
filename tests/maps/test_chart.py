"""Drawing the map: the projection, point in polygon, matching province names (archive/charts/map.py)."""

from __future__ import annotations

import re

from django.test import SimpleTestCase
from django.utils import translation

from archive.charts import map as chart

TEHRAN = (51.389, 35.6892)  # (lon, lat) of the city centre
CITIES = {  # (lon, lat) -> the province each lies in
    (51.389, 35.6892): "IR-23",  # Tehran
    (50.939, 35.840): "IR-30",  # Karaj, Alborz
    (59.606, 36.297): "IR-09",  # Mashhad, Razavi Khorasan
    (52.584, 29.592): "IR-07",  # Shiraz, Fars
    (48.671, 31.318): "IR-06",  # Ahvaz, Khuzestan
    (46.292, 38.080): "IR-03",  # Tabriz, East Azerbaijan
    (45.076, 37.552): "IR-04",  # Urmia, West Azerbaijan
    (60.863, 29.496): "IR-11",  # Zahedan, Sistan and Baluchestan
    (50.876, 34.640): "IR-25",  # Qom
}


def province(iso: str) -> chart.Province:
    return next(p for p in chart.provinces() if p.iso == iso)


def inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y, result = *point, False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def absolute(path: str) -> list[list[tuple[float, float]]]:
    """Read back the relative path data the chart writes (m, l, z only)."""
    rings, pen = [], (0.0, 0.0)
    for command, numbers in re.findall(r"([mlz])([^mlz]*)", path):
        values = [float(v) for v in re.findall(r"-?\d*\.?\d+", numbers)]
        steps = list(zip(values[::2], values[1::2], strict=True))
        if command == "m":
            pen = (pen[0] + steps[0][0], pen[1] + steps[0][1])
            rings.append([pen])
            steps = steps[1:]
        for dx, dy in steps:
            pen = (pen[0] + dx, pen[1] + dy)
            rings[-1].append(pen)
        if command == "z":
            pen = rings[-1][0]
    return rings


class ProjectionTestCase(SimpleTestCase):
    def test_tehran_s_coordinates_fall_inside_tehran_province(self):
        self.assertEqual(chart.province_at(*TEHRAN).iso, "IR-23")
        self.assertTrue(province("IR-23").contains(*TEHRAN))
        self.assertFalse(province("IR-30").contains(*TEHRAN))

    def test_the_projected_point_falls_inside_the_projected_province(self):
        paths, point = chart.province_paths(), chart.projection()(*TEHRAN)
        self.assertTrue(any(inside(point, ring) for ring in absolute(paths["IR-23"])))
        self.assertFalse(any(inside(point, ring) for ring in absolute(paths["IR-30"])))

    def test_the_path_data_reads_back_as_the_projected_borders(self):
        project = chart.projection()
        ring = province("IR-23").rings[0]
        drawn = absolute(chart.province_paths()["IR-23"])[0]
        expected = [tuple(round(v, 1) for v in project(lon, lat)) for lon, lat in ring]
        self.assertEqual(len(drawn), len(expected))
        for (x, y), (ex, ey) in zip(drawn, expected, strict=True):
            self.assertAlmostEqual(x, ex, delta=0.051)
            self.assertAlmostEqual(y, ey, delta=0.051)

    def test_cities_fall_in_their_provinces_and_the_sea_in_none(self):
        for (lon, lat), iso in CITIES.items():
            self.assertEqual(chart.province_at(lon, lat).iso, iso, (lon, lat))
        self.assertIsNone(chart.province_at(52.0, 26.8))  # the Persian Gulf
        self.assertIsNone(chart.province_at(44.366, 33.315))  # Baghdad

    def test_north_is_up_and_east_is_right_and_nothing_is_mirrored(self):
        project = chart.projection()
        tabriz, shiraz, mashhad = project(46.292, 38.080), project(52.584, 29.592), project(59.606, 36.297)
        self.assertLess(tabriz[1], shiraz[1])
        self.assertLess(tabriz[0], mashhad[0])
        for lon, lat in CITIES:
            self.assertTrue(project.shows(lon, lat))
        self.assertFalse(project.shows(30.0, 30.0))

    def test_a_degree_east_is_shorter_than_a_degree_north(self):
        project = chart.projection()
        x0, y0 = project(50, 32)
        x1, _ = project(51, 32)
        _, y1 = project(50, 33)
        self.assertAlmostEqual((x1 - x0) / (y0 - y1), project.kx)
        self.assertAlmostEqual(project.kx, 0.844, places=2)


class ProvinceNamesTestCase(SimpleTestCase):
    def test_spellings_and_persian_names_find_the_province(self):
        cases = {
            "Tehran": "IR-23",
            "Teheran": "IR-23",
            "Tehran Province": "IR-23",
            "استان تهران": "IR-23",
            "Khuzestan": "IR-06",
            "Khuzistan": "IR-06",
            "Razavi Khorasan": "IR-09",
            "Khorasan Razavi": "IR-09",
            "Khorasan-e Razavi Province": "IR-09",
            "Kohgiluyeh and Boyer-Ahmad": "IR-17",
            "Kohgiluyeh va Boyer Ahmad": "IR-17",
            "Kohgiluyeh and Buyer Ahmad": "IR-17",
            "Esfahan": "IR-10",
            "Isfahan Province": "IR-10",
            "Ostan-e Fars": "IR-07",
            "Kordestan": "IR-12",
            "سیستان و بلوچستان": "IR-11",
            "آذربايجان غربي": "IR-04",  # Arabic yeh
        }
        for name, iso in cases.items():
            found = chart.province_named(name)
            self.assertIsNotNone(found, name)
            self.assertEqual(found.iso, iso, name)

    def test_an_unknown_name_finds_nothing(self):
        self.assertIsNone(chart.province_named("Baghdad"))
        self.assertIsNone(chart.province_named(""))
        self.assertIsNone(chart.province_named("Khorasan"))  # the old province, now three

    def test_the_name_follows_the_page_language(self):
        tehran = province("IR-23")
        self.assertEqual(tehran.name, "Tehran")
        with translation.override("fa"):
            self.assertEqual(tehran.name, "تهران")


class ShadesTestCase(SimpleTestCase):
    def test_shades_step_up_to_the_highest_count(self):
        self.assertEqual([chart.shade(n, 8) for n in (0, 1, 2, 3, 4, 5, 8)], [0, 1, 1, 2, 2, 3, 4])
        self.assertEqual(chart.shade(0, 0), 0)
        self.assertEqual(chart.shade(1, 1), 4)

    def test_the_legend_covers_every_count_once(self):
        for highest in (1, 2, 3, 7, 100, 1_000_000):
            ranges = chart.shade_ranges(highest)
            covered = [n for _, low, high in ranges for n in (low, high)]
            self.assertEqual(covered[0], 1)
            self.assertEqual(covered[-1], highest)
            for (_, _, high), (_, low, _) in zip(ranges, ranges[1:], strict=False):
                self.assertEqual(low, high + 1)
            for level, low, high in ranges:
                self.assertEqual(chart.shade(low, highest), level)
                self.assertEqual(chart.shade(high, highest), level)


class NumbersTestCase(SimpleTestCase):
    def test_a_number_is_written_smaller_or_left_out_where_the_province_is_narrow(self):
        project = chart.projection()

        def room(iso):
            return province("IR-" + iso).label_room * project.kx * project.scale

        self.assertEqual(chart.number_size("12,345", room("08")), "large")  # Kerman
        self.assertEqual(chart.number_size("12,345", room("23")), "large")  # Tehran
        self.assertEqual(chart.number_size("12,345", room("30")), "")  # Alborz
        self.assertEqual(chart.number_size("1,234", 60), "large")
        self.assertEqual(chart.number_size("1,234", 40), "small")
        self.assertEqual(chart.number_size("1,234", 30), "")
        self.assertEqual(chart.number_size("", room("08")), "")

    def test_every_label_point_lies_inside_its_province(self):
        for each in chart.provinces():
            self.assertTrue(each.contains(*each.label), each.name_en)
            self.assertGreater(each.label_room, 0)
