# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
