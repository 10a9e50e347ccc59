# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from urllib.parse import urlencode

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models, tools
from odoo.tools import html2plaintext
from odoo.tools.misc import format_amount, format_date, format_datetime

# Fields of the complaint record PDF, per section. Fields another issue has not
# added yet are skipped. PORTAL_HIDDEN fields never reach the complainant.
REPORT_SECTIONS = {
    "complainant": [
        "partner_name",
        "commercial_partner_id",
        "email_from",
        "partner_phone",
        "lang",
    ],
    "subject": [
        "date_received",
        "channel",
        "received_by_id",
        "sale_order_id",
        "sale_line_id",
        "product_id",
        "invoice_id",
        "customer_order_reference",
        "requested_remedy",
        "requested_remedy_details",
        "category_id",
        "tag_ids",
        "team_id",
        "user_id",
        "priority",
        "confidential",
    ],
    "assessment": [
        "severity",
        "impact",
        "complexity",
        "safety_related",
        "immediate_action",
        "assessed_by_id",
        "date_assessed",
    ],
    "investigation": [
        "findings",
        "root_cause",
        "cause_code_id",
        "is_recurring",
        "similar_complaint_ids",
    ],
    "decision": [
        "decision_outcome",
        "decision_reasons",
        "resolution_type",
        "remedy_cost",
        "credit_note_id",
        "replacement_order_id",
        "decided_by_id",
        "date_decision",
        "approved_by_id",
        "date_approved",
        "date_decision_communicated",
        "rejection_reason",
        "rejection_details",
        "duplicate_of_id",
    ],
    "answer": [
        "complainant_answer",
        "date_answer",
        "contest_reason",
        "appeal_count",
        "reviewer_id",
        "adr_date_referred",
        "adr_reference",
        "adr_outcome",
        "adr_date_outcome",
        "reopen_count",
        "escalation_level",
    ],
    "rating": [
        "handling_rating_overall",
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_comment",
        "date_handling_rated",
    ],
}
PORTAL_HIDDEN = {
    "received_by_id",
    "tag_ids",
    "user_id",
    "priority",
    "confidential",
    "remedy_cost",
    "decided_by_id",
    "approved_by_id",
    "date_approved",
    "reviewer_id",
    "escalation_level",
    "reopen_count",
    "similar_complaint_ids",
    "duplicate_of_id",
}
PORTAL_HIDDEN_SECTIONS = {"assessment", "investigation"}


