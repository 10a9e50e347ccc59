# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestComplaintBackendTour(HttpCase):
    def test_create_from_kanban_and_move_to_assessment(self):
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer Ltd", "email": "tour.customer@example.com"}
        )
        self.start_tour("/odoo", "customer_complaint_backend_tour", login="admin")
        complaint = self.env["customer.complaint"].search(
            [("name", "=", "Tour: scratched table top")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, customer)
        self.assertEqual(
            complaint.stage_id,
            self.env.ref("customer_complaint_iso10002.stage_assessment"),
        )
        self.assertTrue(complaint.reference.startswith("CMP/"))
        self.assertTrue(complaint.date_acknowledged)
