"""Merging two records of one victim, and undoing it: nothing lost, the old address redirects, one entry each."""

from __future__ import annotations

import io

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from PIL import Image

from archive.models import Citation, Event, Place, PlaceKind, SlugRedirect, Status
from editorial.history import entries_for
from editorial.merging import MergeRefused, merge, undo_merge
from editorial.models import Action, HistoryEntry
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from victims.models import PerpetratorLink, Victim, VictimName, VictimPhoto


def jpeg() -> ContentFile:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 80, 40)).save(data, "JPEG")
    return ContentFile(data.getvalue(), name="portrait.jpg")


class MergeCase(BaseTestCase):
    """Two records of one man: the kept one sparse, the other with more, both cited."""

    def setUp(self):
        self.source = self.make_source()
        self.evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON)
        self.gohardasht = Place.objects.create(name_en="Gohardasht Prison", kind=PlaceKind.PRISON)
        self.event = Event.objects.create(name_en="1988 massacre")
        self.kept = Victim.objects.create(
            name_en="Mostafa Rahimi", affiliation="Tudeh Party", status=Status.PUBLISHED
        )
        self.kept.prisons.add(self.evin)
        self.other = Victim.objects.create(
            name_en="Mustafa Rahimi",
            name_fa="مصطفی رحیمی",
            affiliation="PMOI",
            occupation="teacher",
            death_text="Mordad 1367",
            death_calendar="solar_hijri",
            death_place=self.gohardasht,
            slug="mustafa-rahimi-old",
            status=Status.PUBLISHED,
        )
        self.other.slug = "mustafa-rahimi"
        self.other.save()  # leaves "mustafa-rahimi-old" redirecting to it
        self.other.prisons.add(self.evin, self.gohardasht)
        self.other.events.add(self.event)
        self.kept_citations = [self.cite(self.kept, self.source, locator=f"p. {n}") for n in (1, 2)]
        self.other_citations = [self.cite(self.other, self.source, locator=f"p. {n}") for n in (3, 4, 5)]
        self.variant = VictimName.objects.create(victim=self.other, name="Mostafa Rahimy")
        self.photo = VictimPhoto.objects.create(victim=self.other, image=jpeg(), credit="The family")
        perpetrator = Perpetrator.objects.create(name_en="Hossein-Ali Nayyeri")
        self.link = PerpetratorLink.objects.create(
            victim=self.other, perpetrator=perpetrator, role="sentenced"
        )
        self.link_citation = self.cite(self.link, self.source, locator="p. 9")

    def merge(self, **kwargs):
        kwargs.setdefault("user", self.reviewer)
        kwargs.setdefault("reason", "The same man: both lists give his father's name.")
        return merge(self.kept, self.other, **kwargs)

    def citations_of(self, victim) -> set[int]:
        victim_type = ContentType.objects.get_for_model(Victim)
        return set(
            Citation.objects.filter(content_type=victim_type, object_id=victim.pk).values_list(
                "pk", flat=True
            )
        )


