# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Process
    complaint_at_risk_share = fields.Float(
        related="company_id.complaint_at_risk_share", readonly=False
    )
    complaint_root_cause_severity = fields.Selection(
        related="company_id.complaint_root_cause_severity", readonly=False
    )
    complaint_answer_days = fields.Integer(
        related="company_id.complaint_answer_days", readonly=False
    )
    complaint_similar_days = fields.Integer(
        related="company_id.complaint_similar_days", readonly=False
    )
    complaint_adr_name = fields.Char(
        related="company_id.complaint_adr_name", readonly=False
    )
    complaint_adr_url = fields.Char(
        related="company_id.complaint_adr_url", readonly=False
    )
    complaint_adr_info = fields.Text(
        related="company_id.complaint_adr_info", readonly=False
    )

    # Governance
    complaint_representative_id = fields.Many2one(
        related="company_id.complaint_representative_id", readonly=False
    )
    complaint_representative_deputy_id = fields.Many2one(
        related="company_id.complaint_representative_deputy_id", readonly=False
    )
    complaint_single_team = fields.Boolean(
        related="company_id.complaint_single_team", readonly=False
    )

    # Feedback alias (4.11), created or renamed on saving the settings
    complaint_feedback_alias_name = fields.Char(string="Feedback Alias")

    @api.model
    def get_values(self):
        res = super().get_values()
        alias = self.env.company.complaint_feedback_alias_id
        res["complaint_feedback_alias_name"] = alias.alias_name or False
        return res

    def set_values(self):
        res = super().set_values()
        self.env["customer.complaint.feedback"]._set_feedback_alias(
            self.company_id, self.complaint_feedback_alias_name
        )
        return res

    # Portal
    complaint_portal_share_commercial = fields.Boolean(
        related="company_id.complaint_portal_share_commercial", readonly=False
    )
    complaint_public_page_text = fields.Html(
        related="company_id.complaint_public_page_text", readonly=False
    )
    complaint_upload_max_count = fields.Integer(
        related="company_id.complaint_upload_max_count", readonly=False
    )
    complaint_upload_max_mb = fields.Integer(
        related="company_id.complaint_upload_max_mb", readonly=False
    )

    # Reporting and retention
    complaint_retention_months = fields.Integer(
        related="company_id.complaint_retention_months", readonly=False
    )
