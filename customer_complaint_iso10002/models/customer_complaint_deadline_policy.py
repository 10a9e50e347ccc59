# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .customer_complaint_constants import CHANNELS, PRIORITIES

# Weights of the matching criteria: a team match outweighs all the others
# together, then category, priority and channel (most specific wins).
MATCH_WEIGHTS = {"team_id": 8, "category_id": 4, "priority": 2, "channel": 1}

# The working day of a company without a calendar.
DEFAULT_HOURS_PER_DAY = 8.0

DEFAULT_TARGETS = {
    "ack_hours": 8.0,
    "assessment_hours": 16.0,
    "decision_hours": 80.0,
    "closure_hours": 160.0,
}


class CustomerComplaintDeadlinePolicy(models.Model):
    """Target times per phase, in working hours from receipt (4.15, 7.3)."""

    _name = "customer.complaint.deadline.policy"
    _inherit = ["customer.complaint.cache.mixin"]
    _description = "Complaint Deadline Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    team_id = fields.Many2one(
        comodel_name="customer.complaint.team", check_company=True
    )
    category_id = fields.Many2one(
        comodel_name="customer.complaint.category",
        check_company=True,
    )
    priority = fields.Selection(selection=PRIORITIES)
    channel = fields.Selection(selection=CHANNELS)
    ack_hours = fields.Float(
        string="Acknowledgement (h)",
        default=DEFAULT_TARGETS["ack_hours"],
        help="Working hours from receipt to acknowledgement.",
    )
    assessment_hours = fields.Float(
        string="Assessment (h)",
        default=DEFAULT_TARGETS["assessment_hours"],
        help="Working hours from receipt to the initial assessment.",
    )
    decision_hours = fields.Float(
        string="Decision Communicated (h)",
        default=DEFAULT_TARGETS["decision_hours"],
        help="Working hours from receipt to communicating the decision.",
    )
    closure_hours = fields.Float(
        string="Closure (h)",
        default=DEFAULT_TARGETS["closure_hours"],
        help="Working hours from receipt to closing the complaint.",
    )
    is_default = fields.Boolean(
        compute="_compute_is_default",
        store=True,
        help="A policy without any criterion: the company default.",
    )

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(ack_hours >= 0 AND assessment_hours >= 0 "
            "AND decision_hours >= 0 AND closure_hours >= 0)",
            "Target hours cannot be negative.",
        ),
    ]

    @api.depends("team_id", "category_id", "priority", "channel")
    def _compute_is_default(self):
        for policy in self:
            policy.is_default = not (
                policy.team_id
                or policy.category_id
                or policy.priority
                or policy.channel
            )

    def _specificity(self):
        self.ensure_one()
        return sum(weight for field, weight in MATCH_WEIGHTS.items() if self[field])

    @api.model
    def _criteria(self, complaint):
        return (
            complaint.company_id.id,
            complaint.team_id.id,
            complaint.category_id.id,
            complaint.priority or False,
            complaint.channel or False,
        )

    @api.model
    def _match(self, complaint):
        """Return the most specific active policy matching ``complaint``."""
        return self._match_criteria(*self._criteria(complaint))

    @api.model
    def _match_criteria(self, company_id, team_id, category_id, priority, channel):
        # sudo: policies are configuration read to compute dates of a complaint
        # the caller already accesses; users have no read right on them.
        policies = self.sudo().search(
            [
                ("company_id", "=", company_id),
                ("team_id", "in", [False, team_id]),
                ("category_id", "in", [False, category_id]),
                ("priority", "in", [False, priority]),
                ("channel", "in", [False, channel]),
            ]
        )
        if not policies:
            return policies
        return max(policies, key=lambda p: (p._specificity(), -p.sequence, -p.id))

    @api.model
    def _targets_for(self, complaint):
        return dict(self._cached_targets(*self._criteria(complaint)))

    @api.model
    @tools.ormcache("company_id", "team_id", "category_id", "priority", "channel")
    def _cached_targets(self, company_id, team_id, category_id, priority, channel):
        # Read for every complaint created; a policy change empties the cache
        # (customer.complaint.cache.mixin).
        policy = self._match_criteria(
            company_id, team_id, category_id, priority, channel
        )
        if not policy:
            return tuple(DEFAULT_TARGETS.items())
        return tuple((key, policy[key]) for key in DEFAULT_TARGETS)

    @api.model
    def _public_targets(self, company):
        """The target times the public page commits to, from the company's
        default policy (the built-in targets without one): acknowledgement
        and assessment in working hours, decision and closure in working days
        of the company's calendar."""
        targets = dict(self._cached_targets(company.id, False, False, False, False))
        calendar = company.resource_calendar_id
        # sudo: the length of the company's working day, a public commitment.
        hours_per_day = calendar.sudo().hours_per_day or DEFAULT_HOURS_PER_DAY
        return {
            "ack_hours": targets["ack_hours"],
            "assessment_hours": targets["assessment_hours"],
            "decision_days": round(targets["decision_hours"] / hours_per_day, 1),
            "closure_days": round(targets["closure_hours"] / hours_per_day, 1),
        }

    @api.model
    def _ensure_company_defaults(self, companies):
        # sudo: seeding configuration for new companies (called on company creation).
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids), ("is_default", "=", True)])
            .company_id
        )
        self.sudo().create(
            [
                {"name": self.env._("Company default"), "company_id": company.id}
                for company in companies - existing
            ]
        )

    @api.model
    def _ensure_all_company_defaults(self):
        self._ensure_company_defaults(self.env["res.company"].search([]))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_default(self):
        self._check_default_kept(self)

    def write(self, vals):
        result = super().write(vals)
        if "active" in vals or any(f in vals for f in MATCH_WEIGHTS):
            self._check_default_kept(self.browse())
        return result

    def _check_default_kept(self, removed):
        companies = self.company_id
        defaults = self.search(
            [
                ("company_id", "in", companies.ids),
                ("is_default", "=", True),
                ("id", "not in", removed.ids),
            ]
        )
        missing = companies - defaults.company_id
        if missing:
            raise UserError(
                self.env._(
                    "Each company needs an active default deadline policy, one "
                    "without team, category, priority or channel (%(companies)s).",
                    companies=", ".join(missing.mapped("name")),
                )
            )
