# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Management review (ISO 10002 8.6), KPI targets and the manager dashboard."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


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
        current = Kpi._compute_kpis(date_from, date_to, company)
        previous = Kpi._compute_kpis(prev_from, prev_to, company)
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
        }

    @api.model
    def _pareto(self, fname, date_from, date_to, company, limit=10):
        Complaint = self.env["customer.complaint"]
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
        if "customer.complaint.action" not in self.env:
            return []
        Action = self.env["customer.complaint.action"]
        state_labels = dict(Action._fields["state"]._description_selection(self.env))
        groups = Action._read_group(
            [("company_id", "in", [company.id, False])], ["state"], ["__count"]
        )
        return [
            {"state": state_labels.get(state, state), "count": count}
            for state, count in groups
        ]


class CustomerComplaintReview(models.Model):
    _name = "customer.complaint.review"
    _description = "Complaint Management Review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    attendee_ids = fields.Many2many(comodel_name="res.users", string="Attendees")
    state = fields.Selection(
        selection=[("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    date_confirmed = fields.Datetime(readonly=True, copy=False)
    input_data = fields.Json(
        string="Inputs", readonly=True, copy=False, help="Frozen at confirmation."
    )
    inputs_html = fields.Html(compute="_compute_inputs_html", sanitize=False)
    previous_review_id = fields.Many2one(
        comodel_name="customer.complaint.review",
        compute="_compute_previous_review_id",
        store=True,
    )
    previous_decision_ids = fields.One2many(
        related="previous_review_id.decision_ids", string="Previous Decisions"
    )
    audit_findings = fields.Html()
    notes = fields.Html(string="Conclusions")
    decision_ids = fields.One2many(
        comodel_name="customer.complaint.review.decision",
        inverse_name="review_id",
        string="Decisions",
    )

    @api.depends("company_id", "date_from")
    def _compute_previous_review_id(self):
        for review in self:
            review.previous_review_id = (
                self.search(
                    [
                        ("company_id", "=", review.company_id.id),
                        ("date_to", "<", review.date_from),
                        ("id", "!=", review._origin.id or 0),
                    ],
                    order="date_to desc",
                    limit=1,
                )
                if review.date_from
                else False
            )

    @api.depends("input_data")
    def _compute_inputs_html(self):
        for review in self:
            review.inputs_html = self.env["ir.qweb"]._render(
                "customer_complaint_iso10002.complaint_review_inputs",
                {"inputs": review.input_data or {}, "review": review},
            )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._refresh_inputs()
        return reviews

    def write(self, vals):
        if "input_data" in vals and any(r.state == "confirmed" for r in self):
            raise UserError(self.env._("A confirmed review's inputs are frozen."))
        if {"date_from", "date_to", "company_id"} & set(vals) and any(
            r.state == "confirmed" for r in self
        ):
            raise UserError(self.env._("A confirmed review cannot change period."))
        return super().write(vals)

    def _refresh_inputs(self):
        Inputs = self.env["customer.complaint.review.inputs"]
        for review in self.filtered(lambda r: r.state == "draft"):
            data = Inputs._build_inputs(
                review.date_from, review.date_to, review.company_id
            )
            data["previous_decisions"] = [
                {
                    "name": decision.name,
                    "owner": decision.user_id.name or "",
                    "date_due": str(decision.date_due or ""),
                    "status": decision._status_text(),
                }
                for decision in review.previous_review_id.decision_ids
            ]
            review.input_data = data

    def action_refresh_inputs(self):
        self._refresh_inputs()
        return True

    def action_confirm(self):
        for review in self:
            if review.state != "draft":
                continue
            review._refresh_inputs()
            review.write(
                {"state": "confirmed", "date_confirmed": fields.Datetime.now()}
            )
        return True

    def action_export_register(self):
        self.ensure_one()
        return self.env["customer.complaint"]._action_export_register_url(
            [("company_id", "=", self.company_id.id)],
            date_from=self.date_from,
            date_to=self.date_to,
        )

    @api.model
    def _cron_draft_monthly_review(self):
        date_from, date_to = self.env["customer.complaint.kpi"]._default_period()
        managers = self.env.ref(
            "customer_complaint_iso10002.group_complaint_manager"
        ).users.filtered(lambda u: not u.share and u.active)
        for company in self.env["res.company"].search([]):
            if self.search_count(
                [("company_id", "=", company.id), ("date_from", "=", date_from)]
            ):
                continue
            review = self.with_company(company).create(
                {
                    "name": self.env._(
                        "Complaint review %(month)s", month=date_from.strftime("%Y-%m")
                    ),
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
            for user in managers.filtered(lambda u, c=company: c in u.company_ids):
                review.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Hold the complaint management review"),
                )


class CustomerComplaintReviewDecision(models.Model):
    _name = "customer.complaint.review.decision"
    _description = "Complaint Review Decision"
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

    def _status_text(self):
        self.ensure_one()
        action = self.action_ref
        if action and "state" in action._fields:
            labels = dict(action._fields["state"]._description_selection(self.env))
            return labels.get(action.state, action.state)
        return self.env._("Done") if self.done else self.env._("Open")

    def action_create_improvement_action(self):
        if "customer.complaint.action" not in self.env:
            raise UserError(self.env._("Improvement actions are not available."))
        Action = self.env["customer.complaint.action"]
        for decision in self.filtered(lambda d: not d.action_ref):
            vals = {
                "description": decision.name,
                "user_id": decision.user_id.id,
                "date_due": decision.date_due,
            }
            if "action_type" in Action._fields:
                vals["action_type"] = "improvement"
            if "company_id" in Action._fields:
                vals["company_id"] = decision.review_id.company_id.id
            if "name" in Action._fields and Action._fields["name"].required:
                vals["name"] = decision.name
            action = Action.create(vals)
            decision.action_ref = f"{action._name},{action.id}"


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
            dashboard.dashboard_html = self.env["ir.qweb"]._render(
                "customer_complaint_iso10002.complaint_review_inputs",
                {"inputs": inputs, "review": False},
            )
