# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role's journey in the browser, logged in as that role (never admin;
the superuser only sets up). The tours are in
static/tests/tours/complaint_role_tours.js; each ends on what the user sees,
and the records are checked here afterwards."""

import io
import zipfile

from odoo import Command
from odoo.tests import HttpCase, tagged

from .test_role_forms import RoleSetup


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase, RoleSetup):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls._create_role_user(
            cls.env, "cc_tour_support", "Sam Support", "group_complaint_user"
        )
        cls.manager = cls._create_role_user(
            cls.env, "cc_tour_manager", "Mona Manager", "group_complaint_manager"
        )
        cls.auditor = cls._create_role_user(
            cls.env, "cc_tour_auditor", "Ada Auditor", "group_complaint_auditor"
        )
        cls.team = cls.env["customer.complaint.team"].create(
            {"name": "Journey Team", "member_ids": [Command.set(cls.support.ids)]}
        )
        # The team's decisions from priority High are approved by the manager.
        cls.env["customer.complaint.delegation"].create(
            {
                "name": "Journey Team: high priority",
                "team_id": cls.team.id,
                "min_priority": "2",
                "approver_ids": [Command.set(cls.manager.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Journey Customer Ltd",
                "email": "journey.customer@example.com",
                "is_company": True,
            }
        )
        cls.order = cls._create_confirmed_order(
            cls.env,
            cls.customer,
            cls.env.ref("base.user_admin"),
            "SO-JOURNEY-001",
            "Journey Kettle",
        )
        cls.Complaint = cls.env["customer.complaint"]
        cls.stage_investigation = cls.env.ref(
            "customer_complaint_iso10002.stage_investigation"
        )

    def _handled_by_support(self, name, severity, impact, confidential=False):
        """A complaint the support user took, assessed, investigated and
        decided on, each step as themself."""
        Complaint = self.Complaint.with_user(self.support)
        complaint = Complaint.create(
            {
                "name": name,
                "partner_id": self.customer.id,
                "severity": severity,
                "impact": impact,
            }
        )
        complaint.action_assign_to_me()
        complaint.write(
            {
                # Handled by them, it stays theirs once confidential.
                "confidential": confidential,
                "stage_id": self.stage_investigation.id,
                "root_cause": "The hinge plastic was changed by the supplier.",
                "findings": "<p>The lid hinge cracks under heat.</p>",
            }
        )
        self.env["customer.complaint.decision"].with_user(self.support).create(
            {
                "complaint_id": complaint.id,
                "outcome": "upheld",
                "reasons": "The hinge is faulty: we replace the kettle.",
                "resolution_type": "replacement",
            }
        )
        return complaint.with_env(self.env)

    def test_support_user_journey(self):
        self.start_tour(
            "/odoo", "customer_complaint_support_journey", login="cc_tour_support"
        )
        quick = self.Complaint.search([("name", "=", "Journey: parcel arrived open")])
        self.assertEqual(len(quick), 1)
        self.assertEqual(quick.partner_id, self.customer)
        self.assertEqual(quick.team_id, self.team)
        self.assertEqual(quick.received_by_id, self.support)
        self.assertTrue(quick.reference.startswith("CMP/"))
        self.assertTrue(quick.date_acknowledged)
        full = self.Complaint.search([("name", "=", "Journey: kettle lid cracked")])
        self.assertEqual(len(full), 1)
        self.assertEqual(full.sale_order_id, self.order)
        self.assertEqual(full.sale_line_id, self.order.order_line)
        self.assertEqual(full.product_id, self.order.order_line.product_id)
        self.assertEqual(full.user_id, self.support)
        self.assertEqual(full.team_id, self.team)
        self.assertEqual((full.severity, full.impact), ("3", "2"))
        self.assertEqual(full.complexity, "low")
        self.assertEqual(full.immediate_action, "Kettle taken off the shelf.")
        self.assertEqual(full.priority, "2")
        self.assertEqual(full.assessed_by_id, self.support)
        self.assertEqual(full.stage_id, self.stage_investigation)
        self.assertIn("cracks under heat", full.findings)
        self.assertEqual(
            full.root_cause, "The hinge plastic was changed by the supplier."
        )
        # Proposed, awaiting a manager's approval, not yet communicated.
        decision = full.current_decision_id
        self.assertEqual(
            (decision.round, decision.outcome, decision.resolution_type),
            (1, "upheld", "replacement"),
        )
        self.assertEqual(decision.decided_by_id, self.support)
        self.assertTrue(decision.approval_required)
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.approved_by_id or decision.date_communicated)

    def test_manager_journey(self):
        to_approve = self._handled_by_support("Journey: needs approval", "3", "2")
        decision = to_approve.current_decision_id
        self.assertTrue(decision.approval_required)
        closed = self._handled_by_support("Journey: closed too early", "1", "1")
        as_support = closed.current_decision_id.with_user(self.support)
        as_support.action_communicate()
        as_support.action_record_answer("accepted", "phone")
        self.assertTrue(closed.is_closed)
        self.start_tour(
            "/odoo", "customer_complaint_manager_journey", login="cc_tour_manager"
        )
        self.assertEqual(decision.approved_by_id, self.manager)
        self.assertTrue(decision.date_approved)
        self.assertEqual(decision.decided_by_id, self.support)
        self.assertTrue(decision.date_communicated)
        self.assertEqual(decision.state, "communicated")
        self.assertEqual(
            to_approve.stage_id,
            self.env.ref("customer_complaint_iso10002.stage_awaiting_customer"),
        )
        self.assertFalse(closed.is_closed)
        self.assertEqual(closed.stage_id, self.stage_investigation)
        self.assertEqual(closed.reopen_count, 1)
        self.assertFalse(closed.date_closed)
        reopened = closed.message_ids.filtered(lambda m: "second crack" in m.body)
        self.assertEqual(reopened.author_id, self.manager.partner_id)

    def test_auditor_journey(self):
        complaint = self._handled_by_support(
            "Journey: confidential recall", "3", "2", confidential=True
        )
        before = (complaint.write_date, len(complaint.message_ids))
        self.start_tour(
            "/odoo", "customer_complaint_auditor_journey", login="cc_tour_auditor"
        )
        complaint.invalidate_recordset()
        self.assertEqual((complaint.write_date, len(complaint.message_ids)), before)
        # The register the list's button downloads, as the auditor.
        action = complaint.with_user(self.auditor).action_export_register()
        self.authenticate("cc_tour_auditor", "cc_tour_auditor")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        with zipfile.ZipFile(io.BytesIO(response.content)) as xlsx:
            text = "".join(
                xlsx.read(name).decode()
                for name in xlsx.namelist()
                if name.endswith(".xml")
            )
        self.assertIn(complaint.reference, text)
        self.assertIn("Journey: confidential recall", text)
