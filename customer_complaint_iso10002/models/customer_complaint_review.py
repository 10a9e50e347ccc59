# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Management review (ISO 10002 8.6): frozen once confirmed."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerComplaintReview(models.Model):
    _name = "customer.complaint.review"
    _description = "Complaint Management Review"
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.complaint.process.mixin",
    ]
    _order = "date_to desc, id desc"
    # the state and the frozen inputs move only through the actions
    _process_fields = frozenset({"state", "date_confirmed", "input_data"})

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
                    # ties (a redone draft of the same period): the first
                    order="date_to desc, id",
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
        for vals in vals_list:
            self._check_process_fields(vals)
        reviews = super().create(vals_list)
        reviews._refresh_inputs()
        return reviews

    def write(self, vals):
        self._check_process_fields(vals)
        if not self._in_process():
            self._check_not_confirmed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        # a review once confirmed is evidence of the management review (8.6)
        if any(review.date_confirmed for review in self):
            raise UserError(
                self.env._(
                    "A confirmed management review is kept: it cannot be deleted."
                )
            )

    def _check_not_confirmed(self):
        confirmed = self.filtered(lambda r: r.state == "confirmed")
        if confirmed:
            raise UserError(
                self.env._(
                    "The management review %(names)s is confirmed and frozen: its "
                    "inputs, decisions and conclusions cannot change. A complaint "
                    "manager may reopen it, with a reason.",
                    names=", ".join(confirmed.mapped("name")),
                )
            )

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
            review._process_env().input_data = data

    def action_refresh_inputs(self):
        self._refresh_inputs()
        return True

    def action_confirm(self):
        for review in self:
            if review.state != "draft":
                continue
            review._refresh_inputs()
            review._process_env().write(
                {"state": "confirmed", "date_confirmed": fields.Datetime.now()}
            )
        return True

    def action_open_reopen_wizard(self):
        self.ensure_one()
        return self._reason_dialog(
            self.env._("Reopen Management Review"),
            "customer.complaint.review.reopen",
            {"default_review_id": self.id},
        )

    def _action_reopen(self, reason):
        """A manager reopens a confirmed review, with a reason kept in the
        chatter; the state change is tracked."""
        if not self.env.user.has_group(
            "customer_complaint_iso10002.group_complaint_manager"
        ):
            raise UserError(
                self.env._("Only complaint managers reopen a management review.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Reopening a management review needs a reason."))
        self.check_access("write")
        for review in self:
            if review.state != "confirmed":
                raise UserError(
                    self.env._("%(name)s is not confirmed.", name=review.name)
                )
            review._process_env().write({"state": "draft"})
            review.message_post(
                body=self.env._("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
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
