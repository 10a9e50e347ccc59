# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerComplaintArchive(models.TransientModel):
    _name = "customer.complaint.archive"
    _description = "Archive Complaints"

    complaint_ids = fields.Many2many(comodel_name="customer.complaint", required=True)
    reason = fields.Text(required=True)

    def action_archive(self):
        self.ensure_one()
        self.complaint_ids._action_archive(self.reason)
        return {"type": "ir.actions.act_window_close"}
