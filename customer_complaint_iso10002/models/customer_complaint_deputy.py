# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Temporary delegation (ISO 10002 5.4): while someone who holds the authority
to approve decisions is away, a deputy holds it for a date range."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .customer_complaint_constants import MANAGER_GROUP
from .customer_complaint_delegation import check_complaints_users

# What a delegation in force (or past) keeps: who, for whom, from when.
HISTORY_FIELDS = {"user_id", "deputy_id", "date_from", "company_id"}


class CustomerComplaintDeputy(models.Model):
    _name = "customer.complaint.deputy"
    _description = "Complaint Approval Deputy"
    _inherit = ["mail.thread", "customer.complaint.process.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Delegated by",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        check_company=True,
        domain=lambda self: self.env["customer.complaint"]._handler_domain(),
        tracking=True,
        help="Who holds the authority and hands it over while away.",
    )
    deputy_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        index=True,
        check_company=True,
        domain=lambda self: self.env["customer.complaint"]._handler_domain(),
        tracking=True,
        help="Who approves in their place, from the first to the last day.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_to = fields.Date(string="To", required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    reason = fields.Char(required=True, tracking=True, help="e.g. Holidays")

    @api.depends("user_id", "deputy_id", "date_from", "date_to")
    def _compute_display_name(self):
        for deputy in self:
            deputy.display_name = self.env._(
                "%(deputy)s for %(user)s, %(start)s to %(end)s",
                deputy=deputy.deputy_id.name or "",
                user=deputy.user_id.name or "",
                start=deputy.date_from or "",
                end=deputy.date_to or "",
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for deputy in self:
            if deputy.date_to < deputy.date_from:
                raise ValidationError(
                    self.env._("A delegation cannot end before it starts.")
                )

    @api.constrains("user_id", "deputy_id")
    def _check_people(self):
        for deputy in self:
            if deputy.deputy_id == deputy.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be their own deputy.",
                        user=deputy.user_id.name,
                    )
                )
        check_complaints_users(self.env, self.deputy_id, self.env._("deputies"))

    # ------------------------------------------------------------------
    # Who names whom, and a delegation's history
    # ------------------------------------------------------------------

    def _check_delegator(self, vals):
        """Managers name deputies for anyone; other users only for
        themselves."""
        if self._is_process() or self.env.user.has_group(MANAGER_GROUP):
            return
        if vals.get("user_id", self.env.uid) != self.env.uid or any(
            deputy.user_id != self.env.user for deputy in self
        ):
            raise AccessError(
                self.env._(
                    "Only complaint managers name a deputy for someone else: "
                    "you can name one for yourself."
                )
            )

    def _check_history_kept(self, vals):
        """A delegation is not backdated, and once in force its delegator,
        deputy and start stay as they were (approvals rest on them); it may be
        ended early or extended, from today on."""
        if self._is_process():
            return
        today = fields.Date.context_today(self)
        for key in ("date_from", "date_to"):
            if vals.get(key) and fields.Date.to_date(vals[key]) < today:
                raise UserError(
                    self.env._(
                        "A delegation cannot be set in the past: start or end "
                        "it today at the earliest."
                    )
                )
        changed = HISTORY_FIELDS & set(vals)
        started = self.filtered(lambda deputy: deputy.date_from <= today)
        if changed and started:
            raise UserError(
                self.env._(
                    "The delegation %(names)s is in force or over: change only "
                    "its end date or reason, or name a new deputy.",
                    names=", ".join(started.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_delegator(vals)
            self._check_history_kept(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_delegator(vals)
        self._check_history_kept(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        today = fields.Date.context_today(self)
        if any(deputy.date_from <= today for deputy in self):
            raise UserError(
                self.env._(
                    "A delegation in force or over is part of the approval "
                    "record and cannot be deleted: end it today instead."
                )
            )