class MergeTest(MergeCase):
    def test_a_merge_keeps_every_citation_and_redirects(self):
        before = len(self.citations_of(self.kept)) + len(self.citations_of(self.other))
        self.merge()
        self.assertEqual(
            self.citations_of(self.kept), {c.pk for c in self.kept_citations + self.other_citations}
        )
        self.assertEqual(len(self.citations_of(self.kept)), before)
        self.assertFalse(Victim.objects.filter(pk=self.other.pk).exists())
        for old in (
            "/victims/mustafa-rahimi/",
            "/victims/mustafa-rahimi-old/",
            "/fa/victims/mustafa-rahimi/",
        ):
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertEqual(response.status_code, 301)
                self.assertTrue(response["Location"].endswith(f"/victims/{self.kept.slug}/"))

    def test_photos_variants_links_events_and_prisons_move_to_the_kept_record(self):
        self.merge()
        self.assertEqual(list(self.kept.photos.all()), [self.photo])
        self.assertEqual(list(self.kept.perpetrator_links.all()), [self.link])
        self.assertEqual(list(self.link.citations.all()), [self.link_citation])
        self.assertEqual(set(self.kept.prisons.all()), {self.evin, self.gohardasht})
        self.assertEqual(list(self.kept.events.all()), [self.event])
        self.assertIn(self.variant, self.kept.variants.all())

    def test_the_others_names_become_variants_and_only_empty_fields_are_filled(self):
        self.merge()
        self.kept.refresh_from_db()
        self.assertEqual(self.kept.name_en, "Mostafa Rahimi")
        self.assertEqual(self.kept.name_fa, "مصطفی رحیمی")  # was empty: filled
        self.assertEqual(self.kept.affiliation, "Tudeh Party")  # was filled: kept
        self.assertEqual(self.kept.occupation, "teacher")
        self.assertEqual((self.kept.death_text, self.kept.death_place), ("Mordad 1367", self.gohardasht))
        self.assertEqual(
            sorted(self.kept.variants.values_list("name", flat=True)), ["Mostafa Rahimy", "Mustafa Rahimi"]
        )
        self.assertIn("mostafarahimi", self.kept.search_names)
        self.assertIn("مصطفیرحیمی", self.kept.search_names)

    def test_the_merge_is_one_history_entry_that_says_what_was_moved(self):
        before = HistoryEntry.objects.count()
        entry = self.merge()
        self.assertEqual(HistoryEntry.objects.count(), before + 1)
        self.assertEqual((entry.action, entry.object_id), (Action.MERGE, str(self.kept.pk)))
        self.assertEqual(
            (entry.author_name, entry.reason),
            ("reviewer", "The same man: both lists give his father's name."),
        )
        merged = entry.values["merged_from"]
        self.assertEqual((merged["id"], merged["slug"]), (str(self.other.pk), "mustafa-rahimi"))
        self.assertEqual(merged["snapshot"]["occupation"], "teacher")
        self.assertEqual(merged["moved"]["citations"], sorted(c.pk for c in self.other_citations))
        self.assertEqual(merged["moved"]["photos"], [self.photo.pk])
        self.assertEqual(merged["moved"]["links"], [self.link.pk])
        self.assertEqual(merged["moved"]["prisons"], [self.gohardasht.pk])
        self.assertEqual(merged["filled"]["occupation"], "")
        self.assertEqual(entry.values["occupation"], "teacher")  # the kept record after the merge

    def test_the_kept_records_history_includes_the_others(self):
        earlier = set(entries_for(self.other).values_list("sequence", flat=True))
        self.assertTrue(earlier)
        self.merge()
        self.assertLessEqual(earlier, set(entries_for(self.kept).values_list("sequence", flat=True)))

    def test_a_record_cannot_be_merged_with_itself(self):
        with self.assertRaisesMessage(MergeRefused, "cannot be merged with itself"):
            merge(self.kept, Victim.objects.get(pk=self.kept.pk), user=self.reviewer, reason="Same.")

    def test_a_merge_needs_a_reason(self):
        with self.assertRaisesMessage(MergeRefused, "Give the reason"):
            self.merge(reason="  ")
        self.assertTrue(Victim.objects.filter(pk=self.other.pk).exists())

    def test_an_editor_cannot_merge(self):
        with self.assertRaises(PermissionDenied):
            self.merge(user=self.editor)
        self.assertTrue(Victim.objects.filter(pk=self.other.pk).exists())
        self.assertEqual(len(self.citations_of(self.other)), 3)


