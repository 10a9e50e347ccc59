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
        self._communicate(complaint)
        return complaint

    def test_closing_needs_decision_and_answer(self):
        # Closing needs the assessment, a decision communicated to the
        # complainant and their answer (or the delay to answer passed).
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        as_handler = complaint.with_user(self.user_complaint)

        def refused(why):
            with self.assertRaisesRegex(UserError, why), self.cr.savepoint():
                as_handler.write({"stage_id": self.stage_closed.id})

        refused("assessment")
        as_handler.write({"severity": "1", "impact": "1"})
        refused("communicated")
        decision = self._decide(complaint, user=self.user_complaint)
        refused("communicated")
        decision.with_user(self.user_complaint).action_communicate()
        refused("answers the decision")
        self.assertFalse(complaint.is_closed)
        decision.with_user(self.user_complaint).action_record_answer(
            "accepted", "phone"
        )
        self.assertTrue(complaint.is_closed)

    def test_closing_after_the_delay_to_answer(self):
        self.company.complaint_answer_days = 14
        with freeze_time(self.monday):
            complaint = self._communicated()
        as_handler = complaint.with_user(self.user_complaint)
        with freeze_time(self.monday + timedelta(days=13)):
            with self.assertRaises(ValidationError):
                as_handler.write({"stage_id": self.stage_closed.id})
        with freeze_time(self.monday + timedelta(days=15)):
            as_handler.write({"stage_id": self.stage_closed.id})
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.current_decision_id.state, "no_answer")
        self.assertEqual(complaint.current_decision_id.answer, "no_answer")

    def test_accept_decision_closes(self):
        complaint = self._communicated()
        decision = complaint.current_decision_id
        decision._accept()
        self.assertEqual(decision.answer, "accepted")
        self.assertEqual(decision.answer_channel, "portal")
        self.assertTrue(decision.date_answer)
        self.assertEqual(complaint.stage_id, self.stage_closed)
        with self.assertRaises(UserError):
            decision._accept()

    def test_closing_asks_once_for_a_rating(self):
        # Satisfaction with the handling (8.3): every closed complaint's
        # complainant is asked, once, with a link to the portal's rating form.
        complaint = self._communicated()
        with self.mock_mail_gateway():
            complaint.current_decision_id._accept()
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
            complaint.write({"stage_id": self.stage_closed.id})
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
        first = complaint.current_decision_id
        with self.assertRaises(UserError):
            first._contest("")
        first._contest("The seal was fine, the lid broke.")
        self.assertEqual(first.state, "contested")
        self.assertEqual(first.answer, "contested")
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        self.assertEqual(complaint.escalation_level, 1)
        self.assertEqual(complaint.appeal_count, 1)
        second = complaint.current_decision_id
        self.assertEqual((second.round, second.state), (2, "draft"))
        reviewer = first.reviewer_id
        self.assertTrue(reviewer)
        self.assertEqual(complaint.user_id, reviewer)
        self.assertNotEqual(reviewer, self.user_complaint, "not the handler")
        self.assertNotIn(reviewer, self.user_complaint_b, "not involved")
        self.assertEqual(reviewer, self.team_a.user_id, "the team leader first")
        self.assertIn(reviewer, complaint.activity_ids.user_id)
        # A second appeal goes to yet another person.
        self._decide(complaint, user=reviewer, reasons="Reviewed: seal confirmed.")
        second.with_user(reviewer).action_communicate()
        second._contest("Still not convinced.")
        self.assertEqual(complaint.appeal_count, 2)
        self.assertEqual(complaint.escalation_level, 2)
        self.assertEqual(complaint.current_decision_id.round, 3)
        took_part = (
            (first | second).decided_by_id
            | (first | second).handler_id
            | first.reviewer_id
            | self.user_complaint_b
        )
        self.assertTrue(second.reviewer_id)
        self.assertNotIn(second.reviewer_id, took_part)

    def test_auto_close_after_n_days_without_answer(self):
        self.company.complaint_answer_days = 14
        with freeze_time(self.monday):
            complaint = self._communicated()
        decision = complaint.current_decision_id
        with freeze_time(self.monday + timedelta(days=10)):
            self.env["customer.complaint.decision"]._cron_close_unanswered()
            self.assertFalse(decision.answer)
            self.assertFalse(complaint.is_closed)
        with freeze_time(self.monday + timedelta(days=15)):
            self.env["customer.complaint.decision"]._cron_close_unanswered()
            self.assertEqual(decision.answer, "no_answer")
            self.assertEqual(decision.state, "no_answer")
            self.assertTrue(complaint.is_closed)
            self.assertIn(
                "no answer to the decision within 14 days",
                complaint.message_ids[0].body,
            )

    def test_closed_complaint_locked_and_reopened_with_reason(self):
        complaint = self._communicated()
        complaint.current_decision_id._accept()
        self.assertTrue(complaint.is_closed)
        for vals in (
            {"description": "<p>Changed</p>"},
            {"sale_order_id": False},
            {"stage_id": self.stage_investigation.id},
        ):
            with self.assertRaises(UserError, msg=str(vals)):
                complaint.with_user(self.user_manager).write(vals)
        with self.assertRaises(UserError):
            complaint.current_decision_id.with_user(self.user_manager).reasons = "Other"
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

    def test_reopened_complaint_is_decided_again(self):
        complaint = self._communicated()
        first = complaint.current_decision_id
        first._accept()
        self.assertTrue(complaint.is_closed)
        complaint.with_user(self.user_manager)._action_reopen("The new one broke too.")
        # The handler opens the decision from the form: a new round to record,
        # not the answered one.
        handler = complaint.with_user(self.user_complaint)
        action = handler.action_open_decision()
        self.assertNotIn("res_id", action)
        Decision = self.env["customer.complaint.decision"].with_user(
            self.user_complaint
        )
        with Form(Decision.with_context(**action["context"])) as form:
            form.outcome = "upheld"
            form.reasons = "A refund this time."
            form.resolution_type = "repair"
        second = form.record
        self.assertEqual(second.round, 2)
        self.assertEqual(complaint.current_decision_id, second)
        self.assertEqual(complaint.appeal_count, 0, "a reopening is no appeal")
        self.assertEqual(first.state, "accepted", "round 1 stays as answered")
        # Its decision phase runs from then; the first one's result stays.
        phase = complaint._phase_of("decision", 2)
        self.assertEqual(phase.state, "pending")
        self.assertEqual(complaint._phase_of("decision").state, "met")
        # One new round per reopening.
        with self.assertRaisesRegex(UserError, "reopened"):
            Decision.create(
                {
                    "complaint_id": complaint.id,
                    "outcome": "upheld",
                    "reasons": "Once more.",
                }
            )
        self.assertEqual(handler.action_open_decision()["res_id"], second.id)
        second.with_user(self.user_complaint).action_communicate()
        self.assertTrue(phase.date_done)
        second._accept()
        self.assertTrue(complaint.is_closed)

    def test_process_moves_complaints_to_the_stage_of_each_iso_step(self):
        # Team A closes into its own stage, team B into the shared one: the
        # process looks stages up by the ISO step they stand for.
        Stage = self.env["customer.complaint.stage"].with_user(self.user_manager)
        own_closed = Stage.create(
            {
                "name": "Team A: done",
                "sequence": 45,
                "is_closed": True,
                "team_ids": [Command.set(self.team_a.ids)],
            }
        )
        self.assertEqual(own_closed.iso_step, "closed", "from its flags")
        self.assertEqual(self.stage_awaiting.iso_step, "awaiting")
        complaint_a = self._communicated()
        self.assertEqual(complaint_a.stage_id, self.stage_awaiting)
        complaint_a.current_decision_id.with_user(
            self.user_complaint
        ).action_record_answer("accepted", "phone")
        self.assertEqual(complaint_a.stage_id, own_closed)
        complaint_b = self._communicated(team_id=self.team_b.id)
        complaint_b.current_decision_id._accept()
        self.assertEqual(complaint_b.stage_id, self.stage_closed)
        # Reopened: back to the stage of the investigation step.
        complaint_a.with_user(self.user_manager)._action_reopen("New evidence.")
        self.assertEqual(complaint_a.stage_id.iso_step, "investigation")
        # A step's flags and its stage agree; without a stage, a clear refusal.
        with self.assertRaises(ValidationError):
            own_closed.iso_step = "investigation"
        self.stage_rejected.with_user(self.user_manager).active = False
        spam = self._create_complaint(
            user_id=self.user_complaint.id, rejection_reason="out_of_scope"
        )
        with self.assertRaisesRegex(UserError, "No active stage"):
            spam.with_user(self.user_complaint).action_reject_not_admissible()

    def test_staff_record_the_answer_from_the_form(self):
        def record(decision, **values):
            action = decision.with_user(self.user_complaint).action_open_answer_wizard()
            Wizard = (
                self.env[action["res_model"]]
                .with_user(self.user_complaint)
                .with_context(**action["context"])
            )
            with Form(Wizard) as form:
                for name, value in values.items():
                    setattr(form, name, value)
            return form.record.action_record()

        accepted = self._communicated().current_decision_id
        record(accepted, answer="accepted", channel="letter")
        self.assertEqual(accepted.answer, "accepted")
        self.assertEqual(accepted.answer_channel, "letter")
        self.assertEqual(accepted.answer_recorded_by_id, self.user_complaint)
        self.assertTrue(accepted.date_answer)
        self.assertEqual(accepted.complaint_id.stage_id, self.stage_closed)
        contested = self._communicated().current_decision_id
        with self.assertRaises(UserError):
            contested.with_user(self.user_complaint).action_record_answer(
                "contested", "phone", " "
            )
        record(
            contested,
            answer="contested",
            channel="phone",
            reason="Told us by phone: the lid broke, not the seal.",
        )
        self.assertEqual(contested.answer, "contested")
        self.assertEqual(
            contested.contest_reason, "Told us by phone: the lid broke, not the seal."
        )
        self.assertEqual(contested.complaint_id.stage_id, self.stage_investigation)
        self.assertEqual(contested.complaint_id.appeal_count, 1)

    def test_closed_complaint_form_is_read_only(self):
        complaint = self._communicated()
        complaint.current_decision_id._accept()
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
            communicated["date_done"], complaint.current_decision_id.date_communicated
        )
        # Its deadline and state are the first decision phase's, stored.
        decision = complaint._phase_of("decision")
        self.assertEqual(communicated["date_deadline"], decision.date_deadline)
        self.assertEqual(communicated["state"], decision.state)
        self.assertIn(decision.state, ("met", "met_late"))
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
