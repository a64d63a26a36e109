"""Roles and review: who may publish, what publishing needs, reasons, no lost edits, the review queue."""

from __future__ import annotations

from django.contrib.auth.models import Group

from archive.models import Status
from editorial.history import entries_for
from perpetrators.models import Perpetrator, Position
from tests.admin.support import form_data
from tests.base import BaseTestCase
from victims.models import Victim

CITATION = "archive-citation-content_type-object_id-0-"


class RolesTest(BaseTestCase):
    def test_the_three_roles_exist_and_only_reviewers_publish(self):
        roles = {group.name: group for group in Group.objects.all()}
        self.assertLessEqual({"editor", "reviewer", "administrator"}, set(roles))
        codenames = {name: set(g.permissions.values_list("codename", flat=True)) for name, g in roles.items()}
        self.assertIn("change_victim", codenames["editor"])
        self.assertNotIn("publish_records", codenames["editor"])
        self.assertIn("publish_records", codenames["reviewer"])
        self.assertIn("change_user", codenames["administrator"])


class PublishingTest(BaseTestCase):
    def setUp(self):
        self.source = self.make_source()
        self.victim = Victim.objects.create(name_en="Maryam Karimi")
        self.url = f"/admin/victims/victim/{self.victim.pk}/change/"

    def post(self, user, **changes):
        self.client.force_login(user)
        data = form_data(self.client.get(self.url))
        return self.client.post(self.url, {**data, **changes}, follow=True)

    def test_an_editor_cannot_publish_her_draft(self):
        self.cite(self.victim, self.source)
        self.client.force_login(self.editor)
        choices = [
            value for value, _ in self.client.get(self.url).context["adminform"].form.fields["status"].choices
        ]
        self.assertEqual(choices, [Status.DRAFT, Status.IN_REVIEW])
        response = self.post(self.editor, status=Status.PUBLISHED)
        self.assertContains(response, "Select a valid choice")
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.status, Status.DRAFT)
        self.post(self.editor, status=Status.IN_REVIEW)
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.status, Status.IN_REVIEW)

    def test_a_reviewer_publishes_a_cited_record(self):
        self.cite(self.victim, self.source)
        self.post(self.reviewer, status=Status.PUBLISHED)
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.status, Status.PUBLISHED)

    def test_publishing_without_a_citation_is_refused_and_the_edit_kept(self):
        response = self.post(self.reviewer, status=Status.PUBLISHED, occupation="nurse")
        self.assertContains(response, "Saved, but not published: it cites no source")
        self.victim.refresh_from_db()
        self.assertEqual((self.victim.status, self.victim.occupation), (Status.IN_REVIEW, "nurse"))

    def test_a_citation_added_on_the_same_page_counts(self):
        response = self.post(
            self.reviewer,
            status=Status.PUBLISHED,
            **{
                f"{CITATION}claim": "general",
                f"{CITATION}source": str(self.source.pk),
                f"{CITATION}quote": "Maryam Karimi was executed.",
                f"{CITATION}confidence": "medium",
            },
        )
        self.assertNotContains(response, "not published")
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.status, Status.PUBLISHED)

    def test_a_restricted_testimony_does_not_make_a_record_publishable(self):
        self.cite(self.victim, self.make_source("Testimony of a relative", restricted=True))
        response = self.post(self.reviewer, status=Status.PUBLISHED)
        self.assertContains(response, "Saved, but not published: it cites no source")

    def test_the_admin_names_the_facts_without_a_citation(self):
        self.cite(self.victim, self.source)
        response = self.post(self.reviewer, status=Status.PUBLISHED, occupation="nurse")
        self.assertContains(response, "these facts have no citation: occupation")

    def test_the_form_says_what_the_record_still_lacks(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.url), "it cites no source")
        self.cite(self.victim, self.source)
        Victim.objects.filter(pk=self.victim.pk).update(occupation="nurse")
        self.assertContains(self.client.get(self.url), "these facts have no citation: occupation")
        self.cite(self.victim, self.source, claim="occupation")
        self.assertContains(self.client.get(self.url), "nothing: every fact it states is cited")

    def test_a_published_record_is_read_only_to_an_editor_and_needs_a_reason_from_a_reviewer(self):
        self.cite(self.victim, self.source)
        Victim.objects.filter(pk=self.victim.pk).update(status=Status.PUBLISHED)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(self.url), 'name="_save"')
        response = self.post(self.reviewer, name_fa="مریم کریمی")
        self.assertContains(response, "Say why: this record is public")
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.name_fa, "")
        self.post(self.reviewer, name_fa="مریم کریمی", change_reason="Persian spelling from her sister.")
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.name_fa, "مریم کریمی")
        self.assertEqual(entries_for(self.victim).first().reason, "Persian spelling from her sister.")


