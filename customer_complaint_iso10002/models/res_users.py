# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    complaint_team_ids = fields.Many2many(
        comodel_name="customer.complaint.team",
        relation="customer_complaint_team_member_rel",
        column1="user_id",
        column2="team_id",
        string="Complaint Teams",
    )
