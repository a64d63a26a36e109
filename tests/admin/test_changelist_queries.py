"""Every admin list runs the same number of queries for two records as for six: no N+1."""

from __future__ import annotations

from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin.support import fill_the_archive
from tests.base import APPS, BaseTestCase


def changelists():
    return [
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
        if model._meta.app_label in APPS
    ]


class ChangelistQueriesTest(BaseTestCase):
    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def queries_per_list(self) -> dict[str, int]:
        return {url: self.count_queries(url) for url in changelists()}

    def test_lists_do_not_query_once_per_row(self):
        self.client.force_login(self.editor)
        source = self.make_source()
        fill_the_archive(2, source)
        self.count_queries("/admin/")  # the first request warms the content type cache
        with_two = self.queries_per_list()
        fill_the_archive(4, self.make_source(title="Second report"), first=2)
        with_six = self.queries_per_list()
        for url in changelists():
            with self.subTest(url=url):
                self.assertEqual(with_six[url], with_two[url])
