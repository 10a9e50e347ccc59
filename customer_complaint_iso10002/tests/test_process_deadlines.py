# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import freeze_time, get_db_name, tagged
from odoo.tools import SQL, mute_logger

from ..models.customer_complaint_deadline_policy import DEFAULT_TARGETS
from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestProcessDeadlines(ProcessCommon):
    def _complaint_at(self, date, **values):
        vals = {"date_received": date, "user_id": self.user_complaint.id}
        vals.update(values)
        Complaint = self.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True
        )
        return self._create_complaint(env=Complaint.env, **vals)

    @staticmethod
    def _phase(complaint, kind):
        return complaint._phase_of(kind)

    def test_deadline_skips_weekend_and_public_holiday(self):
        # Monday 12 January 2026 is a public holiday (a global leave).
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 12, 0, 0),
                "date_to": datetime(2026, 1, 12, 23, 59),
            }
        )
        self.policy_team_a.ack_hours = 4
        friday = datetime(2026, 1, 9, 15, 0)
        complaint = self._complaint_at(friday)
        # Fri 15-17 (2 h), weekend and holiday skipped, Tue 8-10 (2 h)
        self.assertEqual(
            self._phase(complaint, "ack").date_deadline, datetime(2026, 1, 13, 10, 0)
        )
        # 16 h: Fri 2 h, Tue 8 h, Wed 6 h (8-12, 13-15)
        self.assertEqual(
            self._phase(complaint, "assessment").date_deadline,
            datetime(2026, 1, 14, 15, 0),
        )
        # Team B works on the company calendar, without that holiday.
        other = self._complaint_at(friday, team_id=self.team_b.id)
        self.assertTrue(self._phase(other, "ack").date_deadline)

    def test_policy_matching_most_specific_wins(self):
        category = self.env["customer.complaint.category"].create(
            {"name": "Leaks", "company_id": self.company.id}
        )
        base = {"company_id": self.company.id}
        cat_prio_chan = self.Policy.create(
            dict(
                base,
                name="cat+prio+chan",
                category_id=category.id,
                priority="0",
                channel="phone",
                ack_hours=7,
            )
        )
        complaint = self._complaint_at(
            self.monday, category_id=category.id, channel="phone"
        )
        Policy = self.Policy

        def assert_chosen(policy, msg=None):
            self.assertEqual(Policy._match(complaint), policy, msg)
            # The cached targets the deadlines use follow every policy change.
            self.assertEqual(
                Policy._targets_for(complaint),
                {key: policy[key] for key in DEFAULT_TARGETS},
                msg,
            )

        assert_chosen(self.policy_team_a, "team outweighs the rest")
        team_chan = self.Policy.create(
            dict(base, name="team+chan", team_id=self.team_a.id, channel="phone")
        )
        assert_chosen(team_chan)
        complaint.team_id = self.team_b
        assert_chosen(cat_prio_chan)
        cat_prio_chan.active = False
        cat_only = self.Policy.create(
            dict(base, name="cat", category_id=category.id, ack_hours=5)
        )
        chan_only = self.Policy.create(
            dict(base, name="chan", channel="phone", ack_hours=4)
        )
        assert_chosen(cat_only)
        cat_only.active = False
        assert_chosen(chan_only)
        chan_only.active = False
        default = Policy._match(complaint)
        assert_chosen(default)
        self.assertTrue(default.is_default)
        self.assertEqual(default.company_id, self.company)
        # The deadline follows the policy chosen.
        complaint.team_id = self.team_a
        self.assertEqual(
            self._phase(complaint, "ack").date_deadline, datetime(2026, 1, 5, 17, 0)
        )

    def test_company_default_policy_always_exists(self):
        company = self.env["res.company"].create({"name": "New Co"})
        default = self.Policy.search(
            [("company_id", "=", company.id), ("is_default", "=", True)]
        )
        self.assertEqual(len(default), 1)
        with self.assertRaises(UserError):
            default.unlink()
        with self.assertRaises(UserError):
            default.active = False
        with self.assertRaises(UserError):
            default.channel = "email"

    def test_states_stored_pending_at_risk_breached_met(self):
        self.company.complaint_at_risk_share = 0.75
        with freeze_time(self.monday):
            complaint = self._complaint_at(self.monday)
        ack = self._phase(complaint, "ack")
        assessment = self._phase(complaint, "assessment")
        # ack deadline: Monday 17:00; at risk from 08:00 + 0.75 x 9 h = 14:45
        self.assertEqual(ack.date_deadline, datetime(2026, 1, 5, 17, 0))
        Complaint = self.env["customer.complaint"]
        Phase = self.env["customer.complaint.phase"]
        Phase = self.env["customer.complaint.phase"]
        mine = [("id", "=", complaint.id)]
        self.assertEqual(ack.date_at_risk, datetime(2026, 1, 5, 14, 45))
        # The share is a setting: changing it moves the at-risk points.
        self.company.complaint_at_risk_share = 0.5
        self.assertEqual(ack.date_at_risk, datetime(2026, 1, 5, 12, 30))
        self.company.complaint_at_risk_share = 0.75
        with freeze_time(datetime(2026, 1, 5, 10, 0)):
            Phase._cron_escalate()
            self.assertEqual(ack.state, "pending")
            self.assertEqual(complaint.deadline_state, "on_time")
            self.assertFalse(
                Complaint.search(mine + [("deadline_state", "=", "at_risk")])
            )
        with freeze_time(datetime(2026, 1, 5, 15, 0)):
            Phase._cron_escalate()
            self.assertEqual(ack.state, "at_risk")
            self.assertEqual(complaint.deadline_state, "at_risk")
            self.assertTrue(
                Complaint.search(mine + [("deadline_state", "=", "at_risk")])
            )
            self.assertEqual(
                Phase.search(
                    [("complaint_id", "=", complaint.id), ("state", "=", "at_risk")]
                ),
                ack,
            )
        with freeze_time(datetime(2026, 1, 6, 9, 0)):
            Phase._cron_escalate()
            self.assertEqual(ack.state, "breached")
            self.assertTrue(
                Complaint.search(mine + [("deadline_state", "=", "breached")])
            )
            self.assertFalse(
                Complaint.search(mine + [("deadline_state", "=", "at_risk")])
            )
            # Completion stores the state at once, no job needed.
            complaint._process_env().date_acknowledged = datetime(2026, 1, 6, 9, 0)
            self.assertEqual(ack.state, "met_late")
            complaint.write({"severity": "1", "impact": "1"})
            self.assertEqual(assessment.state, "met")
            self.assertEqual(
                Phase.search(
                    [("complaint_id", "=", complaint.id), ("state", "=", "met")]
                ),
                assessment,
            )
            self.assertEqual(complaint.deadline_state, "on_time")

    def test_escalation_job_run_twice_creates_nothing_twice(self):
        Phase = self.env["customer.complaint.phase"]
        complaint = self._complaint_at(self.monday)
        ack = self._phase(complaint, "ack")
        assessment = self._phase(complaint, "assessment")
        with freeze_time(datetime(2026, 1, 5, 15, 0)):
            Phase._cron_escalate()
            self.assertEqual(ack.alert, "at_risk")
            activities = complaint.activity_ids
            self.assertEqual(activities.user_id, self.user_complaint, "handler")
            Phase._cron_escalate()
            self.assertEqual(complaint.activity_ids, activities)
            self.assertEqual(complaint.escalation_level, 0)
        with freeze_time(datetime(2026, 1, 6, 9, 0)):
            messages = len(complaint.message_ids)
            Phase._cron_escalate()
            self.assertEqual(complaint.escalation_level, 1)
            self.assertEqual(ack.alert, "breached")
            new = complaint.activity_ids - activities
            breach = new.filtered(lambda a: "breached" in a.summary)
            self.assertEqual(breach.user_id, self.team_a.user_id, "team leader")
            # the assessment phase is at risk by now: its handler is told
            risk = new - breach
            self.assertEqual(risk.user_id, self.user_complaint)
            self.assertEqual(assessment.alert, "at_risk")
            self.assertEqual(len(complaint.message_ids), messages + 1)
            self.assertIn("breached", complaint.message_ids[0].body)
            Phase._cron_escalate()
            self.assertEqual(complaint.escalation_level, 1)
            self.assertEqual(len(complaint.activity_ids - activities), len(new))
            self.assertEqual(len(complaint.message_ids), messages + 1)
        # The assessment deadline (16 h: Tuesday 17:00) breaches next: level 2,
        # the managers are alerted.
        with freeze_time(datetime(2026, 1, 7, 9, 0)):
            before = complaint.activity_ids
            Phase._cron_escalate()
            self.assertEqual(complaint.escalation_level, 2)
            managers = (
                (complaint.activity_ids - before)
                .filtered(lambda a: "breached" in a.summary)
                .user_id
            )
            self.assertIn(self.user_admin_cc, managers)
            self.assertIn(self.user_manager, managers)

    def test_escalation_counts_each_phase_breached_in_one_run(self):
        # The job's first run comes after both the acknowledgement and the
        # assessment deadlines passed: two breaches, two levels, as if it had
        # seen them one by one.
        complaint = self._complaint_at(self.monday)
        with freeze_time(datetime(2026, 1, 7, 9, 0)):
            self.env["customer.complaint.phase"]._cron_escalate()
            self.assertEqual(self._phase(complaint, "ack").alert, "breached")
            self.assertEqual(self._phase(complaint, "assessment").alert, "breached")
            self.assertEqual(complaint.escalation_level, 2)
            note = complaint.message_ids[0].body
            self.assertIn("escalated to level 1", note)
            self.assertIn("escalated to level 2", note)
            breach = complaint.activity_ids.filtered(lambda a: "breached" in a.summary)
            self.assertIn(self.user_manager, breach.user_id, "managers at level 2")

    def test_progress_update_after_silence(self):
        self.team_a.progress_update_days = 7
        with freeze_time(self.monday):
            complaint = self._create_complaint()
            self.assertTrue(complaint.date_acknowledged)
        Complaint = self.env["customer.complaint"]
        with freeze_time(self.monday + timedelta(days=5)):
            Complaint._cron_progress_updates()
            self.assertEqual(complaint.progress_update_count, 0)
        with freeze_time(self.monday + timedelta(days=8)):
            with self.mock_mail_gateway():
                Complaint._cron_progress_updates()
                Complaint._cron_progress_updates()
            self.assertEqual(complaint.progress_update_count, 1)
            self.assertTrue(complaint.date_last_progress_update)
            mails = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
            self.assertEqual(len(mails), 1)
            self.assertIn("still working", mails.subject)


