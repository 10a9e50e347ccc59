# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerComplaintReviewReopen(models.TransientModel):
    _name = "customer.complaint.review.reopen"
    _description = "Reopen a Confirmed Management Review"

    review_id = fields.Many2one(
        comodel_name="customer.complaint.review", required=True, ondelete="cascade"
    )
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.review_id._action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
