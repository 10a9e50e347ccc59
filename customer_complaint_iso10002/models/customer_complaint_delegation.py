# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may approve which decision (ISO 10002 5.4: responsibilities and
delegations for decisions).

Each company lists approval rules; a decision round asks which rule applies to
it (``_approval_rule_for``) and whether a user may approve under that rule
(``_check_can_approve``). A decision whose remedy costs more than every rule
that applies allows goes to the company's top-management rule.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_amount

from .customer_complaint_constants import HANDLER_GROUP, LEVELS, PRIORITIES

# Resolution of a decision; the decision round uses the same selection.
RESOLUTIONS = [
    ("refund", "Refund or credit note"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("explanation", "Explanation or apology"),
    ("goodwill", "Goodwill gesture"),
    ("none", "None"),
]

# Weights of the matching criteria: a team match outweighs all the others
# together, and so on down to a bounded cost band (most specific wins).
MATCH_WEIGHTS = {
    "team_id": 64,
    "category_id": 32,
    "resolution_type": 16,
    "safety_related": 8,
    "min_severity": 4,
    "min_priority": 2,
}
CRITERIA = list(MATCH_WEIGHTS)


def competent(users):
    """Competence (4.14): the active complaints users among ``users``."""
    return users.filtered(lambda user: user.active and user._has_group(HANDLER_GROUP))


def check_complaints_users(env, users, role):
    """Approvers and deputies are competent (see ``competent``)."""
    wrong = users - competent(users)
    if wrong:
        raise ValidationError(
            env._(
                "%(users)s cannot be %(role)s: only active complaints users can. "
                "Give them the Complaints / User access first.",
                users=", ".join(wrong.mapped("name")),
                role=role,
            )
        )


class CustomerComplaintDelegation(models.Model):
    """An approval rule: decisions matching its criteria, with a remedy cost
    in its band, are approved by one of its approvers (or their deputy)."""

    _name = "customer.complaint.delegation"
    _description = "Complaint Approval Delegation"
    _inherit = ["mail.thread"]
    _order = "is_top_management, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    is_top_management = fields.Boolean(
        string="Top Management",
        tracking=True,
        help="The company's rule for decisions above the limit of every other "
        "rule that applies: no criteria, no band; one per company.",
    )
    team_id = fields.Many2one(
        comodel_name="customer.complaint.team",
        check_company=True,
        tracking=True,
        help="Only for complaints of this team. Empty: every team.",
    )
    resolution_type = fields.Selection(
        selection=RESOLUTIONS,
        string="Resolution",
        tracking=True,
        help="Only for decisions with this resolution. Empty: any.",
    )
    category_id = fields.Many2one(
        comodel_name="customer.complaint.category",
        check_company=True,
        tracking=True,
        help="Only for complaints of this category or its subcategories. "
        "Empty: any.",
    )
    min_severity = fields.Selection(
        selection=LEVELS,
        string="From Severity",
        tracking=True,
        help="Only for complaints assessed at least this severe. Empty: any.",
    )
    safety_related = fields.Boolean(
        string="Safety-related Only",
        tracking=True,
        help="Only for complaints flagged as safety-related.",
    )
    min_priority = fields.Selection(
        selection=PRIORITIES,
        string="From Priority",
        tracking=True,
        help="Only for complaints of at least this priority. Empty: any.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", related="company_id.currency_id"
    )
    cost_from = fields.Monetary(
        string="Remedy Cost from",
        currency_field="currency_id",
        tracking=True,
        help="The rule applies to remedies costing at least this much.",
    )
    cost_to = fields.Monetary(
        string="Remedy Cost up to",
        currency_field="currency_id",
        tracking=True,
        help="The rule applies to remedies costing at most this much; 0 means "
        "no upper limit. Above the limit of every rule that applies, top "
        "management approves.",
    )
    approver_ids = fields.Many2many(
        comodel_name="res.users",
        relation="customer_complaint_delegation_approver_rel",
        column1="delegation_id",
        column2="user_id",
        string="Approvers",
        check_company=True,
        domain=lambda self: self.env["customer.complaint"]._handler_domain(),
        tracking=True,
        help="The people who hold the authority to approve these decisions. "
        "Their deputies hold it too while they are away.",
    )

    @api.constrains("cost_from", "cost_to")
    def _check_cost_band(self):
        for rule in self:
            if rule.cost_from < 0 or rule.cost_to < 0:
                raise ValidationError(
                    self.env._(
                        "The cost band of %(rule)s cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.cost_to and rule.cost_to < rule.cost_from:
                raise ValidationError(
                    self.env._(
                        "The cost band of %(rule)s ends below its start: set "
                        "'up to' above 'from', or 0 for no upper limit.",
                        rule=rule.name,
                    )
                )

    @api.constrains("approver_ids", "active")
    def _check_approvers(self):
        for rule in self.filtered("active"):
            if not rule.approver_ids:
                raise ValidationError(
                    self.env._(
                        "Name at least one approver for %(rule)s: nobody could "
                        "approve the decisions it applies to.",
                        rule=rule.name,
                    )
                )
            check_complaints_users(self.env, rule.approver_ids, self.env._("approvers"))

    @api.constrains(
        "is_top_management", "company_id", "active", "cost_from", "cost_to", *CRITERIA
    )
    def _check_top_management(self):
        top = self.filtered("is_top_management")
        for rule in top:
            if rule._specificity() or rule.cost_from or rule.cost_to:
                raise ValidationError(
                    self.env._(
                        "%(rule)s is the top-management rule: it applies above "
                        "every other rule's limit and has no criteria or cost "
                        "band.",
                        rule=rule.name,
                    )
                )
        for company in top.filtered("active").company_id:
            domain = [("is_top_management", "=", True), ("company_id", "=", company.id)]
            if self.search_count(domain) > 1:
                raise ValidationError(
                    self.env._(
                        "%(company)s has one active top-management rule: "
                        "archive the other one first.",
                        company=company.name,
                    )
                )

    def _specificity(self):
        self.ensure_one()
        return sum(weight for field, weight in MATCH_WEIGHTS.items() if self[field])

    def _sort_key(self):
        """Best first: the most specific rule (a subcategory before its
        parent), then a bounded band, then the lowest sequence."""
        return (
            -self._specificity(),
            -(self.category_id.parent_path or "").count("/"),
            not (self.cost_from or self.cost_to),
            self.sequence,
            self.id,
        )

    def _band_contains(self, cost):
        self.ensure_one()
        return self.cost_from <= cost and (not self.cost_to or cost <= self.cost_to)

    # ------------------------------------------------------------------
    # API of the decision rounds
    # ------------------------------------------------------------------

    @api.model
    def _approval_rule_for(self, decision):
        """Return the rule a decision round is approved under.

        ``decision`` is a ``customer.complaint.decision`` (or any record with
        ``complaint_id``, ``resolution_type`` and ``remedy_cost`` in the
        company's currency). Returns an empty recordset when the decision needs
        no approval, the company's top-management rule when its cost is above
        the limit of every rule that applies; raises UserError when it is and
        the company has no top-management rule.
        """
        complaint = decision.complaint_id
        return self._approval_rule_for_values(
            complaint.company_id,
            complaint.team_id,
            complaint.category_id,
            complaint.severity,
            complaint.safety_related,
            complaint.priority,
            decision.resolution_type,
            decision.remedy_cost,
        )

    @api.model
    def _approval_rule_for_values(
        self,
        company,
        team,
        category,
        severity,
        safety_related,
        priority,
        resolution_type,
        remedy_cost,
    ):
        """``_approval_rule_for`` from the values of the decision and of its
        complaint: records (possibly empty) for company, team and category,
        selection keys (or False) for severity, priority and resolution_type.

        The rules whose criteria match (an empty criterion matches anything)
        and whose cost band contains ``remedy_cost`` decide: the best of them
        (``_sort_key``). When none contains it but some that match have an
        upper limit and the cost is above all of them, top management decides.
        """
        cost = remedy_cost or 0.0
        matching = self.search(
            [
                ("company_id", "=", company.id),
                ("is_top_management", "=", False),
                ("team_id", "in", [False, team.id]),
                *self._category_domain(category),
                ("resolution_type", "in", [False, resolution_type or False]),
                ("min_severity", "in", self._at_most(LEVELS, severity)),
                ("min_priority", "in", self._at_most(PRIORITIES, priority)),
                ("safety_related", "in", [False, bool(safety_related)]),
            ]
        )
        in_band = matching.filtered(lambda rule: rule._band_contains(cost))
        if in_band:
            return min(in_band, key=lambda rule: rule._sort_key())
        limits = matching.filtered("cost_to").mapped("cost_to")
        if not limits or cost <= max(limits):
            return self.browse()
        top = self.search(
            [("company_id", "=", company.id), ("is_top_management", "=", True)],
            limit=1,
        )
        if not top:
            raise UserError(
                self.env._(
                    "A remedy of %(cost)s is above the limit of every approval "
                    "rule that applies, and %(company)s has no top-management "
                    "rule to approve it: a complaints manager adds one under "
                    "Configuration > Approval Delegations.",
                    cost=format_amount(self.env, cost, company.currency_id),
                    company=company.name,
                )
            )
        return top

    @api.model
    def _category_domain(self, category):
        """Rules for any category, or for ``category`` or one of its parents."""
        if not category:
            return [("category_id", "=", False)]
        return [
            "|",
            ("category_id", "=", False),
            ("category_id", "parent_of", category.id),
        ]

    @api.model
    def _at_most(self, selection, value):
        """Criterion values a complaint at ``value`` meets: empty, or a
        minimum up to ``value``."""
        keys = [key for key, _label in selection]
        if value not in keys:
            return [False]
        return [False, *keys[: keys.index(value) + 1]]

    def _authority_holders(self, date=None):
        """The users who may approve under this rule on ``date`` (today by
        default): its approvers and the deputies they named for that day, as
        long as both are active complaints users."""
        self.ensure_one()
        self.check_access("read")
        deputies = self._deputies_on(date).deputy_id.with_env(self.env)
        return competent(self.approver_ids) | deputies

    def _deputies_on(self, date=None):
        """Deputies (customer.complaint.deputy, as superuser) of this rule's
        approvers in force on ``date``, earliest first; for _authority_holders
        and _check_can_approve, which hand on only the users."""
        date = date or fields.Date.context_today(self)
        # sudo: who holds a rule's authority is public to whoever reads the
        # rule (check_access in _authority_holders, which _check_can_approve
        # calls first); users read only their own deputies.
        deputies = (
            self.env["customer.complaint.deputy"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("user_id", "in", competent(self.approver_ids).ids),
                    ("date_from", "<=", date),
                    ("date_to", ">=", date),
                ],
                order="date_from, id",
            )
        )
        return deputies.filtered(lambda deputy: competent(deputy.deputy_id))

    def _check_can_approve(self, user, excluded_users):
        """Return the user whose authority ``user`` approves with under this
        rule today: ``user`` when they are an approver, else the approver they
        deputise for. Raise UserError when they hold no authority, when they
        are in ``excluded_users`` (the round's decider, the complaint's
        handler, the people involved: nobody approves a round they decided,
        handle or are involved in) or when they hold it only through someone
        in ``excluded_users``.
        """
        self.ensure_one()
        if user in excluded_users:
            raise UserError(
                self.env._(
                    "%(user)s took part in this decision (decided it, handles "
                    "the complaint or is involved in it) and cannot approve it: "
                    "someone else holding the authority of %(rule)s does.",
                    user=user.name,
                    rule=self.name,
                )
            )
        if user not in self._authority_holders():
            raise UserError(
                self.env._(
                    "%(user)s does not hold the authority to approve under "
                    "%(rule)s: %(approvers)s do, or their deputies while they "
                    "are away.",
                    user=user.name,
                    rule=self.name,
                    approvers=", ".join(self.approver_ids.mapped("name")),
                )
            )
        if user in self.approver_ids:
            return user
        delegators = (
            self._deputies_on()
            .filtered(lambda deputy: deputy.deputy_id == user)
            .user_id.with_env(self.env)
        )
        usable = (delegators - excluded_users)[:1]
        if not usable:
            raise UserError(
                self.env._(
                    "%(user)s deputises for %(approvers)s, who took part in "
                    "this decision (decided it, handle the complaint or are "
                    "involved in it): their authority cannot approve it.",
                    user=user.name,
                    approvers=", ".join(delegators.mapped("name")),
                )
            )
        return usable
