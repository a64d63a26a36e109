"""The map of places: /map/ and /fa/map/."""

from __future__ import annotations

import re

from archive.models import Place, PlaceKind, Status
from tests.base import BaseTestCase
from victims.models import Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def make_place(name_en, kind, name_fa="", status=Status.PUBLISHED, **fields) -> Place:
    return Place.objects.create(name_en=name_en, name_fa=name_fa, kind=kind, status=status, **fields)


def make_victim(name_en, status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, status=status, **fields)


def row(html: str, province: str) -> str:
    """The table row of a province, by the name in its header cell."""
    for tr in re.findall(r"<tr>.*?</tr>", html, re.S):
        if re.search(rf'<th scope="row">(<a [^>]*>)?{re.escape(province)}(</a>)?</th>', tr):
            return tr
    raise AssertionError(f"no row for {province}")


def count_in(tr: str) -> str:
    return re.search(r'<td class="number">([^<]*)</td>', tr).group(1)


class PlaceMapTestCase(BaseTestCase):
    def setUp(self):
        self.province = make_place("Tehran Province", PlaceKind.PROVINCE, "استان تهران")
        self.tehran = make_place(
            "Tehran", PlaceKind.CITY, "تهران", parent=self.province, latitude="35.68920", longitude="51.38900"
        )
        self.evin = make_place(
            "Evin Prison",
            PlaceKind.PRISON,
            "زندان اوین",
            parent=self.tehran,
            latitude="35.796",
            longitude="51.387",
        )
        self.khavaran = make_place("Khavaran", PlaceKind.MASS_GRAVE, "خاوران", parent=self.tehran)
        self.khuzestan = make_place("Khuzistan", PlaceKind.PROVINCE, "خوزستان")
        self.ahvaz = make_place("Ahvaz", PlaceKind.CITY, "اهواز", parent=self.khuzestan)

    def get(self, url="/map/") -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_counts_people_in_their_province_through_the_places_they_lie_in(self):
        make_victim("Ali Rezaei", death_place=self.evin)  # prison -> city -> province
        make_victim("Maryam Ahmadi", death_place=self.tehran)
        make_victim("Reza Karimi", death_place=self.province)
        make_victim("Hamid Nasiri", death_place=self.ahvaz)  # "Khuzistan" matches Khuzestan
        html = self.get()
        self.assertEqual(count_in(row(html, "Tehran")), "3")
        self.assertEqual(count_in(row(html, "Khuzestan")), "1")
        self.assertEqual(count_in(row(html, "Fars")), "0")
        self.assertEqual(count_in(row(html, "All people recorded")), "4")
        self.assertEqual(count_in(row(html, "Not placed in a province")), "0")

    def test_the_burial_place_counts_when_no_place_of_death_is_recorded(self):
        make_victim("Ali Rezaei", burial_place=self.khavaran)
        make_victim("Maryam Ahmadi", death_place=self.ahvaz, burial_place=self.khavaran)  # death place first
        html = self.get()
        self.assertEqual(count_in(row(html, "Tehran")), "1")
        self.assertEqual(count_in(row(html, "Khuzestan")), "1")

    def test_coordinates_place_a_place_with_no_province_above_it(self):
        mashhad = make_place("Mashhad", PlaceKind.CITY, latitude="36.29700", longitude="59.60600")
        vakilabad = make_place("Vakilabad Prison", PlaceKind.PRISON, parent=mashhad)
        make_victim("Ali Rezaei", death_place=vakilabad)
        html = self.get()
        self.assertEqual(count_in(row(html, "Razavi Khorasan")), "1")
        self.assertIn(
            '<a href="/places/vakilabad-prison/">Vakilabad Prison</a>', row(html, "Razavi Khorasan")
        )

    def test_people_with_no_known_place_are_counted_apart(self):
        make_victim("Ali Rezaei")
        make_victim("Maryam Ahmadi", death_place=make_place("Somewhere", PlaceKind.OTHER))
        make_victim("Hamid Nasiri", death_place=self.evin)
        html = self.get()
        self.assertEqual(count_in(row(html, "Not placed in a province")), "2")
        self.assertEqual(count_in(row(html, "All people recorded")), "3")
        self.assertIn("2 people are not counted in any province", html)

    def test_drafts_are_neither_counted_nor_drawn_nor_listed(self):
        make_victim("Ali Rezaei", death_place=self.evin)
        for status in UNPUBLISHED:
            make_victim(f"Hidden person {status}", status=status, death_place=self.evin)
            make_place(
                f"Hidden prison {status}",
                PlaceKind.PRISON,
                status=status,
                parent=self.tehran,
                latitude="35.7",
                longitude="51.4",
            )
        # A published person whose place of death is a draft: the draft's parent does not place them.
        secret = make_place("Unlisted site", PlaceKind.PRISON, status=Status.DRAFT, parent=self.tehran)
        make_victim("Reza Karimi", death_place=secret)
        self.client.force_login(self.editor)  # staff see the same public figures
        html = self.get()
        self.assertEqual(count_in(row(html, "Tehran")), "1")
        self.assertEqual(count_in(row(html, "Not placed in a province")), "1")
        self.assertEqual(count_in(row(html, "All people recorded")), "2")
        self.assertNotIn("Hidden", html)
        self.assertNotIn("Unlisted", html)

    def test_each_point_links_to_its_place_page_with_a_name(self):
        html = self.get()
        self.assertIn(
            '<a href="/places/evin-prison/" aria-label="Evin Prison (prison)"><title>Evin Prison (prison)</title>'
            '<rect class="map-point map-prison"',
            html,
        )
        self.assertIn(
            '<a href="/places/tehran/" aria-label="Tehran (city)"><title>Tehran (city)</title><circle', html
        )
        # Khavaran has no coordinates: listed in the table, not drawn.
        self.assertNotIn('aria-label="Khavaran', html)
        self.assertIn('<a href="/places/khavaran/">Khavaran</a> <span class="meta">mass grave</span>', html)

    def test_provinces_link_to_their_place_page_and_are_named_with_their_number(self):
        make_victim("Ali Rezaei", death_place=self.evin)
        make_victim("Maryam Ahmadi", death_place=self.evin)
        html = self.get()
        self.assertIn(
            '<a href="/places/tehran-province/"><title>Tehran: 2 people recorded</title>'
            '<path class="map-area map-shade-4" d="m',
            html,
        )
        self.assertIn('<path class="map-area map-shade-0" d="m', html)
        self.assertIn("<title>Fars: 0 people recorded</title>", html)
        self.assertIn('<th scope="row"><a href="/places/tehran-province/">Tehran</a></th>', html)
        self.assertIn('<th scope="row">Fars</th>', html)
        numbers = re.search(r'<g class="map-numbers" aria-hidden="true">(.*?)</g>', html).group(1)
        self.assertEqual(re.findall(r">(\d+)</text>", numbers), ["2"])

    def test_the_table_lists_provinces_with_most_people_first(self):
        make_victim("Ali Rezaei", death_place=self.ahvaz)
        make_victim("Maryam Ahmadi", death_place=self.ahvaz)
        make_victim("Hamid Nasiri", death_place=self.evin)
        html = self.get()
        body = html.split("<tbody>")[1].split("</tbody>")[0]
        names = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', body)
        self.assertEqual(names[:3], ["Khuzestan", "Tehran", "Alborz"])
        self.assertEqual(len(names), 31)

    def test_the_key_gives_the_ranges_of_each_shade_in_words(self):
        for n in range(8):
            make_victim(f"Person {n}", death_place=self.evin)
        html = self.get()
        legend = html.split('<ul class="map-legend">')[1].split("</ul>")[0]
        for text in ("no one recorded", "1 to 2 people", "3 to 4 people", "5 to 6 people", "7 to 8 people"):
            self.assertIn(text, legend)
        for text in ("Prison", "Cemetery or mass grave", "City"):
            self.assertIn(text, legend)

    def test_it_is_in_persian_with_persian_names_and_digits(self):
        for n in range(12):
            make_victim(f"Person {n}", death_place=self.evin)
        html = self.get("/fa/map/")
        self.assertIn('<html lang="fa" dir="rtl">', html)
        tr = row(html, "تهران")
        self.assertEqual(count_in(tr), "۱۲")
        self.assertIn('<a href="/fa/places/evin-prison/">زندان اوین</a>', tr)
        self.assertIn('<th scope="row"><a href="/fa/places/tehran-province/">تهران</a></th>', html)
        self.assertIn('<th scope="row">خراسان رضوی</th>', html)
        self.assertIn("<title>تهران: ", html)
        numbers = re.search(r'<g class="map-numbers" aria-hidden="true">(.*?)</g>', html).group(1)
        self.assertIn(">۱۲</text>", numbers)
        self.assertIn('href="/fa/places/evin-prison/"', html)

    def test_the_places_page_links_to_the_map(self):
        self.assertContains(self.client.get("/places/"), 'href="/map/"')
        self.assertContains(self.client.get("/fa/places/"), 'href="/fa/map/"')

    def test_the_page_is_self_contained_and_small(self):
        for n in range(5):
            make_victim(f"Person {n}", death_place=self.evin)
        html = self.get()
        self.assertNotIn("style=", html)
        self.assertNotIn("<style", html)
        self.assertNotIn("<script", html)
        main = html.split("<main")[1].split("</main>")[0]
        self.assertEqual(re.findall(r"https?://[^\"]*", main), ["http://www.w3.org/2000/svg"])  # a namespace
        svg = re.search(r"<svg class=\"place-map\".*?</svg>", html, re.S).group(0)
        self.assertIn('viewBox="0 0 1000 ', svg)
        self.assertIn('width="100%"', svg)
        self.assertIn('role="group" aria-labelledby="map-title map-desc"', svg)
        self.assertLess(len(svg.encode()), 30_000)
        self.assertLess(len(html.encode()), 60_000)

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/map/").status_code, 405)
        self.assertEqual(self.client.put("/map/").status_code, 405)
        self.assertEqual(self.client.delete("/map/").status_code, 405)

    def test_its_query_count_does_not_grow_with_people_or_places(self):
        make_victim("Ali Rezaei", death_place=self.evin)
        with self.assertNumQueries(2):
            self.get()
        for n in range(10):
            city = make_place(f"City {n}", PlaceKind.CITY, latitude="32.6546", longitude="51.6680")
            prison = make_place(f"Prison {n}", PlaceKind.PRISON, parent=city)
            for m in range(3):
                make_victim(f"Person {n} {m}", death_place=prison if m else None, burial_place=self.khavaran)
        with self.assertNumQueries(2):
            html = self.get()
        self.assertEqual(count_in(row(html, "Isfahan")), "20")
        self.assertEqual(count_in(row(html, "Tehran")), "11")
        with self.assertNumQueries(2):
            self.get("/fa/map/")
