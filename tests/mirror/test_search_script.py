"""static/js/mirror-search.js normalizes a query as archive/normalize.py does, run by Node.js.

Both must agree: the index holds the server's skeletons, and the browser looks them up with its own.
Skipped, with the reason, where Node.js is missing (the browser test runs the script in Chromium too).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from unittest import TestCase, skipUnless

from django.conf import settings

from archive.normalize import normalize, skeleton, word_skeletons

NODE = shutil.which("node") or shutil.which("nodejs")
SCRIPT = settings.BASE_DIR / "static/js/mirror-search.js"

SAMPLES = [
    "Mostafa Pour-Mohammadi",
    "Mustafa Pourmohammadi",
    "Hussein Ali-Montazeri",
    "Fatemeh Rahimi",
    "Khadija  Ghorbani",
    "Bizhan Zhaleh",
    "Ebrahim Ra'isi",
    "Zoë Élodie Ångström",
    "Straße",
    "علي كريمي",
    "فاطمه‌ رحیمی",
    "حسین‌زاده",
    "مُحَمَّد",
    "آرش ضیاء",
    "زندان ۱۳۶۷ و ١٣٩٨",
    "عبدالله\u200cزاده",
    "ـمحمـــد",
    "ﻻله",
    "O'Brien 2019",
    "",
]


@skipUnless(NODE, "Node.js is not installed")
class SearchScriptTests(TestCase):
    def test_the_script_normalizes_as_the_server_does(self):
        program = (
            "global.window = {}; global.document = {getElementById: () => null};"
            f"require({json.dumps(str(SCRIPT))});"
            "const s = window.MirrorSearch; const names = JSON.parse(process.argv[1]);"
            "console.log(JSON.stringify(names.map(n => [s.normalize(n), s.skeleton(n), s.wordSkeletons(n)])));"
        )
        result = subprocess.run(
            [NODE, "-e", program, json.dumps(SAMPLES)], capture_output=True, text=True, timeout=30, check=True
        )
        expected = [[normalize(name), skeleton(name), word_skeletons(name)] for name in SAMPLES]
        self.assertEqual(json.loads(result.stdout), expected)
