# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerComplaintCause(models.Model):
    """Cause codes: a two-level taxonomy (family / cause) for analysis (8.2)."""

    _name = "customer.complaint.cause"
    _description = "Complaint Cause Code"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        comodel_name="customer.complaint.cause",
        string="Cause Family",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        comodel_name="customer.complaint.cause",
        inverse_name="parent_id",
        string="Causes",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company")

    @api.depends("name", "code", "parent_id.complete_name")
    def _compute_complete_name(self):
        for cause in self:
            name = f"[{cause.code}] {cause.name}" if cause.code else cause.name
            if cause.parent_id:
                name = f"{cause.parent_id.complete_name} / {name}"
            cause.complete_name = name

    @api.constrains("parent_id")
    def _check_two_levels(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A cause cannot be its own ancestor."))
        for cause in self:
            if cause.parent_id.parent_id or (cause.parent_id and cause.child_ids):
                raise ValidationError(
                    self.env._(
                        "Cause codes have two levels only: a family and its causes "
                        "(%(cause)s).",
                        cause=cause.name,
                    )
                )
