# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.mail.tests.common import MailCommon

# A real RFC 822 message, as an MTA hands it to the mail gateway.
MAIL_TEMPLATE = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/alternative;
    boundary="----=_Part_4200734_24778174.1344608186754"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
------=_Part_4200734_24778174.1344608186754
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

The kettle I bought leaks. I want a replacement.

--
Sylvie
------=_Part_4200734_24778174.1344608186754
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<html>
 <body>
  <p>The kettle I bought leaks. I want a replacement.</p>
  <p>--<br/>Sylvie</p>
 </body>
</html>
------=_Part_4200734_24778174.1344608186754--
"""

# The same complaint with a photo and an invoice attached.
MAIL_TEMPLATE_ATTACHMENTS = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY-COMPLAINT"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
--BOUNDARY-COMPLAINT
Content-Type: text/plain; charset=utf-8

The kettle leaks, see the photo and my invoice attached.

--BOUNDARY-COMPLAINT
Content-Type: text/plain; charset=utf-8; name="invoice.txt"
Content-Disposition: attachment; filename="invoice.txt"

INV/2026/0001 kettle 49.90 EUR

--BOUNDARY-COMPLAINT
Content-Type: application/octet-stream; name="photo.jpg"
Content-Disposition: attachment; filename="photo.jpg"
Content-Transfer-Encoding: base64

/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////
--BOUNDARY-COMPLAINT--
"""


def count_queries(env, func):
    """The queries ``func`` makes, caches emptied before and writes flushed
    after (what a request would cost)."""
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    func()
    env.flush_all()
    return env.cr.sql_log_count - before


class ComplaintCommon(MailCommon):
    """Users, teams and helpers shared by the complaint tests.

    MailCommon sets up the alias domain (test.mycompany.com), a second and a
    third company and the mail gateway mocks.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.company_admin
        ctx = {"no_reset_password": True, "mail_create_nosubscribe": True}
        cls.user_complaint = new_test_user(
            cls.env,
            login="cc_user_a",
            name="Alice Handler",
            email="alice.handler@example.com",
            groups="customer_complaint_iso10002.group_complaint_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context=ctx,
        )
        cls.user_complaint_b = new_test_user(
            cls.env,
            login="cc_user_b",
            name="Bob Handler",
            email="bob.handler@example.com",
            groups="customer_complaint_iso10002.group_complaint_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context=ctx,
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="cc_manager",
            name="Mia Manager",
            email="mia.manager@example.com",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context=ctx,
        )
        cls.user_auditor = new_test_user(
            cls.env,
            login="cc_auditor",
            name="Aude Auditor",
            email="aude.auditor@example.com",
            groups="customer_complaint_iso10002.group_complaint_auditor",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context=ctx,
        )
        cls.user_internal = new_test_user(
            cls.env,
            login="cc_internal",
            name="Ivan Internal",
            email="ivan.internal@example.com",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context=ctx,
        )
        cls.user_portal_cc = new_test_user(
            cls.env,
            login="cc_portal",
            name="Paula Portal",
            email="paula.portal@example.com",
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context=ctx,
        )
        cls.user_c2 = new_test_user(
            cls.env,
            login="cc_user_c2",
            name="Carl Company Two",
            email="carl.c2@example.com",
            groups="customer_complaint_iso10002.group_complaint_user",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
            context=ctx,
        )
        Team = cls.env["customer.complaint.team"]
        cls.team_a = Team.create(
            {
                "name": "Team A",
                "company_id": cls.company.id,
                "alias_name": "cc-team-a",
                "alias_contact": "everyone",
                "user_id": cls.user_manager.id,
                "member_ids": [Command.set(cls.user_complaint.ids)],
            }
        )
        cls.team_b = Team.create(
            {
                "name": "Team B",
                "company_id": cls.company.id,
                "alias_name": "cc-team-b",
                "alias_contact": "everyone",
                "member_ids": [Command.set(cls.user_complaint_b.ids)],
            }
        )
        cls.team_c2 = Team.create(
            {
                "name": "Team Company 2",
                "company_id": cls.company_2.id,
                "member_ids": [Command.set(cls.user_c2.ids)],
            }
        )
        cls.stage_new = cls.env.ref("customer_complaint_iso10002.stage_new")
        cls.stage_assessment = cls.env.ref(
            "customer_complaint_iso10002.stage_assessment"
        )
        cls.stage_closed = cls.env.ref("customer_complaint_iso10002.stage_closed")
        cls.stage_rejected = cls.env.ref("customer_complaint_iso10002.stage_rejected")
        cls.ack_template = cls.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_acknowledgement"
        )
        Partner = cls.env["res.partner"]
        cls.customer_company = Partner.create(
            {
                "name": "Kettle Lovers Ltd",
                "is_company": True,
                "email": "office@kettlelovers.example.com",
            }
        )
        cls.customer = Partner.create(
            {
                "name": "Sylvie Lelitre",
                "email": "sylvie.lelitre@kettlelovers.example.com",
                "parent_id": cls.customer_company.id,
                "lang": "en_US",
            }
        )
        cls.customer_2 = Partner.create(
            {
                "name": "Gaston Lagaffe",
                "email": "gaston@kettlelovers.example.com",
                "parent_id": cls.customer_company.id,
            }
        )

    @classmethod
    def _create_complaint(cls, env=None, **values):
        vals = {
            "name": "Leaking kettle",
            "partner_id": cls.customer.id,
            "team_id": cls.team_a.id,
            "company_id": cls.company.id,
        }
        vals.update(values)
        return (env or cls.env)["customer.complaint"].create(vals)

    def _ack_mails(self, complaint):
        """Acknowledgements of ``complaint`` among the mails created under
        mock_mail_gateway (their subject starts with the reference)."""
        return self._new_mails.filtered(
            lambda mail: mail.model == "customer.complaint"
            and mail.res_id == complaint.id
            and mail.mail_message_id.message_type == "email_outgoing"
            and (mail.subject or "").startswith(complaint.reference)
        )

    def _assert_nothing_sent_to(self, email):
        """No mail.mail and no SMTP email addressed to ``email``."""
        email = email.lower()
        self.assertFalse(
            self._new_mails.filtered(
                lambda mail: email in (mail.email_to or "").lower()
                or email in " ".join(mail.recipient_ids.mapped("email")).lower()
            )
        )
        self.assertFalse(
            [
                sent
                for sent in self._mails
                if any(email in address.lower() for address in sent["email_to"])
            ]
        )

    @staticmethod
    def _close(complaint, stage):
        """Move to a closing stage with what the closing checks require."""
        values = {"stage_id": stage.id}
        if stage.is_rejected:
            values.update(rejection_reason="out_of_scope")
        complaint.write(values)
