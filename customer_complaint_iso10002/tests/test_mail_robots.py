# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo.tests import tagged
from odoo.tools import email_normalize, mute_logger

from .common import MAIL_TEMPLATE, ComplaintCommon

# A delivery status notification (RFC 3464) of the acknowledgement, as an MTA
# returns it to the bounce address.
DSN_TEMPLATE = """Return-Path: <>
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
    boundary="DSN-BOUNDARY"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
--DSN-BOUNDARY
Content-Type: text/plain; charset=utf-8

This is the mail system at host mx.example.com. Your message could not be
delivered to {bounced_email}: mailbox full.

--DSN-BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; {bounced_email}
Action: failed
Status: 5.2.2

--DSN-BOUNDARY
Content-Type: text/rfc822-headers

Message-Id: {bounced_msg_id}
To: {bounced_email}
Subject: {bounced_subject}

--DSN-BOUNDARY--
"""

MAILER_DAEMON = '"MAILER-DAEMON" <mailer-daemon@mx.example.com>'


@tagged("post_install", "-at_install", "mail_gateway")
class TestMailRobots(ComplaintCommon):
    """Mail from robots (RFC 3834 auto-submitted mail, bulk mail, bounces,
    no-reply boxes) is kept on the complaint it answers without notifying
    anyone, and robots and our own addresses are never written to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Followers of the complaint, one told in Odoo, one by email.
        cls.user_complaint.notification_type = "inbox"
        cls.user_complaint_b.notification_type = "email"
        # A robot that is a contact: it must not start following complaints.
        cls.shop_robot = cls.env["res.partner"].create(
            {"name": "Shop notifications", "email": "no-reply@shop.example.com"}
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _process(self, email_from, subject, template=MAIL_TEMPLATE, to=None, **kw):
        msg_id = f"<{uuid.uuid4()}@mail.sender.example.com>"
        self.format_and_process(
            template,
            email_from,
            to or self.team_a.alias_email,
            subject=subject,
            msg_id=msg_id,
            target_model="customer.complaint",
            target_field="name",
            **kw,
        )
        return msg_id

    def _new_complaint_with_ack(self):
        """A complaint mailed in by the customer, acknowledged, followed by
        two handlers."""
        subject = f"Kettle leaks {uuid.uuid4().hex[:6]}"
        with self.mock_mail_gateway():
            self._process(self.customer.email_formatted, subject)
        complaint = self.env["customer.complaint"].search([("name", "=", subject)])
        self.assertEqual(len(complaint), 1)
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        complaint.message_subscribe(
            partner_ids=(self.user_complaint | self.user_complaint_b).partner_id.ids
        )
        return complaint, ack

    def _reply(self, ack, email_from, headers=""):
        """``email_from`` answers the acknowledgement ``ack``."""
        extra = f"In-Reply-To: {ack.message_id}\nReferences: {ack.message_id}"
        if headers:
            extra = f"{extra}\n{headers}"
        return self._process(
            email_from,
            f"Re: {ack.subject} {uuid.uuid4().hex[:6]}",
            to=ack.reply_to or self.team_a.alias_email,
            extra=extra,
        )

    def _bounce(self, ack):
        return self._process(
            MAILER_DAEMON,
            "Undelivered Mail Returned to Sender",
            template=DSN_TEMPLATE,
            to=f"{self.alias_bounce}@{self.alias_domain}",
            return_path="<>",
            bounced_email=self.customer.email,
            bounced_msg_id=ack.message_id,
            bounced_subject=ack.subject,
        )

    def _messages(self, msg_ids):
        return self.env["mail.message"].search([("message_id", "in", msg_ids)])

    def _assert_logged_silently(self, complaint, msg_ids):
        messages = self._messages(msg_ids)
        self.assertEqual(len(messages), len(msg_ids), "every robot mail is kept")
        self.assertEqual(set(messages.mapped("model")), {"customer.complaint"})
        self.assertEqual(set(messages.mapped("res_id")), {complaint.id})
        self.assertEqual(set(messages.mapped("message_type")), {"email"})
        self.assertEqual(messages.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(messages.notification_ids, "nobody is notified")
        self.assertFalse(self._new_mails, "no mail is queued, robots get no answer")
        self.assertNotSentEmail()
        return messages

    def _assert_human_reply_notifies(self, complaint, ack):
        with self.mock_mail_gateway():
            msg_id = self._reply(ack, self.customer.email_formatted)
        message = self._messages([msg_id])
        self.assertEqual(message.model, "customer.complaint")
        self.assertEqual(message.res_id, complaint.id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.author_id, self.customer)
        inbox = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.user_complaint.partner_id
        )
        self.assertEqual(inbox.notification_type, "inbox")
        self.assertIn(
            self.user_complaint_b.partner_id, message.notification_ids.res_partner_id
        )
        self.assertTrue(
            self._new_mails.filtered(
                lambda mail: mail.mail_message_id == message
                and self.user_complaint_b.partner_id in mail.recipient_ids
            ),
            "the follower notified by email gets the reply",
        )

    def _assert_not_acknowledged(self, *emails):
        """A complaint from each of ``emails``, not a contact, is not
        acknowledged: nothing is written to the address."""
        for email in emails:
            with self.subTest(email=email):
                complaint = self._create_complaint(
                    partner_id=False, partner_name="Us", email_from=email
                )
                self.assertFalse(self._ack_mails(complaint))
                self.assertFalse(complaint.date_acknowledged)
                self._assert_nothing_sent_to(email_normalize(email))

    # ------------------------------------------------------------------
    # replies to an existing complaint
    # ------------------------------------------------------------------

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_robot_replies_logged_without_notification(self):
        complaint, ack = self._new_complaint_with_ack()
        followers = complaint.message_partner_ids
        customer = self.customer.email_formatted
        replies = [
            # the complainant's out-of-office, over and over
            (customer, "Auto-Submitted: auto-replied"),
            (customer, "Auto-Submitted: auto-generated"),
            (customer, "Auto-Submitted: auto-notified"),
            (customer, "AUTO-SUBMITTED: Auto-Replied; owner-email=x@example.com"),
            (customer, "Precedence: bulk"),
            (customer, "Precedence: junk"),
            (customer, "Precedence: list"),
            (customer, "X-Auto-Response-Suppress: All"),
            (customer, "X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply"),
            (customer, "X-Autoreply: yes"),
            # robots, without any header saying so
            (MAILER_DAEMON, ""),
            ('"Postmaster" <postmaster@mx.example.com>', ""),
            ("no_reply@shop.example.com", ""),
            ("noreply@shop.example.com", ""),
            (self.shop_robot.email_formatted, ""),
            ('"Orders" <Do-Not-Reply@shop.example.com>', ""),
            ("donotreply@shop.example.com", ""),
            ("noreply+orders@shop.example.com", ""),
            ("no.reply@shop.example.com", ""),
        ]
        with self.mock_mail_gateway():
            msg_ids = [self._reply(ack, sender, headers) for sender, headers in replies]
            msg_ids.append(self._bounce(ack))
            self.assertEqual(len(msg_ids), 20)
            messages = self._assert_logged_silently(complaint, msg_ids)
        self.assertEqual(complaint.message_partner_ids, followers)
        self.assertNotIn(self.shop_robot, complaint.message_partner_ids)
        self.assertFalse(
            self.env["mail.notification"].search(
                [("mail_message_id", "in", messages.ids)]
            )
        )
        # The bounce says why the complainant got nothing: it is on the complaint.
        bounce = messages.filtered(
            lambda m: m.subject == "Undelivered Mail Returned to Sender"
        )
        self.assertIn("mailbox full", str(bounce.body))
        # A person's reply still notifies the followers, as before.
        self._assert_human_reply_notifies(complaint, ack)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_autoresponder_flood_kept_and_never_answered(self):
        # Above mail's loop threshold (20 mails from one sender on one record in
        # 2 hours), the gateway would drop the rest and answer the robot.
        complaint, ack = self._new_complaint_with_ack()
        with self.mock_mail_gateway():
            msg_ids = [
                self._reply(
                    ack, self.customer.email_formatted, "Auto-Submitted: auto-replied"
                )
                for _i in range(25)
            ]
            self._assert_logged_silently(complaint, msg_ids)

    # ------------------------------------------------------------------
    # new complaints
    # ------------------------------------------------------------------

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_robot_mail_opens_no_complaint(self):
        someone = '"Someone" <someone@elsewhere.example.com>'
        for sender, headers in (
            (someone, "Auto-Submitted: auto-replied"),
            (someone, "Precedence: junk"),
            (someone, "Precedence: list"),
            (someone, "X-Auto-Response-Suppress: All"),
            ("no_reply@shop.example.com", ""),
            ("do-not-reply@shop.example.com", ""),
            ("noreply+orders@shop.example.com", ""),
        ):
            subject = f"Robot mail {uuid.uuid4().hex[:6]}"
            with self.subTest(sender=sender, headers=headers):
                with self.mock_mail_gateway():
                    self._process(sender, subject, extra=headers)
                complaints = (
                    self.env["customer.complaint"]
                    .with_context(active_test=False)
                    .search([("name", "=", subject)])
                )
                self.assertFalse(complaints)
                self.assertFalse(self._new_mails)
                self.assertNotSentEmail()

    # ------------------------------------------------------------------
    # our own addresses
    # ------------------------------------------------------------------

    def test_no_acknowledgement_to_company_addresses(self):
        self.assertTrue(self.company.email)
        self.assertTrue(self.company_2.email)
        with self.mock_mail_gateway():
            # the robot check has run (and may have cached what it read)
            self.assertEqual(len(self._ack_mails(self._create_complaint())), 1)
            self._assert_not_acknowledged(
                self.company.email, self.company_2.email.upper()
            )
            # the company's own contact
            complaint = self._create_complaint(partner_id=self.company.partner_id.id)
            self.assertFalse(self._ack_mails(complaint))
            # an address given to the company later counts at once
            self.company.email = "front.desk@kettle-shop.example.com"
            self._assert_not_acknowledged(
                "Front Desk <front.desk@kettle-shop.example.com>"
            )

    def test_no_acknowledgement_to_template_senders(self):
        decision_template = self.env["mail.template"].search(
            [
                ("model", "=", "customer.complaint"),
                ("id", "!=", self.ack_template.id),
            ],
            limit=1,
        )
        self.assertTrue(decision_template)
        with self.mock_mail_gateway():
            self.assertEqual(len(self._ack_mails(self._create_complaint())), 1)
            self.ack_template.email_from = '"Complaints" <desk@kettle-shop.example.com>'
            decision_template.email_from = "decisions@kettle-shop.example.com"
            self._assert_not_acknowledged(
                "desk@kettle-shop.example.com", "Decisions@Kettle-Shop.example.com"
            )
            # a customer's address is still acknowledged (from the static sender)
            complaint = self._create_complaint()
            ack = self._ack_mails(complaint)
            self.assertEqual(len(ack), 1)
            self.assertIn("desk@kettle-shop.example.com", ack.email_from)

    def test_mail_from_company_address_kept_not_acknowledged(self):
        # Staff forwarding a complaint from the company's shared mailbox: the
        # complaint is opened, but nobody acknowledges it to ourselves.
        subject = f"Forwarded complaint {uuid.uuid4().hex[:6]}"
        with self.mock_mail_gateway():
            self._process(self.company.email_formatted, subject)
            complaint = self.env["customer.complaint"].search([("name", "=", subject)])
            self.assertEqual(len(complaint), 1)
            self.assertFalse(self._ack_mails(complaint))
            self.assertFalse(complaint.date_acknowledged)
            self._assert_nothing_sent_to(self.company.email)
