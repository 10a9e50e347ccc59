# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="customer_complaint_iso10002.group_complaint_user,"
        "customer_complaint_iso10002.group_complaint_auditor",
    )

    def _compute_complaint_count(self):
        counts = Counter()
        per_variant = self.env["customer.complaint"]._count_by(
            "product_id", self.product_variant_ids
        )
        for variant, count in per_variant.items():
            counts[variant.product_tmpl_id] += count
        for template in self:
            template.complaint_count = counts[template]

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._action_for(
            [("product_id.product_tmpl_id", "=", self.id)]
        )
