# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install", "complaint_audit")
class TestComplaintAudit(ComplaintCommon):
    """Internal audits of the process (8.5), recorded by the auditors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_complaint(user_id=cls.user_complaint.id)
        cls.clauses = cls.env["customer.complaint.iso.clause"].search(
            [("code", "in", ("7.4", "8.5"))]
        )

    def _audit(self, user=None, **vals):
        values = {
            "name": "Audit 2026",
            "company_id": self.company.id,
            "date_planned": date(2026, 3, 1),
            "date_from": date(2025, 1, 1),
            "date_to": date(2025, 12, 31),
            "clause_ids": [Command.set(self.clauses.ids)],
        }
        values.update(vals)
        return (
            self.env["customer.complaint.audit"]
            .with_user(user or self.user_auditor)
            .create(values)
        )

    def test_clauses_4_2_to_8_7(self):
        codes = self.env["customer.complaint.iso.clause"].search([]).mapped("code")
        self.assertEqual((codes[0], codes[-1]), ("4.2", "8.7"))
        self.assertIn("4.15", codes)
        self.assertEqual(codes.index("4.10"), codes.index("4.9") + 1)

    def test_auditor_records_audit_and_findings(self):
        with Form(
            self.env["customer.complaint.audit"].with_user(self.user_auditor)
        ) as form:
            form.name = "Audit 2026"
            form.date_planned = date(2026, 3, 1)
            form.date_from = date(2025, 1, 1)
            form.date_to = date(2025, 12, 31)
            for clause in self.clauses:
                form.clause_ids.add(clause)
            with form.finding_ids.new() as finding:
                finding.name = "Acknowledgements late in August"
                finding.finding_type = "nonconformity"
                finding.clause_id = self.clauses[0]
                finding.action_user_id = self.user_complaint
        audit = form.record
        self.assertEqual(audit.auditor_id, self.user_auditor)
        self.assertEqual(audit.nonconformity_count, 1)
        audit.action_start()
        self.assertEqual(audit.state, "in_progress")
        # every finding needs its improvement action before completion
        with self.assertRaisesRegex(UserError, "Acknowledgements late"):
            audit.action_done()
        audit.finding_ids.action_create_improvement_action()
        action = audit.finding_ids.action_id
        self.assertEqual(action.action_type, "corrective")
        self.assertEqual(action.user_id, self.user_complaint)
        self.assertEqual(action.state, "open")
        with self.assertRaises(UserError):  # one action per finding
            audit.finding_ids.action_create_improvement_action()
        audit.action_done()
        self.assertEqual(audit.state, "done")
        self.assertTrue(audit.date_done)
        # a completed audit is frozen, findings included
        with self.assertRaises(UserError):
            audit.name = "Changed"
        with self.assertRaises(UserError):
            audit.finding_ids.name = "Changed"
        with self.assertRaises(UserError):
            self.env["customer.complaint.audit.finding"].with_user(
                self.user_auditor
            ).create({"audit_id": audit.id, "name": "Late addition"})
        with self.assertRaises(UserError):
            audit.unlink()
        # the action's effectiveness is verified by someone else than its owner
        action.with_user(self.user_complaint).action_done()
        with self.assertRaises(UserError):
            action.with_user(self.user_complaint).action_mark_effective()
        action.with_user(self.user_manager).action_mark_effective()
        self.assertEqual(audit.finding_ids.action_state, "effective")

    def test_auditor_handles_no_complaint(self):
        with self.assertRaisesRegex(ValidationError, "Alice Handler handles"):
            self._audit(auditor_id=self.user_complaint.id)
        form = Form(self.env["customer.complaint.audit"].with_user(self.user_auditor))
        form.name = "Audit"
        form.date_planned = date(2026, 3, 1)
        form.date_from = date(2025, 1, 1)
        form.date_to = date(2025, 12, 31)
        form.auditor_id = self.user_complaint
        with self.assertRaises(ValidationError):
            form.save()
        # handling a complaint after the planning bars the start
        audit = self._audit(user=self.user_manager, auditor_id=self.user_manager.id)
        self.complaint.sudo().user_id = False
        self._create_complaint(user_id=self.user_manager.id)
        with self.assertRaises(ValidationError):
            audit.action_start()

    def test_scope_required_and_period(self):
        audit = self._audit(clause_ids=[])
        with self.assertRaisesRegex(UserError, "scope"):
            audit.action_start()
        with self.assertRaises(ValidationError):
            self._audit(date_from=date(2026, 1, 1), date_to=date(2025, 1, 1))

    def test_state_only_through_actions(self):
        audit = self._audit()
        with self.assertRaises(AccessError):
            audit.write({"state": "done"})
        with self.assertRaises(AccessError):
            self._audit(state="done")

    def test_auditor_still_changes_no_complaint(self):
        self._audit()
        complaint = self.complaint.with_user(self.user_auditor)
        self.assertTrue(complaint.name)
        with self.assertRaises(AccessError):
            complaint.write({"name": "Audited"})
        with self.assertRaises(AccessError):
            self.env["customer.complaint.action"].with_user(self.user_auditor).create(
                {"name": "Own action", "user_id": self.user_auditor.id}
            )

    def test_user_cannot_record_audits(self):
        with self.assertRaises(AccessError):
            self._audit(user=self.user_complaint)
        audit = self._audit()
        with self.assertRaises(AccessError):
            audit.with_user(self.user_complaint).read(["name"])
        with self.assertRaises(AccessError):
            audit.with_user(self.user_portal_cc).read(["name"])

    def test_other_company_audits_hidden(self):
        audit = self._audit()
        auditor_c2 = new_test_user(
            self.env,
            login="cc_auditor_c2",
            groups="customer_complaint_iso10002.group_complaint_auditor",
            company_id=self.company_2.id,
            company_ids=[Command.set(self.company_2.ids)],
        )
        Audit = self.env["customer.complaint.audit"].with_user(auditor_c2)
        self.assertFalse(Audit.search([("id", "=", audit.id)]))
        self.assertTrue(Audit.search([("id", "!=", audit.id)], limit=1) is not None)

    def test_results_feed_the_management_review(self):
        audit = self._audit(
            finding_ids=[
                Command.create(
                    {
                        "name": "No sampling",
                        "finding_type": "opportunity",
                        "action_user_id": self.user_complaint.id,
                    }
                ),
                Command.create(
                    {
                        "name": "Late acknowledgements",
                        "finding_type": "nonconformity",
                        "action_user_id": self.user_complaint.id,
                    }
                ),
            ]
        )
        audit.action_start()
        audit.finding_ids.action_create_improvement_action()
        audit.action_done()
        today = audit.date_done
        review = (
            self.env["customer.complaint.review"]
            .with_user(self.user_manager)
            .create(
                {
                    "name": "Review",
                    "company_id": self.company.id,
                    "date_from": today.replace(day=1),
                    "date_to": today,
                }
            )
        )
        (result,) = (
            row for row in review.input_data["audits"] if row["name"] == "Audit 2026"
        )
        self.assertEqual(result["name"], "Audit 2026")
        self.assertEqual(result["scope"], "7.4, 8.5")
        self.assertEqual(
            (
                result["nonconformities"],
                result["observations"],
                result["opportunities"],
            ),
            (1, 0, 1),
        )
        self.assertIn("No sampling (Open)", result["actions"])
        self.assertIn("Audit 2026", review.inputs_html)