# Free-text fields that may hold personal details of the complainant.
PERSONAL_TEXT_FIELDS = [
    "description",
    "requested_remedy_details",
    "customer_order_reference",
    "contest_reason",
    "handling_rating_comment",
    "email_cc",
]
PERSONAL_TRACKED_FIELDS = ["partner_id", "partner_name", "email_from", "partner_phone"]


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # Retention (clauses 4.10, 8.1)
    anonymized = fields.Boolean(readonly=True, copy=False, index=True)
    date_anonymized = fields.Datetime(string="Anonymized on", readonly=True, copy=False)

    # Working-time durations (team calendar, else company calendar), stored
    # so that the analysis can aggregate them in SQL.
    work_hours_to_ack = fields.Float(
        string="Working Hours to Acknowledge",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
    )
    work_hours_to_decision = fields.Float(
        string="Working Hours to Decision",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
    )
    work_hours_to_close = fields.Float(
        string="Working Hours to Close",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
    )

    def _work_hours_depends(self):
        depends = ["date_received", "date_acknowledged", "date_closed", "team_id"]
        if "date_decision" in self._fields:
            depends.append("date_decision")
        return depends

    @api.depends(lambda self: self._work_hours_depends())
    def _compute_work_hours(self):
        has_decision = "date_decision" in self._fields
        for complaint in self:
            calendar = (
                complaint.team_id._get_working_calendar()
                if complaint.team_id
                else complaint.company_id.resource_calendar_id
            )
            start = complaint.date_received
            complaint.work_hours_to_ack = complaint._work_hours(
                calendar, start, complaint.date_acknowledged
            )
            complaint.work_hours_to_decision = complaint._work_hours(
                calendar, start, has_decision and complaint.date_decision
            )
            complaint.work_hours_to_close = complaint._work_hours(
                calendar, start, complaint.date_closed
            )

    @api.model
    def _work_hours(self, calendar, start, end):
        """Working hours between two UTC datetimes on a calendar (holidays out)."""
        if not start or not end or end <= start:
            return 0.0
        if not calendar:
            return (end - start).total_seconds() / 3600.0
        utc = pytz.utc
        return calendar.get_work_duration_data(
            utc.localize(start), utc.localize(end), compute_leaves=True
        )["hours"]

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _cron_anonymize_expired(self, batch_size=500):
        """Anonymize complaints closed more than the company's retention ago."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search(
            [("complaint_retention_months", ">", 0)]
        )
        for company in companies:
            limit = now - relativedelta(months=company.complaint_retention_months)
            complaints = (
                self.with_context(active_test=False)
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("is_closed", "=", True),
                        ("date_closed", "<", limit),
                        ("anonymized", "=", False),
                    ],
                    limit=batch_size,
                )
            )
            complaints._anonymize()

    def _anonymize(self):
        """Remove the complainant's personal data, keep every reported figure.

        Kept: reference, subject, dates, stage, category, product, team, handler,
        outcome, costs and ratings. Removed: contact link and details, personal
        free text, attachments, the complainant's messages and the tracking of
        the contact fields.
        """
        if not self:
            return
        if not self.env.su:
            self.check_access("write")
        # sudo: cron (superuser) or checked write access just above; attachments,
        # messages and tracking values are not writable by complaint users.
        complaints = self.sudo().with_context(
            tracking_disable=True,
            mail_notrack=True,
            active_test=False,
            complaint_allow_locked_write=True,
        )
        anon_name = self.env._("Anonymized complainant")
        for complaint in complaints:
            partner = complaint.partner_id
            emails = {
                email
                for email in (
                    tools.email_normalize(complaint.email_from or ""),
                    tools.email_normalize(partner.email or ""),
                )
                if email
            }
            messages = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
                )
            )
            own = messages.filtered(
                lambda m, p=partner, e=emails: (p and m.author_id == p)
                or tools.email_normalize(m.email_from or "") in e
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
                (messages - own).filtered(
                    lambda m, p=partner: p in m.partner_ids
                ).write({"partner_ids": [Command.unlink(partner.id)]})
            tracked = self.env["ir.model.fields"]._get_ids(complaint._name)
            field_ids = [tracked[f] for f in PERSONAL_TRACKED_FIELDS if f in tracked]
            self.env["mail.tracking.value"].sudo().search(
                [("mail_message_id", "in", messages.ids), ("field_id", "in", field_ids)]
            ).unlink()
            if partner:
                complaint.message_unsubscribe(partner_ids=partner.ids)
            self.env["ir.attachment"].sudo().search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            ).unlink()
        vals = {
            "partner_id": False,
            "partner_name": anon_name,
            "email_from": False,
            "partner_phone": False,
            "anonymized": True,
            "date_anonymized": fields.Datetime.now(),
        }
        vals.update(
            {fname: False for fname in PERSONAL_TEXT_FIELDS if fname in self._fields}
        )
        complaints.write(vals)
        return True

    # ------------------------------------------------------------------
    # Complaint record PDF
    # ------------------------------------------------------------------

    def _report_is_portal(self):
        """Whether the record is printed for the complainant (portal) side."""
        return bool(self.env.context.get("complaint_portal") or self.env.user.share)

    def _report_section(self, section):
        """(label, text) of the filled fields of a section of the record PDF."""
        self.ensure_one()
        portal = self._report_is_portal()
        if portal and section in PORTAL_HIDDEN_SECTIONS:
            return []
        rows = []
        for fname in REPORT_SECTIONS.get(section, []):
            field = self._fields.get(fname)
            if not field or (portal and fname in PORTAL_HIDDEN):
                continue
            if (
                portal
                and section == "decision"
                and not self._report_value("date_decision_communicated")
            ):
                continue
            text = self._report_format(field, self[fname])
            if text:
                rows.append((field._description_string(self.env), text))
        return rows

    def _report_value(self, fname):
        return self[fname] if fname in self._fields else False

    def _report_format(self, field, value):
        env = self.env
        if field.type == "boolean":
            return env._("Yes") if value else ""
        if not value and field.type not in ("integer", "float", "monetary"):
            return ""
        if field.type in ("integer", "float") and not value:
            return ""
        if field.type == "datetime":
            return format_datetime(env, value, tz=self.env.user.tz or "UTC")
        if field.type == "date":
            return format_date(env, value)
        if field.type == "monetary":
            return format_amount(env, value, self.company_id.currency_id)
        if field.type == "selection":
            return dict(field._description_selection(env)).get(value, value)
        if field.type in ("many2one", "many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "html":
            return html2plaintext(value)
        return str(value)

    def _report_timeline(self):
        """Phases reached and promised; the portal's timeline when it exists."""
        self.ensure_one()
        if hasattr(self, "_portal_timeline"):
            return self._portal_timeline()
        return [
            {"label": label, "date_done": done, "date_promised": promised}
            for label, done, promised in (
                (self.env._("Received"), self.date_received, False),
                (self.env._("Acknowledged"), self.date_acknowledged, False),
                (
                    self.env._("Closed"),
                    self.date_closed if self.is_closed else False,
                    self.date_response_due,
                ),
            )
        ]

    def _report_deadlines(self):
        """Internal timeline rows: phase, deadline, state (issue 3 fields)."""
        self.ensure_one()
        rows = []
        for label, deadline, state in (
            (self.env._("Acknowledgement"), "date_ack_deadline", "ack_deadline_state"),
            (
                self.env._("Assessment"),
                "date_assessment_deadline",
                "assessment_deadline_state",
            ),
            (
                self.env._("Decision"),
                "date_decision_deadline",
                "decision_deadline_state",
            ),
            (
                self.env._("Closure"),
                "date_closure_deadline",
                "closure_deadline_state",
            ),
        ):
            if deadline not in self._fields:
                continue
            rows.append(
                (
                    label,
                    self._report_format(self._fields[deadline], self[deadline]),
                    self._report_format(self._fields[state], self[state])
                    if state in self._fields
                    else "",
                )
            )
        return rows

    def _report_actions(self):
        self.ensure_one()
        if self._report_is_portal() or "action_ids" not in self._fields:
            return self.env["customer.complaint"].browse()
        return self.action_ids

    def _report_messages(self):
        """Chatter messages for the record: internal notes only for employees."""
        self.ensure_one()
        domain = [
            ("model", "=", self._name),
            ("res_id", "=", self.id),
            ("message_type", "in", ("comment", "email", "email_outgoing")),
        ]
        if self._report_is_portal():
            domain += [("is_internal", "=", False), ("subtype_id.internal", "=", False)]
        self.check_access("read")
        # sudo: after the read check on the complaint just above; portal
        # readers only get the public messages filtered by the domain.
        return self.env["mail.message"].sudo().search(domain, order="date, id")

    # ------------------------------------------------------------------
    # Register export
    # ------------------------------------------------------------------

    @api.model
    def _action_export_register_url(self, domain, date_from=None, date_to=None):
        params = {"domain": json.dumps(domain or [])}
        if date_from and date_to:
            params.update(date_from=str(date_from), date_to=str(date_to))
        return {
            "type": "ir.actions.act_url",
            "url": f"/customer_complaint/register.xlsx?{urlencode(params)}",
            "target": "download",
        }

    def action_export_register(self):
        """Register of the selected complaints, or of the current search."""
        domain = self.env.context.get("active_domain")
        if self:
            domain = [("id", "in", self.ids)]
        return self._action_export_register_url(domain or [])
