# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Anonymization leaves no copy (4.10, 8.1): complaints that came through every
intake channel, with the complainant's unique name, address and phone, live
their whole life (acknowledgement, messages both ways, attachments, decision
communicated, accepted, rating asked and given); once their retention period
has run the job anonymizes them, and then no text column of any table of the
database and no file of the filestore holds any of those markers."""

import os
from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.base.tests.common import HttpCase

from .common import ComplaintCommon
from .common_decision import DecisionCase

# A real RFC 822 message: the complainant's name in the From, the subject and
# the signature, their phone in the body and their address in an attachment.
MARKER_MAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY-MARKER"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
--BOUNDARY-MARKER
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

My kettle leaks. Call me on +32 470 55 10 03.
--
Eric Markeremail

--BOUNDARY-MARKER
Content-Type: text/plain; charset=utf-8; name="receipt-markeremail.txt"
Content-Disposition: attachment; filename="receipt-markeremail.txt"

Receipt for Eric Markeremail, eric.markeremail@example.com
--BOUNDARY-MARKER--
"""

CHANNELS = {
    "portal": ("Pauline Markerportal", "pauline.markerportal@example.com"),
    "public": ("Zoé Markerpublic", "zoe.markerpublic@example.com"),
    "email": ("Eric Markeremail", "eric.markeremail@example.com"),
    "staff": ("Stan Markerstaff", "stan.markerstaff@example.com"),
}
PHONES = {
    "portal": "+32 470 55 10 01",
    "public": "+32 470 55 10 02",
    "email": "+32 470 55 10 03",
    "staff": "+32 470 55 10 04",
}


def _markers(channel):
    """What the scan looks for: the unique part of the name and address, and
    the phone as typed and as digits."""
    phone = PHONES[channel]
    return [
        f"Marker{channel}",
        phone,
        phone.replace(" ", ""),
        phone.replace(" ", "")[3:],
    ]


