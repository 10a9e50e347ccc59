# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A complaint (or feedback) opened by an email keeps the sender's bare
address in its email field and their name in the name field."""

import uuid

from odoo.tests import tagged

from .common import MAIL_TEMPLATE, ComplaintCommon


@tagged("post_install", "-at_install", "mail_gateway")
class TestInboundAddress(ComplaintCommon):
    def _process(self, email_from, subject, to=None, model="customer.complaint"):
        """The mail gateway receives a real RFC 822 message from
        ``email_from`` (message_process, as the mail server's fetch does)."""
        return self.format_and_process(
            MAIL_TEMPLATE,
            email_from,
            to or self.team_a.alias_email,
            subject=subject,
            target_model=model,
            target_field="name",
            msg_id=f"<{uuid.uuid4()}@mail.sender.example.com>",
        )

    def test_unknown_sender_bare_address_and_name(self):
        complaint = self._process(
            '"Walter Unknown" <Walter.Unknown@Nowhere.example.com>', "Rude driver"
        )
        self.assertEqual(len(complaint), 1)
        self.assertFalse(complaint.partner_id)
        self.assertEqual(complaint.email_from, "walter.unknown@nowhere.example.com")
        self.assertEqual(complaint.partner_name, "Walter Unknown")
        # found again by the address, as the handlers search it
        self.assertEqual(
            self.env["customer.complaint"].search(
                [("email_from", "=", "walter.unknown@nowhere.example.com")]
            ),
            complaint,
        )
        # the incoming message itself keeps the sender as written
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("Walter Unknown", incoming.email_from)

    def test_known_sender_bare_address(self):
        complaint = self._process(
            f'"Sylvie L." <{self.customer.email}>', "Kettle leaks again"
        )
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.email_from, self.customer.email)
        self.assertEqual(complaint.partner_name, self.customer.name)

    def test_feedback_bare_address(self):
        settings = self.env["res.config.settings"].create(
            {"complaint_feedback_alias_name": "cc-feedback-in"}
        )
        settings.execute()
        alias = self.company.complaint_feedback_alias_id
        feedback = self._process(
            '"Nora Nice" <nora.nice@nowhere.example.com>',
            "Lovely service",
            to=alias.display_name,
            model="customer.complaint.feedback",
        )
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.email_from, "nora.nice@nowhere.example.com")
        self.assertEqual(feedback.partner_name, "Nora Nice")
