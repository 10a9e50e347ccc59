# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerComplaintDashboard(models.TransientModel):
    _name = "customer.complaint.dashboard"
    _description = "Complaint KPI Dashboard"

    def _default_from(self):
        return fields.Date.context_today(self).replace(day=1)

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda s: s.env.company
    )
    date_from = fields.Date(string="From", required=True, default=_default_from)
    date_to = fields.Date(
        string="To", required=True, default=lambda s: fields.Date.context_today(s)
    )
    dashboard_html = fields.Html(compute="_compute_dashboard_html", sanitize=False)

    @api.depends("company_id", "date_from", "date_to")
    def _compute_dashboard_html(self):
        Inputs = self.env["customer.complaint.review.inputs"]
        for dashboard in self:
            if not (dashboard.date_from and dashboard.date_to and dashboard.company_id):
                dashboard.dashboard_html = False
                continue
            inputs = Inputs._build_inputs(
                dashboard.date_from, dashboard.date_to, dashboard.company_id
            )
            if not dashboard._has_data_before(
                fields.Date.to_date(inputs["previous_to"])
            ):
                # Before the first complaint there is nothing to compare with:
                # a dash, not 0 or 0.0 %.
                for row in inputs["kpis"]:
                    row["previous"] = None
                    row["previous_text"] = "–"
            dashboard.dashboard_html = self.env["ir.qweb"]._render(
                "customer_complaint_iso10002.complaint_review_inputs",
                {"inputs": inputs, "review": False},
            )

    def _has_data_before(self, day):
        """Whether the company had received a complaint by the end of ``day``
        (archived ones included, as in the figures)."""
        self.ensure_one()
        end = self.env["customer.complaint.kpi"]._bounds(day, day)[1]
        return bool(
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .search_count(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_received", "<", end),
                ],
                limit=1,
            )
        )
