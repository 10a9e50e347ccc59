# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo.tests import tagged
from odoo.tools import email_normalize, mute_logger

from .common import MAIL_TEMPLATE, MAIL_TEMPLATE_ATTACHMENTS, ComplaintCommon


@tagged("post_install", "-at_install", "mail_gateway")
class TestComplaintMailGateway(ComplaintCommon):
    def _process(self, subject, email_from, template=MAIL_TEMPLATE, to=None, **kw):
        kw.setdefault("msg_id", f"<{uuid.uuid4()}@mail.sender.example.com>")
        return self.format_and_process(
            template,
            email_from,
            to or self.team_a.alias_email,
            subject=subject,
            target_model="customer.complaint",
            target_field="name",
            **kw,
        )

    def _complaints(self, subject):
        return (
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .search([("name", "=", subject)])
        )

    def test_alias_is_the_team_alias(self):
        self.assertEqual(self.team_a.alias_email, "cc-team-a@test.mycompany.com")
        self.assertEqual(self.team_a.alias_model_id.model, "customer.complaint")
        customer_care = self.env.ref("customer_complaint_iso10002.team_customer_care")
        self.assertEqual(customer_care.alias_name, "complaints")

    def test_new_complaint_from_known_sender(self):
        with self.mock_mail_gateway():
            complaint = self._process(
                "My kettle leaks",
                f'"Sylvie Lelitre" <{self.customer.email}>',
            )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.team_id, self.team_a)
        self.assertEqual(complaint.company_id, self.company)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.commercial_partner_id, self.customer_company)
        self.assertIn("kettle I bought leaks", str(complaint.description))
        self.assertFalse(complaint.received_by_id)
        self.assertTrue(complaint.reference.startswith("CMP/"))
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(incoming), 1)
        self.assertEqual(incoming.author_id, self.customer)
        # The complainant is told at once.
        self.assertTrue(complaint.date_acknowledged)
        ack = self._ack_mails(complaint)
        self.assertEqual(ack.recipient_ids, self.customer)

    def test_new_complaint_unknown_sender_creates_no_partner(self):
        partner_count = (
            self.env["res.partner"].with_context(active_test=False).search_count([])
        )
        with self.mock_mail_gateway():
            complaint = self._process(
                "Rude delivery driver",
                '"Walter Unknown" <walter.unknown@nowhere.example.com>',
            )
        self.assertEqual(len(complaint), 1)
        self.assertFalse(complaint.partner_id)
        self.assertEqual(complaint.partner_name, "Walter Unknown")
        self.assertEqual(
            email_normalize(complaint.email_from), "walter.unknown@nowhere.example.com"
        )
        self.assertEqual(
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            partner_count,
            "no contact may be created silently for an unknown sender",
        )
        # Acknowledged at the address, still without a contact.
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        self.assertIn("walter.unknown@nowhere.example.com", ack.email_to)
        self.assertFalse(ack.recipient_ids)

    def test_cc_followers_and_email_cc(self):
        with self.mock_mail_gateway():
            complaint = self._process(
                "Complaint with copies",
                self.customer.email_formatted,
                cc=f"{self.customer_2.email_formatted}, "
                '"Lawyer" <lawyer@lawfirm.example.com>',
            )
        self.assertIn(self.customer_2, complaint.message_partner_ids)
        self.assertIn("gaston@kettlelovers.example.com", complaint.email_cc)
        self.assertIn("lawyer@lawfirm.example.com", complaint.email_cc)
        self.assertFalse(
            self.env["res.partner"].search(
                [("email", "ilike", "lawyer@lawfirm.example.com")]
            ),
            "an unknown CC address does not become a contact",
        )

    def test_attachments_kept(self):
        with self.mock_mail_gateway():
            complaint = self._process(
                "Complaint with evidence",
                self.customer.email_formatted,
                template=MAIL_TEMPLATE_ATTACHMENTS,
            )
        self.assertEqual(len(complaint), 1)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(
            sorted(attachments.mapped("name")), ["invoice.txt", "photo.jpg"]
        )
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(incoming.attachment_ids, attachments)
        invoice_txt = attachments.filtered(lambda a: a.name == "invoice.txt")
        self.assertIn(b"INV/2026/0001", invoice_txt.raw)

    def test_reply_threads_to_same_complaint(self):
        with self.mock_mail_gateway():
            complaint = self._process(
                "Broken lid",
                '"Walter Unknown" <walter.unknown@nowhere.example.com>',
            )
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        complaint_count = self.env["customer.complaint"].search_count([])
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                '"Walter Unknown" <walter.unknown@nowhere.example.com>',
                ack.reply_to or self.team_a.alias_email,
                subject=f"Re: {ack.subject}",
                extra=f"In-Reply-To: {ack.message_id}\nReferences: {ack.message_id}",
                target_model="customer.complaint",
            )
        self.assertEqual(
            self.env["customer.complaint"].search_count([]),
            complaint_count,
            "a reply never opens a new complaint",
        )
        replies = complaint.message_ids.filtered(
            lambda m: m.message_type == "email" and m.subject.startswith("Re:")
        )
        self.assertEqual(len(replies), 1)
        # Only one acknowledgement, even after the reply.
        self.assertFalse(self._ack_mails(complaint))

    def test_reply_without_references_but_reference_in_subject(self):
        # A reply to the alias quoting Message-Id in References only.
        with self.mock_mail_gateway():
            complaint = self._process("Wrong colour", self.customer.email_formatted)
        first_message = complaint.message_ids.filtered(
            lambda m: m.message_type == "email"
        )
        count = self.env["customer.complaint"].search_count([])
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                self.customer.email_formatted,
                self.team_a.alias_email,
                subject="Re: Wrong colour (more photos)",
                extra=f"References: {first_message.message_id}",
                target_model="customer.complaint",
            )
        self.assertEqual(self.env["customer.complaint"].search_count([]), count)
        self.assertEqual(
            len(complaint.message_ids.filtered(lambda m: m.message_type == "email")),
            2,
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_auto_submitted_mail_ignored(self):
        for subject, extra in (
            ("Out of office", "Auto-Submitted: auto-replied"),
            ("Newsletter", "Precedence: bulk"),
            ("Auto generated", "Auto-Submitted: auto-generated"),
        ):
            with self.subTest(extra=extra), self.mock_mail_gateway():
                self._process(
                    subject,
                    '"Someone" <someone@elsewhere.example.com>',
                    extra=extra,
                )
                self.assertFalse(self._complaints(subject))
                self.assertFalse(self._new_mails)
                self.assertNotSentEmail()

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_from_own_alias_ignored(self):
        for subject, sender in (
            ("Loop from team B", self.team_b.alias_email),
            (
                "Loop from catchall",
                f"{self.alias_catchall}@{self.alias_domain}",
            ),
        ):
            with self.subTest(sender=sender), self.mock_mail_gateway():
                self._process(subject, sender)
                self.assertFalse(self._complaints(subject))
                self.assertFalse(self._new_mails)

    @mute_logger(
        "odoo.addons.mail.models.mail_thread", "odoo.addons.mail.models.mail_mail"
    )
    def test_mailer_daemon_not_acknowledged(self):
        for subject, sender in (
            (
                "Undelivered Mail Returned",
                "MAILER-DAEMON <mailer-daemon@mx.example.com>",
            ),
            ("Automatic notice", "noreply@shop.example.com"),
        ):
            with self.subTest(sender=sender), self.mock_mail_gateway():
                self._process(subject, sender)
                complaints = self._complaints(subject)
                self.assertFalse(complaints.filtered("date_acknowledged"))
                self.assertFalse(self._new_mails)
                self.assertFalse(complaints)
