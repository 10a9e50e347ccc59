# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ISO 10002 handling process on a complaint (issue 3).

Initial assessment (7.5), deadlines and escalation (4.15, 7.3), objectivity
(4.7), investigation (7.6), decision and its communication (7.7, 7.8),
closing, appeal and external referral (7.9), improvement actions (8.7).
"""

import logging
import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_datetime

from .customer_complaint import PRIORITIES

_logger = logging.getLogger(__name__)

LEVELS = [("1", "Low"), ("2", "Medium"), ("3", "High"), ("4", "Critical")]

DEADLINE_STATES = [
    ("on_time", "On Time"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("met_late", "Met Late"),
]

# phase: (target key on the policy, date the phase is done, label)
PHASES = {
    "ack": ("ack_hours", "date_acknowledged"),
    "assessment": ("assessment_hours", "date_assessed"),
    "decision": ("decision_hours", "date_decision_communicated"),
    "closure": ("closure_hours", "date_closed"),
}

# Fields that cannot be written once a complaint is closed (4.9): its
# description, links, decision and dates. Reopening is the only way back.
LOCKED_FIELDS = {
    "name",
    "description",
    "stage_id",
    "sale_order_id",
    "sale_line_id",
    "product_id",
    "invoice_id",
    "date_received",
    "severity",
    "impact",
    "complexity",
    "safety_related",
    "immediate_action",
    "assessed_by_id",
    "date_assessed",
    "findings",
    "root_cause",
    "cause_code_id",
    "decision_outcome",
    "decision_reasons",
    "resolution_type",
    "credit_note_id",
    "replacement_order_id",
    "remedy_cost",
    "decided_by_id",
    "date_decision",
    "approved_by_id",
    "date_approved",
    "date_decision_communicated",
    "rejection_reason",
    "rejection_details",
    "duplicate_of_id",
    "complainant_answer",
    "date_answer",
    "contest_reason",
}

DECISION_FIELDS = {
    "decision_outcome",
    "decision_reasons",
    "resolution_type",
    "remedy_cost",
    "credit_note_id",
    "replacement_order_id",
}

ASSESSMENT_FIELDS = {"severity", "impact", "safety_related"}


def _is_testing():
    return getattr(threading.current_thread(), "testing", False)


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # Initial assessment (7.5)
    severity = fields.Selection(selection=LEVELS, tracking=True)
    impact = fields.Selection(selection=LEVELS, tracking=True)
    complexity = fields.Selection(
        selection=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
        tracking=True,
    )
    safety_related = fields.Boolean(
        tracking=True,
        help="Health or safety is at stake: the complaint becomes urgent and "
        "the team leader and the complaint managers are alerted at once.",
    )
    immediate_action = fields.Text(
        help="What was done at once to contain the problem.",
    )
    assessed_by_id = fields.Many2one(
        comodel_name="res.users", string="Assessed by", copy=False, tracking=True
    )
    date_assessed = fields.Datetime(string="Assessed on", copy=False)

    # Deadlines and escalation (4.15, 7.3)
    date_ack_deadline = fields.Datetime(
        string="Acknowledgement Deadline",
        compute="_compute_deadlines",
        store=True,
        copy=False,
    )
    date_assessment_deadline = fields.Datetime(
        string="Assessment Deadline",
        compute="_compute_deadlines",
        store=True,
        copy=False,
    )
    date_decision_deadline = fields.Datetime(
        string="Decision Deadline",
        compute="_compute_deadlines",
        store=True,
        copy=False,
    )
    date_closure_deadline = fields.Datetime(
        string="Closure Deadline",
        compute="_compute_deadlines",
        store=True,
        copy=False,
    )
    date_ack_risk = fields.Datetime(compute="_compute_risk_dates", store=True)
    date_assessment_risk = fields.Datetime(compute="_compute_risk_dates", store=True)
    date_decision_risk = fields.Datetime(compute="_compute_risk_dates", store=True)
    date_closure_risk = fields.Datetime(compute="_compute_risk_dates", store=True)
    ack_completion = fields.Selection(
        selection=[("pending", "Pending"), ("met", "Met"), ("met_late", "Late")],
        compute="_compute_completion",
        store=True,
    )
    assessment_completion = fields.Selection(
        selection=[("pending", "Pending"), ("met", "Met"), ("met_late", "Late")],
        compute="_compute_completion",
        store=True,
    )
    decision_completion = fields.Selection(
        selection=[("pending", "Pending"), ("met", "Met"), ("met_late", "Late")],
        compute="_compute_completion",
        store=True,
    )
    closure_completion = fields.Selection(
        selection=[("pending", "Pending"), ("met", "Met"), ("met_late", "Late")],
        compute="_compute_completion",
        store=True,
    )
    ack_deadline_state = fields.Selection(
        selection=DEADLINE_STATES,
        string="Acknowledgement Deadline Status",
        compute="_compute_deadline_states",
        search="_search_ack_deadline_state",
    )
    assessment_deadline_state = fields.Selection(
        selection=DEADLINE_STATES,
        string="Assessment Deadline Status",
        compute="_compute_deadline_states",
        search="_search_assessment_deadline_state",
    )
    decision_deadline_state = fields.Selection(
        selection=DEADLINE_STATES,
        string="Decision Deadline Status",
        compute="_compute_deadline_states",
        search="_search_decision_deadline_state",
    )
    closure_deadline_state = fields.Selection(
        selection=DEADLINE_STATES,
        string="Closure Deadline Status",
        compute="_compute_deadline_states",
        search="_search_closure_deadline_state",
    )
    deadline_state = fields.Selection(
        selection=[
            ("on_time", "On Time"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
        ],
        string="Deadlines",
        compute="_compute_deadline_states",
        search="_search_deadline_state",
        help="The worst state of the phases still open.",
    )
    ack_alert = fields.Selection(
        selection=[("at_risk", "At Risk"), ("breached", "Breached")], copy=False
    )
    assessment_alert = fields.Selection(
        selection=[("at_risk", "At Risk"), ("breached", "Breached")], copy=False
    )
    decision_alert = fields.Selection(
        selection=[("at_risk", "At Risk"), ("breached", "Breached")], copy=False
    )
    closure_alert = fields.Selection(
        selection=[("at_risk", "At Risk"), ("breached", "Breached")], copy=False
    )
    escalation_level = fields.Integer(copy=False, tracking=True)
    progress_update_count = fields.Integer(string="Progress Updates", copy=False)
    date_last_progress_update = fields.Datetime(
        string="Last Progress Update", copy=False
    )

    # Investigation (7.6)
    findings = fields.Html()
    root_cause = fields.Text(tracking=True)
    cause_code_id = fields.Many2one(
        comodel_name="customer.complaint.cause",
        tracking=True,
        check_company=True,
        index="btree_not_null",
    )
    similar_complaint_ids = fields.Many2many(
        comodel_name="customer.complaint",
        string="Similar Complaints",
        compute="_compute_similar_complaints",
    )
    similar_complaint_count = fields.Integer(compute="_compute_similar_complaints")
    is_recurring = fields.Boolean(
        string="Recurring",
        compute="_compute_similar_complaints",
        help="The number of similar complaints reached the threshold set on "
        "the category.",
    )

    # Decision and response (7.7, 7.8)
    decision_outcome = fields.Selection(
        selection=[
            ("upheld", "Upheld"),
            ("partly_upheld", "Partly upheld"),
            ("not_upheld", "Not upheld"),
        ],
        string="Decision",
        tracking=True,
        copy=False,
    )
    decision_reasons = fields.Text(string="Reasons", copy=False)
    resolution_type = fields.Selection(
        selection=[
            ("refund", "Refund or credit note"),
            ("replacement", "Replacement"),
            ("repair", "Repair"),
            ("explanation", "Explanation or apology"),
            ("goodwill", "Goodwill gesture"),
            ("none", "None"),
        ],
        string="Resolution",
        tracking=True,
        copy=False,
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        check_company=True,
        copy=False,
        domain="[('move_type', '=', 'out_refund')]",
    )
    replacement_order_id = fields.Many2one(
        comodel_name="sale.order",
        check_company=True,
        copy=False,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", related="company_id.currency_id"
    )
    remedy_cost = fields.Monetary(currency_field="currency_id", copy=False)
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided by", copy=False, tracking=True
    )
    date_decision = fields.Datetime(string="Decided on", copy=False)
    approval_required = fields.Boolean(compute="_compute_approval_required")
    approved_by_id = fields.Many2one(
        comodel_name="res.users", string="Approved by", copy=False, tracking=True
    )
    date_approved = fields.Datetime(string="Approved on", copy=False)
    date_decision_communicated = fields.Datetime(
        string="Decision Communicated on", copy=False, tracking=True
    )

    # Not admissible
    rejection_reason = fields.Selection(
        selection=[
            ("not_complaint", "Not a complaint"),
            ("duplicate", "Duplicate"),
            ("out_of_scope", "Out of scope"),
        ],
        string="Not Admissible Because",
        tracking=True,
        copy=False,
    )
    rejection_details = fields.Text(copy=False)
    duplicate_of_id = fields.Many2one(
        comodel_name="customer.complaint",
        string="Duplicate of",
        check_company=True,
        copy=False,
    )

    # Closing, appeal and external referral (7.9, ISO 10003)
    complainant_answer = fields.Selection(
        selection=[
            ("accepted", "Accepted"),
            ("contested", "Contested"),
            ("no_answer", "No answer"),
        ],
        tracking=True,
        copy=False,
    )
    date_answer = fields.Datetime(string="Answered on", copy=False)
    contest_reason = fields.Text(copy=False)
    appeal_count = fields.Integer(string="Appeals", copy=False, tracking=True)
    reviewer_id = fields.Many2one(
        comodel_name="res.users",
        copy=False,
        tracking=True,
        help="Reviews the contested decision; neither handled nor is involved "
        "in the complaint.",
    )
    adr_date_referred = fields.Date(string="Referred to ADR on", copy=False)
    adr_reference = fields.Char(string="ADR Reference", copy=False)
    adr_outcome = fields.Text(string="ADR Outcome", copy=False)
    adr_date_outcome = fields.Date(string="ADR Outcome on", copy=False)
    reopen_count = fields.Integer(string="Reopened", copy=False, tracking=True)
    timeline_html = fields.Html(
        string="Timeline", compute="_compute_timeline_html", sanitize=False
    )

    # Improvement (8.7)
    action_ids = fields.Many2many(
        comodel_name="customer.complaint.action",
        relation="customer_complaint_action_rel",
        column1="complaint_id",
        column2="action_id",
        string="Improvement Actions",
        check_company=True,
    )
    action_count = fields.Integer(compute="_compute_action_count")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _get_assessed_priority(self):
        """Priority from the assessment: severity x impact; safety is urgent."""
        self.ensure_one()
        if self.safety_related:
            return "3"
        if not (self.severity and self.impact):
            return self.priority or "0"
        score = int(self.severity) * int(self.impact)
        if score >= 12:
            return "3"
        if score >= 6:
            return "2"
        if score >= 3:
            return "1"
        return "0"

    @api.onchange("severity", "impact", "safety_related")
    def _onchange_assessment_priority(self):
        self.priority = self._get_assessed_priority()

    @api.depends(
        "date_received", "team_id", "category_id", "priority", "channel", "company_id"
    )
    def _compute_deadlines(self):
        policy_model = self.env["customer.complaint.deadline.policy"]
        for complaint in self:
            start = complaint.date_received
            if not start:
                for phase in PHASES:
                    complaint[f"date_{phase}_deadline"] = False
                continue
            targets = policy_model._targets_for(complaint)
            calendar = complaint._get_deadline_calendar()
            for phase, (target_key, _done) in PHASES.items():
                complaint[f"date_{phase}_deadline"] = complaint._plan_working_hours(
                    calendar, targets[target_key], start
                )

    @api.depends(
        "date_received",
        "date_ack_deadline",
        "date_assessment_deadline",
        "date_decision_deadline",
        "date_closure_deadline",
        "company_id.complaint_at_risk_share",
    )
    def _compute_risk_dates(self):
        for complaint in self:
            start = complaint.date_received
            share = complaint.company_id.complaint_at_risk_share or 0.75
            for phase in PHASES:
                deadline = complaint[f"date_{phase}_deadline"]
                complaint[f"date_{phase}_risk"] = (
                    start + (deadline - start) * share if start and deadline else False
                )

    def _get_deadline_calendar(self):
        self.ensure_one()
        if self.team_id:
            return self.team_id._get_working_calendar()
        return self.company_id.resource_calendar_id

    @api.model
    def _plan_working_hours(self, calendar, hours, start):
        """``hours`` working hours after ``start`` on ``calendar``, public
        holidays (global leaves of the calendar) excluded."""
        if not calendar:
            return start + timedelta(hours=hours)
        if not hours:
            return start
        return calendar.plan_hours(hours, start, compute_leaves=True) or (
            start + timedelta(hours=hours)
        )

    @api.depends(
        "date_ack_deadline",
        "date_assessment_deadline",
        "date_decision_deadline",
        "date_closure_deadline",
        "date_acknowledged",
        "date_assessed",
        "date_decision_communicated",
        "date_closed",
    )
    def _compute_completion(self):
        for complaint in self:
            for phase, (_target, done_field) in PHASES.items():
                done = complaint[done_field] or complaint.date_closed
                deadline = complaint[f"date_{phase}_deadline"]
                if not done:
                    state = "pending"
                elif not deadline or done <= deadline:
                    state = "met"
                else:
                    state = "met_late"
                complaint[f"{phase}_completion"] = state

    @api.depends(
        "ack_completion",
        "assessment_completion",
        "decision_completion",
        "closure_completion",
        "date_ack_risk",
        "date_assessment_risk",
        "date_decision_risk",
        "date_closure_risk",
    )
    def _compute_deadline_states(self):
        now = fields.Datetime.now()
        rank = {"on_time": 0, "at_risk": 1, "breached": 2}
        for complaint in self:
            worst = "on_time"
            for phase in PHASES:
                completion = complaint[f"{phase}_completion"]
                deadline = complaint[f"date_{phase}_deadline"]
                risk = complaint[f"date_{phase}_risk"]
                if completion in ("met", "met_late"):
                    state = completion
                elif deadline and now > deadline:
                    state = "breached"
                elif risk and now >= risk:
                    state = "at_risk"
                else:
                    state = "on_time"
                complaint[f"{phase}_deadline_state"] = state
                if rank.get(state, 0) > rank[worst]:
                    worst = state
            complaint.deadline_state = worst

    @api.model
    def _phase_state_domain(self, phase, state):
        now = fields.Datetime.now()
        completion = f"{phase}_completion"
        deadline = f"date_{phase}_deadline"
        risk = f"date_{phase}_risk"
        if state in ("met", "met_late"):
            return [(completion, "=", state)]
        pending = [(completion, "=", "pending")]
        if state == "breached":
            return pending + [(deadline, "<", now)]
        if state == "at_risk":
            return pending + [(deadline, ">=", now), (risk, "<=", now)]
        if state == "on_time":
            return pending + ["|", (deadline, "=", False), (risk, ">", now)]
        return expression.FALSE_DOMAIN

    def _search_phase_state(self, phase, operator, value):
        if operator == "=":
            values = [value]
        elif operator == "in":
            values = list(value)
        elif operator == "!=":
            values = [s for s, _label in DEADLINE_STATES if s != value]
        elif operator == "not in":
            values = [s for s, _label in DEADLINE_STATES if s not in value]
        else:
            raise UserError(self.env._("Unsupported search on deadline states."))
        return expression.OR(
            [self._phase_state_domain(phase, state) for state in values]
        )

    def _search_ack_deadline_state(self, operator, value):
        return self._search_phase_state("ack", operator, value)

    def _search_assessment_deadline_state(self, operator, value):
        return self._search_phase_state("assessment", operator, value)

    def _search_decision_deadline_state(self, operator, value):
        return self._search_phase_state("decision", operator, value)

    def _search_closure_deadline_state(self, operator, value):
        return self._search_phase_state("closure", operator, value)

    def _search_deadline_state(self, operator, value):
        if operator != "=":
            raise UserError(self.env._("Unsupported search on deadline states."))
        breached = expression.OR(
            [self._phase_state_domain(phase, "breached") for phase in PHASES]
        )
        if value == "breached":
            return breached
        at_risk = expression.OR(
            [self._phase_state_domain(phase, "at_risk") for phase in PHASES]
        )
        if value == "at_risk":
            return expression.AND([at_risk, ["!", *breached]])
        if value == "on_time":
            return ["!", *expression.OR([at_risk, breached])]
        return expression.FALSE_DOMAIN

    def _similar_domain(self):
        self.ensure_one()
        days = self.company_id.complaint_similar_days or 90
        date = self.date_received or fields.Datetime.now()
        criteria = []
        if self.product_id:
            criteria.append([("product_id", "=", self.product_id.id)])
        if self.category_id and self.commercial_partner_id:
            criteria.append(
                [
                    ("category_id", "=", self.category_id.id),
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ]
            )
        if not criteria:
            return None
        return expression.AND(
            [
                [
                    ("id", "!=", self._origin.id or 0),
                    ("company_id", "=", self.company_id.id),
                    ("date_received", ">=", date - timedelta(days=days)),
                    ("date_received", "<=", date + timedelta(days=days)),
                ],
                expression.OR(criteria),
            ]
        )

    @api.depends("product_id", "category_id", "commercial_partner_id", "date_received")
    def _compute_similar_complaints(self):
        for complaint in self:
            domain = complaint._similar_domain()
            # sudo: recurrence is counted over every complaint, confidential
            # ones included; only the accessible ones are listed below.
            similar = self.sudo().search(domain) if domain else self.browse()
            threshold = complaint.category_id._get_recurring_threshold()
            complaint.is_recurring = bool(threshold and len(similar) >= threshold)
            visible = similar.with_env(self.env)._filtered_access("read")
            complaint.similar_complaint_ids = visible
            complaint.similar_complaint_count = len(visible)

    @api.depends("team_id.approval_priority", "priority")
    def _compute_approval_required(self):
        for complaint in self:
            threshold = complaint.team_id.approval_priority
            complaint.approval_required = bool(
                threshold and (complaint.priority or "0") >= threshold
            )

    @api.depends("action_ids")
    def _compute_action_count(self):
        for complaint in self:
            complaint.action_count = len(complaint.action_ids)

    @api.depends(
        "date_received",
        "date_acknowledged",
        "date_assessed",
        "date_decision",
        "date_decision_communicated",
        "date_answer",
        "date_closed",
        "date_ack_deadline",
        "date_assessment_deadline",
        "date_decision_deadline",
        "date_closure_deadline",
    )
    def _compute_timeline_html(self):
        _ = self.env._
        for complaint in self:
            rows = [
                (_("Received"), complaint.date_received, False, ""),
                (
                    _("Acknowledged"),
                    complaint.date_acknowledged,
                    complaint.date_ack_deadline,
                    complaint.ack_deadline_state,
                ),
                (
                    _("Assessed"),
                    complaint.date_assessed,
                    complaint.date_assessment_deadline,
                    complaint.assessment_deadline_state,
                ),
                (_("Decision"), complaint.date_decision, False, ""),
                (
                    _("Communicated"),
                    complaint.date_decision_communicated,
                    complaint.date_decision_deadline,
                    complaint.decision_deadline_state,
                ),
                (_("Answered"), complaint.date_answer, False, ""),
                (
                    _("Closed"),
                    complaint.date_closed,
                    complaint.date_closure_deadline,
                    complaint.closure_deadline_state,
                ),
            ]
            labels = dict(
                self._fields["ack_deadline_state"]._description_selection(self.env)
            )
            colors = {
                "on_time": "text-bg-info",
                "at_risk": "text-bg-warning",
                "breached": "text-bg-danger",
                "met": "text-bg-success",
                "met_late": "text-bg-warning",
            }
            body = Markup("")
            for label, date, deadline, state in rows:
                badge = (
                    Markup('<span class="badge %s">%s</span>')
                    % (colors.get(state, ""), labels.get(state, ""))
                    if state
                    else ""
                )
                body += Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                ) % (
                    label,
                    format_datetime(self.env, date) if date else "",
                    format_datetime(self.env, deadline) if deadline else "",
                    badge,
                )
            complaint.timeline_html = Markup(
                '<table class="table table-sm o_complaint_timeline"><thead><tr>'
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>%s</tbody></table>"
            ) % (_("Phase"), _("Date"), _("Deadline"), _("Status"), body)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("decision_outcome", "decision_reasons")
    def _check_decision_reasons(self):
        for complaint in self:
            if (
                complaint.decision_outcome
                and not (complaint.decision_reasons or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "The decision on %(ref)s needs its reasons.",
                        ref=complaint.reference,
                    )
                )

    @api.constrains("decision_outcome", "root_cause", "severity")
    def _check_root_cause(self):
        for complaint in self:
            required_from = complaint.company_id.complaint_root_cause_severity
            if (
                complaint.decision_outcome
                and required_from
                and complaint.severity
                and complaint.severity >= required_from
                and not (complaint.root_cause or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s is severe: record its root cause before "
                        "the decision.",
                        ref=complaint.reference,
                    )
                )

    @api.constrains("approved_by_id", "user_id", "involved_user_ids")
    def _check_approver(self):
        for complaint in self:
            approver = complaint.approved_by_id
            if approver and (
                approver == complaint.user_id or approver in complaint.involved_user_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The decision on %(ref)s must be approved by someone who "
                        "neither handles nor is involved in it.",
                        ref=complaint.reference,
                    )
                )

    @api.constrains("rejection_reason", "duplicate_of_id", "stage_id")
    def _check_rejection(self):
        for complaint in self:
            if complaint.duplicate_of_id == complaint:
                raise ValidationError(
                    self.env._("A complaint cannot be a duplicate of itself.")
                )
            if (
                complaint.rejection_reason == "duplicate"
                and not complaint.duplicate_of_id
            ):
                raise ValidationError(
                    self.env._(
                        "Link the duplicate %(ref)s to its original complaint.",
                        ref=complaint.reference,
                    )
                )
            if complaint.stage_id.is_rejected and not complaint.rejection_reason:
                raise ValidationError(
                    self.env._(
                        "Say why complaint %(ref)s is not admissible.",
                        ref=complaint.reference,
                    )
                )

    @api.constrains("stage_id", "decision_outcome", "complainant_answer", "action_ids")
    def _check_closing(self):
        for complaint in self:
            if complaint.stage_id.is_closed and not complaint.stage_id.is_rejected:
                blockers = complaint._closing_blockers()
                if blockers:
                    raise ValidationError("\n".join(blockers))

    def _closing_blockers(self):
        """Reasons why this complaint cannot be closed (empty if it can)."""
        self.ensure_one()
        _ = self.env._
        blockers = []
        if not self.decision_outcome:
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed without a decision.",
                    ref=self.reference,
                )
            )
        if not self.complainant_answer:
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed without the complainant's "
                    "answer to the decision.",
                    ref=self.reference,
                )
            )
        if self.is_recurring and not self.action_ids.filtered(
            lambda a: a.action_type in ("corrective", "preventive")
        ):
            blockers.append(
                _(
                    "Complaint %(ref)s is recurring: it needs a corrective or "
                    "preventive action before it is closed.",
                    ref=self.reference,
                )
            )
        return blockers

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("severity") or vals.get("impact") or vals.get("safety_related"):
                vals.setdefault("assessed_by_id", self.env.user.id)
                vals.setdefault("date_assessed", now)
            if vals.get("decision_outcome"):
                vals.setdefault("decided_by_id", self.env.user.id)
                vals.setdefault("date_decision", now)
        complaints = super().create(vals_list)
        for complaint, vals in zip(complaints, vals_list, strict=True):
            if "priority" not in vals and ASSESSMENT_FIELDS & set(vals):
                complaint.priority = complaint._get_assessed_priority()
        complaints.filtered("safety_related")._notify_safety_related()
        return complaints

    def write(self, vals):
        if not self.env.context.get("complaint_allow_locked_write"):
            locked = LOCKED_FIELDS & set(vals)
            closed = self.filtered("is_closed")
            if locked and closed:
                raise UserError(
                    self.env._(
                        "Complaint %(refs)s is closed and locked: its %(fields)s "
                        "cannot be changed. Reopen it first, with a reason.",
                        refs=", ".join(closed.mapped("reference")),
                        fields=", ".join(
                            self._fields[name]._description_string(self.env)
                            for name in sorted(locked)
                        ),
                    )
                )
        is_manager = self.env.su or self.env.user.has_group(
            "customer_complaint_iso10002.group_complaint_manager"
        )
        assessment_changed = ASSESSMENT_FIELDS & set(vals)
        if "priority" in vals and not is_manager:
            if not assessment_changed:
                raise UserError(
                    self.env._(
                        "The priority follows from the assessment (severity x "
                        "impact). Only complaint managers can change it by hand."
                    )
                )
            vals = {key: val for key, val in vals.items() if key != "priority"}
        newly_safety = (
            self.filtered(lambda c: not c.safety_related)
            if vals.get("safety_related")
            else self.browse()
        )
        decision_changed = DECISION_FIELDS & set(vals)
        to_unapprove = (
            self.filtered("approved_by_id")
            if decision_changed and "approved_by_id" not in vals
            else self.browse()
        )
        result = super().write(vals)
        now = fields.Datetime.now()
        stamp_ctx = self.with_context(complaint_allow_locked_write=True)
        if assessment_changed:
            for complaint in stamp_ctx.filtered(lambda c: not c.date_assessed):
                complaint.write(
                    {"assessed_by_id": self.env.user.id, "date_assessed": now}
                )
            if "priority" not in vals:
                for complaint in stamp_ctx:
                    priority = complaint._get_assessed_priority()
                    if priority != complaint.priority:
                        super(CustomerComplaint, complaint).write(
                            {"priority": priority}
                        )
        if vals.get("decision_outcome") and "decided_by_id" not in vals:
            stamp_ctx.write({"decided_by_id": self.env.user.id, "date_decision": now})
        if to_unapprove:
            to_unapprove.with_context(complaint_allow_locked_write=True).write(
                {"approved_by_id": False, "date_approved": False}
            )
        newly_safety._notify_safety_related()
        return result

    # ------------------------------------------------------------------
    # Assessment (7.5)
    # ------------------------------------------------------------------

    def _get_complaint_managers(self):
        self.ensure_one()
        group = self.env.ref("customer_complaint_iso10002.group_complaint_manager")
        return group.users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids
        )

    def _schedule_alert(self, users, summary, note=""):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        for user in users:
            self.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=user.id,
                date_deadline=today,
            )

    def _notify_safety_related(self):
        for complaint in self:
            users = complaint.team_id.user_id | complaint._get_complaint_managers()
            complaint._schedule_alert(
                users,
                self.env._("Safety-related complaint: act now"),
                self.env._(
                    "Complaint %(ref)s was assessed as safety related.",
                    ref=complaint.reference,
                ),
            )

    # ------------------------------------------------------------------
    # Decision (7.7, 7.8) and objectivity (4.7)
    # ------------------------------------------------------------------

    def _get_stage(self, xmlid, fallback_domain):
        stage = self.env.ref(f"customer_complaint_iso10002.{xmlid}", False)
        if not stage or not stage.active:
            stage = self.env["customer.complaint.stage"].search(
                fallback_domain, limit=1
            )
        return stage

    def _closed_stage(self):
        return self._get_stage(
            "stage_closed", [("is_closed", "=", True), ("is_rejected", "=", False)]
        )

    def action_approve_decision(self):
        if not self.env.user.has_group(
            "customer_complaint_iso10002.group_complaint_manager"
        ):
            raise UserError(self.env._("Only complaint managers approve decisions."))
        for complaint in self:
            if not complaint.decision_outcome:
                raise UserError(
                    self.env._(
                        "Record the decision on %(ref)s before approving it.",
                        ref=complaint.reference,
                    )
                )
            if self.env.user == complaint.user_id:
                raise UserError(
                    self.env._(
                        "You handle %(ref)s: another manager approves your decision.",
                        ref=complaint.reference,
                    )
                )
            if self.env.user in complaint.involved_user_ids:
                raise UserError(
                    self.env._(
                        "You are involved in %(ref)s and cannot approve its decision.",
                        ref=complaint.reference,
                    )
                )
        self.write(
            {"approved_by_id": self.env.user.id, "date_approved": fields.Datetime.now()}
        )

    def action_communicate_decision(self):
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_decision"
        )
        for complaint in self:
            if not complaint.decision_outcome:
                raise UserError(
                    self.env._(
                        "Record the decision on %(ref)s before communicating it.",
                        ref=complaint.reference,
                    )
                )
            if complaint.approval_required and not complaint.approved_by_id:
                raise UserError(
                    self.env._(
                        "The decision on %(ref)s must be approved by a complaint "
                        "manager other than the handler before it is communicated.",
                        ref=complaint.reference,
                    )
                )
        self._send_complaint_mail(template)
        vals = {
            "date_decision_communicated": fields.Datetime.now(),
            "complainant_answer": False,
            "date_answer": False,
        }
        awaiting = self._get_stage(
            "stage_awaiting_customer", [("is_closed", "=", False)]
        )
        if awaiting:
            vals["stage_id"] = awaiting.id
        self.write(vals)
        return True

    def action_reject_not_admissible(self):
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_not_admissible"
        )
        for complaint in self:
            if not complaint.rejection_reason:
                raise UserError(
                    self.env._(
                        "Say why complaint %(ref)s is not admissible first.",
                        ref=complaint.reference,
                    )
                )
        stage = self._get_stage("stage_rejected", [("is_rejected", "=", True)])
        # Entering the stage sends its template (see write); without one, the
        # complainant is still told with the standard not-admissible email.
        self.write({"stage_id": stage.id})
        if not stage.mail_template_id:
            self._send_complaint_mail(template)
        return True

    # ------------------------------------------------------------------
    # Closing and appeal (7.9)
    # ------------------------------------------------------------------

    def _action_accept_decision(self):
        """The complainant accepts the decision: record it and close."""
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.date_decision_communicated or complaint.is_closed:
                raise UserError(
                    self.env._(
                        "There is no decision on %(ref)s to accept.",
                        ref=complaint.reference,
                    )
                )
            complaint.write({"complainant_answer": "accepted", "date_answer": now})
            complaint.message_post(
                body=self.env._("The complainant accepted the decision."),
                subtype_xmlid="mail.mt_note",
            )
            complaint._close_if_possible()
        return True

    def _close_if_possible(self, note=None):
        stage = self._closed_stage()
        for complaint in self:
            blockers = complaint._closing_blockers()
            if blockers:
                complaint.message_post(
                    body=self.env._(
                        "Not closed automatically: %(why)s", why=" ".join(blockers)
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            complaint.write({"stage_id": stage.id})
            if note:
                complaint.message_post(body=note, subtype_xmlid="mail.mt_note")

    def _action_contest_decision(self, reason):
        """The complainant contests the decision: open an appeal (7.9)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why you contest the decision."))
        investigation = self._get_stage(
            "stage_investigation", [("is_closed", "=", False)]
        )
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.date_decision_communicated or complaint.is_closed:
                raise UserError(
                    self.env._(
                        "There is no open decision on %(ref)s to contest.",
                        ref=complaint.reference,
                    )
                )
            reviewer = complaint._pick_reviewer()
            complaint.write(
                {
                    "complainant_answer": "contested",
                    "date_answer": now,
                    "contest_reason": reason,
                    "appeal_count": complaint.appeal_count + 1,
                    "escalation_level": complaint.escalation_level + 1,
                    "stage_id": investigation.id,
                    "reviewer_id": reviewer.id,
                    "user_id": reviewer.id,
                    "approved_by_id": False,
                    "date_approved": False,
                }
            )
            complaint.message_post(
                body=self.env._(
                    "The complainant contested the decision: %(reason)s. "
                    "Appeal opened, reviewed by %(reviewer)s.",
                    reason=reason,
                    reviewer=reviewer.name or self.env._("(nobody available)"),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if reviewer:
                complaint._schedule_alert(
                    reviewer,
                    self.env._("Review the contested decision"),
                    reason,
                )
        return True

    def _pick_reviewer(self):
        """A reviewer who neither handled nor is involved in the complaint."""
        self.ensure_one()
        excluded = self.user_id | self.involved_user_ids | self.reviewer_id
        excluded |= self.decided_by_id
        candidates = (
            self.team_id.user_id
            | self._get_complaint_managers().sorted("id")
            | self.team_id.member_ids
        )
        candidates = candidates.filtered(lambda u: u.active and u not in excluded)
        return candidates[:1]

    def action_open_reopen_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Complaint"),
            "res_model": "customer.complaint.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _action_reopen(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Reopening a complaint needs a reason."))
        stage = self._get_stage("stage_investigation", [("is_closed", "=", False)])
        for complaint in self:
            if not complaint.is_closed:
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s is not closed.", ref=complaint.reference
                    )
                )
            complaint.with_context(complaint_allow_locked_write=True).write(
                {
                    "stage_id": stage.id,
                    "reopen_count": complaint.reopen_count + 1,
                    "complainant_answer": False,
                    "date_answer": False,
                }
            )
            complaint.message_post(
                body=self.env._("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint_iso10002.customer_complaint_action_action"
        )
        action["domain"] = [("complaint_ids", "in", self.ids)]
        action["context"] = {
            "default_complaint_ids": [self.id],
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Scheduled jobs (4.15, 7.3, 7.9)
    # ------------------------------------------------------------------

    @api.model
    def _cron_commit(self):
        # Commit per batch so a long run keeps its progress, except in tests
        # where the test transaction must stay open. The cache is emptied so
        # that a long run never holds more than one batch in memory.
        self.env.flush_all()
        if not _is_testing():
            self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()

    def _lock_rows(self):
        """Lock the rows of self, skipping those another transaction holds.

        A user saving the same complaint keeps their lock; the job leaves
        that complaint for its next run instead of waiting or failing.
        """
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM customer_complaint WHERE id IN %s "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        locked.invalidate_recordset()
        return locked

    @api.model
    def _escalation_domain(self):
        alerts = []
        for phase in PHASES:
            alert = f"{phase}_alert"
            alerts.append(
                expression.AND(
                    [self._phase_state_domain(phase, "at_risk"), [(alert, "=", False)]]
                )
            )
            alerts.append(
                expression.AND(
                    [
                        self._phase_state_domain(phase, "breached"),
                        [(alert, "!=", "breached")],
                    ]
                )
            )
        return expression.AND([[("is_closed", "=", False)], expression.OR(alerts)])

    @api.model
    def _cron_escalate_deadlines(self, batch_size=200):
        """At risk: activity for the handler. Breached: escalation level + 1,
        activity for the team leader (managers from level 2), chatter note.

        Idempotent: the alert already given per phase is stored, so running
        the job twice creates nothing twice.
        """
        last_id = 0
        done = 0
        while True:
            batch = self.search(
                expression.AND([self._escalation_domain(), [("id", ">", last_id)]]),
                order="id",
                limit=batch_size,
            )
            if not batch:
                break
            last_id = batch[-1].id
            locked = batch._lock_rows()
            locked._process_deadline_alerts()
            done += len(locked)
            self._cron_commit()
        return done

    def _process_deadline_alerts(self):
        """Alert on the phases newly at risk or breached, for a batch at once.

        Activities are created in one call, notes logged in one batch and the
        complaints written grouped by identical values, so the cost per
        complaint stays flat however many phases changed.
        """
        _ = self.env._
        phase_labels = {
            "ack": _("Acknowledgement"),
            "assessment": _("Assessment"),
            "decision": _("Decision"),
            "closure": _("Closure"),
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        managers_by_company = {}
        activity_vals = []
        bodies = {}
        writes = {}
        for complaint in self:
            if complaint.is_closed:
                continue
            vals = {}
            at_risk, breached = [], []
            for phase in PHASES:
                state = complaint[f"{phase}_deadline_state"]
                alert = complaint[f"{phase}_alert"]
                if state == "at_risk" and not alert:
                    vals[f"{phase}_alert"] = "at_risk"
                    at_risk.append(phase)
                elif state == "breached" and alert != "breached":
                    vals[f"{phase}_alert"] = "breached"
                    breached.append(phase)
            if not vals:
                continue
            alerts = []
            if at_risk:
                alerts.append(
                    (
                        complaint.user_id or complaint.team_id.user_id,
                        _(
                            "Deadline at risk: %(phases)s",
                            phases=", ".join(phase_labels[p] for p in at_risk),
                        ),
                    )
                )
            if breached:
                level = complaint.escalation_level + 1
                vals["escalation_level"] = level
                if level <= 1 and complaint.team_id.user_id:
                    users = complaint.team_id.user_id
                else:
                    company = complaint.company_id
                    if company not in managers_by_company:
                        managers_by_company[company] = (
                            complaint._get_complaint_managers()
                        )
                    users = managers_by_company[company]
                alerts.append(
                    (
                        users,
                        _(
                            "Deadline breached: %(phases)s",
                            phases=", ".join(phase_labels[p] for p in breached),
                        ),
                    )
                )
                bodies[complaint.id] = Markup("<br/>").join(
                    _(
                        "The %(phase)s deadline (%(deadline)s) was breached: "
                        "escalated to level %(level)s.",
                        phase=phase_labels[phase],
                        deadline=format_datetime(
                            self.env, complaint[f"date_{phase}_deadline"]
                        ),
                        level=level,
                    )
                    for phase in breached
                )
            for users, summary in alerts:
                activity_vals += [
                    {
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "user_id": user.id,
                        "date_deadline": today,
                    }
                    for user in users
                ]
            writes.setdefault(tuple(sorted(vals.items())), []).append(complaint.id)
        if activity_vals:
            # quick update: no assignment email per activity; the alerts show
            # in each user's activities, the note in the chatter.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activity_vals)
        if bodies:
            self.browse(bodies)._message_log_batch(bodies=bodies)
        for vals, ids in writes.items():
            self.browse(ids).with_context(tracking_disable=True).write(dict(vals))

    @api.model
    def _cron_progress_updates(self, batch_size=200):
        """Tell complainants who heard nothing for N days where things stand."""
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_progress",
            raise_if_not_found=False,
        )
        if not template:
            return
        now = fields.Datetime.now()
        teams = self.env["customer.complaint.team"].search(
            [("progress_update_days", ">", 0)]
        )
        for team in teams:
            limit_date = now - timedelta(days=team.progress_update_days)
            domain = [
                ("team_id", "=", team.id),
                ("is_closed", "=", False),
                ("date_decision_communicated", "=", False),
                ("date_received", "<", limit_date),
                "|",
                "&",
                ("date_last_progress_update", "=", False),
                ("date_acknowledged", "<", limit_date),
                ("date_last_progress_update", "<", limit_date),
            ]
            last_id = 0
            while True:
                batch = self.search(
                    domain + [("id", ">", last_id)], order="id", limit=batch_size
                )
                if not batch:
                    break
                last_id = batch[-1].id
                batch = batch._lock_rows().filtered(lambda c: c._can_mail_complainant())
                for complaint in batch:
                    complaint._send_complaint_mail(template)
                    complaint.write(
                        {
                            "progress_update_count": complaint.progress_update_count
                            + 1,
                            "date_last_progress_update": now,
                        }
                    )
                self._cron_commit()

    @api.model
    def _cron_auto_close_unanswered(self, batch_size=200):
        """No answer N days after the decision: record it and close (7.9)."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            days = company.complaint_answer_days
            if days <= 0:
                continue
            domain = [
                ("company_id", "=", company.id),
                ("is_closed", "=", False),
                ("complainant_answer", "=", False),
                ("date_decision_communicated", "<", now - timedelta(days=days)),
            ]
            last_id = 0
            while True:
                batch = self.search(
                    domain + [("id", ">", last_id)], order="id", limit=batch_size
                )
                if not batch:
                    break
                last_id = batch[-1].id
                batch = batch._lock_rows()
                batch.write({"complainant_answer": "no_answer", "date_answer": now})
                batch._close_if_possible(
                    note=self.env._(
                        "Closed automatically: no answer to the decision within "
                        "%(days)s days.",
                        days=days,
                    )
                )
                self._cron_commit()


class CustomerComplaintTeam(models.Model):
    _inherit = "customer.complaint.team"

    approval_priority = fields.Selection(
        selection=PRIORITIES,
        string="Approval from Priority",
        default="2",
        help="Decisions on complaints at or above this priority are approved by "
        "a complaint manager other than the handler before being communicated. "
        "Leave empty to never require it.",
    )
    progress_update_days = fields.Integer(
        string="Progress Update after (days)",
        default=7,
        help="Send the complainant a progress update when they heard nothing "
        "for this many days. 0 disables it.",
    )


class CustomerComplaintCategory(models.Model):
    _inherit = "customer.complaint.category"

    recurring_threshold = fields.Integer(
        default=3,
        help="A complaint is recurring when it has at least this many similar "
        "complaints (same product, or same category and customer, within the "
        "configured number of days). 0 uses the parent category's threshold.",
    )

    def _get_recurring_threshold(self):
        category = self
        while category:
            if category.recurring_threshold:
                return category.recurring_threshold
            category = category.parent_id
        return 0
