"""docs/deployment.md names every environment variable the settings and gunicorn's config read."""

from __future__ import annotations

import re

from django.test import SimpleTestCase

from tests.deploy.production import BASE_DIR

READS = re.compile(r'(?:environ\.get|envbool|envint)\(\s*"([A-Z][A-Z0-9_]*)"')


class DeploymentDocTests(SimpleTestCase):
    def test_every_variable_read_is_in_the_table(self):
        read = set()
        for name in ("archive/settings.py", "gunicorn.conf.py"):
            read |= set(READS.findall((BASE_DIR / name).read_text()))
        self.assertIn("DATABASE_REPLICA_URL", read)
        self.assertGreater(len(read), 25)
        doc = (BASE_DIR / "docs" / "deployment.md").read_text()
        table = "\n".join(line for line in doc.splitlines() if line.startswith("| `"))
        missing = sorted(name for name in read if f"`{name}`" not in table)
        self.assertEqual(missing, [], "add these to the table in docs/deployment.md")
