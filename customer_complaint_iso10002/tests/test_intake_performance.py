# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import Command
from odoo.tests import tagged, users, warmup

from .common import MAIL_TEMPLATE, ComplaintCommon


@tagged("post_install", "-at_install", "complaint_performance")
class TestIntakePerformance(ComplaintCommon):
    """Intake as the complaints user: one complaint, and a batch whose query
    count stays flat per complaint, each with its phases and its rendered
    acknowledgement queued (mail.mail and its message in the chatter)."""

    BATCH = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.intake_partners = cls.env["res.partner"].create(
            [
                {"name": f"Intake customer {i}", "email": f"intake.{i}@example.com"}
                for i in range(cls.BATCH)
            ]
        )
        cls.cron = cls.env.ref("mail.ir_cron_mail_scheduler_action")
        # Nobody follows new complaints through this team: the receipt is
        # recorded by the acknowledgement, no creation message is posted (a
        # follower is notified of each complaint, one by one, as core does).
        cls.intake_team = cls.env["customer.complaint.team"].create(
            {
                "name": "Intake team",
                "company_id": cls.company.id,
                "member_ids": [Command.set(cls.user_complaint.ids)],
            }
        )

    def _intake(self, count):
        partners = self.intake_partners.with_env(self.env)
        team = self.intake_team.with_env(self.env)
        complaints = self.env["customer.complaint"].create(
            [
                {
                    "name": f"Intake {i}",
                    "partner_id": partners[i % len(partners)].id,
                    "team_id": team.id,
                    "channel": "phone",
                    "description": "<p>The product arrived broken.</p>",
                }
                for i in range(count)
            ]
        )
        self.env.flush_all()
        return complaints

    def _assert_received(self, complaints):
        """Each complaint acknowledged at once, with its own rendered letter in
        the queued mail and in the chatter, and its four phases planned."""
        for complaint in complaints:
            self.assertTrue(complaint.date_acknowledged)
            mails = self._ack_mails(complaint)
            self.assertEqual(len(mails), 1)
            self.assertEqual(mails.state, "outgoing")
            self.assertEqual(mails.recipient_ids, complaint.partner_id)
            self.assertFalse(mails.is_notification)
            for body in (mails.body_html, mails.mail_message_id.body):
                self.assertIn(complaint.reference, body)
                self.assertIn(complaint.partner_id.name, body)
                self.assertIn(complaint.get_portal_url(), body)
            self.assertIn(mails.mail_message_id, complaint.sudo().message_ids)
            phases = complaint.sudo().phase_ids
            self.assertEqual(
                sorted(phases.mapped("phase")),
                ["ack", "assessment", "closure", "decision"],
            )
            self.assertTrue(all(phases.mapped("date_deadline")))
            ack = phases.filtered(lambda p: p.phase == "ack")
            self.assertEqual(ack.date_done, complaint.date_acknowledged)
            self.assertEqual(
                complaint.date_response_due,
                phases.filtered(lambda p: p.phase == "decision").date_deadline,
            )
        # The mail queue job is called now, once for the whole intake.
        triggers = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search(
                [("cron_id", "=", self.cron.id), ("create_date", ">=", self.started)]
            )
        )
        self.assertTrue(triggers)

    @users("cc_user_a")
    @warmup
    def test_intake_one_query_budget(self):
        self.started = self.env.cr.now()
        # 30 measured (cold record cache after warmup): reference, complaint,
        # follower, phases, acknowledgement rendered and queued, the queue job
        # triggered, the acknowledgement stamped.
        with self.mock_mail_gateway(), self.assertQueryCount(cc_user_a=31):
            complaint = self._intake(1)
        self._assert_received(complaint)

    @users("cc_user_a")
    @warmup
    def test_intake_batch_query_budget_flat(self):
        """Twenty complaints in one create cost a few queries more than one,
        not twenty times as many."""
        self.started = self.env.cr.now()
        # 49 measured: the single complaint's queries once (the references
        # drawn in one query, phases, acknowledgements and their messages
        # inserted in one batch each), plus one per complaint in core's
        # mail.thread.create (the team's followers read for its auto
        # subscription).
        with self.mock_mail_gateway(), self.assertQueryCount(cc_user_a=51):
            complaints = self._intake(self.BATCH)
        self.assertEqual(len(complaints), self.BATCH)
        self._assert_received(complaints)

    def _inbound_mail(self):
        """One new complaint from a known customer through the mail gateway,
        as the fetchmail job hands it over (team alias, sudo)."""
        subject = f"Kettle leaks {uuid.uuid4()}"
        mail = self.format(
            MAIL_TEMPLATE,
            to=self.team_a.alias_email,
            subject=subject,
            email_from=f'"Sylvie Lelitre" <{self.customer.email}>',
            msg_id=f"<{uuid.uuid4()}@mail.sender.example.com>",
        )
        self.env["mail.thread"].sudo().message_process(False, mail)
        self.env.flush_all()
        return subject

    def _assert_inbound(self, subject):
        complaint = (
            self.env["customer.complaint"].sudo().search([("name", "=", subject)])
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.team_id, self.team_a)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertTrue(complaint.date_acknowledged)
        self.assertEqual(self._ack_mails(complaint).recipient_ids, self.customer)
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(incoming.author_id, self.customer)
        self.assertIn(self.customer, complaint.message_partner_ids)

    @users("admin")
    @warmup
    def test_inbound_email_query_budget(self):
        # 141 measured (after warmup): the gateway's own, about 30 (duplicate
        # check, author, routing, loop check), the complaint with its phases
        # and acknowledgement, about 50 (test_intake_one_query_budget), the
        # incoming message posted, its author following and the team member
        # who follows the complaint notified by email, about 60. 143 when
        # message_new described every field of complaints (fields_get).
        with self.mock_mail_gateway(), self.assertQueryCount(admin=141):
            subject = self._inbound_mail()
        self._assert_inbound(subject)
