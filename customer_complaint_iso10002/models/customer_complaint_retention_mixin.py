# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models, tools
from odoo.osv import expression

# Written only by the retention job (8.1).
RETENTION_FIELDS = frozenset({"anonymized", "date_anonymized"})


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
        vals = dict.fromkeys(self._personal_text_fields, False)
        vals.update(records._anonymized_values())
        vals.update(anonymized=True, date_anonymized=fields.Datetime.now())
        records.write(vals)
        records._anonymize_parts()
        return True

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
        self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        ).unlink()

    def _anonymized_values(self):
        """The values that replace the complainant's contact details."""
        return {}

    def _anonymize_parts(self):
        """Anonymize the records that are part of self (sudo, as the
        process)."""
