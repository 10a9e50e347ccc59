# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestProcessAssessment(ProcessCommon):
    def test_priority_from_severity_and_impact(self):
        complaint = self._create_complaint(severity="3", impact="4")
        self.assertEqual(complaint.priority, "3")
        self.assertEqual(complaint.assessed_by_id, self.env.user)
        self.assertTrue(complaint.date_assessed)
        complaint.with_user(self.user_complaint).write({"impact": "2"})
        self.assertEqual(complaint.priority, "2", "3 x 2 = 6: high")
        complaint.with_user(self.user_complaint).write({"severity": "1"})
        self.assertEqual(complaint.priority, "0", "1 x 2 = 2: normal")
        plain = self._create_complaint()
        self.assertEqual(plain.priority, "0")
        self.assertFalse(plain.date_assessed)

    def test_priority_in_form_follows_assessment(self):
        complaint = self._create_complaint()
        with Form(complaint.with_user(self.user_complaint)) as form:
            form.severity = "2"
            form.impact = "2"
            self.assertEqual(form.priority, "1")
        self.assertEqual(complaint.priority, "1")
        self.assertEqual(complaint.assessed_by_id, self.user_complaint)

    def test_assessment_cannot_be_skipped(self):
        # Stages from Investigation on need the initial assessment (7.5),
        # whether the complaint is moved there or created there.
        self.assertTrue(self.stage_investigation.requires_assessment)
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        complaint = self._create_complaint(
            env=Complaint.env, user_id=self.user_complaint.id
        )
        with self.assertRaisesRegex(UserError, "initial assessment"):
            complaint.write({"stage_id": self.stage_investigation.id})
        with self.assertRaisesRegex(UserError, "initial assessment"):
            complaint.write({"stage_id": self.stage_investigation.id, "severity": "2"})
        with self.assertRaisesRegex(UserError, "initial assessment"):
            Complaint.with_context(default_stage_id=self.stage_investigation.id).create(
                {"name": "Quick", "partner_id": self.customer.id}
            )
        complaint.write(
            {"stage_id": self.stage_investigation.id, "severity": "2", "impact": "2"}
        )
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        # The not-admissible path needs no assessment.
        self.assertFalse(self.stage_rejected.requires_assessment)

    def test_priority_edited_by_managers_only(self):
        complaint = self._create_complaint(severity="1", impact="1")
        # A user's other priority is refused: the assessment's stays.
        with self.assertRaisesRegex(UserError, "only a complaint manager"):
            complaint.with_user(self.user_complaint).write({"priority": "3"})
        self.assertEqual(complaint.priority, "0")
        with self.assertRaisesRegex(UserError, "Say why"):
            complaint.with_user(self.user_manager).write({"priority": "3"})
        complaint.with_user(self.user_manager).write(
            {"priority": "3", "priority_override_reason": "Key account"}
        )
        self.assertEqual(complaint.priority, "3")

    def test_safety_related_is_urgent_and_alerts_at_once(self):
        complaint = self._create_complaint(severity="1", impact="1")
        self.assertEqual(complaint.priority, "0")
        self.assertFalse(complaint.activity_ids)
        complaint.with_user(self.user_complaint).write({"safety_related": True})
        self.assertEqual(complaint.priority, "3")
        alerted = complaint.activity_ids.user_id
        self.assertIn(self.team_a.user_id, alerted, "team leader alerted")
        self.assertIn(self.user_admin_cc, alerted, "complaint managers alerted")
        self.assertIn(self.user_manager, alerted)
        self.assertNotIn(self.user_complaint, alerted)
        # Saving again creates no new alert.
        count = len(complaint.activity_ids)
        complaint.write({"safety_related": True, "immediate_action": "Recall"})
        self.assertEqual(len(complaint.activity_ids), count)

    def test_safety_related_at_creation(self):
        complaint = self._create_complaint(safety_related=True)
        self.assertEqual(complaint.priority, "3")
        self.assertIn(self.team_a.user_id, complaint.activity_ids.user_id)
