"""The history: every write path leaves an entry, the chain is tamper-evident, and versions can be
viewed, compared and restored."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings

from archive.models import Citation, Status
from editorial.history import entries_for, recording, snapshot
from editorial.models import Action, HistoryEntry
from tests.admin.support import form_data
from tests.base import BaseTestCase
from victims.models import Victim, VictimName


def latest(record) -> HistoryEntry:
    return entries_for(record).first()


def verify_history(*args) -> str:
    out = StringIO()
    call_command("verify_history", *args, stdout=out)
    return out.getvalue()


class WritePathsTest(BaseTestCase):
    def test_a_save_in_code_is_recorded_as_made_by_code(self):
        victim = Victim.objects.create(name_en="Ali Rezaei")
        entry = latest(victim)
        self.assertEqual((entry.action, entry.via, entry.author_name), (Action.CREATE, "code", ""))
        self.assertEqual(entry.values["name_en"], "Ali Rezaei")

    def test_a_block_records_each_record_once_with_its_variants_and_links(self):
        victim = Victim.objects.create(name_en="Ali Rezaei")
        with recording(via="test", user=self.editor, reason="Second spelling from the family."):
            VictimName.objects.create(victim=victim, name="Ali Rezayi")
            victim.occupation = "student"
            victim.save()
        entries = list(entries_for(victim))
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries[0].changed_fields, ["occupation", "variants"])
        self.assertEqual(
            (entries[0].author_name, entries[0].reason), ("editor", "Second spelling from the family.")
        )
        self.assertEqual(entries[0].values["variants"][0]["name"], "Ali Rezayi")

    def test_the_admin_add_change_delete_and_inline_citations_are_recorded(self):
        self.client.force_login(self.editor)
        source = self.make_source()
        response = self.client.get("/admin/victims/victim/add/")
        data = form_data(response)
        data.update(
            {
                "name_en": "Maryam Karimi",
                "status": Status.DRAFT,
                "archive-citation-content_type-object_id-0-claim": "general",
                "archive-citation-content_type-object_id-0-source": str(source.pk),
                "archive-citation-content_type-object_id-0-quote": "Maryam Karimi was executed.",
                "archive-citation-content_type-object_id-0-confidence": "medium",
            }
        )
        self.assertEqual(self.client.post("/admin/victims/victim/add/", data).status_code, 302)
        victim = Victim.objects.get(name_en="Maryam Karimi")
        kinds = {(entry.content_type.model, entry.action, entry.via) for entry in entries_for(victim)}
        self.assertEqual(kinds, {("victim", "create", "admin"), ("citation", "create", "admin")})
        url = f"/admin/victims/victim/{victim.pk}/"
        data = form_data(self.client.get(url + "change/"))
        self.client.post(url + "change/", {**data, "occupation": "nurse", "change_reason": "Per her sister."})
        self.assertEqual(latest(victim).changed_fields, ["occupation"])
        self.client.post(url + "delete/", {"post": "yes"})
        self.assertFalse(Victim.objects.filter(pk=victim.pk).exists())
        deletion = entries_for(victim).filter(content_type__model="victim").first()
        self.assertEqual(deletion.action, Action.DELETE)
        self.assertEqual(deletion.values["occupation"], "nurse")
        self.assertEqual(latest(victim).content_type.model, "citation")  # gone with it, recorded too

    def test_the_seed_command_is_recorded_as_such(self):
        call_command("load_seed", stdout=StringIO())
        self.assertTrue(HistoryEntry.objects.filter(via="command: load_seed").exists())
        self.assertFalse(
            HistoryEntry.objects.exclude(via__in=["command: load_seed", "text extraction"]).exists()
        )

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_sample_data_is_recorded_when_made_and_when_replaced(self):
        call_command("load_sample_data", "--victims", "20", stdout=StringIO())
        victim = Victim.objects.filter(is_sample=True).prefetch_related("variants").first()
        made = entries_for(victim).filter(content_type__model="victim").get()
        self.assertEqual((made.action, made.via), (Action.CREATE, "command: load_sample_data"))
        self.assertEqual(made.values, snapshot(victim))  # as the signals would have recorded it
        sample_citations = Citation.objects.filter(
            content_type__model="victim", object_id__in=Victim.objects.filter(is_sample=True).values("pk")
        )
        self.assertEqual(
            HistoryEntry.objects.filter(
                content_type__model="citation", action=Action.CREATE, via="command: load_sample_data"
            ).count(),
            sample_citations.count(),
        )
        call_command("load_sample_data", "--victims", "20", stdout=StringIO())  # replaces them
        gone = entries_for(victim).filter(content_type__model="victim").first()
        self.assertEqual((gone.action, gone.values["name_en"]), (Action.DELETE, victim.name_en))
        self.assertIn("History intact", verify_history())

    def test_citations_belong_to_the_history_of_the_record_they_support(self):
        victim = Victim.objects.create(name_en="Ali Rezaei")
        citation = self.cite(victim, self.make_source())
        self.assertEqual(latest(victim).content_type.model, "citation")
        citation.delete()
        self.assertEqual(latest(victim).action, Action.DELETE)
        self.assertFalse(Citation.objects.exists())


class ChainTest(BaseTestCase):
    def setUp(self):
        for name in ("Ali Rezaei", "Maryam Karimi", "Reza Ahmadi"):
            Victim.objects.create(name_en=name)

    def verify(self, *args) -> str:
        return verify_history(*args)

    def test_an_intact_history_verifies_and_names_its_head(self):
        head = HistoryEntry.objects.order_by("-sequence").first().hash
        self.assertIn(f"History intact: 3 entries. Head: {head}", self.verify())
        self.assertIn("History intact", self.verify("--head", head))

    def test_altering_one_row_breaks_the_chain_at_that_entry(self):
        second = HistoryEntry.objects.get(sequence=2)
        HistoryEntry.objects.filter(pk=second.pk).update(reason="A reason nobody gave.")
        with self.assertRaisesMessage(CommandError, "History broken at entry #2"):
            self.verify()

    def test_altering_the_record_data_or_the_time_breaks_it_too(self):
        for change in ({"data": '{"name_en":"Someone else"}'}, {"author_name": "reviewer"}):
            with self.subTest(change=change):
                original = HistoryEntry.objects.get(sequence=3)
                HistoryEntry.objects.filter(sequence=3).update(**change)
                with self.assertRaisesMessage(CommandError, "its content does not match its hash"):
                    self.verify()
                original.save()

    def test_deleting_a_row_breaks_the_chain_after_it(self):
        HistoryEntry.objects.filter(sequence=2).delete()
        with self.assertRaisesMessage(CommandError, "entries #2 to #2 are missing"):
            self.verify()

    def test_rehashing_a_row_does_not_hide_it_the_next_link_breaks(self):
        entry = HistoryEntry.objects.get(sequence=2)
        entry.reason = "Rewritten."
        entry.hash = entry.compute_hash()
        entry.save()
        with self.assertRaisesMessage(CommandError, "History broken at entry #3"):
            self.verify()

    def test_cutting_entries_off_the_end_is_caught_with_a_noted_head(self):
        head = HistoryEntry.objects.order_by("-sequence").first().hash
        HistoryEntry.objects.filter(sequence=3).delete()
        self.assertIn("History intact: 2 entries", self.verify())
        with self.assertRaisesMessage(CommandError, "does not contain the head"):
            self.verify("--head", head)


class VersionsTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.victim = Victim.objects.create(name_en="Ali Rezaei", occupation="student")
        self.victim.occupation = "teacher"
        self.victim.save()
        self.first, self.second = entries_for(self.victim).order_by("sequence")
        self.base = f"/admin/victims/victim/{self.victim.pk}/history/"

    def test_the_history_page_lists_every_version(self):
        response = self.client.get(self.base)
        self.assertContains(response, f"#{self.first.sequence}")
        self.assertContains(response, f"#{self.second.sequence}")
        self.assertContains(response, "verify_history")

    def test_a_version_shows_what_it_changed(self):
        response = self.client.get(f"{self.base}{self.second.sequence}/")
        self.assertContains(response, "student")
        self.assertContains(response, "teacher")
        self.assertContains(response, self.second.hash)

    def test_two_versions_compare_side_by_side(self):
        response = self.client.get(
            f"{self.base}compare/", {"a": self.second.sequence, "b": self.first.sequence}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row.name for row in response.context["rows"] if row.changed], ["occupation"])
        self.assertEqual(self.client.get(f"{self.base}compare/", {"a": "x"}).status_code, 302)

    def test_restoring_a_version_is_itself_a_change_with_its_reason(self):
        response = self.client.post(
            f"{self.base}{self.first.sequence}/", {"reason": "The family says student."}
        )
        self.assertEqual(response.status_code, 302)
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.occupation, "student")
        entry = latest(self.victim)
        self.assertEqual(
            (entry.action, entry.reason, entry.author_name), ("restore", "The family says student.", "editor")
        )
        self.assertEqual(entries_for(self.victim).count(), 3)

    def test_restoring_needs_a_reason(self):
        self.client.post(f"{self.base}{self.first.sequence}/", {"reason": " "})
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.occupation, "teacher")

    def test_a_deleted_record_can_be_restored_from_its_last_version(self):
        victim = Victim.objects.create(name_en="Reza Ahmadi")
        VictimName.objects.create(victim=victim, name="Reza Ahmady")
        pk = victim.pk
        before_deletion = latest(victim)
        victim.delete()
        from editorial.versions import restore

        restored = restore(before_deletion, user=self.editor, reason="Deleted by mistake.")
        self.assertEqual((restored.pk, restored.name_en), (pk, "Reza Ahmadi"))
        self.assertEqual(list(restored.variants.values_list("name", flat=True)), ["Reza Ahmady"])


class RestoreDeletedTest(BaseTestCase):
    def test_a_deleted_record_comes_back_from_the_history_page(self):
        victim = Victim.objects.create(name_en="Reza Ahmadi", slug="reza-ahmadi")
        pk, last = victim.pk, latest(victim)
        victim.delete()
        self.client.force_login(self.editor)
        page = self.client.get(f"/admin/editorial/historyentry/{last.pk}/change/")
        self.assertContains(page, "Restore this version")
        self.client.post(f"/admin/editorial/historyentry/{last.pk}/restore/", {"reason": " "})
        self.assertFalse(Victim.objects.filter(pk=pk).exists())
        response = self.client.post(
            f"/admin/editorial/historyentry/{last.pk}/restore/", {"reason": "Deleted by mistake."}
        )
        self.assertRedirects(response, f"/admin/victims/victim/{pk}/change/")
        self.assertEqual(Victim.objects.get(pk=pk).slug, "reza-ahmadi")
        self.assertEqual(latest(Victim.objects.get(pk=pk)).action, Action.RESTORE)

    def test_the_history_list_cannot_be_edited(self):
        Victim.objects.create(name_en="Reza Ahmadi")
        self.client.force_login(self.reviewer)
        entry = HistoryEntry.objects.get()
        self.client.post(f"/admin/editorial/historyentry/{entry.pk}/change/", {"reason": "Changed."})
        self.client.post(f"/admin/editorial/historyentry/{entry.pk}/delete/", {"post": "yes"})
        self.assertEqual(HistoryEntry.objects.get().reason, "")
