"""Fuzzy dates in the admin: what the source says, on one line; impossible dates refused on the field."""

from __future__ import annotations

import datetime

from archive.models import Event
from perpetrators.models import Perpetrator, Position
from tests.admin.support import form_data
from tests.base import BaseTestCase
from victims.models import Victim


class FuzzyDateAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def add_victim(self, **fields):
        data = form_data(self.client.get("/admin/victims/victim/add/"))
        return self.client.post("/admin/victims/victim/add/", {**data, "name_en": "Ali Mohammadi", **fields})

    def field_errors(self, response, field):
        return response.context["adminform"].form.errors.get(field, [])

    def test_it_works_out_the_days_from_the_text(self):
        self.assertEqual(
            self.add_victim(death_text="Mordad 1367", death_calendar="solar_hijri").status_code, 302
        )
        victim = Victim.objects.get()
        self.assertEqual(victim.death_precision, "month")
        self.assertEqual(
            (victim.death_earliest, victim.death_latest),
            (datetime.date(1988, 7, 23), datetime.date(1988, 8, 22)),
        )

    def test_it_refuses_a_day_the_text_does_not_give(self):
        response = self.add_victim(death_text="1988", death_precision="day")
        self.assertEqual(self.field_errors(response, "death_precision"), ["“1988” gives a year, not a day."])
        self.assertFalse(Victim.objects.exists())

    def test_it_refuses_a_range_that_ends_before_it_starts(self):
        response = self.add_victim(
            death_text="late that summer", death_precision="unknown",
            death_earliest="1988-09-30", death_latest="1988-07-01",
        )  # fmt: skip
        self.assertEqual(
            self.field_errors(response, "death_latest"), ["The latest day is before the earliest day."]
        )
        self.assertFalse(Victim.objects.exists())

    def test_it_refuses_a_persian_month_in_the_gregorian_calendar(self):
        response = self.add_victim(death_text="Mordad 1367", death_calendar="gregorian")
        [error] = self.field_errors(response, "death_text")
        self.assertIn("belongs to the Solar Hijri (Jalali) calendar", error)
        self.assertFalse(Victim.objects.exists())

    def test_rewriting_the_text_works_the_days_out_again(self):
        victim = Victim.objects.create(name_en="Ali Mohammadi", death_text="1988")
        url = f"/admin/victims/victim/{victim.pk}/change/"
        data = form_data(self.client.get(url))
        self.assertEqual(data["death_precision"], "year")
        response = self.client.post(
            url, {**data, "death_text": "Mordad 1367", "death_calendar": "solar_hijri"}
        )
        self.assertEqual(response.status_code, 302)
        victim.refresh_from_db()
        self.assertEqual(
            (victim.death_precision, victim.death_earliest), ("month", datetime.date(1988, 7, 23))
        )

    def test_a_date_written_into_an_empty_one_is_worked_out(self):
        victim = Victim.objects.create(name_en="Ali Mohammadi")
        self.assertEqual(victim.birth_precision, "unknown")  # how an empty date is saved
        url = f"/admin/victims/victim/{victim.pk}/change/"
        self.client.post(url, {**form_data(self.client.get(url)), "birth_text": "1960"})
        victim.refresh_from_db()
        self.assertEqual((victim.birth_precision, victim.birth_earliest), ("year", datetime.date(1960, 1, 1)))

    def test_a_range_given_by_hand_stays_when_the_wording_is_corrected(self):
        victim = Victim.objects.create(
            name_en="Ali Mohammadi", death_text="in the first wave", death_precision="unknown",
            death_earliest=datetime.date(1988, 7, 28), death_latest=datetime.date(1988, 8, 15),
        )  # fmt: skip
        url = f"/admin/victims/victim/{victim.pk}/change/"
        data = form_data(self.client.get(url))
        self.assertEqual(
            self.client.post(url, {**data, "death_text": "in the first wave of killings"}).status_code, 302
        )
        victim.refresh_from_db()
        self.assertEqual(
            (victim.death_precision, victim.death_latest), ("unknown", datetime.date(1988, 8, 15))
        )

    def test_each_date_reads_on_two_lines_with_its_help(self):
        response = self.client.get("/admin/archive/event/add/")
        fieldsets = [fieldset for fieldset in response.context["adminform"] if fieldset.name == "Start"]
        lines = [[field.field.name for field in line] for line in fieldsets[0]]
        self.assertEqual(
            lines, [["start_text", "start_calendar", "start_precision"], ["start_earliest", "start_latest"]]
        )
        self.assertContains(
            response, "the precision and the earliest and latest days are worked out from the text"
        )

    def test_an_event_date_error_shows_on_its_field(self):
        data = form_data(self.client.get("/admin/archive/event/add/"))
        response = self.client.post(
            "/admin/archive/event/add/", {**data, "name_en": "Aban 1398", "start_text": "31 Aban 1398"}
        )
        self.assertIn("start_text", response.context["adminform"].form.errors)
        self.assertFalse(Event.objects.exists())


class PositionInlineDatesTest(BaseTestCase):
    """The positions inline shows only each date's text and calendar; the rest follows from them."""

    def setUp(self):
        self.client.force_login(self.editor)
        self.perpetrator = Perpetrator.objects.create(name_en="Ebrahim Raisi")
        self.url = f"/admin/perpetrators/perpetrator/{self.perpetrator.pk}/change/"

    def test_a_position_added_inline_gets_its_days_from_the_text(self):
        data = form_data(self.client.get(self.url))
        data.update(
            {
                "positions-0-title_en": "Deputy prosecutor of Tehran",
                "positions-0-start_text": "1367",
                "positions-0-start_calendar": "solar_hijri",
            }
        )
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        position = Position.objects.get()
        self.assertEqual(
            (position.start_precision, position.start_earliest), ("year", datetime.date(1988, 3, 21))
        )

    def test_a_position_date_rewritten_inline_is_worked_out_again(self):
        position = Position.objects.create(
            perpetrator=self.perpetrator, title_en="Head of the judiciary", start_text="2019"
        )
        data = form_data(self.client.get(self.url))
        data.update({"positions-0-start_text": "March 2019"})
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        position.refresh_from_db()
        self.assertEqual(
            (position.start_precision, position.start_latest), ("month", datetime.date(2019, 3, 31))
        )

    def test_an_unreadable_position_date_is_refused_on_its_field(self):
        data = form_data(self.client.get(self.url))
        data.update(
            {
                "positions-0-title_en": "Minister of Justice",
                "positions-0-start_text": "under Rouhani",
            }
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        [formset] = [
            inline.formset
            for inline in response.context["inline_admin_formsets"]
            if inline.formset.prefix == "positions"
        ]
        self.assertIn("start_text", formset.forms[0].errors)
        self.assertFalse(Position.objects.exists())