@tagged("post_install", "-at_install")
class TestRetentionMarkers(HttpCase, ComplaintCommon, DecisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # files in the filestore, whatever the database was set up with, so
        # that the filestore scan below sees them (./test's keeps them in db)
        cls.env["ir.config_parameter"].set_param("ir_attachment.location", "file")
        cls.team_a.write(
            {
                "acknowledgement_enabled": True,
                "member_ids": [Command.link(cls.user_complaint_b.id)],
            }
        )
        # The portal complainant is a customer with other business: their
        # contact and account stay, only the complaint's links and copies go.
        name, email = CHANNELS["portal"]
        cls.portal_user = new_test_user(
            cls.env,
            login=email,
            password="markerportal-pw",
            name=name,
            email=email,
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            context={"no_reset_password": True},
        )
        cls.portal_user.partner_id.phone = PHONES["portal"]
        cls.product = cls.env["product.product"].create(
            {"name": "Kettle 2000", "type": "consu", "list_price": 40.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.portal_user.partner_id.id,
                "company_id": cls.company.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "customer_complaint_iso10002.public_form_limit_email", "50"
        )

    def _post(self, url, data=None, files=None):
        data = dict(data or {})
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    @staticmethod
    def _page_error(response):
        start = response.text.find("alert")
        return response.text[start : start + 600]

    # ------------------------------------------------------------------
    # The four intake channels
    # ------------------------------------------------------------------

    def _file_portal(self):
        name, email = CHANNELS["portal"]
        self.authenticate(email, "markerportal-pw")
        response = self._post(
            "/my/complaints/new",
            {
                "name": "Kettle leaks",
                "description": f"I am {name}, reach me at {PHONES['portal']}.",
            },
            files={
                "attachments": (
                    "photo-markerportal.txt",
                    f"Photo by {name} {email}".encode(),
                    "text/plain",
                )
            },
        )
        self.assertIn(response.status_code, (302, 303), self._page_error(response))
        complaint = self.env["customer.complaint"].search(
            [("partner_id", "=", self.portal_user.partner_id.id)]
        )
        self.assertEqual(len(complaint), 1)
        # the complainant writes again, from the complaint's page
        response = self._post(
            f"/my/complaints/{complaint.id}/message",
            {"body": f"Any news? {name}, {PHONES['portal']}"},
        )
        self.assertIn(response.status_code, (302, 303))
        self.authenticate(None, None)
        return complaint

    def _file_public(self):
        name, email = CHANNELS["public"]
        self.authenticate(None, None)
        response = self._post(
            "/complaints/submit",
            {
                "partner_name": name,
                "email_from": email,
                "partner_phone": PHONES["public"],
                "name": "Parcel crushed",
                "description": f"Signed {name}",
                "customer_order_reference": "S-MARKER",
                "company_id": self.company.id,
            },
            files={
                "attachments": (
                    "scan-markerpublic.txt",
                    f"Scan of {name} <{email}>".encode(),
                    "text/plain",
                )
            },
        )
        self.assertEqual(response.status_code, 200, self._page_error(response))
        complaint = self.env["customer.complaint"].search([("email_from", "=", email)])
        self.assertEqual(len(complaint), 1)
        # the visitor writes again through the tracking link
        response = self._post(
            f"/my/complaints/{complaint.id}/message"
            f"?access_token={complaint.access_token}",
            {"body": f"Still waiting, {name}"},
        )
        self.assertIn(response.status_code, (302, 303))
        return complaint

    def _file_email(self):
        name, email = CHANNELS["email"]
        subject = f"Complaint from {name}"
        complaint = self.format_and_process(
            MARKER_MAIL,
            f'"{name}" <{email}>',
            self.team_a.alias_email,
            subject=subject,
            target_model="customer.complaint",
            target_field="name",
        )
        self.assertEqual(len(complaint), 1)
        self.assertIn(email, complaint.email_from)
        self.assertEqual(complaint.channel, "email")
        # and a reply by email, in the thread
        self.format_and_process(
            MARKER_MAIL,
            f'"{name}" <{email}>',
            self.team_a.alias_email,
            subject=f"Re: {complaint.reference} more from {name}",
            extra=f"In-Reply-To: {complaint.message_ids[-1].message_id}",
            target_model="customer.complaint",
            target_field="name",
        )
        return complaint

    def _file_staff(self):
        name, email = CHANNELS["staff"]
        # a contact created for the complaint only, on the phone
        partner = self.env["res.partner"].create(
            {"name": name, "email": email, "phone": PHONES["staff"]}
        )
        complaint = self._create_complaint(
            env=self.env(user=self.user_complaint),
            partner_id=partner.id,
            channel="phone",
            description=f"<p>{name} called from {PHONES['staff']}</p>",
        )
        return complaint

    # ------------------------------------------------------------------
    # The rest of their life
    # ------------------------------------------------------------------

    def _live(self, complaint, channel):
        # tracked as in real life (the mail tests' context tracks nothing)
        complaint = complaint.with_context(mail_notrack=False)
        name, email = CHANNELS[channel]
        phone = PHONES[channel]
        handler = complaint.with_user(self.user_complaint)
        self.assertTrue(complaint.date_acknowledged, f"{channel}: acknowledged")
        # set-up: the manager hands it to Alice's team and to her
        complaint.write({"team_id": self.team_a.id, "user_id": self.user_complaint.id})
        if not complaint.partner_phone:
            # the phone they gave in their mail, recorded by staff
            complaint.with_user(self.user_complaint).partner_phone = phone
        handler.write(
            {
                "severity": "2",
                "impact": "2",
                "findings": f"<p>Spoke with {name} ({phone}, {email}).</p>",
            }
        )
        # staff write to the complainant, quoting them, with a document
        handler.message_post(
            body=f"Dear {name}, we are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=complaint.partner_id.ids,
            attachments=[("answer.txt", f"For {name} at {email}".encode())],
        )
        handler.message_post(
            body=f"Internal: {name} is upset, call {phone}",
            subtype_xmlid="mail.mt_note",
        )
        handler.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"Call {name}",
            note=f"{phone}",
            user_id=self.user_complaint.id,
        )
        self._communicate(
            complaint,
            user=self.user_complaint,
            reasons=f"Dear {name}, the kettle was faulty: we replace it.",
        )
        complaint.current_decision_id._accept()
        self.assertTrue(complaint.is_closed, f"{channel}: closed")
        self.assertTrue(complaint.date_rating_requested, f"{channel}: rating asked")
        complaint.sudo()._rate_handling(
            {"speed": 4, "clarity": 5, "fairness": 4, "overall": 5},
            comment=f"Thanks, {name}",
        )

    # ------------------------------------------------------------------
    # The scan
    # ------------------------------------------------------------------

    def _db_hits(self, markers, kept):
        """(table, column, id) of every text, varchar or jsonb value of the
        database holding one of ``markers``; ``kept`` maps a table to the ids
        of rows that stay by design (the customer's own contact)."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            """
            SELECT c.table_name, array_agg(c.column_name::text),
                   array_agg(c.data_type = 'bytea')
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'jsonb', 'bytea')
             GROUP BY c.table_name
            """
        )
        patterns = [f"%{marker}%" for marker in markers]
        hits = []
        for table, columns, binary in cr.fetchall():
            # attachments kept in the database (ir_attachment.location = db)
            # are bytea: read as text the way they were written
            values = [
                SQL("encode(%s, 'escape')", SQL.identifier(column))
                if is_binary
                else SQL("%s::text", SQL.identifier(column))
                for column, is_binary in zip(columns, binary, strict=True)
            ]
            cr.execute(
                SQL(
                    "SELECT 1 FROM information_schema.columns"
                    " WHERE table_schema = 'public' AND table_name = %s"
                    " AND column_name = 'id'",
                    table,
                )
            )
            has_id = bool(cr.fetchone())
            condition = SQL(" OR ").join(
                SQL("%s ILIKE ANY(%s)", value, patterns) for value in values
            )
            cr.execute(
                SQL(
                    "SELECT %s, %s FROM %s WHERE (%s)",
                    SQL.identifier("id") if has_id else SQL("NULL"),
                    SQL(", ").join(values),
                    SQL.identifier(table),
                    condition,
                )
            )
            for row in cr.fetchall():
                if row[0] in kept.get(table, ()):
                    continue
                for column, value in zip(columns, row[1:], strict=True):
                    found = [m for m in markers if value and m.lower() in value.lower()]
                    if found:
                        at = value.lower().index(found[0].lower())
                        hits.append((table, column, row[0], value[at - 80 : at + 80]))
        return hits

    def _describe(self, hits):
        """The hits, with the document their mail rows belong to."""
        described = []
        for table, column, row_id, value in hits:
            where = ""
            if table in ("mail_message", "mail_mail", "mail_tracking_value"):
                model = {
                    "mail_message": "mail.message",
                    "mail_mail": "mail.mail",
                    "mail_tracking_value": "mail.tracking.value",
                }[table]
                record = self.env[model].sudo().browse(row_id)
                message = record if table == "mail_message" else record.mail_message_id
                where = f"{message.model},{message.res_id} {message.subject}"
            described.append((table, column, row_id, where, value))
        return described

    def _stored_files(self, complaints):
        """The filestore names of the attachments of ``complaints``, their
        messages and their mails."""
        ids = [complaint.id for complaint in complaints]
        Attachment = self.env["ir.attachment"].sudo()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "customer.complaint"), ("res_id", "in", ids)])
        )
        attachments = (
            Attachment.search(
                [("res_model", "=", "customer.complaint"), ("res_id", "in", ids)]
            )
            | messages.attachment_ids
        )
        return set(attachments.mapped("store_fname")) - {False}

    def _collect_garbage(self, fnames):
        """What the autovacuum's _gc_file_store does with ``fnames``: remove
        the files no attachment refers to any more."""
        Attachment = self.env["ir.attachment"]
        self.env.flush_all()
        for fname in fnames:
            self.env.cr.execute(
                "SELECT 1 FROM ir_attachment WHERE store_fname = %s", [fname]
            )
            path = Attachment._full_path(fname)
            if not self.env.cr.fetchone() and os.path.exists(path):
                os.unlink(path)
                # and its checklist entry, as the collection does
                entry = Attachment._full_path(os.path.join("checklist", fname))
                if os.path.exists(entry):
                    os.unlink(entry)

    def _filestore_hits(self, markers):
        root = self.env["ir.attachment"]._filestore()
        needles = [marker.lower().encode() for marker in markers]
        hits = []
        for dirpath, _dirnames, filenames in os.walk(root):
            if "checklist" in dirpath:
                continue
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                with open(path, "rb") as handle:
                    content = handle.read().lower()
                if any(needle in content for needle in needles):
                    hits.append(path)
        return hits

    def test_anonymization_leaves_no_copy(self):
        self.maxDiff = None
        with self.mock_mail_gateway():
            complaints = {
                "portal": self._file_portal(),
                "public": self._file_public(),
                "email": self._file_email(),
                "staff": self._file_staff(),
            }
            for channel, complaint in complaints.items():
                self._live(complaint, channel)
        # the end of those requests: their tracking is written
        self.flush_tracking()
        markers = [m for channel in CHANNELS for m in _markers(channel)]
        staff_partner = complaints["staff"].partner_id
        portal_partner = self.portal_user.partner_id
        # what stays by design: the customer's contact and account, and their
        # own threads (e.g. "Portal Access Granted"), not the complaint's
        own_messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("model", "=", "res.partner"),
                    ("res_id", "=", portal_partner.id),
                    "&",
                    ("model", "=", "res.users"),
                    ("res_id", "=", self.portal_user.id),
                ]
            )
        )
        kept = {
            "res_partner": {portal_partner.id},
            "res_users": {self.portal_user.id},
            "mail_message": set(own_messages.ids),
            "mail_mail": set(
                self.env["mail.mail"]
                .sudo()
                .search([("mail_message_id", "in", own_messages.ids)])
                .ids
            ),
            "mail_tracking_value": set(own_messages.sudo().tracking_value_ids.ids),
        }
        before = self._db_hits(markers, kept)
        for channel in CHANNELS:
            self.assertTrue(
                [hit for hit in before if any(m in hit[3] for m in _markers(channel))],
                f"{channel}: the markers are in the database before the job",
            )
        self.assertTrue(self._filestore_hits(markers), "files hold the markers")
        # closed three years ago, kept twelve months: the job runs as the
        # cron does (superuser, progress reported)
        self.company.complaint_retention_months = 12
        for complaint in complaints.values():
            complaint._process_env().write(
                {"date_closed": fields.Datetime.now() - timedelta(days=3 * 365)}
            )
        # figures the KPIs, the review and the register read
        figures = {
            channel: (
                complaint.reference,
                complaint.date_received,
                complaint.date_acknowledged,
                complaint.date_closed,
                complaint.stage_id,
                complaint.current_decision_id.outcome,
                complaint.handling_rating_overall,
                complaint.channel,
            )
            for channel, complaint in complaints.items()
        }
        stored = self._stored_files(complaints.values())
        cron = self.env.ref("customer_complaint_iso10002.ir_cron_complaint_anonymize")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["customer.complaint"].with_user(cron.user_id).sudo().with_context(
            ir_cron_progress_id=progress.id
        )._cron_anonymize_expired()
        # the filestore garbage collection of the autovacuum, for the files
        # of these complaints (the whole collection would also remove files
        # that other tests' rolled-back transactions still need)
        self._collect_garbage(stored)

        for channel, complaint in complaints.items():
            self.assertTrue(complaint.anonymized, channel)
            # every figure stays
            self.assertEqual(
                figures[channel],
                (
                    complaint.reference,
                    complaint.date_received,
                    complaint.date_acknowledged,
                    complaint.date_closed,
                    complaint.stage_id,
                    complaint.current_decision_id.outcome,
                    complaint.handling_rating_overall,
                    complaint.channel,
                ),
                channel,
            )
        self.assertEqual(self._describe(self._db_hits(markers, kept)), [])
        self.assertEqual(self._filestore_hits(markers), [])
        # the contact made for the complaint went, the customer stays
        self.assertFalse(staff_partner.exists() and staff_partner.active)
        self.assertEqual(portal_partner.name, CHANNELS["portal"][0])
        self.assertFalse(complaints["portal"].partner_id)
        self.assertNotIn(portal_partner, complaints["portal"].message_partner_ids)
