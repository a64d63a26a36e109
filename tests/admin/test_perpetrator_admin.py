"""The perpetrator pages of the admin: any spelling finds the man, and his posts are one list."""

from __future__ import annotations

from archive.models import Organization, OrganizationKind, Place, PlaceKind
from perpetrators.models import Perpetrator, PerpetratorName, Position
from tests.admin.support import form_data
from tests.base import BaseTestCase


class PerpetratorAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.perpetrator = Perpetrator.objects.create(
            name_en="Mostafa Pourmohammadi", name_fa="مصطفی پورمحمدی"
        )
        PerpetratorName.objects.create(perpetrator=self.perpetrator, name="Mustafa Pour-Mohammadi")
        Perpetrator.objects.create(name_en="Alireza Avaei")
        self.url = f"/admin/perpetrators/perpetrator/{self.perpetrator.pk}/change/"

    def test_search_finds_a_perpetrator_by_a_variant_spelling(self):
        response = self.client.get("/admin/perpetrators/perpetrator/", {"q": "Pour-Mohammadi"})
        self.assertEqual(list(response.context["cl"].result_list), [self.perpetrator])

    def test_a_commission_seat_is_added_on_the_perpetrator_page(self):
        tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.CITY)
        commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, place=tehran
        )
        data = form_data(self.client.get(self.url))
        data.update(
            {
                "positions-0-organization": str(commission.pk),
                "positions-0-commission_role": "intelligence",
                "positions-0-place": str(tehran.pk),
                "positions-0-during_text": "summer 1367",
                "positions-0-during_calendar": "solar_hijri",
            }
        )
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        position = self.perpetrator.positions.get()
        self.assertEqual((position.organization, position.commission_role), (commission, "intelligence"))
        self.assertEqual(position.during_precision, "season")

    def test_the_list_counts_each_perpetrators_positions(self):
        Position.objects.create(
            perpetrator=self.perpetrator, title_en="Minister of Justice", start_text="2017"
        )
        Position.objects.create(
            perpetrator=self.perpetrator, title_en="Minister of the Interior", start_text="2005"
        )
        # "mohammadi" matches the name and a variant: the count must not double.
        response = self.client.get("/admin/perpetrators/perpetrator/", {"q": "mohammadi"})
        [row] = response.context["cl"].result_list
        self.assertEqual(row.position_count, 2)

    def test_positions_are_found_by_the_holders_name(self):
        position = Position.objects.create(perpetrator=self.perpetrator, title_en="Minister of Justice")
        response = self.client.get("/admin/perpetrators/position/", {"q": "Pour-Mohammadi"})
        self.assertEqual(list(response.context["cl"].result_list), [position])

    def test_positions_can_be_listed_by_commission_role(self):
        seat = Position.objects.create(
            perpetrator=self.perpetrator, title_en="Member", commission_role="prosecutor"
        )
        Position.objects.create(perpetrator=self.perpetrator, title_en="Minister of Justice")
        response = self.client.get("/admin/perpetrators/position/", {"commission_role__exact": "prosecutor"})
        self.assertEqual(list(response.context["cl"].result_list), [seat])
