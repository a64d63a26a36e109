"""Old addresses: left behind by renames, visible to editors, never edited by hand."""

from __future__ import annotations

from archive.models import SlugRedirect
from tests.base import BaseTestCase
from victims.models import Victim


class SlugRedirectAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.victim = Victim.objects.create(name_en="Ali Avaei")
        self.victim.slug = "ali-avaei-1960"
        self.victim.save()
        self.redirect = SlugRedirect.objects.get()

    def test_the_list_links_each_old_address_to_its_record(self):
        response = self.client.get("/admin/archive/slugredirect/")
        self.assertContains(response, "ali-avaei")
        self.assertContains(response, f"/admin/victims/victim/{self.victim.pk}/change/")

    def test_an_old_address_cannot_be_edited(self):
        url = f"/admin/archive/slugredirect/{self.redirect.pk}/change/"
        self.assertNotIn("old_slug", self.client.get(url).context["adminform"].form.fields)
        self.client.post(url, {"old_slug": "someone-else"})
        self.redirect.refresh_from_db()
        self.assertEqual(self.redirect.old_slug, "ali-avaei")

    def test_an_old_address_can_be_deleted_to_free_it(self):
        url = f"/admin/archive/slugredirect/{self.redirect.pk}/delete/"
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 302)
        self.assertFalse(SlugRedirect.objects.exists())
