# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint record PDF (ISO 10002 8.5): its sections, and what of them
reaches the complainant when it is printed for the portal."""

from odoo import api, models
from odoo.tools import html2plaintext
from odoo.tools.misc import format_amount, format_date, format_datetime

from ..models.customer_complaint_decision import (
    PORTAL_HIDDEN as DECISION_PORTAL_HIDDEN,
)
from ..models.customer_complaint_decision import (
    REPORT_FIELDS as DECISION_REPORT_FIELDS,
)

# Fields of the record, per section (the decision rounds have theirs, see
# customer_complaint_decision.py). PORTAL_HIDDEN fields and sections never
# reach the complainant.
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
    "admissibility": [
        "rejection_reason",
        "rejection_details",
        "duplicate_of_id",
    ],
    "follow_up": [
        "appeal_count",
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
    "escalation_level",
    "reopen_count",
    "similar_complaint_ids",
    "duplicate_of_id",
}
PORTAL_HIDDEN_SECTIONS = {"assessment", "investigation"}


class ReportCustomerComplaintRecord(models.AbstractModel):
    _name = "report.customer_complaint_iso10002.report_complaint"
    _description = "Complaint Record Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["customer.complaint"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "customer.complaint",
            "docs": docs,
            "record_report": self,
        }

    def _is_portal(self):
        """Whether the record is printed for the complainant (portal) side."""
        return bool(self.env.context.get("complaint_portal") or self.env.user.share)

    def _section(self, complaint, section):
        """(label, text) of the filled fields of a section of the record."""
        portal = self._is_portal()
        if portal and section in PORTAL_HIDDEN_SECTIONS:
            return []
        names = [
            fname
            for fname in REPORT_SECTIONS.get(section, [])
            if not (portal and fname in PORTAL_HIDDEN)
        ]
        return self._rows(complaint, names)

    def _decisions(self, complaint):
        """[(round, rows)]: every round for staff, the communicated ones
        without internal fields for the complainant."""
        complaint.ensure_one()
        if self._is_portal():
            rounds = complaint._portal_decisions()
            names = [
                fname
                for fname in DECISION_REPORT_FIELDS
                if fname not in DECISION_PORTAL_HIDDEN
            ]
        else:
            rounds = complaint.decision_ids.sorted("round")
            names = DECISION_REPORT_FIELDS
        return [(decision, self._rows(decision, names)) for decision in rounds]

    def _actions(self, complaint):
        complaint.ensure_one()
        if self._is_portal():
            return self.env["customer.complaint.action"]
        return complaint.action_ids

    def _messages(self, complaint):
        """Chatter messages of the record: internal notes only for staff."""
        complaint.ensure_one()
        domain = [
            ("model", "=", complaint._name),
            ("res_id", "=", complaint.id),
            ("message_type", "in", ("comment", "email", "email_outgoing")),
        ]
        if self._is_portal():
            domain += [("is_internal", "=", False), ("subtype_id.internal", "=", False)]
        complaint.check_access("read")
        # sudo: after the read check on the complaint just above; portal
        # readers only get the public messages filtered by the domain.
        return self.env["mail.message"].sudo().search(domain, order="date, id")

    def _rows(self, record, names):
        """(label, text) of the filled fields ``names`` of ``record``, in the
        language ``record`` is printed in."""
        rows = []
        for fname in names:
            field = record._fields[fname]
            text = self._format(record, field, record[fname])
            if text:
                rows.append((field._description_string(record.env), text))
        return rows

    @api.model
    def _format(self, record, field, value):
        env = record.env
        if field.type == "boolean":
            return env._("Yes") if value else ""
        if not value:
            return ""
        if field.type == "datetime":
            return format_datetime(env, value, tz=env.user.tz or "UTC")
        if field.type == "date":
            return format_date(env, value)
        if field.type == "monetary":
            return format_amount(env, value, record.company_id.currency_id)
        if field.type == "selection":
            return dict(field._description_selection(env)).get(value, value)
        if field.type in ("many2one", "many2many", "one2many"):
            if value._name == "customer.complaint":
                # Other complaints (similar, duplicate of) keep their own
                # rules: a confidential one is not named to who may not read it.
                value = value._filtered_access("read")
            else:
                # sudo: after the read check on the complaints in
                # _get_report_values; a reader of the complaint reads the names
                # of the documents it links even when other record rules (e.g.
                # sale's "own documents only") hide them.
                value = value.sudo()
            return ", ".join(value.mapped("display_name"))
        if field.type == "html":
            return html2plaintext(value)
        return str(value)
