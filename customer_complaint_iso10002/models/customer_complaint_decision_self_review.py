# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerComplaintDecisionSelfReview(models.AbstractModel):
    """What a decision round shows of single-team mode: whether its company
    runs it, and the self-reviews recorded on it (customer.complaint.self.review,
    where the rule lives)."""

    _name = "customer.complaint.decision.self.review"
    _description = "Complaint decision round: self-reviews"

    single_team = fields.Boolean(
        string="Single-Team Mode", compute="_compute_single_team"
    )
    self_review_ids = fields.One2many(
        comodel_name="customer.complaint.self.review",
        inverse_name="decision_id",
        string="Self-Reviews",
        readonly=True,
    )

    def _compute_single_team(self):
        for decision in self:
            decision.single_team = decision.company_id.complaint_single_team
