# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerComplaintIsoClause(models.Model):
    """The clauses of ISO 10002:2018 (4.2 to 8.7): the scope of an internal
    audit and the chapters of the evidence pack."""

    _name = "customer.complaint.iso.clause"
    _description = "ISO 10002 Clause"
    _order = "sequence, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, readonly=True)
    name = fields.Char(string="Title", required=True, translate=True)
    sequence = fields.Integer(default=10)
    chapter = fields.Selection(
        selection=[
            ("4", "4 Guiding principles"),
            ("5", "5 Complaints-handling framework"),
            ("6", "6 Planning, design and development"),
            ("7", "7 Operation of the process"),
            ("8", "8 Maintenance and improvement"),
        ],
        required=True,
    )
    color = fields.Integer()

    _sql_constraints = [
        ("code_uniq", "unique (code)", "An ISO clause is listed once."),
    ]

    def _compute_display_name(self):
        for clause in self:
            clause.display_name = f"{clause.code} {clause.name or ''}".strip()
