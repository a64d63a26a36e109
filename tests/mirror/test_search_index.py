"""The mirror's search index (archive/mirror.py SearchIndex): shards that stay small, each name findable."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from unittest import TestCase

from archive.mirror import SearchIndex, shard_file
from archive.normalize import search_key, word_skeletons

NAMES = [
    "Ali Rezaei",
    "Ali Karimi",
    "Alireza Ahmadi",
    "Alireza Mohammadi",
    "Ali Mohammadi",
    "Alavi Hossein",
    "Alborz Reza",
    "Mostafa Pourmohammadi",
    "علی رضایی",
    "علیرضا کریمی",
]


def read_index(folder: Path) -> tuple[dict, dict[str, list]]:
    manifest = json.loads(
        re.fullmatch(r"MirrorSearch\.manifest\((.*)\);\n", (folder / "index.js").read_text("utf-8")).group(1)
    )
    shards = {}
    for key in manifest["shards"]:
        path = folder / shard_file(key)
        if path.exists():
            text = path.read_text("utf-8")
            shards[key] = json.loads("[" + text.split("[\n", 1)[1].rsplit("]);", 1)[0] + "]")
    return manifest, shards


def shard_for(manifest: dict, word: str) -> str | None:
    """The shard static/js/mirror-search.js reads for a word (shardFor there)."""
    for length in range(len(word), 0, -1):
        key = word[:length]
        if key in manifest["shards"]:
            split = manifest["shards"][key][1] == 1
            return key if length == len(word) or (not split and length >= min(2, len(word))) else None
    return None


class SearchIndexTests(TestCase):
    def build(self, **limits) -> tuple[dict, dict[str, list]]:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        index = SearchIndex(folder, flush_every=3, **limits)
        for number, name in enumerate(NAMES):
            index.add(search_key([name]), name, "", f"victims/{number}/", "victim")
        index.finish()
        self.assertFalse((folder / "work").exists())
        return read_index(folder)

    def test_small_shards_hold_every_name_under_the_first_two_letters_of_each_word(self):
        manifest, shards = self.build()
        self.assertEqual(manifest["records"], len(NAMES))
        self.assertEqual(
            sorted(entry[1] for entry in shards["al"]), sorted(n for n in NAMES if n.startswith("Al"))
        )
        # Keys are skeletons, as the server matches them: Rezaei and Reza both begin with "ra".
        self.assertEqual([entry[1] for entry in shards["ra"]], ["Ali Rezaei", "Alborz Reza"])
        self.assertEqual(manifest["shards"]["al"], [7, 0, 7])

    def test_a_large_shard_is_split_by_the_next_letters_and_every_word_still_finds_its_name(self):
        manifest, shards = self.build(max_entries=2, exact_cap=10)
        self.assertEqual(manifest["shards"]["al"][1], 1)  # split
        self.assertLessEqual(
            max(len(entries) for key, entries in shards.items() if not manifest["shards"][key][1]), 2
        )
        for name in NAMES:
            for word in word_skeletons(name):
                key = shard_for(manifest, word)
                self.assertIsNotNone(key, word)
                self.assertIn(name, [entry[1] for entry in shards.get(key, [])], f"{word} → {key}")

    def test_names_whose_word_is_the_key_itself_are_cut_at_the_cap(self):
        manifest, shards = self.build(max_entries=2, exact_cap=2)
        # "ali": three names have the very word, beside longer words (alireza) that split the shard.
        self.assertEqual(manifest["shards"]["ali"], [2, 1, 3])
        self.assertEqual(len(shards["ali"]), 2)

    def test_shard_files_are_named_by_code_points(self):
        self.assertEqual(shard_file("al"), "61-6c.js")
        self.assertEqual(shard_file("عل"), "639-644.js")
