# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint_constants import STAFF, log_access_field


class CustomerComplaintCategory(models.Model):
    _name = "customer.complaint.category"
    _description = "Complaint Category"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"
    _check_company_auto = True

    # The portal lists categories by their full name (the complaint form, the
    # grouping of a customer's complaints); their tree and settings are for
    # staff (groups=STAFF).
    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        comodel_name="customer.complaint.category",
        string="Parent Category",
        index=True,
        ondelete="restrict",
        check_company=True,
        groups=STAFF,
    )
    parent_path = fields.Char(index=True, groups=STAFF)
    child_ids = fields.One2many(
        comodel_name="customer.complaint.category",
        inverse_name="parent_id",
        string="Subcategories",
        groups=STAFF,
    )
    description = fields.Text(translate=True, groups=STAFF)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        groups=STAFF,
    )
    create_uid = log_access_field("create_uid")
    create_date = log_access_field("create_date")
    write_uid = log_access_field("write_uid")
    write_date = log_access_field("write_date")

    recurring_threshold = fields.Integer(
        default=3,
        groups=STAFF,
        help="A complaint is recurring when it has at least this many similar "
        "complaints (same product, or same category and customer, within the "
        "configured number of days). 0 uses the parent category's threshold.",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = (
                    f"{category.parent_id.complete_name} / {category.name}"
                )
            else:
                category.complete_name = category.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own ancestor."))

    def _get_recurring_threshold(self):
        category = self
        while category:
            if category.recurring_threshold:
                return category.recurring_threshold
            category = category.parent_id
        return 0
