"""Liveness and readiness probes: /healthz and /readyz."""

from __future__ import annotations

from tests.base import BaseTestCase


class HealthTestCase(BaseTestCase):
    def test_healthz_says_ok_without_touching_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertContains(response, "ok")
        self.assertEqual(response["Content-Type"], "text/plain")

    def test_readyz_answers_when_the_database_does(self):
        with self.assertNumQueries(1):
            response = self.client.get("/readyz")
        self.assertContains(response, "ready")

    def test_probes_are_never_cached(self):
        for url in ("/healthz", "/readyz"):
            with self.subTest(url=url):
                self.assertIn("no-cache", self.client.get(url)["Cache-Control"])

    def test_probes_answer_head_requests(self):
        self.assertEqual(self.client.head("/healthz").status_code, 200)
        self.assertEqual(self.client.head("/readyz").status_code, 200)

    def test_probes_refuse_post_put_and_delete(self):
        for url in ("/healthz", "/readyz"):
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 405)
                self.assertEqual(self.client.put(url).status_code, 405)
                self.assertEqual(self.client.delete(url).status_code, 405)

    def test_probes_have_no_persian_address(self):
        self.assertEqual(self.client.get("/fa/healthz").status_code, 404)
