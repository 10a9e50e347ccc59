# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestProcessImprovement(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Kettle K1"})
        cls.category = cls.env["customer.complaint.category"].create(
            {"name": "Leaks", "company_id": cls.company.id, "recurring_threshold": 2}
        )

    def test_similar_complaints_keep_a_hidden_identity(self):
        """Whoever reads a complainant as the pseudonym is not told which
        complaints share that complainant: a complaint similar only through
        the customer is listed on neither side for them, while the product
        still links them; those who handle it see the link."""
        hidden = self._create_complaint(
            team_id=False, category_id=self.category.id, non_disclosure=True
        )
        disclosed = self._create_complaint(team_id=False, category_id=self.category.id)
        outsider = self.user_complaint_b  # reads both, handles neither
        self.assertEqual(
            disclosed.with_user(self.user_manager).similar_complaint_ids, hidden
        )
        self.assertEqual(
            hidden.with_user(self.user_manager).similar_complaint_ids, disclosed
        )
        self.assertTrue(hidden.with_user(outsider).identity_hidden)
        self.assertFalse(disclosed.with_user(outsider).similar_complaint_ids)
        self.assertFalse(hidden.with_user(outsider).similar_complaint_ids)
        page = disclosed.with_user(outsider).get_similar_complaints()
        self.assertEqual((page["total"], page["records"]), (0, []))
        (hidden | disclosed).write({"product_id": self.product.id})
        (hidden | disclosed).invalidate_recordset(["similar_complaint_ids"])
        self.assertEqual(disclosed.with_user(outsider).similar_complaint_ids, hidden)

    def test_similar_complaints_and_recurring_flag(self):
        now = datetime(2026, 3, 2, 9, 0)
        old = self._create_complaint(
            product_id=self.product.id, date_received=now - timedelta(days=200)
        )
        first = self._create_complaint(
            product_id=self.product.id, date_received=now - timedelta(days=10)
        )
        same_customer = self._create_complaint(
            category_id=self.category.id, date_received=now - timedelta(days=5)
        )
        other_customer = self._create_complaint(
            category_id=self.category.id,
            partner_id=self.partner_employee.id,
            date_received=now - timedelta(days=5),
        )
        complaint = self._create_complaint(
            product_id=self.product.id,
            category_id=self.category.id,
            date_received=now,
        )
        self.assertEqual(complaint.similar_complaint_ids, first | same_customer)
        self.assertNotIn(old, complaint.similar_complaint_ids, "outside the window")
        self.assertNotIn(other_customer, complaint.similar_complaint_ids)
        self.assertTrue(complaint.is_recurring, "2 similar reach the threshold 2")
        self.category.recurring_threshold = 3
        complaint.invalidate_recordset(["is_recurring"])
        self.assertFalse(complaint.is_recurring)
        self.category.recurring_threshold = 2
        complaint.invalidate_recordset(["is_recurring"])
        # A recurring complaint needs a corrective or preventive action to close.
        self._accepted(complaint)
        self.assertFalse(complaint.is_closed, "not closed on the acceptance")
        with self.assertRaises(ValidationError):
            complaint.write({"stage_id": self.stage_closed.id})
        correction = self.env["customer.complaint.action"].create(
            {"name": "Replace the kettle", "action_type": "correction"}
        )
        complaint.action_ids = [Command.link(correction.id)]
        with self.assertRaises(ValidationError):
            complaint.write({"stage_id": self.stage_closed.id})
        corrective = self.env["customer.complaint.action"].create(
            {"name": "New seal supplier", "action_type": "corrective"}
        )
        complaint.action_ids = [Command.link(corrective.id)]
        complaint.write({"stage_id": self.stage_closed.id})
        self.assertTrue(complaint.is_closed)
        self.assertIn(complaint, corrective.complaint_ids)

    def test_cause_codes_have_two_levels(self):
        Cause = self.env["customer.complaint.cause"]
        family = Cause.create({"name": "Supplier"})
        cause = Cause.create(
            {"name": "Seal", "code": "SUP-SEAL", "parent_id": family.id}
        )
        self.assertEqual(cause.complete_name, "Supplier / [SUP-SEAL] Seal")
        with self.assertRaises(ValidationError):
            Cause.create({"name": "Too deep", "parent_id": cause.id})

    def test_effectiveness_checked_by_someone_else(self):
        action = (
            self.env["customer.complaint.action"]
            .with_user(self.user_complaint)
            .create(
                {
                    "name": "Train the packers",
                    "action_type": "preventive",
                    "user_id": self.user_complaint.id,
                }
            )
        )
        with self.assertRaises(UserError, msg="not done yet"):
            action.with_user(self.user_manager).action_mark_effective()
        action.action_done()
        self.assertEqual(action.state, "done")
        with self.assertRaises(UserError):
            action.action_mark_effective()
        with self.assertRaises(ValidationError):
            action.sudo().effectiveness_checked_by_id = self.user_complaint
        action.with_user(self.user_manager).action_mark_effective()
        self.assertEqual(action.state, "effective")
        self.assertEqual(action.effectiveness_checked_by_id, self.user_manager)
        self.assertTrue(action.date_effectiveness_check)

    def test_overdue_actions_give_the_owner_one_activity(self):
        with freeze_time(date(2026, 2, 10)):
            action = self.env["customer.complaint.action"].create(
                {
                    "name": "Fix the seal",
                    "user_id": self.user_complaint.id,
                    "date_due": date(2026, 2, 9),
                }
            )
            not_due = self.env["customer.complaint.action"].create(
                {"name": "Later", "date_due": date(2026, 3, 9)}
            )
            Action = self.env["customer.complaint.action"]
            self.assertIn(action, Action.search([("is_overdue", "=", True)]))
            Action._cron_overdue_actions()
            Action._cron_overdue_actions()
            self.assertEqual(len(action.activity_ids), 1)
            self.assertEqual(action.activity_ids.user_id, self.user_complaint)
            self.assertFalse(not_due.activity_ids)
