# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Inputs of a management review or the dashboard for a period (8.6)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models


class CustomerComplaintReviewMixin(models.AbstractModel):
    """Builds the inputs of a review or the dashboard for a period."""

    _name = "customer.complaint.review.inputs"
    _description = "Complaint Review Inputs"

    @api.model
    def _build_inputs(self, date_from, date_to, company):
        Kpi = self.env["customer.complaint.kpi"]
        months = (
            (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        )
        prev_to = date_from - timedelta(days=1)
        prev_from = date_from - relativedelta(months=months)
        # both periods at once: the backlog and recurrence read once for both
        current, previous = Kpi._compute_kpis_periods(
            [(date_from, date_to), (prev_from, prev_to)], company
        )
        targets = {
            t.kpi: t.target
            for t in self.env["customer.complaint.kpi.target"].search(
                [("company_id", "=", company.id)]
            )
        }
        rows = []
        for code, label, better, kind in Kpi._kpi_definitions():
            value, prev, target = (
                current.get(code),
                previous.get(code),
                targets.get(code),
            )
            status = ""
            if target is not None and value is not None and better is not None:
                status = (
                    "ok" if (value >= target) == better or value == target else "ko"
                )
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "kind": kind,
                    "value": value,
                    "previous": prev,
                    "target": target,
                    "status": status,
                    "value_text": Kpi._format_kpi(kind, value, company),
                    "previous_text": Kpi._format_kpi(kind, prev, company),
                    "target_text": Kpi._format_kpi(kind, target, company)
                    if target is not None
                    else "",
                }
            )
        trend = [
            {"month": month.strftime("%Y-%m"), "count": count}
            for month, count in Kpi._monthly_volume(date_to, company)
        ]
        return {
            "date_from": str(date_from),
            "date_to": str(date_to),
            "previous_from": str(prev_from),
            "previous_to": str(prev_to),
            "kpis": rows,
            "trend": trend,
            "pareto": {
                "categories": self._pareto("category_id", date_from, date_to, company),
                "products": self._pareto("product_id", date_from, date_to, company),
                "causes": self._pareto("cause_code_id", date_from, date_to, company),
            },
            "actions": self._action_status(company),
            # Training status of the handlers at the end of the period (4.14).
            "training": self.env["customer.complaint.qualification"]._training_summary(
                company, date_to
            ),
            "audits": self._audit_results(date_from, date_to, company),
            "feedback": self._feedback_counts(date_from, date_to, company),
        }

    @api.model
    def _pareto(self, fname, date_from, date_to, company, limit=10):
        # archived complaints are retained and counted (8.6)
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        start, end = self.env["customer.complaint.kpi"]._bounds(date_from, date_to)
        groups = Complaint._read_group(
            [
                ("company_id", "=", company.id),
                ("date_received", ">=", start),
                ("date_received", "<", end),
            ],
            [fname],
            ["__count"],
            order="__count desc",
        )
        total = sum(count for _rec, count in groups) or 1
        result, cumulative = [], 0
        for record, count in groups[:limit]:
            cumulative += count
            result.append(
                {
                    "name": record.display_name or self.env._("(none)"),
                    "count": count,
                    "share": count / total,
                    "cumulative": cumulative / total,
                }
            )
        return result

    @api.model
    def _action_status(self, company):
        Action = self.env["customer.complaint.action"]
        state_labels = dict(Action._fields["state"]._description_selection(self.env))
        groups = Action._read_group(
            [("company_id", "in", [company.id, False])], ["state"], ["__count"]
        )
        return [
            {"state": state_labels.get(state, state), "count": count}
            for state, count in groups
        ]

    @api.model
    def _audit_results(self, date_from, date_to, company):
        """Internal audits completed in the period (8.5, an input of 8.6):
        their findings by type and the state of the actions they called for."""
        if "customer.complaint.audit" not in self.env:
            return []
        audits = self.env["customer.complaint.audit"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date_done", ">=", date_from),
                ("date_done", "<=", date_to),
            ],
            order="date_done, id",
        )
        action_labels = dict(
            self.env["customer.complaint.action"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        return [
            {
                "name": audit.name,
                "date_done": str(audit.date_done),
                "auditor": audit.auditor_id.name or "",
                "scope": ", ".join(audit.clause_ids.mapped("code")),
                "nonconformities": audit.nonconformity_count,
                "observations": audit.observation_count,
                "opportunities": audit.opportunity_count,
                "actions": ", ".join(
                    f"{action.name} ({action_labels[action.state]})"
                    for action in audit.finding_ids.action_id
                ),
            }
            for audit in audits
        ]

    @api.model
    def _feedback_counts(self, date_from, date_to, company):
        """Compliments, suggestions and enquiries received in the period,
        counted apart from complaints (4.11)."""
        if "customer.complaint.feedback" not in self.env:
            return []
        Feedback = self.env["customer.complaint.feedback"]
        start, end = self.env["customer.complaint.kpi"]._bounds(date_from, date_to)
        counts = dict(
            Feedback._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date_received", ">=", start),
                    ("date_received", "<", end),
                ],
                ["feedback_type"],
                ["__count"],
            )
        )
        labels = Feedback._fields["feedback_type"]._description_selection(self.env)
        return [
            {"type": code, "label": label, "count": counts.get(code, 0)}
            for code, label in labels
        ]
