# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from urllib.parse import quote, quote_plus

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression

_logger = logging.getLogger(__name__)

# Written only by the retention job (8.1).
RETENTION_FIELDS = frozenset({"anonymized", "date_anonymized"})

# What replaces the complainant's name, address or phone quoted in free text.
REDACTED = "[…]"
# Shorter strings are not looked for in free text: they would match words.
MIN_PERSONAL_LENGTH = 4
# Stored text fields that identify records, not people: never rewritten.
TEXT_FIELDS_KEPT = frozenset(
    {"reference", "access_token", "message_id", "model", "res_model", "mimetype"}
)


class CustomerComplaintRetentionMixin(models.AbstractModel):
    """Personal data kept no longer than needed (4.10, 8.1): once the
    company's retention period has run, the retention job removes the
    complainant's personal data from the record and its thread and keeps
    every reported figure.

    For mail threads whose ``partner_id`` or ``_primary_email`` is the
    complainant, with a ``company_id``. Models using it list their personal
    fields, say when their retention period has run
    (_retention_expired_domain) and put RETENTION_FIELDS among their
    ``_process_fields``.
    """

    _name = "customer.complaint.retention.mixin"
    _inherit = [
        "customer.complaint.batch.job.mixin",
        "customer.complaint.process.mixin",
    ]
    _description = "Complaint personal data retention"

    # Free-text fields that may hold the complainant's personal details:
    # emptied.
    _personal_text_fields = ()
    # Fields whose tracking values show the complainant's details: removed.
    _personal_tracked_fields = ()

    anonymized = fields.Boolean(readonly=True, copy=False, index=True)
    date_anonymized = fields.Datetime(string="Anonymized on", readonly=True, copy=False)

    def _retention_expired_domain(self, limit):
        """The records whose retention period ran before ``limit``."""
        raise NotImplementedError

    def write(self, vals):
        # Anonymized once for good: the job never looks at the record again,
        # so personal data typed back in would be kept for ever.
        personal = set(self._personal_text_fields) | set(self._personal_tracked_fields)
        if personal & set(vals) and not self._is_process():
            anonymized = self.filtered("anonymized")
            if anonymized:
                raise UserError(
                    self.env._(
                        "%(records)s was anonymized when its retention period "
                        "ran: no personal data is written to it again.",
                        records=", ".join(anonymized.mapped("display_name")),
                    )
                )
        return super().write(vals)

    @api.model
    def _cron_anonymize_expired(self, batch_size=500):
        """Anonymize the records whose company's retention period has run.
        Returns the number anonymized."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search(
            [("complaint_retention_months", ">", 0)]
        )
        if not companies:
            return 0
        expired = [
            expression.AND(
                [
                    [("company_id", "=", company.id)],
                    self._retention_expired_domain(
                        now - relativedelta(months=company.complaint_retention_months)
                    ),
                ]
            )
            for company in companies
        ]
        domain = expression.AND([[("anonymized", "=", False)], expression.OR(expired)])
        # Archived records too: they are retained, and so is their data.
        return (
            self.with_context(active_test=False)
            .sudo()
            ._run_batch_job(domain, lambda records: records._anonymize(), batch_size)
        )

    def _anonymize(self):
        """Remove the complainant's personal data, keep every reported figure.

        Removed: the contact link and details (_anonymized_values), personal
        free text, attachments, the complainant's messages and the tracking of
        the personal fields; then the records that are part of self
        (_anonymize_parts).
        """
        if not self:
            return True
        if not self.env.su:
            self.check_access("write")
        # sudo: retention job (superuser) or checked write access just above;
        # attachments, messages and tracking values are not writable by users.
        records = (
            self.sudo()
            .with_context(tracking_disable=True, mail_notrack=True, active_test=False)
            ._process_env()
        )
        tracked = self.env["ir.model.fields"]._get_ids(self._name)
        tracked_ids = [
            tracked[fname]
            for fname in self._personal_tracked_fields
            if fname in tracked
        ]
        for record in records:
            record._anonymize_thread(tracked_ids)
        # Read before they go: the strings quoted elsewhere, the contacts.
        personal = {record.id: record._personal_pattern() for record in records}
        partners = records.partner_id
        emails = {email for record in records for email in record._personal_emails()}
        vals = dict.fromkeys(self._personal_text_fields, False)
        vals.update(records._anonymized_values())
        vals.update(anonymized=True, date_anonymized=fields.Datetime.now())
        records.write(vals)
        # a change tracked earlier in this transaction would log the old
        # values back into the thread at commit
        records._track_discard()
        records._anonymize_parts()
        for record in records:
            pattern = personal[record.id]
            if pattern:
                # staff free text quoting them, here and in the parts
                record._scrub_records([record, *record._personal_parts()], pattern)
                record._scrub_thread_copies(pattern)
        self.env["customer.complaint.web.submission"].sudo()._forget_emails(emails)
        records._anonymize_partners(partners)
        return True

    # ------------------------------------------------------------------
    # What identifies the complainant, and where copies of it are
    # ------------------------------------------------------------------

    def _personal_emails(self):
        """The complainant's normalized addresses (one record)."""
        self.ensure_one()
        return {
            email
            for email in (
                tools.email_normalize(self[self._primary_email] or ""),
                tools.email_normalize(self.partner_id.email or ""),
            )
            if email
        }

    def _personal_strings(self):
        """The complainant's name, addresses and phone numbers as they may be
        quoted in text (one record)."""
        self.ensure_one()
        partner = self.partner_id
        raw = {
            self[fname]
            for fname in ("partner_name", self._primary_email, "partner_phone")
            if fname in self._fields and self[fname]
        }
        raw |= {
            value for value in (partner.name, partner.email, partner.phone) if value
        }
        if "mobile" in partner._fields and partner.mobile:
            raw.add(partner.mobile)
        raw |= self._personal_emails()
        strings = set()
        for value in raw:
            value = value.strip()
            strings.add(value)
            # as HTML and URLs (mail links, login hints) write them
            strings.add(str(escape(value)))
            strings.add(quote(value))
            strings.add(quote_plus(value))
            email = tools.email_normalize(value)
            if email:
                strings.add(email)
            digits = re.sub(r"[^\d+]", "", value)
            if len(digits) >= 6 and not email:
                strings.add(digits)
        return {value for value in strings if len(value) >= MIN_PERSONAL_LENGTH}

    def _personal_pattern(self):
        """A case-insensitive pattern of _personal_strings, or None."""
        strings = sorted(self._personal_strings(), key=len, reverse=True)
        if not strings:
            return None
        return re.compile("|".join(map(re.escape, strings)), re.IGNORECASE)

    def _personal_parts(self):
        """Recordsets of other models whose free text or thread may quote the
        complainant: the records of this model's own sub-models that it lists
        (decision rounds, phases, actions)."""
        self.ensure_one()
        prefix = f"{self._name}."
        return [
            self[name]
            for name, field in self._fields.items()
            if field.type in ("one2many", "many2many")
            and field.comodel_name.startswith(prefix)
            and not field.compute
        ]

    @api.model
    def _scrub_records(self, recordsets, pattern):
        """Replace what ``pattern`` matches in the stored text fields of
        ``recordsets`` (sudo, of any models)."""
        for model_records in recordsets:
            if not model_records:
                continue
            model = model_records[:0]
            fnames = [
                name
                for name, field in model._fields.items()
                if field.store
                and field.type in ("char", "text", "html")
                and not field.related
                and name not in TEXT_FIELDS_KEPT
                and not field.translate
            ]
            if hasattr(model, "_process_env"):
                model_records = model_records._process_env()
            model_records = model_records.with_context(
                tracking_disable=True, mail_notrack=True
            )
            for record in model_records:
                vals = {}
                for fname in fnames:
                    value = record[fname]
                    if isinstance(value, str) and pattern.search(value):
                        scrubbed = pattern.sub(REDACTED, value)
                        vals[fname] = (
                            Markup(scrubbed) if isinstance(value, Markup) else scrubbed
                        )
                if vals:
                    record.write(vals)
            if hasattr(model_records, "_track_discard"):
                model_records._track_discard()

    def _scrub_thread_copies(self, pattern):
        """The complainant in the thread of self and of its parts (one record,
        sudo): messages, tracking values, outgoing mails and their
        recipients, notifications and activities."""
        self.ensure_one()
        Message = self.env["mail.message"]
        messages = Message.browse()
        for recs in [self, *self._personal_parts()]:
            messages |= Message.search(
                [("model", "=", recs._name), ("res_id", "in", recs.ids)]
            )
        mails = (
            self.env["mail.mail"]
            .with_context(active_test=False)
            .search([("mail_message_id", "in", messages.ids)])
        )
        trackings = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        notifications = self.env["mail.notification"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        activities = self.env["mail.activity"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        )
        self._scrub_records(
            [messages, mails, trackings, notifications, activities], pattern
        )

    def _anonymize_partners(self, partners):
        """The complainants' contacts: one made only for complaints goes
        (archived and anonymized where something still points at it); a
        customer with other business keeps their record."""
        for partner in partners.sudo().with_context(active_test=False):
            if not self._complaint_only_contact(partner):
                continue
            try:
                with self.env.cr.savepoint():
                    partner.unlink()
            except Exception:  # noqa: BLE001 - still referenced: anonymized
                _logger.info("Contact %s still referenced: anonymized", partner.id)
                partner.invalidate_recordset()
                partner.with_context(tracking_disable=True).write(
                    self._anonymized_contact_values(partner)
                )

    @api.model
    def _complaint_only_contact(self, partner):
        """Whether ``partner`` was made only for complaints (sudo): no user,
        no company or contacts under it, no order or invoice, no complaint
        still holding personal data."""
        if partner.user_ids or partner.is_company or partner.child_ids:
            return False
        commercial = partner.commercial_partner_id
        if commercial != partner:
            return False
        for model, fname in (
            ("sale.order", "partner_id"),
            ("sale.order", "partner_invoice_id"),
            ("sale.order", "partner_shipping_id"),
            ("account.move", "partner_id"),
            ("customer.complaint", "partner_id"),
            ("customer.complaint.feedback", "partner_id"),
        ):
            if (
                self.env[model]
                .with_context(active_test=False)
                .search_count([(fname, "=", partner.id)], limit=1)
            ):
                return False
        return True

    @api.model
    def _anonymized_contact_values(self, partner):
        vals = {
            "name": self.env._("Anonymized contact"),
            "active": False,
        }
        for fname in (
            "email",
            "phone",
            "mobile",
            "street",
            "street2",
            "zip",
            "city",
            "website",
            "comment",
            "vat",
            "function",
            "ref",
        ):
            if fname in partner._fields:
                vals[fname] = False
        return vals

    def _anonymize_thread(self, tracked_field_ids):
        """The complainant's messages, subscription, tracked values and
        attachments on the thread of self (one record, sudo)."""
        self.ensure_one()
        partner = self.partner_id
        emails = {
            email
            for email in (
                tools.email_normalize(self[self._primary_email] or ""),
                tools.email_normalize(partner.email or ""),
            )
            if email
        }
        messages = self.env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "=", self.id)]
        )
        own = messages.filtered(
            lambda m: (partner and m.author_id == partner)
            or tools.email_normalize(m.email_from or "") in emails
        )
        own.write(
            {
                "body": Markup("<p>%s</p>") % self.env._("(anonymized)"),
                "subject": False,
                "email_from": False,
                "author_id": False,
                "reply_to": False,
            }
        )
        if partner:
            (messages - own).filtered(lambda m: partner in m.partner_ids).write(
                {"partner_ids": [Command.unlink(partner.id)]}
            )
            self.message_unsubscribe(partner_ids=partner.ids)
        self.env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("field_id", "in", tracked_field_ids),
            ]
        ).unlink()
        # what the complainant sent, and what was sent to them
        self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        ).unlink()
        messages.attachment_ids.unlink()

    def _anonymized_values(self):
        """The values that replace the complainant's contact details."""
        return {}

    def _anonymize_parts(self):
        """Anonymize the records that are part of self (sudo, as the
        process)."""
