# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerComplaintReviewDecision(models.Model):
    _name = "customer.complaint.review.decision"
    _description = "Complaint Review Decision"
    _inherit = ["customer.complaint.process.mixin"]
    _order = "review_id, sequence, id"

    review_id = fields.Many2one(
        comodel_name="customer.complaint.review", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Decision", required=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Owner")
    date_due = fields.Date(string="Due")
    done = fields.Boolean()
    action_ref = fields.Reference(
        selection=[("customer.complaint.action", "Improvement action")],
        string="Improvement Action",
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        decisions = super().create(vals_list)
        decisions._check_review_open()
        return decisions

    def write(self, vals):
        self._check_review_open()
        result = super().write(vals)
        if "review_id" in vals:
            self._check_review_open()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed_review(self):
        self._check_review_open()

    def _check_review_open(self):
        # the decisions of a confirmed review are part of its frozen record;
        # linking the improvement action they led to is the process's
        if not self._in_process():
            self.review_id._check_not_confirmed()

    def _status_text(self):
        self.ensure_one()
        action = self.action_ref
        if action and "state" in action._fields:
            labels = dict(action._fields["state"]._description_selection(self.env))
            return labels.get(action.state, action.state)
        return self.env._("Done") if self.done else self.env._("Open")

    def action_create_improvement_action(self):
        """An improvement action (8.7) carrying out each review decision."""
        self.check_access("write")
        Action = self.env["customer.complaint.action"]
        for decision in self.filtered(lambda d: not d.action_ref):
            action = Action.create(
                {
                    "name": decision.name,
                    "description": decision.name,
                    "action_type": "improvement",
                    "user_id": decision.user_id.id,
                    "date_due": decision.date_due,
                    "company_id": decision.review_id.company_id.id,
                }
            )
            decision._process_env().action_ref = f"{action._name},{action.id}"
        return True