@tagged("post_install", "-at_install")
class TestProcessDeadlinesConcurrency(ProcessCommon):
    """The escalation job alongside a user's transaction on the same complaint.

    The complaint is committed before the test transaction opens, so that a
    second cursor can lock it; it is removed again when the class is done.
    """

    @classmethod
    def setUpClass(cls):
        registry = Registry(get_db_name())
        with registry.cursor() as cr:
            env = api.Environment(
                cr,
                SUPERUSER_ID,
                {"complaint_skip_acknowledgement": True, "tracking_disable": True},
            )
            complaint = env["customer.complaint"].create(
                {"name": "Locked by a user", "partner_name": "Ann Lock"}
            )
            cls.committed_id = complaint.id
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        with Registry(get_db_name()).cursor() as cr:
            for table, model_column in (
                ("mail_message", "model"),
                ("mail_followers", "res_model"),
                ("mail_activity", "res_model"),
            ):
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE res_id = %s AND %s = %s",
                        SQL.identifier(table),
                        cls.committed_id,
                        SQL.identifier(model_column),
                        "customer.complaint",
                    )
                )
            cr.execute(
                SQL("DELETE FROM customer_complaint WHERE id = %s", cls.committed_id)
            )

    @mute_logger("odoo.sql_db")
    def test_escalation_job_skips_complaint_a_user_is_editing(self):
        """Two cursors: a user's transaction holds a committed complaint while the
        job runs; the job neither waits nor fails, and handles it next run."""
        Complaint = self.env["customer.complaint"]
        Phase = self.env["customer.complaint.phase"]
        target = Complaint.browse(self.committed_id)
        far = datetime.now() + timedelta(days=400)
        with self.registry.cursor() as user_cr:
            user_env = api.Environment(user_cr, self.user_admin_cc.id, {})
            user_cr.execute("SET LOCAL lock_timeout = '5s'")
            user_env["customer.complaint"].browse(target.id).write(
                {"name": "Edited by a user"}
            )
            user_env.flush_all()
            with freeze_time(far):
                Phase._cron_escalate()
                target.invalidate_recordset()
                self.assertEqual(target.escalation_level, 0, "skipped, not waited")
                self.assertFalse(target._phase_of("closure").alert)
            user_cr.rollback()
        with freeze_time(far):
            Phase._cron_escalate()
            target.invalidate_recordset()
            self.assertGreaterEqual(target.escalation_level, 1)
            self.assertEqual(target._phase_of("closure").alert, "breached")
