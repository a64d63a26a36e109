"""Events and their competing estimates, each estimate with the numbers its source gives."""

from __future__ import annotations

from archive.models import Estimate, Event
from tests.admin.support import form_data
from tests.base import BaseTestCase


class EventAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.event = Event.objects.create(
            name_en="1988 massacre", start_text="summer 1367", start_calendar="solar_hijri"
        )
        self.url = f"/admin/archive/event/{self.event.pk}/change/"

    def post_estimate(self, **estimate):
        data = form_data(self.client.get(self.url))
        fields = {
            "counted_en": "political prisoners executed",
            "count_text": "4,500 to 5,000",
            "estimated_by": "JVMI",
        }
        data.update({f"estimates-0-{name}": value for name, value in {**fields, **estimate}.items()})
        return self.client.post(self.url, data)

    def test_competing_estimates_are_added_on_the_event_page(self):
        self.assertEqual(self.post_estimate(count_low="4500", count_high="5000").status_code, 302)
        self.assertEqual(self.event.estimates.get().count_high, 5000)

    def test_an_estimate_without_a_number_is_refused(self):
        response = self.post_estimate(count_text="thousands")
        self.assertContains(response, "Give the lowest number, the highest, or both.")
        self.assertFalse(Estimate.objects.exists())

    def test_an_estimate_whose_highest_number_is_below_its_lowest_is_refused(self):
        response = self.post_estimate(count_low="30000", count_high="4500")
        self.assertContains(response, "The highest number is below the lowest.")
        self.assertFalse(Estimate.objects.exists())

    def test_the_inline_shows_how_many_citations_each_estimate_has(self):
        estimate = Estimate.objects.create(
            event=self.event, counted_en="executed", count_text="30,000", count_low=30000, estimated_by="NCRI"
        )
        self.cite(estimate, self.make_source(), claim="count")
        self.cite(estimate, self.make_source(title="Second report"), claim="count")
        response = self.client.get(self.url)
        [inline] = [i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "estimates"]
        self.assertEqual(inline.formset.forms[0].instance.number_of_citations, 2)