class UndoMergeTest(MergeCase):
    def setUp(self):
        super().setUp()
        self.entry = self.merge()

    def undo(self, **kwargs):
        kwargs.setdefault("user", self.reviewer)
        kwargs.setdefault("reason", "Two brothers, not one man.")
        return undo_merge(self.entry, **kwargs)

    def test_undo_restores_the_other_record_as_one_entry(self):
        before = HistoryEntry.objects.count()
        entry = self.undo()
        self.assertEqual(HistoryEntry.objects.count(), before + 1)
        self.assertEqual((entry.action, entry.object_id), (Action.RESTORE, str(self.kept.pk)))
        self.assertEqual(entry.values["unmerged"]["id"], str(self.other.pk))
        other = Victim.objects.get(pk=self.other.pk)
        self.assertEqual(
            (other.slug, other.name_fa, other.occupation), ("mustafa-rahimi", "مصطفی رحیمی", "teacher")
        )
        self.assertEqual(self.citations_of(other), {c.pk for c in self.other_citations})
        self.assertEqual(self.citations_of(self.kept), {c.pk for c in self.kept_citations})
        self.assertEqual(list(other.photos.all()), [self.photo])
        self.assertEqual(list(other.perpetrator_links.all()), [self.link])
        self.assertEqual(list(other.variants.values_list("name", flat=True)), ["Mostafa Rahimy"])
        self.assertEqual(set(other.prisons.all()), {self.evin, self.gohardasht})
        self.assertEqual(list(other.events.all()), [self.event])

    def test_undo_takes_back_what_the_merge_filled_added_and_redirected(self):
        self.undo()
        self.kept.refresh_from_db()
        self.assertEqual((self.kept.name_fa, self.kept.occupation, self.kept.death_text), ("", "", ""))
        self.assertIsNone(self.kept.death_place)
        self.assertEqual(list(self.kept.variants.all()), [])
        self.assertEqual(list(self.kept.prisons.all()), [self.evin])
        self.assertEqual(list(self.kept.events.all()), [])
        self.assertEqual(self.client.get("/victims/mustafa-rahimi/").status_code, 200)
        response = self.client.get("/victims/mustafa-rahimi-old/")
        self.assertRedirects(response, "/victims/mustafa-rahimi/", status_code=301)
        self.assertFalse(SlugRedirect.objects.filter(old_slug="mustafa-rahimi").exists())

    def test_undo_is_refused_when_a_moved_citation_was_deleted_since(self):
        self.other_citations[0].delete()
        with self.assertRaisesMessage(MergeRefused, "1 of the citations moved by the merge was deleted"):
            self.undo()
        self.assertFalse(Victim.objects.filter(pk=self.other.pk).exists())
        self.assertEqual(len(self.citations_of(self.kept)), 4)

    def test_undo_is_refused_when_a_filled_field_was_edited_since(self):
        self.kept.refresh_from_db()
        self.kept.occupation = "schoolteacher"
        self.kept.save()
        with self.assertRaisesMessage(MergeRefused, "occupation"):
            self.undo()

    def test_a_merge_is_undone_once(self):
        self.undo()
        with self.assertRaisesMessage(MergeRefused, "undone already"):
            self.undo()

    def test_an_editor_cannot_undo_a_merge(self):
        with self.assertRaises(PermissionDenied):
            self.undo(user=self.editor)
        self.assertFalse(Victim.objects.filter(pk=self.other.pk).exists())


