# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.customer_complaint_decision import ANSWER_CHANNELS


class CustomerComplaintDecisionAnswer(models.TransientModel):
    """Staff record the answer a complainant gave outside the portal."""

    _name = "customer.complaint.decision.answer"
    _description = "Record a Complainant's Answer"

    decision_id = fields.Many2one(
        comodel_name="customer.complaint.decision",
        required=True,
        ondelete="cascade",
    )
    answer = fields.Selection(
        selection=[("accepted", "Accepted"), ("contested", "Contested")],
        required=True,
    )
    channel = fields.Selection(
        selection=[item for item in ANSWER_CHANNELS if item[0] != "portal"],
        string="Given by",
        required=True,
        default="phone",
    )
    reason = fields.Text(
        string="Why it is contested", help="In the complainant's words."
    )

    def action_record(self):
        self.ensure_one()
        self.decision_id.action_record_answer(self.answer, self.channel, self.reason)
        return {"type": "ir.actions.act_window_close"}
