# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="customer_complaint_iso10002.group_complaint_user,"
        "customer_complaint_iso10002.group_complaint_auditor",
    )

    def _compute_complaint_count(self):
        # A company counts the complaints of all its contacts; a contact its own.
        complaints = self.env["customer.complaint"]
        by_partner = complaints._count_by("partner_id", self)
        by_entity = complaints._count_by("commercial_partner_id", self)
        for partner in self:
            partner.complaint_count = (
                by_entity.get(partner, 0)
                if partner.is_company
                else by_partner.get(partner, 0)
            )

    def action_view_complaints(self):
        self.ensure_one()
        field = "commercial_partner_id" if self.is_company else "partner_id"
        return self.env["customer.complaint"]._action_for(
            [(field, "=", self.id)], {"default_partner_id": self.id}
        )