class MergeAdminTest(MergeCase):
    def setUp(self):
        super().setUp()
        self.url = f"/admin/victims/victim/merge/{self.kept.pk}/{self.other.pk}/"

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(
            self.url, {"keep": self.kept.pk, "reason": "The same man.", **data}, follow=True
        )

    def test_the_compare_page_shows_both_records_side_by_side(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Mostafa Rahimi")
        self.assertContains(response, "Mustafa Rahimi")
        self.assertContains(response, "teacher")
        self.assertContains(response, 'type="radio" name="keep"', count=2)
        self.assertContains(response, "+50 same name")

    def test_a_reviewer_merges_and_lands_on_the_kept_record(self):
        response = self.post(self.reviewer)
        self.assertRedirects(response, f"/admin/victims/victim/{self.kept.pk}/change/")
        self.assertContains(response, "was merged into")
        self.assertFalse(Victim.objects.filter(pk=self.other.pk).exists())
        self.assertEqual(len(self.citations_of(self.kept)), 5)
        entry = entries_for(self.kept).first()
        self.assertEqual((entry.action, entry.via), (Action.MERGE, "admin: merge"))
        self.assertContains(response, f'href="/admin/victims/victim/merges/{entry.sequence}/undo/"')

    def test_the_other_record_can_be_the_one_kept(self):
        self.post(self.reviewer, keep=self.other.pk)
        self.assertFalse(Victim.objects.filter(pk=self.kept.pk).exists())
        self.assertEqual(len(self.citations_of(self.other)), 5)

    def test_an_editor_sees_the_comparison_but_cannot_merge(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.url), "Only reviewers can merge records.")
        self.assertEqual(
            self.client.post(self.url, {"keep": self.kept.pk, "reason": "Same."}).status_code, 403
        )
        self.assertTrue(Victim.objects.filter(pk=self.other.pk).exists())

    def test_a_merge_without_a_reason_changes_nothing(self):
        entries = HistoryEntry.objects.count()
        response = self.post(self.reviewer, reason="")
        self.assertContains(response, "Nothing was merged")
        self.assertTrue(Victim.objects.filter(pk=self.other.pk).exists())
        self.assertEqual(HistoryEntry.objects.count(), entries)

    def test_a_record_chosen_twice_changes_nothing(self):
        self.client.force_login(self.reviewer)
        same = f"/admin/victims/victim/merge/{self.kept.pk}/{self.kept.pk}/"
        response = self.client.post(same, {"keep": self.kept.pk, "reason": "Same."}, follow=True)
        self.assertRedirects(response, "/admin/victims/victim/duplicates/")
        self.assertContains(response, "cannot be merged with itself")
        self.assertTrue(Victim.objects.filter(pk=self.kept.pk).exists())

    def test_a_record_that_is_not_one_of_the_two_cannot_be_kept(self):
        stranger = Victim.objects.create(name_en="Someone Else")
        response = self.post(self.reviewer, keep=stranger.pk)
        self.assertContains(response, "Nothing was merged")
        self.assertTrue(Victim.objects.filter(pk=self.other.pk).exists())

    def test_other_methods_are_refused(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertTrue(Victim.objects.filter(pk=self.other.pk).exists())

    def test_a_missing_record_is_404(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(
            self.client.get(f"/admin/victims/victim/merge/{self.kept.pk}/999999/").status_code, 404
        )

    def test_the_merge_is_undone_from_its_page(self):
        self.post(self.reviewer)
        entry = entries_for(self.kept).first()
        url = f"/admin/victims/victim/merges/{entry.sequence}/undo/"
        self.assertContains(self.client.get(url), "Undo the merge")
        self.assertContains(self.client.get("/admin/victims/victim/duplicates/"), f'href="{url}"')
        response = self.client.post(url, {"reason": "Two brothers."}, follow=True)
        self.assertRedirects(response, f"/admin/victims/victim/{self.other.pk}/change/")
        self.assertContains(response, "The merge was undone")
        self.assertEqual(len(self.citations_of(self.other)), 3)
        self.assertEqual(entries_for(self.kept).first().action, Action.RESTORE)

    def test_undoing_without_a_reason_changes_nothing(self):
        self.post(self.reviewer)
        entry = entries_for(self.kept).first()
        response = self.client.post(f"/admin/victims/victim/merges/{entry.sequence}/undo/", {"reason": ""})
        self.assertContains(response, "The merge was not undone")
        self.assertFalse(Victim.objects.filter(pk=self.other.pk).exists())

    def test_the_undo_page_says_why_a_merge_cannot_be_undone(self):
        self.post(self.reviewer)
        entry = entries_for(self.kept).first()
        Citation.objects.filter(pk=self.other_citations[0].pk).delete()
        response = self.client.get(f"/admin/victims/victim/merges/{entry.sequence}/undo/")
        self.assertContains(response, "This merge cannot be undone now")
        self.assertNotContains(response, "Undo the merge</button>")

    def test_an_editor_cannot_open_the_undo_page(self):
        self.post(self.reviewer)
        entry = entries_for(self.kept).first()
        self.client.force_login(self.editor)
        self.assertEqual(
            self.client.get(f"/admin/victims/victim/merges/{entry.sequence}/undo/").status_code, 403
        )
