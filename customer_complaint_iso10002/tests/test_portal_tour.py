# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common_portal import ComplaintPortalCase

PHONE = {"width": 390, "height": 844}


@tagged("post_install", "-at_install")
class TestComplaintPortalTour(ComplaintPortalCase):
    def test_tour_report_problem_from_order(self):
        self.start_tour(
            f"/my/orders/{self.order.id}",
            "customer_complaint_portal_from_order",
            login="portal",
        )
        complaint = self.Complaint.search([("name", "=", "Kettle from the tour leaks")])
        self.assertEqual(complaint.sale_order_id, self.order)
        self.assertEqual(complaint.partner_id, self.partner_portal)
        self.assertEqual(complaint.channel, "portal")

    def test_tour_public_form_phone(self):
        self.browser_size = "%sx%s" % (PHONE["width"], PHONE["height"])
        self.touch_enabled = True
        self.start_tour("/complaints", "customer_complaint_public_form", login=None)
        complaint = self.Complaint.search([("name", "=", "Tour parcel damaged")])
        self.assertEqual(complaint.email_from, "tina.tourist@example.com")
        self.assertFalse(complaint.partner_id)

    def test_tour_contest_decision(self):
        self.complaint_other.active = False
        decision = self._communicate_decision(self.complaint)
        self.start_tour(
            f"/my/complaints/{self.complaint.id}",
            "customer_complaint_contest",
            login="portal",
        )
        self.assertEqual(decision.answer, "contested")
