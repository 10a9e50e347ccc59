# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


def _kpi_selection(self):
    return [
        (code, label)
        for code, label, _better, _kind in self.env[
            "customer.complaint.kpi"
        ]._kpi_definitions()
    ]


class CustomerComplaintKpiTarget(models.Model):
    _name = "customer.complaint.kpi.target"
    _description = "Complaint KPI Target"
    _order = "company_id, kpi"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    kpi = fields.Selection(selection=_kpi_selection, string="KPI", required=True)
    target = fields.Float(required=True, help="Percentages as fractions (0.9 = 90 %).")

    _sql_constraints = [
        ("kpi_company_uniq", "unique (company_id, kpi)", "One target per KPI."),
    ]
