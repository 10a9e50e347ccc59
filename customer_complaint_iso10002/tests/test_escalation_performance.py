# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The escalation job's bulk path (customer_complaint_phase.py): a batch costs
the same queries for 3 complaints as for 12, and stores and sends what the
process would have, once."""

import json
import re
from contextlib import nullcontext
from datetime import datetime

from markupsafe import Markup

from odoo.tests import freeze_time, tagged
from odoo.tools import html2plaintext
from odoo.tools.misc import format_datetime

from .common_process import ProcessCommon

# Wednesday 7 January 2026, 09:00 UTC: the acknowledgement (Monday 17:00) and
# the assessment (Tuesday 17:00) of a complaint received on Monday 08:00 are
# breached, its decision (Friday 17:00) is not at risk yet.
WEDNESDAY = datetime(2026, 1, 7, 9, 0)
# the batch, whatever its size (bus notifications included)
BUDGET = 24


@tagged("post_install", "-at_install", "complaint_performance")
class TestEscalationPerformance(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True
        )
        with freeze_time(cls.monday):
            cls.warm, cls.small, cls.large = (
                Complaint.create(
                    [
                        {
                            "name": f"Escalated {size} {i}",
                            "partner_id": cls.customer.id,
                            "team_id": cls.team_a.id,
                            "user_id": cls.user_complaint.id,
                            "company_id": cls.company.id,
                            "date_received": cls.monday,
                        }
                        for i in range(size)
                    ]
                )
                for size in (2, 3, 12)
            )
            # Archived complaints are not escalated: each run sees one group.
            (cls.small | cls.large)._process_env().write({"active": False})
            cls.env.flush_all()
        # the scheduler runs the job as OdooBot
        cls.cron_user = cls.env.ref("base.user_root")

    def _escalate(self, complaints=None, budget=None):
        """Run the job on Wednesday, ``complaints`` restored first; returns
        the number of complaints handled and its queries, counted as
        assertQueryCount does (the bus notifications inserted at the commit
        included)."""
        if complaints:
            complaints._process_env().write({"active": True})
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        Phase = self.env["customer.complaint.phase"].with_user(self.cron_user)
        counted = self.assertQueryCount(budget) if budget is not None else nullcontext()
        with freeze_time(WEDNESDAY), counted:
            queries = self.cr.sql_log_count
            done = Phase._cron_escalate()
            self.env.flush_all()
            self.env.cr.flush()
            queries = self.cr.sql_log_count - queries
        return done, queries

    def _expected_note(self, complaint):
        """The note as format_datetime writes the deadlines, sanitized as
        mail.message's create stores it."""
        env = self.env(user=self.cron_user)
        lines = [
            "The {} deadline ({}) was breached: escalated to level {}.".format(
                label,
                format_datetime(
                    env, complaint._phase_of(kind).date_deadline, dt_format="medium"
                ),
                level,
            )
            for kind, label, level in (
                ("ack", "Acknowledgement", 1),
                ("assessment", "Assessment", 2),
            )
        ]
        return Markup("<p>%s</p>") % Markup("<br>").join(lines)

    def test_escalation_batch_queries_flat_same_result(self):
        # Whatever else the database holds is handled first, with two
        # complaints of ours: the caches are warm.
        self._escalate()
        self.assertEqual(self.warm.mapped("escalation_level"), [2, 2])
        done, small_queries = self._escalate(self.small, BUDGET)
        self.assertEqual(done, 3)
        bus = self.env["bus.bus"].search([]).ids
        done, large_queries = self._escalate(self.large, BUDGET)
        self.assertEqual(done, 12)
        self.assertEqual(large_queries, small_queries, "flat in the batch's size")
        managers = self.large[0]._get_complaint_managers()
        self.assertTrue(managers)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for complaint in self.large:
            ack = complaint._phase_of("ack")
            assessment = complaint._phase_of("assessment")
            decision = complaint._phase_of("decision")
            self.assertEqual(
                (ack.state, ack.alert, ack.escalation_level),
                ("breached", "breached", 1),
            )
            self.assertEqual(ack.date_alert, WEDNESDAY)
            self.assertEqual(
                (assessment.state, assessment.alert, assessment.escalation_level),
                ("breached", "breached", 2),
            )
            self.assertEqual((decision.state, decision.alert), ("pending", False))
            self.assertEqual(complaint.escalation_level, 2)
            self.assertEqual(complaint.deadline_state, "breached")
            self.assertEqual(ack.write_uid, self.cron_user)
            # level 2: a to-do for each manager, who now follows the complaint
            activities = complaint.activity_ids
            self.assertEqual(activities.user_id, managers)
            for activity in activities:
                self.assertEqual(
                    activity.summary, "Deadline breached: Acknowledgement, Assessment"
                )
                self.assertEqual(activity.activity_type_id, todo)
                self.assertEqual(activity.date_deadline, WEDNESDAY.date())
                self.assertEqual(activity.res_name, complaint.display_name)
                self.assertEqual(activity.user_tz, activity.user_id.tz)
                self.assertEqual(activity.create_uid, self.cron_user)
            self.assertLessEqual(
                managers.partner_id, complaint.message_follower_ids.partner_id
            )
            follower = complaint.message_follower_ids.filtered(
                lambda f: f.partner_id == managers[0].partner_id
            )
            self.assertIn(self.env.ref("mail.mt_comment"), follower.subtype_ids)
            # one note, as _message_log_batch logs it
            note = complaint.message_ids[0]
            self.assertEqual(note.body, self._expected_note(complaint))
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(note.message_type, "notification")
            self.assertEqual(note.author_id, self.cron_user.partner_id)
            self.assertTrue(note.is_internal)
        # the managers' activity counters are told
        told = self.env["bus.bus"].search(
            [("id", "not in", bus), ("message", "like", "mail.activity/updated")]
        )
        self.assertEqual(
            {json.loads(channel)[2] for channel in told.mapped("channel")},
            set(managers.partner_id.ids),
        )
        # Nothing twice: no query beyond finding that nothing is left to do.
        activities = self.large.activity_ids
        notes = self.large.message_ids
        self.assertEqual(self._escalate(budget=1)[0], 0)
        self.assertEqual(self.large.activity_ids, activities)
        self.assertEqual(self.large.message_ids, notes)
        self.assertEqual(set(self.large.mapped("escalation_level")), {2})

    def test_alert_notes_safe_without_the_sanitizer(self):
        """The notes, built without the sanitizer, read as sanitized ones
        read, and no markup of their lines survives."""
        Phase = self.env["customer.complaint.phase"].with_user(self.cron_user)
        Message = self.env["mail.message"]
        body = Message._fields["body"]
        bodies = {
            1: [
                "The Acknowledgement deadline (Jan 5, 2026, 5:00:00\u202fPM) was "
                "breached: escalated to level 1."
            ],
            2: [
                "L'échéance « Évaluation » (5 janv. 2026, 17:00:00) a été "
                "dépassée\xa0: niveau 2.",
                'Tom & Jerry <b>not bold</b> > "quoted" &amp; 3 < 4',
            ],
            3: ["一", "zwei", "three"],
            4: ["<script>alert(1)</script>", "&nbsp;&#39;"],
            5: ["-- ", "signature", "two\nlines", " leading blank"],
        }
        notes = Phase._alert_notes_html(bodies)
        for res_id, lines in bodies.items():
            note = notes[res_id]
            sanitized = body.convert_to_column_insert(
                Markup("<br/>").join(lines), Message
            )
            # the same words (the sanitizer may mark "--" as a signature)
            self.assertEqual(
                html2plaintext(note).split(), html2plaintext(sanitized).split()
            )
            self.assertEqual(
                set(re.findall(r"<(\w+)", note)),
                {"p", "br"} if len(lines) > 1 else {"p"},
            )
        self.assertIn("&lt;script&gt;", notes[4])
        self.assertIn("&lt;b&gt;not bold&lt;/b&gt;", notes[2])

    def test_deadlines_formatted_as_format_datetime(self):
        """Deadlines that share a day or a time of day, on both sides of
        daylight saving time changes, read as format_datetime writes them."""
        self.user_complaint.tz = "Europe/Brussels"
        env = self.env(user=self.user_complaint)
        Phase = env["customer.complaint.phase"]
        deadlines = [
            datetime(2026, 3, 28, 16, 0),  # Saturday 17:00 CET
            datetime(2026, 3, 30, 15, 0),  # Monday 17:00 CEST
            datetime(2026, 3, 30, 16, 0),  # 18:00 CEST: 16:00 UTC as on Saturday
            datetime(2026, 10, 25, 0, 30),  # 02:30 CEST
            datetime(2026, 10, 25, 1, 30),  # 02:30 CET, an hour later
            datetime(2026, 10, 26, 1, 30),
        ]
        formatted = {}
        for deadline in deadlines:
            self.assertEqual(
                Phase._format_deadline(deadline, formatted),
                format_datetime(env, deadline, dt_format="medium"),
            )
