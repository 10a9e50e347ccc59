# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, tagged

from .test_role_forms import RoleSetup


@tagged("post_install", "-at_install")
class TestComplaintBackendTour(HttpCase, RoleSetup):
    def test_create_from_kanban_and_move_to_assessment(self):
        # Set up as the superuser; the tour runs as the support user.
        support = self._create_role_user(
            self.env, "cc_backend_support", "Bea Backend", "group_complaint_user"
        )
        team = self.env["customer.complaint.team"].create(
            {"name": "Backend Tour Team", "member_ids": [Command.set(support.ids)]}
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer Ltd", "email": "tour.customer@example.com"}
        )
        self.start_tour(
            "/odoo", "customer_complaint_backend_tour", login="cc_backend_support"
        )
        complaint = self.env["customer.complaint"].search(
            [("name", "=", "Tour: scratched table top")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, customer)
        self.assertEqual(complaint.team_id, team)
        self.assertEqual(complaint.received_by_id, support)
        self.assertEqual(complaint.create_uid, support)
        self.assertEqual(
            complaint.stage_id,
            self.env.ref("customer_complaint_iso10002.stage_assessment"),
        )
        # Whoever moves an unassigned complaint on takes it (4.12).
        self.assertEqual(complaint.user_id, support)
        self.assertTrue(complaint.reference.startswith("CMP/"))
        self.assertTrue(complaint.date_acknowledged)
