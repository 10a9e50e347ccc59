# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError


class CustomerComplaintStage(models.Model):
    _name = "customer.complaint.stage"
    _inherit = ["customer.complaint.cache.mixin"]
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Complaints in this stage are closed: handling is finished.",
    )
    is_rejected = fields.Boolean(
        string="Not Admissible",
        help="Complaints in this stage were found not admissible "
        "(not a complaint, duplicate, out of scope).",
    )
    requires_assessment = fields.Boolean(
        string="Needs the Initial Assessment",
        help="Complaints enter this stage only once their severity and impact "
        "are assessed (ISO 10002 7.5): the process cannot skip the assessment.",
    )
    mail_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Email Template",
        domain=[("model", "=", "customer.complaint")],
        help="Sent to the complainant when a complaint enters this stage.",
    )
    team_ids = fields.Many2many(
        comodel_name="customer.complaint.team",
        string="Teams",
        help="Teams using this stage. Leave empty to use it for every team.",
    )
    company_id = fields.Many2one(comodel_name="res.company")

    @api.model
    @tools.ormcache("tuple(self.env.companies.ids)")
    def _first_stage_id(self):
        """The stage new complaints start in, cached: every create asks
        (emptied on stage changes by customer.complaint.cache.mixin)."""
        return self.search([], limit=1).id

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # Archived complaints count too: deleting their stage would rewrite history.
        used = (
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .sudo()
            .search_count([("stage_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                _(
                    "A stage that complaints are in or went through cannot be "
                    "deleted. Archive it instead."
                )
            )
