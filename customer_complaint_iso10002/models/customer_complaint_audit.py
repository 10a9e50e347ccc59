# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Internal audits of the complaints-handling process (ISO 10002 8.5)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerComplaintAudit(models.Model):
    """A planned internal audit of the process: the period it covers, its
    scope as ISO clauses, an auditor independent of the handling, its
    findings. Recorded by the auditors (or managers), who change no
    complaint."""

    _name = "customer.complaint.audit"
    _description = "Complaints-Handling Internal Audit"
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.complaint.process.mixin",
    ]
    _order = "date_planned desc, id desc"
    _check_company_auto = True
    # the state and its stamps move only through the actions below
    _process_fields = frozenset({"state", "date_done"})

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    auditor_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        help="An auditor who handles no complaint, so that nobody audits "
        "their own work.",
    )
    date_planned = fields.Date(string="Planned on", required=True, tracking=True)
    date_from = fields.Date(string="Period From", required=True)
    date_to = fields.Date(string="Period To", required=True)
    clause_ids = fields.Many2many(
        comodel_name="customer.complaint.iso.clause",
        string="Scope (ISO Clauses)",
        help="The clauses of ISO 10002 the audit covers.",
    )
    state = fields.Selection(
        selection=[
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_done = fields.Date(string="Completed on", readonly=True, copy=False)
    conclusion = fields.Html()
    finding_ids = fields.One2many(
        comodel_name="customer.complaint.audit.finding",
        inverse_name="audit_id",
        string="Findings",
    )
    nonconformity_count = fields.Integer(compute="_compute_finding_counts")
    observation_count = fields.Integer(compute="_compute_finding_counts")
    opportunity_count = fields.Integer(compute="_compute_finding_counts")

    @api.depends("finding_ids.finding_type")
    def _compute_finding_counts(self):
        for audit in self:
            types = audit.finding_ids.mapped("finding_type")
            audit.nonconformity_count = types.count("nonconformity")
            audit.observation_count = types.count("observation")
            audit.opportunity_count = types.count("opportunity")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for audit in self:
            if audit.date_to < audit.date_from:
                raise ValidationError(
                    self.env._(
                        "The period of the audit %(name)s ends before it starts.",
                        name=audit.name,
                    )
                )

    @api.constrains("auditor_id", "company_id")
    def _check_auditor_independent(self):
        for audit in self:
            audit._raise_if_auditor_handles()

    def _raise_if_auditor_handles(self):
        """Objectivity of the audit (8.5): the auditor handles no complaint
        of the audited company, archived ones included."""
        self.ensure_one()
        # sudo: a count over every complaint of the company, confidential
        # ones included, which the rule must see whoever records the audit.
        handled = (
            self.env["customer.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("user_id", "=", self.auditor_id.id),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )
        if handled:
            raise ValidationError(
                self.env._(
                    "%(user)s handles complaints and cannot audit the "
                    "complaints-handling process: choose an auditor who handles "
                    "none.",
                    user=self.auditor_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_process_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_process_fields(vals)
        if not self._in_process():
            self._check_not_done()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_planned(self):
        # an audit once started is evidence of the audit programme (8.5)
        if any(audit.state not in ("planned", "cancelled") for audit in self):
            raise UserError(
                self.env._("An audit that has started is kept: it cannot be deleted.")
            )

    def _check_not_done(self):
        done = self.filtered(lambda a: a.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "The audit %(names)s is done: its record and findings cannot "
                    "change.",
                    names=", ".join(done.mapped("name")),
                )
            )

    def _set_state(self, state, allowed_from):
        for audit in self:
            if audit.state not in allowed_from:
                raise UserError(
                    self.env._(
                        "The audit %(name)s is %(state)s: it cannot move to that "
                        "step.",
                        name=audit.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[audit.state],
                    )
                )
        self.check_access("write")
        vals = {"state": state}
        if state == "done":
            vals["date_done"] = fields.Date.context_today(self)
        self._process_env().write(vals)
        return True

    def action_start(self):
        for audit in self:
            if not audit.clause_ids:
                raise UserError(
                    self.env._(
                        "Give the scope of the audit %(name)s (the ISO clauses it "
                        "covers) before starting it.",
                        name=audit.name,
                    )
                )
            # a handler may have been given complaints since the planning
            audit._raise_if_auditor_handles()
        return self._set_state("in_progress", ("planned",))

    def action_done(self):
        for audit in self:
            audit._raise_if_auditor_handles()
            missing = audit.finding_ids.filtered(lambda f: not f.action_id)
            if missing:
                raise UserError(
                    self.env._(
                        "Every finding of the audit %(name)s is linked to an "
                        "improvement action before the audit is completed: "
                        "%(findings)s.",
                        name=audit.name,
                        findings=", ".join(missing.mapped("name")),
                    )
                )
        return self._set_state("done", ("in_progress",))

    def action_cancel(self):
        return self._set_state("cancelled", ("planned", "in_progress"))

    def action_reset_planned(self):
        return self._set_state("planned", ("cancelled",))
