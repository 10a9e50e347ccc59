# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo a manager opens: complaints in every phase state, delegation rules,
a confirmed review of last month, and order complaints Mitchell Admin (the
demo's manager) may approve. Runs where the demo data is installed (./test
and ./run install it); without it there is nothing to check."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

MODULE = "customer_complaint_iso10002"


@tagged("post_install", "-at_install", "complaint_demo")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review = cls.env.ref(f"{MODULE}.review_last_month_demo", False)
        cls.admin = cls.env.ref("base.user_admin")

    def setUp(self):
        super().setUp()
        if not self.review:
            # Installed without demo data: the demo is not there to open.
            self.assertFalse(self.env.ref(f"{MODULE}.complaint_c01_demo", False))

    def test_every_phase_state(self):
        if not self.review:
            return
        phases = self.env["customer.complaint.phase"].with_user(self.admin)
        states = {state for [state] in phases._read_group([], ["state"])}
        self.assertLessEqual(
            {"pending", "at_risk", "breached", "met", "met_late"}, states
        )

    def test_confirmed_review_of_last_month(self):
        if not self.review:
            return
        review = self.review.with_user(self.admin)
        first = fields.Date.context_today(review).replace(day=1)
        self.assertEqual(review.state, "confirmed")
        self.assertEqual(review.date_from, first - relativedelta(months=1))
        self.assertEqual(review.date_to, first - relativedelta(days=1))
        self.assertTrue(review.input_data and review.input_data["kpis"])
        self.assertGreaterEqual(len(review.decision_ids), 2)
        actions = [d.action_ref for d in review.decision_ids if d.action_ref]
        self.assertTrue(actions, "decisions carried out as improvement actions")
        self.assertEqual(
            {action._name for action in actions}, {"customer.complaint.action"}
        )

    def test_one_login_per_role(self):
        """The demo gives each role a login to try it with (README)."""
        if not self.review:
            return
        Users = self.env["res.users"]
        for login, group in (
            ("demo", "group_complaint_user"),
            ("mark.manager", "group_complaint_manager"),
            ("olga.auditor", "group_complaint_auditor"),
        ):
            user = Users.search([("login", "=", login)])
            self.assertTrue(user.has_group(f"{MODULE}.{group}"), login)
            # the password is the login
            Users.browse(user.id).with_user(user)._check_credentials(
                {"type": "password", "password": login}, {"interactive": False}
            )
        self.assertFalse(
            Users.search([("login", "=", "olga.auditor")]).has_group(
                f"{MODULE}.group_complaint_user"
            )
        )

    def test_delegation_rules(self):
        if not self.review:
            return
        rules = self.env["customer.complaint.delegation"].with_user(self.admin)
        self.assertGreaterEqual(rules.search_count([]), 2)

    def test_admin_not_involved_in_order_complaints(self):
        if not self.review:
            return
        complaints = (
            self.env["customer.complaint"]
            .with_user(self.admin)
            .search([("sale_order_id", "!=", False)])
        )
        demo = complaints.filtered(
            lambda c: c.get_external_id()[c.id].startswith(MODULE)
        )
        self.assertTrue(demo)
        self.assertFalse(demo.filtered(lambda c: self.admin in c.involved_user_ids))

    def _demo_complaints(self, env):
        complaints = env["customer.complaint"].search([])
        return complaints.filtered(
            lambda c: c.get_external_id()[c.id].startswith(MODULE)
        )

    def test_stamps_follow_receipt(self):
        """Acknowledged, assessed and closed in the order they happened, not
        at install time: the acknowledgement is met on time but in one
        example, and the portal timeline reads in order."""
        if not self.review:
            return
        complaints = self._demo_complaints(self.env(user=self.admin))
        now = fields.Datetime.now()
        for complaint in complaints:
            received = complaint.date_received
            self.assertTrue(complaint.date_acknowledged, complaint.name)
            self.assertLess(received, complaint.date_acknowledged, complaint.name)
            if complaint.date_assessed:
                self.assertLess(complaint.date_acknowledged, complaint.date_assessed)
            if complaint.is_closed:
                self.assertLess(complaint.date_acknowledged, complaint.date_closed)
                self.assertLess(complaint.date_closed, now - relativedelta(minutes=30))
        acks = complaints.phase_ids.filtered(lambda p: p.phase == "ack")
        self.assertEqual(
            acks.filtered(lambda p: p.state == "met_late").complaint_id,
            self.env.ref(f"{MODULE}.complaint_hotline_at_risk_demo"),
        )
        for complaint in complaints.filtered(lambda c: c.channel == "portal"):
            self.assertTrue(complaint.privacy_statement_shown, complaint.name)
            # told at intake, not at install time
            self.assertLess(
                complaint.date_privacy_statement, complaint.date_acknowledged
            )

    def test_published_policy(self):
        if not self.review:
            return
        policy = self.env["customer.complaint.policy"].with_user(self.admin)
        current = policy._current_for(self.admin.company_id)
        self.assertEqual(current, self.env.ref(f"{MODULE}.policy_demo"))
        self.assertEqual(current.state, "published")
        self.assertEqual(current.approver_id, self.admin)
        self.assertTrue(current.date_approved and current.date_published)

    def test_support_user_takes_order_complaint(self):
        """The support user's journey: a complaint about an order they did
        not sell, assigned to themselves; on the order they sold they are
        involved and refused."""
        if not self.review:
            return
        demo = self.env.ref("base.user_demo")
        Complaint = self.env["customer.complaint"].with_user(demo)
        team = self.env.ref(f"{MODULE}.team_customer_care")
        order = self.env.ref("sale.sale_order_4").with_user(demo)
        complaint = Complaint.create(
            {
                "name": "Chair wobbles",
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "team_id": team.id,
            }
        )
        complaint.user_id = demo
        self.assertEqual(complaint.user_id, demo)
        own = self.env.ref("sale.sale_order_1")
        self.assertEqual(own.user_id, demo, "one example where demo is involved")
        involved = Complaint.create(
            {
                "name": "Wrong quantity",
                "partner_id": own.partner_id.id,
                "sale_order_id": own.id,
                "team_id": team.id,
            }
        )
        self.assertIn(demo, involved.involved_user_ids)
        with self.assertRaises(ValidationError):
            involved.user_id = demo
        orders = self.env["sale.order"].search([("user_id", "=", demo.id)])
        self.assertEqual(orders, own)
