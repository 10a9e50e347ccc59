# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a complaint handler can be qualified in (ISO 10002 4.14), and where
the process requires it: complaints of some categories, or from a severity
upward."""

from odoo import api, fields, models


def _severity_selection(model):
    # The complaint's own severity levels, wherever they are defined.
    return model.env["customer.complaint"]._fields["severity"].selection


class CustomerComplaintQualificationType(models.Model):
    _name = "customer.complaint.qualification.type"
    _description = "Complaint Handler Qualification"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(
        required=True,
        translate=True,
        help="The course, training or qualification, e.g. 'ISO 10002 complaints "
        "handling' or 'Food safety'.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Empty: used by every company.",
    )
    validity_months = fields.Integer(
        string="Valid for (months)",
        help="Suggested expiry of a new qualification. 0: does not expire.",
    )
    category_ids = fields.Many2many(
        comodel_name="customer.complaint.category",
        relation="customer_complaint_qualification_type_category_rel",
        column1="type_id",
        column2="category_id",
        string="Required for Categories",
        check_company=True,
        help="Complaints of these categories (and their subcategories) are "
        "handled only by people who hold this qualification, valid.",
    )
    severity_from = fields.Selection(
        selection=_severity_selection,
        string="Required from Severity",
        help="Complaints assessed at this severity or above are handled only "
        "by people who hold this qualification, valid.",
    )

    _sql_constraints = [
        (
            "validity_positive",
            "CHECK(validity_months >= 0)",
            "The validity of a qualification cannot be negative.",
        ),
    ]

    @api.model
    def _requiring_types(self, companies):
        """The types some category or severity of ``companies`` requires."""
        # sudo: which qualifications the process requires is configuration,
        # read for complaints the caller already reads.
        return self.sudo().search(
            [
                ("company_id", "in", [False, *companies.ids]),
                "|",
                ("category_ids", "!=", False),
                ("severity_from", "!=", False),
            ]
        )

    @api.model
    def _required_for(self, complaint, types=None):
        """The qualifications the handler of ``complaint`` must hold: those
        its category (or a parent category) or its severity requires.
        ``types``: the result of _requiring_types, when already read."""
        if types is None:
            types = self._requiring_types(complaint.company_id)
        types = types.filtered(
            lambda t: not t.company_id or t.company_id == complaint.company_id
        )
        if not types:
            return self.browse()
        keys = [key for key, _label in _severity_selection(self)]
        # sudo: the severity is internal (staff only); only its rank is used.
        severity = complaint.sudo().severity
        rank = keys.index(severity) if severity in keys else -1
        categories = self.env["customer.complaint.category"]
        category = complaint.sudo().category_id
        while category:
            categories |= category
            category = category.parent_id
        return types.filtered(
            lambda t: (t.category_ids & categories)
            or (t.severity_from and rank >= keys.index(t.severity_from))
        ).with_env(self.env)