class ConflictTest(BaseTestCase):
    """Two editors open the same record; both save."""

    def setUp(self):
        self.victim = Victim.objects.create(name_en="Ali Rezaei")
        self.url = f"/admin/victims/victim/{self.victim.pk}/change/"
        self.client.force_login(self.editor)
        self.first = form_data(self.client.get(self.url))
        self.second = form_data(self.client.get(self.url))

    def test_the_second_save_is_a_conflict_that_shows_both_versions_and_keeps_both(self):
        self.assertEqual(self.client.post(self.url, {**self.first, "occupation": "teacher"}).status_code, 302)
        response = self.client.post(self.url, {**self.second, "occupation": "student"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Someone else saved this record while you were editing it")
        self.assertContains(response, "<i>teacher</i>", html=False)
        self.assertContains(response, "<i>student</i>", html=False)
        self.assertContains(response, 'value="student"')  # the second editor's edit is still in the form
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.occupation, "teacher")  # the first is not overwritten
        # Saving again on purpose goes through, and both versions stay in the history.
        again = form_data(response)
        self.assertEqual(self.client.post(self.url, again).status_code, 302)
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.occupation, "student")
        occupations = [entry.values["occupation"] for entry in entries_for(self.victim)]
        self.assertEqual(occupations[:2], ["student", "teacher"])

    def test_a_citation_saved_meanwhile_is_a_conflict_too(self):
        self.cite(self.victim, self.make_source())
        response = self.client.post(self.url, {**self.second, "occupation": "student"})
        self.assertContains(response, "Someone else saved this record")

    def test_a_position_saved_meanwhile_is_a_conflict_on_its_perpetrator(self):
        official = Perpetrator.objects.create(name_en="Hossein-Ali Nayeri")
        url = f"/admin/perpetrators/perpetrator/{official.pk}/change/"
        opened = form_data(self.client.get(url))
        Position.objects.create(perpetrator=official, title_en="Sharia judge")
        response = self.client.post(url, {**opened, "biography_en": "Judge of the Tehran commission."})
        self.assertContains(response, "Someone else saved this record")
        official.refresh_from_db()
        self.assertEqual(official.biography_en, "")

    def test_saves_one_after_the_other_are_no_conflict(self):
        self.client.post(self.url, {**self.first, "occupation": "teacher"})
        fresh = form_data(self.client.get(self.url))
        self.assertEqual(self.client.post(self.url, {**fresh, "occupation": "student"}).status_code, 302)


class ReviewQueueTest(BaseTestCase):
    def test_it_lists_records_in_review_with_the_change_since_publication(self):
        source = self.make_source()
        victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED, occupation="student")
        self.cite(victim, source)
        victim.status, victim.occupation = Status.IN_REVIEW, "teacher"
        victim.save()
        Victim.objects.create(name_en="Reza Ahmadi", status=Status.IN_REVIEW)
        Victim.objects.create(name_en="Draft Only")
        self.client.force_login(self.editor)
        response = self.client.get("/admin/editorial/reviewqueue/")
        self.assertContains(response, "Ali Rezaei")
        self.assertContains(response, "Reza Ahmadi")
        self.assertNotContains(response, "Draft Only")
        items = {str(item["record"]): item for item in response.context["items"]}
        changed = {row.name: (row.before, row.after) for row in items["Ali Rezaei"]["rows"]}
        self.assertEqual(changed["occupation"], ("student", "teacher"))
        self.assertIsNone(items["Reza Ahmadi"]["published"])
        self.assertContains(response, "Never published")
