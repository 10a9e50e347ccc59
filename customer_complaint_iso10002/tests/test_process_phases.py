# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The phases of a complaint (customer.complaint.phase): planned at creation on
the working calendar, their state stored and kept current by completion and by
the escalation job, read with their complaint, written by the process only."""

from contextlib import contextmanager
from datetime import date, datetime

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged, users, warmup

from .common_process import ProcessCommon

KINDS = [("ack", 0), ("assessment", 0), ("decision", 1), ("closure", 0)]


@tagged("post_install", "-at_install")
class TestProcessPhases(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Phase = cls.env["customer.complaint.phase"]
        # Handlers get no acknowledgement mail in the way of the dates.
        cls.env = cls.env(
            context=dict(cls.env.context, complaint_skip_acknowledgement=True)
        )

    def _received(self, when=None, user=None, **values):
        """A complaint of team A received and created at ``when`` (Monday 5
        January 08:00), as ``user`` (the handler)."""
        when = when or self.monday
        user = user or self.user_complaint
        vals = {"date_received": when, "user_id": self.user_complaint.id}
        vals.update(values)
        with self._at(when):
            return self._create_complaint(env=self.env(user=user), **vals)

    @staticmethod
    def _phase(complaint, kind, number=None):
        return complaint._phase_of(kind, number)

    @contextmanager
    def _at(self, when):
        """At ``when``, what is written stored then, as a transaction would."""
        with freeze_time(when):
            yield
            self.env.flush_all()

    def _job(self, when):
        with self._at(when):
            return self.env["customer.complaint.phase"]._cron_escalate()

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------

    def test_phases_planned_at_create_on_working_calendar(self):
        # Tuesday 6 January is a public holiday of the team's calendar.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 6, 0, 0),
                "date_to": datetime(2026, 1, 6, 23, 59),
            }
        )
        complaint = self._received()
        phases = complaint.phase_ids.sorted(lambda p: p.date_deadline)
        self.assertEqual([(p.phase, p.round) for p in phases], KINDS)
        self.assertEqual(set(phases.mapped("date_start")), {self.monday})
        # Targets of team A: 8, 16, 40 and 80 working hours (days 8-12, 13-17).
        self.assertEqual(
            phases.mapped("date_deadline"),
            [
                datetime(2026, 1, 5, 17, 0),  # Monday
                datetime(2026, 1, 7, 17, 0),  # Monday + Wednesday
                datetime(2026, 1, 12, 17, 0),  # 5 working days
                datetime(2026, 1, 19, 17, 0),  # 10 working days
            ],
        )
        # At risk after 75 % of the time: 08:00 + 0.75 x 9 h.
        self.assertEqual(phases[0].date_at_risk, datetime(2026, 1, 5, 14, 45))
        self.assertEqual(set(phases.mapped("state")), {"pending"})
        self.assertEqual(complaint.deadline_state, "on_time")
        # One source for the response promised: the first decision phase.
        self.assertEqual(complaint.date_response_due, datetime(2026, 1, 12, 17, 0))
        # The at-risk share is a company setting.
        self.company.complaint_at_risk_share = 0.5
        self.assertEqual(phases[0].date_at_risk, datetime(2026, 1, 5, 12, 30))

    def test_deadlines_follow_the_complaint_but_not_the_promise(self):
        complaint = self._received()
        ack, decision = (
            self._phase(complaint, "ack"),
            self._phase(complaint, "decision"),
        )
        promised = datetime(2026, 1, 9, 17, 0)  # 40 working hours
        with self._at(datetime(2026, 1, 5, 10, 0)):
            complaint._process_env().date_acknowledged = fields.Datetime.now()
        self.assertEqual(ack.state, "met")
        self.assertEqual(complaint.date_response_due, promised)
        # Urgent complaints of team A are decided within a working day.
        self.Policy.create(
            {
                "name": "Team A urgent",
                "company_id": self.company.id,
                "team_id": self.team_a.id,
                "priority": "3",
                "ack_hours": 1,
                "assessment_hours": 2,
                "decision_hours": 8,
                "closure_hours": 16,
            }
        )
        # The handler's assessment makes it urgent: the other pending phases
        # follow.
        with self._at(datetime(2026, 1, 5, 11, 0)):
            complaint.with_user(self.user_complaint).write(
                {"severity": "4", "impact": "4"}
            )
        self.assertEqual(complaint.priority, "3")
        # The response date the acknowledgement promised does not move while
        # the decision is pending: the decision phase keeps its deadline, the
        # one source of the promise.
        self.assertEqual(decision.date_deadline, promised)
        self.assertEqual(complaint.date_response_due, promised)
        self.assertEqual(
            self._phase(complaint, "closure").date_deadline,
            datetime(2026, 1, 6, 17, 0),
        )
        # The assessment, done in that very step, is measured on the deadline
        # it had until then.
        assessment = self._phase(complaint, "assessment")
        self.assertEqual(assessment.date_deadline, datetime(2026, 1, 6, 17, 0))
        self.assertEqual(assessment.state, "met")
        # The acknowledgement, done, keeps the deadline it was measured on.
        self.assertEqual(ack.date_deadline, datetime(2026, 1, 5, 17, 0))
        self.assertEqual(ack.state, "met")

    # ------------------------------------------------------------------
    # Stored states: completion and time
    # ------------------------------------------------------------------

    def test_completion_stores_met_late_closing_and_reopening(self):
        complaint = self._received()
        handler = complaint.with_user(self.user_complaint)
        ack, assessment, decision, closure = (
            self._phase(complaint, kind) for kind, _round in KINDS
        )
        with self._at(datetime(2026, 1, 5, 10, 0)):
            complaint._process_env().date_acknowledged = fields.Datetime.now()
        # Assessed on Wednesday, past Tuesday 17:00.
        with self._at(datetime(2026, 1, 7, 9, 0)):
            handler.write({"severity": "1", "impact": "1"})
        self.assertEqual((ack.state, ack.date_done), ("met", datetime(2026, 1, 5, 10)))
        self.assertEqual(assessment.state, "met_late")
        self.assertEqual(
            self.Phase.search(
                [("complaint_id", "=", complaint.id), ("state", "=", "met_late")]
            ),
            assessment,
        )
        # Not admissible on Thursday: the closing completes what is left.
        with self._at(datetime(2026, 1, 8, 9, 0)):
            handler.write({"rejection_reason": "out_of_scope"})
            handler.action_reject_not_admissible()
        self.assertTrue(complaint.is_closed)
        self.assertEqual(decision.date_done, datetime(2026, 1, 8, 9, 0))
        self.assertTrue(decision.done_at_closing)
        self.assertEqual((decision.state, closure.state), ("met", "met"))
        self.assertFalse(closure.done_at_closing)
        # No phase open: how they ended, the worst (the assessment, late).
        self.assertEqual(complaint.deadline_state, "met_late")
        # Reopened after the closure deadline: what the closing completed
        # reopens, late; what was done on its own stays done.
        with self._at(datetime(2026, 1, 20, 9, 0)):
            handler._action_reopen("The customer sent the missing invoice.")
        self.assertFalse(complaint.is_closed)
        self.assertEqual((closure.date_done, closure.state), (False, "breached"))
        self.assertEqual((decision.date_done, decision.state), (False, "breached"))
        self.assertEqual((ack.state, assessment.state), ("met", "met_late"))
        self.assertEqual(complaint.deadline_state, "breached")

    def test_job_stores_states_as_time_passes_worst_open_phase(self):
        complaint = self._received()
        ack, assessment = (
            self._phase(complaint, "ack"),
            self._phase(complaint, "assessment"),
        )
        Complaint = self.env["customer.complaint"]
        mine = [("id", "=", complaint.id)]
        with self._at(datetime(2026, 1, 5, 15, 0)):
            # Time alone changes no stored state: the job does.
            self.assertEqual(ack.state, "pending")
            self.assertFalse(
                Complaint.search(mine + [("deadline_state", "=", "at_risk")])
            )
        self._job(datetime(2026, 1, 5, 15, 0))
        self.assertEqual(ack.state, "at_risk")
        self.assertEqual(complaint.deadline_state, "at_risk")
        self._job(datetime(2026, 1, 6, 9, 0))
        self.assertEqual((ack.state, assessment.state), ("breached", "at_risk"))
        self.assertEqual(complaint.deadline_state, "breached")
        # The worst phase done, the next worst open one shows.
        with self._at(datetime(2026, 1, 6, 9, 30)):
            complaint._process_env().date_acknowledged = fields.Datetime.now()
        self.assertEqual(ack.state, "met_late")
        self.assertEqual(complaint.deadline_state, "at_risk")
        with self._at(datetime(2026, 1, 6, 10, 0)):
            complaint.with_user(self.user_complaint).write(
                {"severity": "1", "impact": "1"}
            )
        self.assertEqual(assessment.state, "met")
        self.assertEqual(complaint.deadline_state, "on_time")

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    def test_escalation_one_level_per_breached_phase_idempotent(self):
        # Other complaints of the database (demo data) are handled first.
        self._job(datetime(2026, 1, 6, 9, 0))
        complaint = self._received()
        ack = self._phase(complaint, "ack")
        assessment = self._phase(complaint, "assessment")
        cron = self.env.ref("customer_complaint_iso10002.ir_cron_complaint_escalation")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        Phase = self.env["customer.complaint.phase"].with_context(
            ir_cron_progress_id=progress.id
        )
        with self._at(datetime(2026, 1, 6, 9, 0)):
            self.assertEqual(Phase._cron_escalate(), 1)
        # The job reports its progress (complaints) to the scheduler.
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertEqual((ack.alert, ack.escalation_level), ("breached", 1))
        self.assertEqual(ack.date_alert, datetime(2026, 1, 6, 9, 0))
        self.assertEqual(
            (assessment.alert, assessment.escalation_level), ("at_risk", 0)
        )
        self.assertEqual(complaint.escalation_level, 1)
        activities = complaint.activity_ids
        notes = complaint.message_ids
        self.assertEqual(self._job(datetime(2026, 1, 6, 9, 5)), 0, "nothing twice")
        self.assertEqual(complaint.activity_ids, activities)
        self.assertEqual(complaint.message_ids, notes)
        self._job(datetime(2026, 1, 7, 9, 0))
        self.assertEqual(
            (assessment.alert, assessment.escalation_level), ("breached", 2)
        )
        self.assertEqual(complaint.escalation_level, 2)
        self.assertEqual(ack.escalation_level, 1)
        # A breached phase given more time, then breached again, is one
        # breach: no second level.
        self.Policy.create(
            {
                "name": "Team A by email",
                "company_id": self.company.id,
                "team_id": self.team_a.id,
                "channel": "email",
                "ack_hours": 24,
                "assessment_hours": 16,
                "decision_hours": 40,
                "closure_hours": 80,
            }
        )
        with self._at(datetime(2026, 1, 7, 9, 30)):
            complaint.with_user(self.user_complaint).channel = "email"
        self.assertEqual(ack.date_deadline, datetime(2026, 1, 7, 17, 0))
        self.assertEqual((ack.state, ack.alert), ("at_risk", "breached"))
        self._job(datetime(2026, 1, 8, 9, 0))
        self.assertEqual(ack.state, "breached")
        self.assertEqual(complaint.escalation_level, 2)
        self.assertEqual(ack.escalation_level, 1)

    def test_appeal_opens_a_new_decision_phase(self):
        complaint = self._received()
        handler = complaint.with_user(self.user_complaint)
        first = self._phase(complaint, "decision")
        with self._at(datetime(2026, 1, 7, 10, 0)):
            handler._phase_done("decision")
        self.assertEqual(
            (first.state, first.date_done), ("met", datetime(2026, 1, 7, 10))
        )
        # The complainant contests on Thursday 10:00: round 2 runs from then.
        with self._at(datetime(2026, 1, 8, 10, 0)):
            second = handler._phase_open_decision()
        self.assertEqual((second.phase, second.round), ("decision", 2))
        self.assertEqual(second.display_name, "Decision (round 2)")
        self.assertEqual(second.date_start, datetime(2026, 1, 8, 10, 0))
        # 40 working hours: Thursday 6 h, Friday, Monday-Wednesday 8 h, 2 h.
        self.assertEqual(second.date_deadline, datetime(2026, 1, 15, 10, 0))
        self.assertEqual(second.state, "pending")
        self.assertEqual(complaint.deadline_state, "on_time")
        # The first round's result stays what it was; the promise too.
        self.assertEqual(complaint.date_response_due, first.date_deadline)
        with self._at(datetime(2026, 1, 16, 9, 0)):
            handler._phase_done("decision")
        self.assertEqual(second.state, "met_late")
        self.assertEqual(
            (first.state, first.date_done), ("met", datetime(2026, 1, 7, 10))
        )

    def test_rounds_recorded_as_data_get_their_phases(self):
        complaint = self._received()

        # Rounds loaded as data (demo, import), not through the process.
        def round_vals(number, state, communicated, **more):
            return dict(
                complaint_id=complaint.id,
                round=number,
                state=state,
                outcome="partly_upheld",
                reasons="Checked.",
                resolution_type="explanation",
                date_communicated=communicated,
                **more,
            )

        first, second = self.env["customer.complaint.decision"].create(
            [
                round_vals(
                    1,
                    "contested",
                    datetime(2026, 1, 7, 10, 0),
                    answer="contested",
                    date_answer=datetime(2026, 1, 8, 10, 0),
                    contest_reason="The page says otherwise.",
                ),
                round_vals(2, "communicated", datetime(2026, 1, 16, 9, 0)),
            ]
        )
        with self._at(datetime(2026, 1, 16, 10, 0)):
            complaint._phases_follow_rounds()
        phases = complaint.phase_ids.filtered(lambda p: p.phase == "decision")
        self.assertEqual(
            [
                (p.round, p.decision_id, p.date_start, p.date_done, p.state)
                for p in phases.sorted("round")
            ],
            [
                (1, first, self.monday, datetime(2026, 1, 7, 10), "met"),
                # From the answer that opened it; 40 h: Thursday 15 January 10:00.
                (
                    2,
                    second,
                    datetime(2026, 1, 8, 10),
                    datetime(2026, 1, 16, 9),
                    "met_late",
                ),
            ],
        )
        # Nothing twice.
        complaint._phases_follow_rounds()
        self.assertEqual(len(complaint.phase_ids), 5)

    # ------------------------------------------------------------------
    # Search, group, access
    # ------------------------------------------------------------------

    def test_search_and_group_by_phase_state(self):
        late = self._received()
        self._received(datetime(2026, 1, 6, 8, 0))
        self._job(datetime(2026, 1, 6, 9, 0))
        Phase = self.Phase.with_user(self.user_complaint)
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        mine = [("complaint_id.date_received", ">=", self.monday)]
        self.assertEqual(
            Phase.search(mine + [("state", "=", "breached")]),
            self._phase(late, "ack"),
        )
        groups = dict(
            ((phase, state), count)
            for phase, state, count in Phase._read_group(
                mine, ["phase", "state"], ["__count"]
            )
        )
        self.assertEqual(groups[("ack", "breached")], 1)
        self.assertEqual(groups[("assessment", "at_risk")], 1)
        self.assertEqual(groups[("ack", "pending")], 1)
        self.assertEqual(groups[("decision", "pending")], 2)
        received = [("date_received", ">=", self.monday)]
        self.assertEqual(
            Complaint.search(received + [("deadline_state", "=", "breached")]), late
        )
        self.assertEqual(
            dict(Complaint._read_group(received, ["deadline_state"], ["__count"])),
            {"breached": 1, "on_time": 1},
        )
        self.assertEqual(
            Complaint.search(
                received
                + [
                    (
                        "phase_ids",
                        "any",
                        [("phase", "=", "assessment"), ("state", "=", "at_risk")],
                    )
                ]
            ),
            late,
        )

    def test_phases_written_only_by_the_process(self):
        complaint = self._received()
        phase = self._phase(complaint, "ack")
        for user in (self.user_complaint, self.user_manager, self.user_auditor):
            with self.subTest(user=user.login):
                self.assertEqual(
                    phase.with_user(user).read(["state"])[0]["state"], "pending"
                )
                with self.assertRaises(AccessError):
                    phase.with_user(user).write({"state": "met"})
                with self.assertRaises(AccessError):
                    phase.with_user(user).write({"date_deadline": datetime(2030, 1, 1)})
                with self.assertRaises(AccessError):
                    self.Phase.with_user(user).create(
                        {"complaint_id": complaint.id, "phase": "decision", "round": 2}
                    )
                with self.assertRaises(AccessError):
                    phase.with_user(user).unlink()
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_complaint).write(
                {"phase_ids": [Command.update(phase.id, {"date_done": self.monday})]}
            )
        with self.assertRaises(AccessError):
            self.Phase.with_user(self.user_portal_cc).search([])
        self.assertEqual(phase.state, "pending")
        self.assertFalse(phase.date_done)

    def test_phases_read_with_their_complaint(self):
        complaint = self._received()
        # Bob works in team B: complaint and phases of team A are not his.
        Phase = self.Phase.with_user(self.user_complaint_b)
        self.assertFalse(Phase.search([("complaint_id", "=", complaint.id)]))
        self.assertFalse(
            Phase._read_group([("complaint_id", "=", complaint.id)], [], ["__count"])[
                0
            ][0]
        )
        with self.assertRaises(AccessError):
            complaint.phase_ids.with_user(self.user_complaint_b).read(["complaint_id"])
        self.assertEqual(
            self.Phase.with_user(self.user_complaint).search(
                [("complaint_id", "=", complaint.id)]
            ),
            complaint.phase_ids,
        )

    # ------------------------------------------------------------------
    # KPI and reading cost
    # ------------------------------------------------------------------

    def test_on_time_kpi_over_phases(self):
        c1 = self._received()
        c2 = self._received()
        c3 = self._received(datetime(2026, 2, 2, 8, 0))
        with self._at(datetime(2026, 1, 5, 10, 0)):
            c1._process_env().date_acknowledged = fields.Datetime.now()
        with self._at(datetime(2026, 1, 6, 10, 0)):
            c1.with_user(self.user_complaint).write({"severity": "1", "impact": "1"})
            c2._process_env().date_acknowledged = fields.Datetime.now()
        with self._at(datetime(2026, 1, 7, 10, 0)):
            c1._phase_done("decision")
        with self._at(datetime(2026, 1, 8, 10, 0)):
            c1._phase_open_decision()
        with self._at(datetime(2026, 1, 16, 9, 0)):
            c1._phase_done("decision")
        with self._at(datetime(2026, 2, 3, 10, 0)):
            c3._process_env().date_acknowledged = fields.Datetime.now()
        rates = (
            self.env["customer.complaint.kpi"]
            .with_user(self.user_manager)
            .kpi_on_time_rate(date(2026, 1, 1), date(2026, 1, 31), self.company)
        )
        others = (
            self.env["customer.complaint.phase"]
            .sudo()
            .search(
                [
                    ("complaint_id.date_received", ">=", datetime(2026, 1, 1)),
                    ("complaint_id.date_received", "<", datetime(2026, 2, 1)),
                    ("complaint_id", "not in", (c1 | c2).ids),
                    ("company_id", "=", self.company.id),
                    ("state", "in", ("met", "met_late")),
                ]
            )
        )
        self.assertFalse(others, "only the complaints of this test in January")
        # Acknowledgement: c1 on time, c2 late (c3 is not of the period);
        # assessment: c1 on time, c2 pending; decision: round 1 on time,
        # round 2 late; closure: none completed.
        self.assertAlmostEqual(float(rates["ack"]), 0.5)
        self.assertAlmostEqual(float(rates["assessment"]), 1.0)
        self.assertAlmostEqual(float(rates["decision"]), 0.5)
        self.assertIsNone(rates["closure"])


@tagged("post_install", "-at_install")
class TestProcessPhasesKanban(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(cls.monday):
            cls.env["customer.complaint"].with_context(
                complaint_skip_acknowledgement=True, tracking_disable=True
            ).create(
                [
                    {
                        "name": f"Kanban {i}",
                        "partner_id": cls.customer.id,
                        "team_id": cls.team_a.id,
                        "user_id": cls.user_complaint.id,
                        "date_received": cls.monday,
                    }
                    for i in range(40)
                ]
            )
            cls.env.flush_all()
        with freeze_time(datetime(2026, 1, 6, 9, 0)):
            cls.env["customer.complaint.phase"]._cron_escalate()

    def _kanban(self, limit):
        return self.env["customer.complaint"].web_search_read(
            [("name", "=like", "Kanban %")],
            {
                "reference": {},
                "name": {},
                "partner_id": {"fields": {"display_name": {}}},
                "stage_id": {"fields": {"display_name": {}}},
                "user_id": {"fields": {"display_name": {}}},
                "priority": {},
                "kanban_state": {},
                "color": {},
                "is_closed": {},
                "deadline_state": {},
            },
            limit=limit,
        )

    @users("cc_user_a")
    @warmup
    def test_kanban_badge_read_from_a_column(self):
        self.assertTrue(self.env["customer.complaint"]._fields["deadline_state"].store)
        with self.assertQueryCount(cc_user_a=10):
            cards = self._kanban(40)["records"]
        self.assertEqual(len(cards), 40)
        self.assertEqual({card["deadline_state"] for card in cards}, {"breached"})
        # The same queries for a few cards as for many: nothing per card.
        with self.assertQueryCount(cc_user_a=10):
            self._kanban(10)
