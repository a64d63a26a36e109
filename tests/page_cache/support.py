"""What the page cache's tests ask of a response: kept (one query, the generation's) or made anew."""

from __future__ import annotations


class KeptOrMade:
    """Assertions on a response whose `queries` the test counted as it asked for it."""

    def assertKept(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.queries, 1, "a kept page takes the generation's query, nothing else")

    def assertMade(self, response):
        self.assertGreater(response.queries, 1, "the page was made, not taken from the cache")
