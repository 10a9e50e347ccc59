# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The to-do the escalation job gives when a phase comes at risk does not
linger: done with the phase, replaced by the escalation at the breach."""

from datetime import datetime

from odoo.tests import Form, freeze_time, tagged

from .common_process import ProcessCommon

# team A's calendar (8-12, 13-17 UTC) and policy (assessment: 16 h), for a
# complaint received on Monday 5 January 2026 08:00: the assessment is due on
# Tuesday 17:00, at risk from Tuesday 08:45.
TUESDAY = datetime(2026, 1, 6, 9, 0)
WEDNESDAY = datetime(2026, 1, 7, 9, 0)
AT_RISK = "Deadline at risk: Assessment"
FEEDBACK = "Assessment done: the deadline is no longer at risk."
REPLACED = "The at-risk to-do is closed: this escalation replaces it."


@tagged("post_install", "-at_install")
class TestAtRiskTodo(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the scheduler runs the job as OdooBot
        cls.cron_user = cls.env.ref("base.user_root")
        cls.todo_type = cls.env.ref("mail.mail_activity_data_todo")

    def _received(self, **values):
        """A complaint of Alice's, received (and acknowledged) on Monday."""
        with freeze_time(self.monday):
            return self._create_complaint(
                date_received=self.monday, user_id=self.user_complaint.id, **values
            )

    def _escalate(self, when):
        with freeze_time(when):
            self.env["customer.complaint.phase"].with_user(
                self.cron_user
            )._cron_escalate()

    def _assess_as(self, complaint, user, when):
        with freeze_time(when), Form(complaint.with_user(user)) as form:
            form.severity = "1"
            form.impact = "1"

    def _done_messages(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.todo_type
            and m.subtype_id == self.env.ref("mail.mt_activities")
        )

    def test_at_risk_todo_done_with_the_phase(self):
        complaint = self._received()
        assessment = complaint._phase_of("assessment")
        self._escalate(TUESDAY)
        todo = complaint.activity_ids
        self.assertEqual(todo.summary, AT_RISK)
        self.assertEqual(todo.user_id, self.user_complaint)
        self.assertEqual(assessment.at_risk_activity_id, todo)
        # Alice assesses the complaint in time: her to-do is done with it
        self._assess_as(complaint, self.user_complaint, datetime(2026, 1, 6, 10, 0))
        self.assertEqual(assessment.state, "met")
        self.assertFalse(todo.exists())
        self.assertFalse(complaint.activity_ids)
        done = self._done_messages(complaint)
        self.assertEqual(len(done), 1)
        self.assertIn(FEEDBACK, done.body)
        self.assertEqual(done.author_id, self.user_complaint.partner_id)
        # the job has nothing left to say about it
        self._escalate(WEDNESDAY)
        self.assertFalse(complaint.activity_ids)

    def test_at_risk_todo_replaced_by_the_breach(self):
        complaint = self._received()
        assessment = complaint._phase_of("assessment")
        self._escalate(TUESDAY)
        at_risk = complaint.activity_ids
        self.assertEqual(at_risk.summary, AT_RISK)
        # nobody assessed it by Tuesday 17:00: the team leader is alerted,
        # Alice's at-risk to-do gives way to the escalation
        self._escalate(WEDNESDAY)
        self.assertEqual(assessment.state, "breached")
        self.assertFalse(at_risk.exists())
        breach = complaint.activity_ids
        self.assertEqual(breach.summary, "Deadline breached: Assessment")
        self.assertEqual(breach.user_id, self.team_a.user_id)
        self.assertFalse(assessment.at_risk_activity_id)
        note = complaint.message_ids[0]
        self.assertIn("was breached: escalated to level 1", note.body)
        self.assertIn(REPLACED, note.body)
        # the escalation stays the team leader's to close, phase done or not
        self._assess_as(complaint, self.user_complaint, datetime(2026, 1, 7, 10, 0))
        self.assertEqual(assessment.state, "met_late")
        self.assertEqual(complaint.activity_ids, breach)
        # run again: nothing twice
        self._escalate(datetime(2026, 1, 7, 11, 0))
        self.assertEqual(complaint.activity_ids, breach)

    def test_shared_todo_kept_while_a_phase_is_at_risk(self):
        # acknowledgement and assessment both due on Tuesday 17:00: one to-do
        # for both, kept while either is still at risk
        self.policy_team_a.ack_hours = 16
        complaint = self._received(
            env=self.env(
                context=dict(self.env.context, complaint_skip_acknowledgement=True)
            )
        )
        ack = complaint._phase_of("ack")
        assessment = complaint._phase_of("assessment")
        self._escalate(TUESDAY)
        todo = complaint.activity_ids
        self.assertEqual(todo.summary, "Deadline at risk: Acknowledgement, Assessment")
        self.assertEqual((ack | assessment).at_risk_activity_id, todo)
        self._assess_as(complaint, self.user_complaint, datetime(2026, 1, 6, 10, 0))
        self.assertEqual(assessment.state, "met")
        self.assertTrue(todo.exists(), "the acknowledgement is still at risk")
        self.assertFalse(self._done_messages(complaint))
        # the acknowledgement is breached: nothing is left at risk
        self._escalate(WEDNESDAY)
        self.assertEqual(ack.state, "breached")
        self.assertFalse(todo.exists())
        self.assertEqual(
            complaint.activity_ids.summary, "Deadline breached: Acknowledgement"
        )

    def test_replacing_todos_flat_in_batch_size(self):
        """The breach run replacing at-risk to-dos costs the same queries for
        3 complaints as for 12 (the job's bulk path stays batched)."""
        Complaint = self.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True
        )
        with freeze_time(self.monday):
            warm, small, large = (
                Complaint.create(
                    [
                        {
                            "name": f"At risk {size} {i}",
                            "partner_id": self.customer.id,
                            "team_id": self.team_a.id,
                            "user_id": self.user_complaint.id,
                            "date_received": self.monday,
                        }
                        for i in range(size)
                    ]
                )
                for size in (2, 3, 12)
            )
        # Monday 15:00: every acknowledgement is at risk, a to-do each
        self._escalate(datetime(2026, 1, 5, 15, 0))
        todos = (warm | small | large).activity_ids
        self.assertEqual(len(todos), 17)
        # each run on Tuesday sees one group: the others are archived
        (small | large)._process_env().write({"active": False})
        self._escalate(TUESDAY)
        queries = []
        for group in (small, large):
            group._process_env().write({"active": True})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self._escalate(TUESDAY)
            self.env.flush_all()
            queries.append(self.cr.sql_log_count - before)
        self.assertEqual(queries[0], queries[1], "flat in the batch's size")
        self.assertFalse(todos.exists())
        for complaint in warm | small | large:
            self.assertEqual(
                sorted(complaint.activity_ids.mapped("summary")),
                ["Deadline at risk: Assessment", "Deadline breached: Acknowledgement"],
            )
