# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Portal (issue 4)
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

    # Reporting and retention (issue 5)
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
        return companies

    def _create_complaint_sequence(self):
        """Give each company its own complaint numbering."""
        sequence_model = self.env["ir.sequence"].sudo()
        existing = sequence_model.search(
            [("code", "=", "customer.complaint"), ("company_id", "in", self.ids)]
        ).company_id
        sequence_model.create(
            [
                {
                    "name": f"Complaint reference ({company.name})",
                    "code": "customer.complaint",
                    "company_id": company.id,
                    "prefix": "CMP/%(year)s/",
                    "padding": 5,
                    "implementation": "standard",
                }
                for company in self - existing
            ]
        )
