# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaintAction(models.Model):
    """Correction, corrective, preventive and improvement actions (4.13, 8.7)."""

    _name = "customer.complaint.action"
    _description = "Complaint Improvement Action"
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.complaint.batch.job.mixin",
    ]
    _order = "date_due, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    action_type = fields.Selection(
        selection=[
            ("correction", "Correction"),
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
            ("improvement", "Improvement"),
        ],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
    )
    description = fields.Html()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        check_company=True,
    )
    date_due = fields.Date(string="Due Date", tracking=True)
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("done", "Done"),
            ("effective", "Verified Effective"),
            ("not_effective", "Not Effective"),
        ],
        default="open",
        required=True,
        tracking=True,
        copy=False,
    )
    date_done = fields.Date(readonly=True, copy=False)
    effectiveness_checked_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Effectiveness Checked by",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_effectiveness_check = fields.Date(
        string="Effectiveness Checked on", readonly=True, copy=False
    )
    effectiveness_notes = fields.Text()
    complaint_ids = fields.Many2many(
        comodel_name="customer.complaint",
        relation="customer_complaint_action_rel",
        column1="action_id",
        column2="complaint_id",
        string="Complaints",
        check_company=True,
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    overdue_notified = fields.Boolean(copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        for action in self:
            action.complaint_count = len(action.complaint_ids)

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state == "open" and action.date_due and action.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue actions."))
        domain = [
            ("state", "=", "open"),
            ("date_due", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.constrains("user_id", "effectiveness_checked_by_id")
    def _check_effectiveness_checker(self):
        for action in self:
            if (
                action.effectiveness_checked_by_id
                and action.effectiveness_checked_by_id == action.user_id
            ):
                raise ValidationError(
                    self.env._(
                        "The effectiveness of an action is checked by someone other "
                        "than its owner (%(owner)s).",
                        owner=action.user_id.name,
                    )
                )

    def write(self, vals):
        if "date_due" in vals or "user_id" in vals:
            vals = dict(vals, overdue_notified=False)
        return super().write(vals)

    def action_done(self):
        for action in self:
            if action.state != "open":
                raise UserError(self.env._("Only open actions can be marked done."))
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
        return True

    def action_reopen(self):
        self.write(
            {
                "state": "open",
                "date_done": False,
                "effectiveness_checked_by_id": False,
                "date_effectiveness_check": False,
            }
        )
        return True

    def _check_effectiveness(self, effective):
        for action in self:
            if action.state != "done":
                raise UserError(
                    self.env._(
                        "Only a done action can be checked for effectiveness (%(a)s).",
                        a=action.name,
                    )
                )
            if action.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You own the action %(a)s: someone else checks whether it "
                        "was effective.",
                        a=action.name,
                    )
                )
        self.write(
            {
                "state": "effective" if effective else "not_effective",
                "effectiveness_checked_by_id": self.env.user.id,
                "date_effectiveness_check": fields.Date.context_today(self),
            }
        )

    def action_mark_effective(self):
        self._check_effectiveness(True)
        return True

    def action_mark_not_effective(self):
        self._check_effectiveness(False)
        return True

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._action_for(
            [("id", "in", self.complaint_ids.ids)]
        )

    @api.model
    def _cron_overdue_actions(self, batch_size=500):
        """Give the owner of each overdue action one activity (idempotent)."""
        return self._run_batch_job(
            [("is_overdue", "=", True), ("overdue_notified", "=", False)],
            lambda actions: actions._notify_overdue(),
            batch_size,
        )

    def _notify_overdue(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for action in self:
            action.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Improvement action overdue"),
                user_id=action.user_id.id,
                date_deadline=fields.Date.context_today(self),
            )
        self.overdue_notified = True
