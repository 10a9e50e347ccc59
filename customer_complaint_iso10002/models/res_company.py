# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Process
    complaint_sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Complaint Numbering",
        readonly=True,
        copy=False,
    )
    complaint_at_risk_share = fields.Float(
        string="Complaint At-Risk Share",
        default=0.75,
        help="Share of the time to a deadline after which a phase is at risk.",
    )
    complaint_root_cause_severity = fields.Selection(
        selection=[("1", "Low"), ("2", "Medium"), ("3", "High"), ("4", "Critical")],
        string="Root Cause Required from Severity",
        default="3",
        help="From this severity upward, no decision without a root cause.",
    )
    complaint_answer_days = fields.Integer(
        string="Days to Answer a Decision",
        default=14,
        help="Without an answer from the complainant this many days after the "
        "decision was communicated, the complaint is closed automatically. "
        "0 disables it.",
    )
    complaint_similar_days = fields.Integer(
        string="Similar Complaints Window (days)",
        default=90,
    )
    complaint_adr_name = fields.Char(
        string="Dispute Resolution Body",
        help="External body a complainant can refer an unresolved complaint "
        "to (ISO 10003).",
    )
    complaint_adr_url = fields.Char(string="Dispute Resolution Website")
    complaint_adr_info = fields.Text(
        string="Dispute Resolution Details",
        translate=True,
        help="How to refer a complaint to the external body, as told to the "
        "complainant in the decision email.",
    )

    # Portal
    complaint_portal_share_commercial = fields.Boolean(
        string="Share Complaints Within Customer Companies",
        help="Portal contacts see all complaints of their customer company, not "
        "only those they filed or follow.",
    )
    complaint_public_page_text = fields.Html(
        string="Public Complaint Page Text",
        translate=True,
        sanitize=True,
        help="Shown on the public /complaints page. Leave empty for the default "
        "text.",
    )

    # Reporting and retention
    complaint_retention_months = fields.Integer(
        string="Complaint Data Retention (months)",
        default=0,
        help="Months after closing after which the complainant's personal data "
        "(name, email, phone, free text, attachments, messages) are anonymized. "
        "Figures used by reports are kept. 0 keeps personal data.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_complaint_sequence()
        self.env["customer.complaint.deadline.policy"]._ensure_company_defaults(
            companies
        )
        return companies

    def _create_complaint_sequence(self):
        """Give each company its own complaint numbering (found or created)."""
        sequence_model = self.env["ir.sequence"].sudo()
        existing = {
            sequence.company_id: sequence
            for sequence in sequence_model.search(
                [("code", "=", "customer.complaint"), ("company_id", "in", self.ids)]
            )
        }
        for company in self:
            company.complaint_sequence_id = existing.get(
                company
            ) or sequence_model.create(
                {
                    "name": f"Complaint reference ({company.name})",
                    "code": "customer.complaint",
                    "company_id": company.id,
                    "prefix": "CMP/%(year)s/",
                    "padding": 5,
                    "implementation": "standard",
                }
            )
