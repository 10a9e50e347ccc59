# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestProcessClosing(ProcessCommon):
    def _communicated(self, **values):
        vals = {"severity": "1", "impact": "1", "user_id": self.user_complaint.id}
        vals.update(values)
        complaint = self._create_complaint(**vals)
        self._decide(complaint)
        complaint.action_communicate_decision()
        return complaint

    def test_closing_needs_decision_and_answer(self):
        complaint = self._create_complaint()
        with self.assertRaises(ValidationError):
            complaint.write({"stage_id": self.stage_closed.id})
        self._decide(complaint)
        with self.assertRaises(ValidationError):
            complaint.write({"stage_id": self.stage_closed.id})
        complaint.write(
            {"complainant_answer": "accepted", "stage_id": self.stage_closed.id}
        )
        self.assertTrue(complaint.is_closed)

    def test_accept_decision_closes(self):
        complaint = self._communicated()
        complaint._action_accept_decision()
        self.assertEqual(complaint.complainant_answer, "accepted")
        self.assertTrue(complaint.date_answer)
        self.assertEqual(complaint.stage_id, self.stage_closed)
        with self.assertRaises(UserError):
            complaint._action_accept_decision()

    def test_closing_asks_once_for_a_rating(self):
        # Satisfaction with the handling (8.3): every closed complaint's
        # complainant is asked, once, with a link to the portal's rating form.
        complaint = self._communicated()
        with self.mock_mail_gateway():
            complaint._action_accept_decision()
        requests = self._new_mails.filtered(
            lambda m: m.res_id == complaint.id and "how did we handle" in m.subject
        )
        self.assertEqual(len(requests), 1)
        self.assertEqual(requests.recipient_ids, self.customer)
        self.assertIn(
            f"/my/complaints/{complaint.id}?access_token={complaint.access_token}",
            requests.body_html,
        )
        self.assertIn("#complaint_rating", requests.body_html)
        self.assertTrue(complaint.date_rating_requested)
        # Reopened and closed again: not asked twice.
        complaint._action_reopen("The replacement never came.")
        with self.mock_mail_gateway():
            complaint.write(
                {"complainant_answer": "accepted", "stage_id": self.stage_closed.id}
            )
        self.assertTrue(complaint.is_closed)
        self.assertFalse(
            self._new_mails.filtered(lambda m: "how did we handle" in m.subject)
        )
        # Not admissible: the complainant just got the reason, no second mail.
        rejected = self._create_complaint(rejection_reason="out_of_scope")
        with self.mock_mail_gateway():
            rejected.action_reject_not_admissible()
        self.assertEqual(len(self._new_mails), 1)
        self.assertFalse(rejected.date_rating_requested)

    def test_contest_opens_appeal_with_independent_reviewer(self):
        complaint = self._communicated(
            involved_user_ids=[Command.set(self.user_complaint_b.ids)]
        )
        with self.assertRaises(UserError):
            complaint._action_contest_decision("")
        complaint._action_contest_decision("The seal was fine, the lid broke.")
        self.assertEqual(complaint.complainant_answer, "contested")
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        self.assertEqual(complaint.escalation_level, 1)
        self.assertEqual(complaint.appeal_count, 1)
        reviewer = complaint.reviewer_id
        self.assertTrue(reviewer)
        self.assertEqual(complaint.user_id, reviewer)
        self.assertNotEqual(reviewer, self.user_complaint, "not the handler")
        self.assertNotIn(reviewer, self.user_complaint_b, "not involved")
        self.assertEqual(reviewer, self.team_a.user_id, "the team leader first")
        self.assertIn(reviewer, complaint.activity_ids.user_id)
        # A second appeal goes to yet another person.
        self._decide(complaint, decision_reasons="Reviewed: seal confirmed.")
        complaint.with_user(self.user_admin_cc).action_approve_decision()
        complaint.action_communicate_decision()
        complaint._action_contest_decision("Still not convinced.")
        self.assertEqual(complaint.appeal_count, 2)
        self.assertEqual(complaint.escalation_level, 2)
        self.assertNotIn(
            complaint.reviewer_id, self.user_manager | self.user_complaint_b
        )

    def test_auto_close_after_n_days_without_answer(self):
        self.company.complaint_answer_days = 14
        with freeze_time(self.monday):
            complaint = self._communicated()
        with freeze_time(self.monday + timedelta(days=10)):
            self.env["customer.complaint"]._cron_auto_close_unanswered()
            self.assertFalse(complaint.complainant_answer)
            self.assertFalse(complaint.is_closed)
        with freeze_time(self.monday + timedelta(days=15)):
            self.env["customer.complaint"]._cron_auto_close_unanswered()
            self.assertEqual(complaint.complainant_answer, "no_answer")
            self.assertTrue(complaint.is_closed)
            self.assertIn(
                "no answer to the decision within 14 days",
                complaint.message_ids[0].body,
            )

    def test_closed_complaint_locked_and_reopened_with_reason(self):
        complaint = self._communicated()
        complaint._action_accept_decision()
        self.assertTrue(complaint.is_closed)
        for vals in (
            {"description": "<p>Changed</p>"},
            {"decision_reasons": "Other"},
            {"sale_order_id": False},
            {"stage_id": self.stage_investigation.id},
        ):
            with self.assertRaises(UserError, msg=str(vals)):
                complaint.with_user(self.user_manager).write(vals)
        # Referral to an external body stays possible after closing.
        complaint.write({"adr_reference": "MED-2026-17"})
        wizard = self.env["customer.complaint.reopen"]
        with self.assertRaises(AssertionError):
            with Form(wizard.with_context(default_complaint_id=complaint.id)) as form:
                form.reason = False
        with self.assertRaises(UserError):
            complaint._action_reopen(" ")
        action = complaint.action_open_reopen_wizard()
        form = Form(wizard.with_context(**action["context"]))
        form.reason = "Customer sent new evidence."
        form.save().action_reopen()
        self.assertFalse(complaint.is_closed)
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        self.assertEqual(complaint.reopen_count, 1)
        self.assertIn("Customer sent new evidence.", complaint.message_ids[0].body)
        complaint.write({"description": "<p>Changed</p>"})

    def test_staff_record_the_answer_from_the_form(self):
        accepted = self._communicated()
        accepted.with_user(self.user_complaint).action_record_answer_accepted()
        self.assertEqual(accepted.complainant_answer, "accepted")
        self.assertTrue(accepted.date_answer)
        self.assertEqual(accepted.stage_id, self.stage_closed)
        contested = self._communicated()
        with self.assertRaises(UserError):
            contested.action_record_answer_contested()
        with Form(contested.with_user(self.user_complaint)) as form:
            form.contest_reason = "Told us by phone: the lid broke, not the seal."
        contested.with_user(self.user_complaint).action_record_answer_contested()
        self.assertEqual(contested.complainant_answer, "contested")
        self.assertEqual(contested.stage_id, self.stage_investigation)
        self.assertEqual(contested.appeal_count, 1)

    def test_closed_complaint_form_is_read_only(self):
        complaint = self._communicated()
        complaint._action_accept_decision()
        self.assertTrue(complaint.is_closed)
        form = Form(complaint.with_user(self.user_complaint))
        for name in ("name", "description", "sale_order_id", "severity", "findings"):
            with self.assertRaises(AssertionError, msg=name):
                setattr(form, name, False)

    def test_priority_read_only_for_non_managers_in_form(self):
        complaint = self._create_complaint()
        self.assertFalse(complaint.with_user(self.user_complaint).is_complaint_manager)
        self.assertTrue(complaint.with_user(self.user_manager).is_complaint_manager)
        with self.assertRaises(AssertionError):
            Form(complaint.with_user(self.user_complaint)).priority = "3"
        with Form(complaint.with_user(self.user_manager)) as form:
            form.priority = "3"
            form.priority_override_reason = "Journalist"
        self.assertEqual(complaint.priority, "3")
        self.assertEqual(complaint.priority_override_by_id, self.user_manager)

    def test_one_timeline_for_form_portal_and_report(self):
        complaint = self._communicated()
        timeline = complaint._get_timeline()
        self.assertEqual(
            [phase["key"] for phase in timeline],
            [
                "received",
                "acknowledged",
                "assessed",
                "decision",
                "communicated",
                "answered",
                "closed",
            ],
        )
        communicated = timeline[4]
        self.assertEqual(
            communicated["date_done"], complaint.date_decision_communicated
        )
        self.assertEqual(
            communicated["date_deadline"], complaint.date_decision_deadline
        )
        self.assertEqual(communicated["state"], complaint.decision_deadline_state)
        # The complainant sees neither the internal decision date nor the
        # deadline states.
        portal = complaint._get_timeline(portal=True)
        self.assertNotIn("decision", [phase["key"] for phase in portal])
        self.assertFalse(any(phase["state"] for phase in portal))
        self.assertIn("o_complaint_phase_answered", str(complaint.timeline_html))

    def test_timeline_lists_every_phase(self):
        complaint = self._communicated()
        html = str(complaint.timeline_html)
        for label in (
            "Received",
            "Acknowledged",
            "Assessed",
            "Decision",
            "Communicated",
            "Answered",
            "Closed",
        ):
            self.assertIn(label, html)

    def test_settings_block_writes_company_values(self):
        settings = self.env["res.config.settings"].create(
            {
                "complaint_answer_days": 5,
                "complaint_adr_name": "Consumer Ombudsman",
                "complaint_root_cause_severity": "4",
            }
        )
        settings.execute()
        company = self.env.company
        self.assertEqual(company.complaint_answer_days, 5)
        self.assertEqual(company.complaint_adr_name, "Consumer Ombudsman")
        self.assertEqual(company.complaint_root_cause_severity, "4")
