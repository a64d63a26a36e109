"""Bulk moves between publication states, from every public record's list."""

from __future__ import annotations

from django.contrib import admin

from archive.models import Place, Publishable, Status
from editorial.models import HistoryEntry
from tests.base import BaseTestCase
from victims.models import Victim


class PublicationActionsTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.reviewer)
        self.victims = [Victim.objects.create(name_en=f"Victim {i}") for i in range(3)]
        source = self.make_source()
        for victim in self.victims:
            self.cite(victim, source)

    def run_action(self, action, records, url="/admin/victims/victim/", **more):
        data = {"action": action, "_selected_action": [str(record.pk) for record in records], **more}
        return self.client.post(url, data, follow=True)

    def test_it_publishes_the_selected_records(self):
        response = self.run_action("mark_published", self.victims[:2])
        self.assertEqual(
            [victim.status for victim in Victim.objects.order_by("pk")],
            [Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT],
        )
        self.assertContains(response, "2 victims moved to “published”.")

    def test_the_message_counts_only_the_records_that_changed(self):
        Victim.objects.filter(pk=self.victims[0].pk).update(status=Status.WITHDRAWN)
        response = self.run_action("mark_withdrawn", self.victims[:2], change_reason="Identity in doubt.")
        self.assertContains(response, "1 victim moved to “withdrawn”.")
        self.assertFalse(
            Victim.objects.exclude(pk=self.victims[2].pk).exclude(status=Status.WITHDRAWN).exists()
        )

    def test_it_sends_records_for_review_and_back_to_draft(self):
        self.run_action("mark_in_review", self.victims)
        self.assertEqual(set(Victim.objects.values_list("status", flat=True)), {Status.IN_REVIEW})
        self.run_action("mark_draft", self.victims)
        self.assertEqual(set(Victim.objects.values_list("status", flat=True)), {Status.DRAFT})

    def test_it_works_on_other_records_too(self):
        place = Place.objects.create(name_en="Khavaran", kind="mass_grave")
        self.run_action("mark_published", [place], url="/admin/archive/place/")
        place.refresh_from_db()
        self.assertEqual(place.status, Status.PUBLISHED)

    def test_every_public_record_has_the_four_moves(self):
        expected = {"mark_draft", "mark_in_review", "mark_published", "mark_withdrawn"}
        for model, model_admin in admin.site._registry.items():
            if issubclass(model, Publishable):
                with self.subTest(model=model._meta.label):
                    self.assertLessEqual(expected, {action.__name__ for action in model_admin.actions})

    def test_the_moves_need_the_permission_to_change(self):
        self.client.force_login(self.editor)
        self.editor.user_permissions.remove(*self.editor.user_permissions.filter(codename="change_victim"))
        self.editor.groups.clear()
        response = self.run_action("mark_in_review", self.victims)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Victim.objects.filter(status=Status.IN_REVIEW).exists())

    def test_an_editor_cannot_publish_or_withdraw(self):
        self.client.force_login(self.editor)
        for action in ("mark_published", "mark_withdrawn"):
            with self.subTest(action=action):
                self.run_action(action, self.victims, change_reason="Checked.")
                self.assertEqual(set(Victim.objects.values_list("status", flat=True)), {Status.DRAFT})

    def test_publishing_without_citations_is_refused_and_says_why(self):
        uncited = Victim.objects.create(name_en="Victim without a source")
        response = self.run_action("mark_published", [uncited, self.victims[0]])
        uncited.refresh_from_db()
        self.assertEqual(uncited.status, Status.DRAFT)
        self.assertContains(response, "1 victim moved to “published”.")
        self.assertContains(response, "Not published:")
        self.assertContains(response, "Victim without a source (it cites no source")

    def test_a_fact_without_its_own_citation_is_named(self):
        self.victims[0].occupation = "teacher"
        self.victims[0].save()
        response = self.run_action("mark_published", self.victims[:1])
        self.assertContains(response, "these facts have no citation: occupation")
        self.assertEqual(Victim.objects.get(pk=self.victims[0].pk).status, Status.DRAFT)

    def test_moving_a_public_record_asks_for_the_reason_first(self):
        Victim.objects.filter(pk=self.victims[0].pk).update(status=Status.PUBLISHED)
        response = self.run_action("mark_draft", self.victims[:1])
        self.assertContains(response, "Reason for this change")
        self.assertEqual(Victim.objects.get(pk=self.victims[0].pk).status, Status.PUBLISHED)
        self.run_action(
            "mark_draft", self.victims[:1], change_reason="A family member asked us to check the dates."
        )
        self.assertEqual(Victim.objects.get(pk=self.victims[0].pk).status, Status.DRAFT)
        entry = HistoryEntry.objects.filter(object_id=str(self.victims[0].pk)).order_by("-sequence").first()
        self.assertEqual(
            (entry.author_name, entry.reason, entry.values["status"]),
            ("reviewer", "A family member asked us to check the dates.", "draft"),
        )
