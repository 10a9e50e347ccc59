# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields, models, tools

# What mail.template.send_mail_batch renders of a template without attachments.
TEMPLATE_FIELDS = (
    "auto_delete",
    "body_html",
    "email_cc",
    "email_from",
    "email_to",
    "mail_server_id",
    "model",
    "partner_to",
    "reply_to",
    "res_id",
    "scheduled_date",
    "subject",
)
# The rendered values that are the mail.mail's own; the rest are its message's.
MAIL_FIELDS = ("auto_delete", "body_html", "email_cc", "email_to", "scheduled_date")


class CustomerComplaintMailOnceMixin(models.AbstractModel):
    """Automatic mail to the complainant, sent once and stamped: the
    acknowledgement (7.3), the progress updates (7.3) and the rating request
    (8.3). A date field records that it went; robots are never written to.

    For mail threads (portal ones: the templates link to the portal) whose
    ``partner_id`` or ``_primary_email`` is the complainant.
    """

    _name = "customer.complaint.mail.once.mixin"
    _inherit = ["customer.complaint.process.mixin"]
    _description = "Complainant mail sent once and stamped"

    def _send_once(self, template, stamp_field, count_field=None):
        """Send ``template`` in one batch to the complainants of self who may
        get automatic mail and were not sent it yet (``stamp_field`` empty),
        then stamp ``stamp_field`` with the date, as the process. Returns the
        records mailed; none, and nothing stamped, without a template.

        With ``count_field``, a mail that recurs (progress updates): the
        caller chooses who is due, ``stamp_field`` holds the date of the last
        one and ``count_field`` counts them.
        """
        todo = self if count_field else self.filtered(lambda r: not r[stamp_field])
        todo = todo._filter_mailable() if template else self.browse()
        if not todo:
            return todo
        todo._send_template_mail(template)
        now = fields.Datetime.now()
        # Not tracked: no tracking or follower pass for a date stamp.
        stamped = todo.with_context(tracking_disable=True)._process_env()
        if not count_field:
            stamped.write({stamp_field: now})
            return todo
        for count, records in stamped.grouped(count_field).items():
            records.write({stamp_field: now, count_field: count + 1})
        return todo

    def _filter_mailable(self):
        """The records of self whose complainant may get automatic mail,
        checked for the whole batch at once.

        Never write to mailer daemons, no-reply addresses or this database's
        own aliases: an automatic answer to them starts a mail loop.
        """
        emails = {
            record: tools.email_normalize(
                record.partner_id.email or record[record._primary_email] or ""
            )
            for record in self
        }
        robots = self.env["mail.thread"]._complaint_robot_addresses(
            {email for email in emails.values() if email}
        )
        return self.filtered(
            lambda record: emails[record] and emails[record] not in robots
        )

    def _send_complaint_mail(self, template):
        """Send a template to the complainants of self and keep it in the chatter.

        Goes through mail.mail (not the composer) so that a complainant who is
        not a contact gets the mail at their address without a contact being
        created for them.
        """
        return self._filter_mailable()._send_template_mail(template)

    def _send_template_mail(self, template):
        """Send ``template`` to the complainants of self, already checked with
        _filter_mailable."""
        if not self:
            return self.env["mail.mail"]
        for record in self.filtered(lambda r: not r.access_token):
            record._portal_ensure_token()
        # sudo: mail.mail and template rendering are restricted models; the
        # caller was checked on the records themselves (create or write).
        # The templates are whole letters: no notification layout around them,
        # which would double the rendering and sanitizing cost of every mail.
        mails = self._queue_template_mails(
            template.sudo().with_context(complaint_qweb_cache=True)
        )
        # Queued in bulk, and the mail queue job called now instead of at its
        # next (hourly) run: the mail leaves at once, without an SMTP round
        # trip inside the user's request.
        # (the id from the ormcache: env.ref would query its existence)
        self.env["ir.cron"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "mail.ir_cron_mail_scheduler_action"
            )
        )._trigger()
        return mails

    def _queue_template_mails(self, template):
        """Queue ``template`` (sudo) rendered on self: one mail.mail and its
        mail.message per record, as mail.template.send_mail_batch makes them.

        Rendered in one batch, then the messages and the mails created in one
        batch each: the mails are given their message instead of creating it
        through _inherits, which sanitizes the letter a third time (the
        message's column and cache, then the mail's cache) for nothing; the
        mail itself keeps the rendered letter (body_html) as core's does. A
        template with a notification layout or attachments goes through
        core's send_mail_batch, which handles them.
        """
        if (
            template.email_layout_xmlid
            or template.attachment_ids
            or template.report_template_ids
        ):
            return template.send_mail_batch(self.ids)
        rendered = template._generate_template(self.ids, TEMPLATE_FIELDS)
        message_vals_list, mail_vals_list = [], []
        for record in self:
            values = rendered[record.id]
            mail_vals = {
                fname: values.pop(fname) for fname in MAIL_FIELDS if fname in values
            }
            partner_ids = values.pop("partner_ids", None) or []
            # as send_mail_batch: no void sender, the author's address instead
            if not values.get("email_from"):
                values.pop("email_from", None)
            message_vals_list.append(
                dict(
                    values,
                    body=mail_vals.get("body_html") or "",
                    message_type="email_outgoing",
                    partner_ids=[Command.link(pid) for pid in partner_ids],
                )
            )
            mail_vals_list.append(
                dict(
                    mail_vals,
                    recipient_ids=[Command.link(pid) for pid in partner_ids],
                    # made with its message, as send_mail_batch's mails are
                    is_notification=False,
                )
            )
        # sudo: as the template's rendering (see _send_template_mail): the
        # records were checked by the create or write that sends the mail
        messages = self.env["mail.message"].sudo().create(message_vals_list)
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    dict(mail_vals, mail_message_id=message.id)
                    for mail_vals, message in zip(mail_vals_list, messages, strict=True)
                ]
            )
        )
