"""Fictional import files of any size, to measure and test imports with (`make_import_sample`).

The victims are not real people: names drawn at random from common given and family names (the lists of
victims/sample_data.py), dates, places and citations in the shape of the real record, every one with an
external id and a biography that say it is fictional. They cite the fictional sources written beside
them, which `import_sources` takes in first. The same seed gives the same files.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from victims.sample_data import FAMILY_NAMES, FEMALE_NAMES, GIVEN_NAME_VARIANTS, MALE_NAMES, OCCUPATIONS_1988

FICTIONAL = "Fictional record made by make_import_sample to test imports; not a real person."

SOURCES = [
    {
        "external_id": "fictional-source-list",
        "title_en": "Fictional list of names (import sample)",
        "title_fa": "فهرست ساختگی نام‌ها (نمونهٔ ورود)",
        "kind": "dataset",
        "published_text": "2019",
        "published_calendar": "gregorian",
        "summary_en": "Fictional source for import samples: it does not exist and supports nothing.",
    },
    {
        "external_id": "fictional-source-testimonies",
        "title_en": "Fictional collected testimonies (import sample)",
        "title_fa": "شهادت‌های ساختگی (نمونهٔ ورود)",
        "kind": "testimony",
        "published_text": "Shahrivar 1397",
        "published_calendar": "solar_hijri",
        "summary_en": "Fictional source for import samples: it does not exist and supports nothing.",
    },
]

# (event, date text, calendar, weight): the ways sources give a date of death.
DEATHS = [
    ("1988-massacre", "Mordad {y88}", "solar_hijri", 25),
    ("1988-massacre", "Shahrivar 1367", "solar_hijri", 10),
    ("1988-massacre", "summer 1367", "solar_hijri", 10),
    ("1988-massacre", "August 1988", "gregorian", 15),
    ("1988-massacre", "1988", "gregorian", 10),
    ("1988-massacre", "{d} Mordad 1367", "solar_hijri", 5),
    ("november-2019-protests", "Aban 1398", "solar_hijri", 10),
    ("november-2019-protests", "{d2} November 2019", "gregorian", 10),
    ("november-2019-protests", "1398/08/{d3}", "solar_hijri", 5),
]
COLUMNS = [
    "external_id", "name_en", "name_fa", "variants", "gender", "birth_text", "birth_calendar", "age_at_death",
    "occupation", "events", "death_text", "death_calendar", "death_place", "manner_of_death", "verification",
    "biography_en",
    "citation_1_source", "citation_1_claim", "citation_1_locator", "citation_1_confidence",
    "citation_2_source", "citation_2_claim", "citation_2_locator", "citation_2_quote",
]  # fmt: skip


def sample_victims(count: int, *, seed: int = 1988) -> list[dict]:
    rng = random.Random(seed)
    events, weights = list(range(len(DEATHS))), [death[3] for death in DEATHS]
    rows = []
    for n in range(1, count + 1):
        female = rng.random() < 0.12
        given_en, given_fa = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        family_en, family_fa = rng.choice(FAMILY_NAMES)
        event, text, calendar, _weight = DEATHS[rng.choices(events, weights)[0]]
        in_1988 = event == "1988-massacre"
        age = rng.randint(17, 60) if in_1988 else rng.randint(14, 50)
        variants = [f"{spelling} {family_en}" for spelling in GIVEN_NAME_VARIANTS.get(given_en, [])[:1]]
        if rng.random() < 0.2:
            variants.append(f"{given_fa} {family_fa}".replace("ی", "ي").replace("ک", "ك"))
        row = {
            "external_id": f"fictional-victim-{n:06d}",
            "name_en": f"{given_en} {family_en}",
            "name_fa": f"{given_fa} {family_fa}",
            "variants": variants if rng.random() < 0.4 else [],
            "gender": "female" if female else "male",
            "birth_text": str((1367 if in_1988 else 1398) - age) if rng.random() < 0.5 else "",
            "birth_calendar": "solar_hijri",
            "age_at_death": age if rng.random() < 0.6 else None,
            "occupation": rng.choice(OCCUPATIONS_1988)[0] if rng.random() < 0.5 else "",
            "events": [event],
            "death_text": text.format(
                y88=1367, d=rng.randint(1, 31), d2=rng.randint(15, 19), d3=rng.randint(24, 28)
            ),
            "death_calendar": calendar,
            "death_place": rng.choice(["tehran", "tehran", "khuzestan"]),
            "manner_of_death": ("hanging" if in_1988 else "shot") if rng.random() < 0.8 else "",
            "verification": rng.choice(["reported", "unconfirmed"]),
            "biography_en": FICTIONAL,
            "citations": [
                {
                    "source": "fictional-source-list",
                    "claim": "death",
                    "locator": f"row {n}",
                    "confidence": "medium",
                }
            ],
        }
        if rng.random() < 0.3:
            row["citations"].append(
                {
                    "source": "fictional-source-testimonies",
                    "claim": "general",
                    "locator": f"testimony {rng.randint(1, 400)}",
                    "quote": f"I knew {given_en} in prison (fictional).",
                }
            )
        rows.append(row)
    return rows


def write_samples(directory: Path, *, victims: int, seed: int, format: str) -> list[Path]:
    """Write sources.<format> and victims.<format> into `directory`; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = sample_victims(victims, seed=seed)
    sources, victims_path = directory / f"sources.{format}", directory / f"victims.{format}"
    if format == "json":
        sources.write_text(json.dumps(SOURCES, ensure_ascii=False, indent=1), encoding="utf-8")
        victims_path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        return [sources, victims_path]
    with sources.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SOURCES[0]))
        writer.writeheader()
        writer.writerows(SOURCES)
    with victims_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(_csv_row(row))
    return [sources, victims_path]


def _csv_row(row: dict) -> dict:
    flat = {
        name: " | ".join(value) if isinstance(value, list) else "" if value is None else value
        for name, value in row.items()
        if name != "citations"
    }
    for n, citation in enumerate(row["citations"], start=1):
        flat.update({f"citation_{n}_{part}": value for part, value in citation.items()})
    return flat
