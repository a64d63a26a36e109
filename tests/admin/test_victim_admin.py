"""The victim pages of the admin: finding a person by any spelling, and the form editors fill in."""

from __future__ import annotations

from perpetrators.models import Perpetrator
from tests.admin.support import form_data
from tests.base import BaseTestCase
from victims.models import PerpetratorLink, Victim, VictimName


class VictimAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.victim = Victim.objects.create(name_en="Mohammad Reza Ashoogh", name_fa="محمدرضا عاشوغ")
        VictimName.objects.create(victim=self.victim, name="Mohammadreza Ashough")
        Victim.objects.create(name_en="Someone Else")

    def test_search_finds_a_victim_by_a_variant_spelling(self):
        response = self.client.get("/admin/victims/victim/", {"q": "Ashough"})
        self.assertEqual(list(response.context["cl"].result_list), [self.victim])

    def test_search_finds_a_victim_by_the_persian_name(self):
        response = self.client.get("/admin/victims/victim/", {"q": "عاشوغ"})
        self.assertEqual(list(response.context["cl"].result_list), [self.victim])

    def test_persian_fields_are_typed_right_to_left(self):
        response = self.client.get(f"/admin/victims/victim/{self.victim.pk}/change/")
        self.assertContains(response, 'name="name_fa"')
        self.assertIn('dir="rtl"', str(response.context["adminform"].form["name_fa"]))

    def test_a_victim_added_without_a_slug_gets_one_from_the_name(self):
        data = form_data(self.client.get("/admin/victims/victim/add/"))
        response = self.client.post("/admin/victims/victim/add/", {**data, "name_en": "Zahra Bijanyar"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Victim.objects.get(name_en="Zahra Bijanyar").slug, "zahra-bijanyar")

    def test_the_sample_flag_cannot_be_set_from_the_form(self):
        url = f"/admin/victims/victim/{self.victim.pk}/change/"
        self.client.post(url, {**form_data(self.client.get(url)), "is_sample": "on"})
        self.victim.refresh_from_db()
        self.assertFalse(self.victim.is_sample)

    def test_a_perpetrator_named_in_the_case_is_added_on_the_victim_page(self):
        perpetrator = Perpetrator.objects.create(name_en="Morteza Eshraghi")
        url = f"/admin/victims/victim/{self.victim.pk}/change/"
        data = form_data(self.client.get(url))
        data.update(
            {"perpetrator_links-0-perpetrator": str(perpetrator.pk), "perpetrator_links-0-role": "sentenced"}
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(self.victim.perpetrator_links.get().perpetrator, perpetrator)

    def test_a_link_that_names_nobody_is_refused(self):
        url = f"/admin/victims/victim/{self.victim.pk}/change/"
        data = form_data(self.client.get(url))
        data.update({"perpetrator_links-0-role": "sentenced", "perpetrator_links-0-note": "a judge"})
        response = self.client.post(url, data)
        self.assertContains(response, "Name a perpetrator, or the commission or body, or both.")
        self.assertFalse(PerpetratorLink.objects.exists())

    def test_the_persian_admin_opens_too(self):
        self.assertEqual(self.client.get("/fa/admin/victims/victim/").status_code, 200)
