# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from odoo import api, fields, models

from .customer_complaint_constants import HANDLER_GROUP


class CustomerComplaintTeam(models.Model):
    _name = "customer.complaint.team"
    _description = "Complaint Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Team Leader",
        check_company=True,
        domain=lambda self: self.env["customer.complaint"]._handler_domain(),
        tracking=True,
    )
    member_ids = fields.Many2many(
        comodel_name="res.users",
        relation="customer_complaint_team_member_rel",
        column1="team_id",
        column2="user_id",
        string="Members",
        check_company=True,
        domain=lambda self: self.env["customer.complaint"]._handler_domain(),
    )
    assignment_method = fields.Selection(
        selection=[
            ("none", "None"),
            ("leader", "Team leader"),
            ("balanced", "Balanced by open workload"),
        ],
        default="none",
        required=True,
        help="How new complaints of this team get a handler: not at all, "
        "the team leader, or the member with the fewest open complaints.",
    )
    acknowledgement_enabled = fields.Boolean(
        string="Send Acknowledgement",
        default=True,
        help="Send the complainant an acknowledgement as soon as a complaint "
        "is received.",
    )
    acknowledgement_template_id = fields.Many2one(
        comodel_name="mail.template",
        domain=[("model", "=", "customer.complaint")],
        help="Replaces the standard acknowledgement for this team.",
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        check_company=True,
        help="Working time used for target dates. Defaults to the company's.",
    )
    progress_update_days = fields.Integer(
        string="Progress Update after (days)",
        default=7,
        help="Send the complainant a progress update when they heard nothing "
        "for this many days. 0 disables it.",
    )
    complaint_ids = fields.One2many(
        comodel_name="customer.complaint",
        inverse_name="team_id",
        string="Complaints",
    )
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count")

    def _compute_open_complaint_count(self):
        counts = dict(
            self.env["customer.complaint"]._read_group(
                [("team_id", "in", self.ids), ("is_closed", "=", False)],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.open_complaint_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("customer.complaint").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
            defaults.setdefault("company_id", self.company_id.id)
        return values

    def _get_working_calendar(self):
        self.ensure_one()
        return self.resource_calendar_id or self.company_id.resource_calendar_id

    def _pick_handler(self, exclude=None):
        """Return the handler a new complaint of this team gets, if any.

        People involved in the complaint are never picked (objectivity).
        """
        self.ensure_one()
        exclude = exclude or self.env["res.users"]
        # Only complaints users may handle (4.14), whatever the team lists.
        competent = (self.user_id | self.member_ids).filtered(
            lambda user: user._has_group(HANDLER_GROUP)
        )
        if self.assignment_method == "leader":
            return self.user_id & (competent - exclude)
        candidates = self.member_ids & (competent - exclude)
        if self.assignment_method == "balanced" and candidates:
            # sudo: only counts are read, to weigh members' workload; the
            # caller may not see every complaint of the team (confidential).
            load = dict(
                self.env["customer.complaint"]
                .sudo()
                ._read_group(
                    [
                        ("user_id", "in", candidates.ids),
                        ("is_closed", "=", False),
                    ],
                    ["user_id"],
                    ["__count"],
                )
            )
            # Ties go to the member listed first, so the choice is reproducible.
            return min(candidates, key=lambda user: (load.get(user, 0), user.id))
        return self.env["res.users"]

    @api.model
    def _default_team_for_user(self, user=None):
        user = user or self.env.user
        return self.search(
            [
                "|",
                ("member_ids", "in", user.id),
                ("user_id", "=", user.id),
                ("company_id", "in", self.env.companies.ids),
            ],
            limit=1,
        ) or self.search([("company_id", "=", self.env.company.id)], limit=1)
