"""Publication state: one published() for the public, drafts for staff, addresses that survive renames."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from archive.models import SlugRedirect, Status
from tests.base import BaseTestCase
from victims.models import Victim


class PublicationTests(BaseTestCase):
    def setUp(self):
        self.states = {
            state: Victim.objects.create(name_en=f"Person {state}", status=state) for state in Status.values
        }

    def test_published_holds_only_published_records(self):
        self.assertEqual(list(Victim.objects.published()), [self.states[Status.PUBLISHED]])

    def test_the_public_sees_only_published_records(self):
        self.assertEqual(list(Victim.objects.visible_to(AnonymousUser())), [self.states[Status.PUBLISHED]])

    def test_staff_see_every_state(self):
        self.assertEqual(Victim.objects.visible_to(self.editor).count(), 4)

    def test_a_new_record_is_a_draft(self):
        self.assertEqual(Victim.objects.create(name_en="New").status, Status.DRAFT)


class SlugTests(BaseTestCase):
    def test_a_slug_is_made_from_the_name(self):
        self.assertEqual(Victim.objects.create(name_en="Zahra Rezaei").slug, "zahra-rezaei")

    def test_a_persian_only_name_gets_a_persian_slug(self):
        self.assertEqual(Victim.objects.create(name_fa="زهرا رضایی").slug, "زهرا-رضایی")

    def test_a_second_person_of_the_same_name_gets_a_distinct_slug(self):
        Victim.objects.create(name_en="Ali Ahmadi")
        self.assertEqual(Victim.objects.create(name_en="Ali Ahmadi").slug, "ali-ahmadi-2")

    def test_correcting_a_name_does_not_change_the_slug(self):
        victim = Victim.objects.create(name_en="Ali Ahmady")
        victim.name_en = "Ali Ahmadi"
        victim.save()
        self.assertEqual(victim.slug, "ali-ahmady")

    def test_a_changed_slug_keeps_the_old_one_as_a_redirect(self):
        victim = Victim.objects.create(name_en="Ali Ahmady", status=Status.PUBLISHED)
        victim = Victim.objects.get(pk=victim.pk)
        victim.slug = "ali-ahmadi"
        victim.save()
        self.assertTrue(SlugRedirect.objects.filter(old_slug="ali-ahmady", object_id=victim.pk).exists())
        self.assertEqual(Victim.objects.published().by_slug_or_404("ali-ahmady"), victim)

    def test_an_old_slug_of_a_draft_is_not_found_by_the_public(self):
        victim = Victim.objects.create(name_en="Ali Ahmady")
        victim = Victim.objects.get(pk=victim.pk)
        victim.slug = "ali-ahmadi"
        victim.save()
        with self.assertRaises(Http404):
            Victim.objects.published().by_slug_or_404("ali-ahmady")
