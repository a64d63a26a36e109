"""Every admin page opens for editors and stays closed to everyone else."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from tests.admin.support import fill_the_archive
from tests.base import APPS, BaseTestCase
from victims.models import Victim

# The standalone citation and old-address pages are for review only: their records are made
# elsewhere (on the cited record's page, and by renaming a record).
NO_ADD_PAGE = {"archive.citation", "archive.slugredirect"}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


def admin_url(model, page: str, *args) -> str:
    opts = model._meta
    tail = "/".join([*map(str, args), page]) if page != "changelist" else ""
    return f"/admin/{opts.app_label}/{opts.model_name}/" + (f"{tail}/" if tail else "")


class AdminPagesTest(BaseTestCase):
    def setUp(self):
        fill_the_archive(2, self.make_source())
        self.client.force_login(self.editor)

    def test_every_model_of_the_three_apps_is_in_the_admin(self):
        names = {model._meta.label_lower for model in registered_models()}
        expected = {
            "archive.place", "archive.organization", "archive.event", "archive.estimate", "archive.source",
            "archive.citation", "archive.slugredirect", "victims.victim", "victims.perpetratorlink",
            "perpetrators.perpetrator", "perpetrators.position",
        }  # fmt: skip
        self.assertEqual(names, expected)

    def test_every_list_opens_for_an_editor(self):
        for model in registered_models():
            with self.subTest(model=model._meta.label):
                self.assertEqual(self.client.get(admin_url(model, "changelist")).status_code, 200)

    def test_every_add_page_opens_for_an_editor(self):
        for model in registered_models():
            with self.subTest(model=model._meta.label):
                expected = 403 if model._meta.label_lower in NO_ADD_PAGE else 200
                self.assertEqual(self.client.get(admin_url(model, "add")).status_code, expected)

    def test_every_change_page_opens_for_an_editor(self):
        for model in registered_models():
            with self.subTest(model=model._meta.label):
                record = model.objects.first()
                self.assertEqual(self.client.get(admin_url(model, "change", record.pk)).status_code, 200)

    def test_every_list_and_change_page_opens_in_the_persian_admin(self):
        for model in registered_models():
            with self.subTest(model=model._meta.label):
                record = model.objects.first()
                self.assertEqual(self.client.get("/fa" + admin_url(model, "changelist")).status_code, 200)
                self.assertEqual(
                    self.client.get("/fa" + admin_url(model, "change", record.pk)).status_code, 200
                )

    def test_the_admin_is_titled_with_the_site_name_and_styled_for_the_archive(self):
        response = self.client.get("/admin/")
        self.assertContains(response, settings.SITE_NAME)
        self.assertContains(response, "/static/css/admin.css")

    def test_view_on_site_opens_the_public_page_of_a_draft_for_an_editor(self):
        victim = Victim.objects.first()  # a draft, as every record starts
        response = self.client.get(admin_url(Victim, "change", victim.pk))
        on_site = f"/admin/r/{ContentType.objects.get_for_model(Victim).pk}/{victim.pk}/"
        self.assertContains(response, on_site)
        # assertRedirects also fetches the public page, which must open for the editor.
        self.assertRedirects(self.client.get(on_site), f"http://testserver/victims/{victim.slug}/")


class AdminClosedTest(TestCase):
    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        for model in registered_models():
            for page in ("changelist", "add"):
                with self.subTest(model=model._meta.label, page=page):
                    url = admin_url(model, page)
                    self.assertRedirects(self.client.get(url), f"/admin/login/?next={url}")
