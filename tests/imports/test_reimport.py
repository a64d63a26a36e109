"""Importing again: an external id updates its record instead of adding another, and an unchanged file changes
nothing at all."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q

from archive.models import Citation, SlugRedirect, Status
from editorial.merging import merge
from editorial.models import HistoryEntry
from imports.models import ImportedRecord
from tests.imports.support import ImportTestCase, victims_csv
from victims.models import Victim, VictimName

FIRST = victims_csv(
    "v1,Parviz Nikan (example),پرویز نیکان,Parviz Nikaan,male,Mordad 1367,solar_hijri,tehran,1988-massacre,"
    "example-list,death,row 12,",
    "v2,Shirin Ahmadpour (example),,,female,August 1988,gregorian,,1988-massacre,example-list,death,row 31,",
)


class ReimportTests(ImportTestCase):
    def setUp(self):
        super().setUp()
        self.run_import("import_victims", self.write("first.csv", FIRST))

    def counts(self) -> list[int]:
        return [
            model.objects.count() for model in (Victim, VictimName, Citation, ImportedRecord, HistoryEntry)
        ]

    def test_a_reimport_updates_the_record_instead_of_adding_one(self):
        corrected = FIRST.replace("Mordad 1367", "Shahrivar 1367").replace(",male,", ",,")
        run = self.run_import("import_victims", self.write("corrected.csv", corrected))
        self.assertEqual(Victim.objects.count(), 2)
        parviz = Victim.objects.get(name_en="Parviz Nikan (example)")
        self.assertEqual((parviz.death_text, parviz.gender), ("Shahrivar 1367", ""))
        self.assertEqual(parviz.death_earliest.month, 8)
        self.assertIn("Victims: 0 created, 1 updated, 1 unchanged.", run.stdout)

    def test_a_corrected_name_keeps_the_address(self):
        slug = Victim.objects.get(name_en="Parviz Nikan (example)").slug
        self.run_import(
            "import_victims", self.write("renamed.csv", FIRST.replace("Parviz Nikan", "Parviz Nikaan"))
        )
        self.assertEqual(Victim.objects.get(name_en="Parviz Nikaan (example)").slug, slug)

    def test_a_second_identical_run_changes_nothing(self):
        before = self.counts()
        stamps = dict(Victim.objects.values_list("pk", "updated_at"))
        run = self.run_import("import_victims", self.write("first.csv", FIRST))
        self.assertEqual(self.counts(), before)
        self.assertEqual(dict(Victim.objects.values_list("pk", "updated_at")), stamps)
        self.assertIn("Victims: 0 created, 0 updated, 2 unchanged.", run.stdout)

    def test_variants_and_citations_are_merged_not_repeated(self):
        more = FIRST.replace("Parviz Nikaan,", "Parviz Nikaan | Parwiz Nikan,").replace(
            "example-list,death,row 31,", "example-list,death,row 32,"
        )
        self.run_import("import_victims", self.write("more.csv", more))
        parviz = Victim.objects.get(name_en="Parviz Nikan (example)")
        self.assertEqual(
            sorted(parviz.variants.values_list("name", flat=True)), ["Parviz Nikaan", "Parwiz Nikan"]
        )
        self.assertEqual(Citation.objects.for_records([parviz]).count(), 1)
        shirin = Victim.objects.get(name_en="Shirin Ahmadpour (example)")
        # A citation at another locator is another citation; the first stays (an editor removes one).
        self.assertEqual(
            sorted(Citation.objects.for_records([shirin]).values_list("locator", flat=True)),
            ["row 31", "row 32"],
        )

    def test_a_known_citation_takes_the_confidence_the_file_gives(self):
        path = self.write(
            "confidence.json",
            [
                {
                    "external_id": "v2",
                    "citations": [
                        {
                            "source": "example-list",
                            "claim": "death",
                            "locator": "row 31",
                            "confidence": "high",
                        }
                    ],
                }
            ],
        )
        self.run_import("import_victims", path)
        shirin = Victim.objects.get(name_en="Shirin Ahmadpour (example)")
        self.assertEqual(
            list(Citation.objects.for_records([shirin]).values_list("confidence", flat=True)), ["high"]
        )

    def test_a_field_left_out_of_the_file_is_left_alone(self):
        path = self.write("partial.json", [{"external_id": "v1", "occupation": "teacher"}])
        self.run_import("import_victims", path)
        parviz = Victim.objects.get(external_ids())
        self.assertEqual(
            (parviz.occupation, parviz.name_fa, parviz.death_text), ("teacher", "پرویز نیکان", "Mordad 1367")
        )
        self.assertEqual(parviz.variants.count(), 1)
        self.assertEqual(list(parviz.events.all()), [self.massacre])

    def test_a_list_given_replaces_the_list(self):
        path = self.write("events.json", [{"external_id": "v1", "events": ["november-2019-protests"]}])
        self.run_import("import_victims", path)
        self.assertEqual(list(Victim.objects.get(external_ids()).events.all()), [self.protests])

    def test_a_new_address_leaves_the_old_one_redirecting(self):
        old = Victim.objects.get(external_ids()).slug
        self.run_import(
            "import_victims", self.write("slug.json", [{"external_id": "v1", "slug": "parviz-nikan-1367"}])
        )
        victim = Victim.objects.get(external_ids())
        self.assertEqual(victim.slug, "parviz-nikan-1367")
        self.assertTrue(SlugRedirect.objects.filter(old_slug=old, object_id=victim.pk).exists())

    def test_the_publication_state_an_editor_gave_is_kept(self):
        Victim.objects.filter(name_en="Parviz Nikan (example)").update(status=Status.IN_REVIEW)
        self.run_import("import_victims", self.write("again.csv", FIRST.replace(",male,", ",,")))
        self.assertEqual(Victim.objects.get(external_ids()).status, Status.IN_REVIEW)

    def test_a_published_record_is_changed_only_by_a_reviewer_with_a_reason(self):
        Victim.objects.filter(name_en="Parviz Nikan (example)").update(status=Status.PUBLISHED)
        changed = self.write("changed.csv", FIRST.replace(",male,", ",,"))
        run = self.run_import("import_victims", changed, fails=True)
        self.assertIn("only a reviewer may change it", run.stderr)
        run = self.run_import("import_victims", changed, "--user", "editor", fails=True)
        self.assertIn("only a reviewer may change it", run.stderr)
        self.reviewer.user_permissions.add(Permission.objects.get(codename="publish_records"))
        run = self.run_import("import_victims", changed, "--user", "reviewer", fails=True)
        self.assertIn("--reason", run.stderr)
        self.run_import(
            "import_victims", changed, "--user", "reviewer", "--reason", "Gender not stated by the list"
        )
        self.assertEqual(Victim.objects.get(external_ids()).gender, "")
        entry = HistoryEntry.objects.filter(object_id=str(Victim.objects.get(external_ids()).pk)).first()
        self.assertEqual((entry.author_name, entry.reason), ("reviewer", "Gender not stated by the list"))

    def test_an_unchanged_published_record_needs_no_reviewer(self):
        Victim.objects.update(status=Status.PUBLISHED)
        self.run_import("import_victims", self.write("first.csv", FIRST))

    def test_a_record_deleted_since_is_made_again(self):
        Victim.objects.get(external_ids()).delete()
        self.run_import("import_victims", self.write("first.csv", FIRST))
        self.assertEqual(Victim.objects.count(), 2)
        self.assertEqual(
            ImportedRecord.objects.get(external_id="v1").record, Victim.objects.get(external_ids())
        )


class ReimportAfterMergeTests(ImportTestCase):
    def test_two_rows_of_records_merged_since_are_refused_and_one_updates_the_merged_record(self):
        self.run_import("import_victims", self.write("first.csv", FIRST))
        self.reviewer.user_permissions.add(Permission.objects.get(codename="publish_records"))
        kept, other = Victim.objects.get(external_ids("v1")), Victim.objects.get(external_ids("v2"))
        merge(kept, other, user=self.reviewer, reason="One person (example)")
        run = self.run_import("import_victims", self.write("first.csv", FIRST), fails=True)
        self.assertIn(
            "“v2” and “v1” (line 2) were imported as two records, since merged into one", run.stderr
        )
        self.run_import("import_victims", self.write("one.csv", victims_csv(FIRST.splitlines()[1])))
        self.assertEqual(Victim.objects.count(), 1)


def external_ids(external_id: str = "v1") -> Q:
    """The victim imported under this external id, as a lookup."""
    links = ImportedRecord.objects.filter(content_type__model="victim", external_id=external_id)
    return Q(pk__in=links.values("object_id"))
