# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Decision rounds of a complaint (ISO 10002 7.7-7.9).

Round 1 is the first decision; round n the decision after the (n-1)th appeal,
or the decision of a complaint reopened after its last round was answered.
A round is decided, approved under a delegation rule where one applies (5.4),
communicated to the complainant, then accepted, contested (which opens the next
round, reviewed by someone who took no part in the earlier ones) or left
unanswered. Once communicated, a round is part of the record and never changes
again: its on-time result, reasons and answer stay as the complainant saw them.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .customer_complaint_constants import HANDLER_GROUP
from .customer_complaint_delegation import RESOLUTIONS

OUTCOMES = [
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly upheld"),
    ("not_upheld", "Not upheld"),
]
ANSWERS = [
    ("accepted", "Accepted"),
    ("contested", "Contested"),
    ("no_answer", "No answer"),
]
ANSWER_CHANNELS = [
    ("portal", "Portal"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("in_person", "In person"),
    ("other", "Other"),
]
STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("communicated", "Communicated"),
    ("accepted", "Accepted"),
    ("contested", "Contested"),
    ("no_answer", "No Answer"),
]
# Not communicated yet: the only states in which a round may change.
OPEN_STATES = ("draft", "to_approve", "approved")

# What the round decides; changing it voids an approval and signs the round.
CONTENT_FIELDS = frozenset(
    {
        "outcome",
        "reasons",
        "resolution_type",
        "remedy_cost",
        "credit_note_id",
        "replacement_order_id",
    }
)
APPROVAL_FIELDS = frozenset(
    {"approved_by_id", "date_approved", "authority_id", "delegation_id"}
)
# Set by the process methods only (stamps, state, answer): never by a plain
# create or write, which is all JSON-RPC gives anyone.
PROCESS_FIELDS = APPROVAL_FIELDS | {
    "round",
    "state",
    "approval_required",
    "decided_by_id",
    "date_decision",
    "handler_id",
    "date_communicated",
    "mail_message_id",
    "answer",
    "date_answer",
    "answer_channel",
    "answer_recorded_by_id",
    "contest_reason",
    "reviewer_id",
}

# The record PDF (report/customer_complaint_record.py) and the register, per
# round; PORTAL_HIDDEN never reaches the complainant.
REPORT_FIELDS = [
    "outcome",
    "reasons",
    "resolution_type",
    "remedy_cost",
    "credit_note_id",
    "replacement_order_id",
    "decided_by_id",
    "date_decision",
    "delegation_id",
    "approved_by_id",
    "authority_id",
    "date_approved",
    "date_communicated",
    "answer",
    "answer_channel",
    "date_answer",
    "answer_recorded_by_id",
    "contest_reason",
    "reviewer_id",
]
PORTAL_HIDDEN = {
    "remedy_cost",
    "decided_by_id",
    "date_decision",
    "delegation_id",
    "approved_by_id",
    "authority_id",
    "date_approved",
    "answer_recorded_by_id",
    "reviewer_id",
}


def check_complaints_open(complaints):
    """The decisions of a closed complaint are locked (4.9): reopening it, with
    a reason, is the only way back."""
    closed = complaints.filtered("is_closed")
    if closed:
        raise UserError(
            complaints.env._(
                "Complaint %(refs)s is closed and locked: its decisions cannot "
                "change. Reopen it first, with a reason.",
                refs=", ".join(closed.mapped("reference")),
            )
        )


class CustomerComplaintDecision(models.Model):
    _name = "customer.complaint.decision"
    _description = "Complaint Decision Round"
    # A round is for whoever may read (write) its complaint (part mixin).
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.complaint.process.mixin",
        "customer.complaint.part.mixin",
        # single-team mode (customer_complaint_decision_self_review.py)
        "customer.complaint.decision.self.review",
    ]
    _order = "complaint_id, round"
    _check_company_auto = True
    _process_fields = frozenset(PROCESS_FIELDS)

    complaint_id = fields.Many2one(
        comodel_name="customer.complaint",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="complaint_id.company_id",
        store=True,
        index=True,
    )
    round = fields.Integer(
        readonly=True,
        copy=False,
        help="1 for the first decision, n for the decision after the (n-1)th "
        "appeal.",
    )
    state = fields.Selection(
        selection=STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )

    # The decision (7.7)
    outcome = fields.Selection(selection=OUTCOMES, tracking=True)
    reasons = fields.Text(
        tracking=True, help="The reasons, as the complainant will read them."
    )
    resolution_type = fields.Selection(
        selection=RESOLUTIONS, string="Resolution", tracking=True
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", related="company_id.currency_id"
    )
    remedy_cost = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="What the remedy this round grants costs, in the company's "
        "currency; a later round's cost comes on top of it.",
    )
    # The complaint's customer: the documents of the remedy are theirs
    # (_check_remedy_documents).
    complainant_commercial_id = fields.Many2one(
        comodel_name="res.partner",
        string="Complainant's Customer",
        related="complaint_id.commercial_partner_id",
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        check_company=True,
        domain="[('move_type', '=', 'out_refund'),"
        " ('commercial_partner_id', '=', complainant_commercial_id)]",
        tracking=True,
    )
    replacement_order_id = fields.Many2one(
        comodel_name="sale.order",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=',"
        " complainant_commercial_id)]",
        tracking=True,
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided by", readonly=True, tracking=True
    )
    date_decision = fields.Datetime(string="Decided on", readonly=True, index=True)
    handler_id = fields.Many2one(
        comodel_name="res.users",
        string="Handled by",
        readonly=True,
        help="The complaint's handler when the round was communicated.",
    )

    # Approval (5.4)
    approval_required = fields.Boolean(
        compute="_compute_approval", store=True, readonly=True
    )
    delegation_id = fields.Many2one(
        comodel_name="customer.complaint.delegation",
        string="Approval Rule",
        compute="_compute_approval",
        store=True,
        readonly=True,
        tracking=True,
    )
    can_approve = fields.Boolean(
        compute="_compute_can_approve",
        help="Whether you hold the authority of its rule and took no part in it.",
    )
    approved_by_id = fields.Many2one(
        comodel_name="res.users", string="Approved by", readonly=True, tracking=True
    )
    authority_id = fields.Many2one(
        comodel_name="res.users",
        string="Authority of",
        readonly=True,
        tracking=True,
        help="Who held the authority the approval was given with: the "
        "approver, or the person they deputise for.",
    )
    date_approved = fields.Datetime(string="Approved on", readonly=True)

    # Communication (7.8)
    date_communicated = fields.Datetime(
        string="Communicated on", readonly=True, index=True, tracking=True
    )
    mail_message_id = fields.Many2one(
        comodel_name="mail.message", string="Email Sent", readonly=True
    )

    # The complainant's answer and the appeal (7.9)
    answer = fields.Selection(selection=ANSWERS, readonly=True, tracking=True)
    date_answer = fields.Datetime(string="Answered on", readonly=True)
    answer_channel = fields.Selection(
        selection=ANSWER_CHANNELS, readonly=True, tracking=True
    )
    answer_recorded_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Answer Recorded by",
        readonly=True,
        tracking=True,
        help="The staff member who recorded an answer given by phone, letter, "
        "email or in person.",
    )
    contest_reason = fields.Text(readonly=True, tracking=True)
    reviewer_id = fields.Many2one(
        comodel_name="res.users",
        string="Appeal Reviewer",
        readonly=True,
        tracking=True,
        help="Reviews the appeal against this round and handles the next one; "
        "took no part in this or any earlier round.",
    )

    _sql_constraints = [
        (
            "round_uniq",
            "unique (complaint_id, round)",
            "A complaint has one decision per round.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("complaint_id.reference", "round")
    def _compute_display_name(self):
        for decision in self:
            # the round is numbered when the decision is saved
            decision.display_name = (
                self.env._(
                    "%(ref)s, round %(round)s",
                    ref=decision.complaint_id.reference or "",
                    round=decision.round,
                )
                if decision.round
                else self.env._(
                    "%(ref)s, new decision", ref=decision.complaint_id.reference or ""
                )
            )

    @api.depends(
        "state",
        "resolution_type",
        "remedy_cost",
        "complaint_id.company_id",
        "complaint_id.team_id",
        "complaint_id.category_id",
        "complaint_id.severity",
        "complaint_id.safety_related",
        "complaint_id.priority",
    )
    def _compute_approval(self):
        Delegation = self.env["customer.complaint.delegation"]
        for decision in self:
            if decision.state not in ("draft", "to_approve"):
                # Approved or communicated: the rule it went through stays.
                decision.approval_required = decision.approval_required
                decision.delegation_id = decision.delegation_id
                continue
            try:
                rule = Delegation._approval_rule_for(decision)
                required = bool(rule)
            except UserError:
                # Above every limit and no top-management rule: it needs an
                # approval nobody can give yet; action_approve says why.
                rule, required = Delegation, True
            decision.approval_required = required
            decision.delegation_id = rule

    @api.depends_context("uid")
    @api.depends(
        "state",
        "delegation_id",
        "decided_by_id",
        "complaint_id.user_id",
        "complaint_id.involved_user_ids",
    )
    def _compute_can_approve(self):
        user = self.env.user
        for decision in self:
            decision.can_approve = bool(
                decision.state in ("draft", "to_approve")
                and decision.delegation_id
                and decision._may_approve(user)
            )

    @api.constrains("outcome", "reasons")
    def _check_reasons(self):
        for decision in self:
            if decision.outcome and not (decision.reasons or "").strip():
                raise ValidationError(
                    self.env._(
                        "The decision on %(ref)s needs its reasons.",
                        ref=decision.complaint_id.reference,
                    )
                )

    @api.constrains("credit_note_id", "replacement_order_id", "complaint_id")
    def _check_remedy_documents(self):
        """The credit note is a customer credit note, and it and the
        replacement order are the complainant's (their commercial entity):
        the register and the communication show them as this complaint's
        remedy. A complaint without a customer contact links none."""
        for decision in self:
            complaint = decision.complaint_id
            # sudo: only the type of the credit note linked to this round,
            # which the ORM let the caller write before the check; handlers
            # need no accounting rights for it.
            credit_note = decision.sudo().credit_note_id
            order = decision.sudo().replacement_order_id
            if credit_note and credit_note.move_type != "out_refund":
                raise ValidationError(
                    self.env._(
                        "%(document)s is not a customer credit note: the decision "
                        "on %(ref)s links the credit note that refunds the "
                        "complainant.",
                        document=credit_note.display_name,
                        ref=complaint.reference,
                    )
                )
            document = credit_note or order
            # sudo: whether it has a complainant contact, read by whoever may
            # read the pseudonym only
            if document and not complaint.sudo().partner_id:
                raise ValidationError(
                    self.env._(
                        "%(ref)s has no customer contact: link its "
                        "complainant to a contact before linking "
                        "%(document)s to its decision.",
                        ref=complaint.reference,
                        document=document.display_name,
                    )
                )
            document = complaint._foreign_document(credit_note, order)
            if document:
                raise ValidationError(
                    # Named by neither side's customer: the complainant may be
                    # hidden from the caller (non-disclosure).
                    self.env._(
                        "%(document)s is not a document of the complainant "
                        "of %(ref)s (or of their company): link one of theirs.",
                        document=document.display_name,
                        ref=complaint.reference,
                    )
                )

    @api.constrains("outcome")
    def _check_root_cause(self):
        self.filtered("outcome").complaint_id._check_root_cause()

    # ------------------------------------------------------------------
    # ORM: rounds numbered by the model, communicated rounds frozen
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        Complaint = self.env["customer.complaint"]
        next_round = {}
        reopened = set()
        for vals in vals_list:
            self._check_process_fields(vals)
            complaint = Complaint.browse(vals.get("complaint_id"))
            if not complaint:
                continue
            if complaint.id not in next_round:
                # sudo: the numbering counts every round of the complaint.
                next_round[complaint.id] = (
                    max(complaint.sudo().decision_ids.mapped("round"), default=0) + 1
                )
            if not self._is_process():
                check_complaints_open(complaint)
                complaint._check_decidable()
                # A reopened complaint whose last round was answered is
                # decided again: one new round.
                if next_round[complaint.id] > 1 and not (
                    complaint.id not in reopened and complaint._may_decide_again()
                ):
                    raise UserError(
                        self.env._(
                            "%(ref)s has its decision: a new round opens only "
                            "when the complainant contests the last one, or "
                            "when the complaint is reopened after they answered.",
                            ref=complaint.reference,
                        )
                    )
            if not self._is_process() and next_round[complaint.id] > 1:
                reopened.add(complaint.id)
            vals.setdefault("round", next_round[complaint.id])
            next_round[complaint.id] = vals["round"] + 1
        decisions = super().create(vals_list)
        # The new round of a reopened complaint runs its decision phase from
        # now (an appeal's round gets its own from _contest).
        for decision in decisions.filtered(
            lambda d: d.complaint_id.id in reopened and d.round > 1
        ):
            decision.complaint_id._phase_open_decision(decision)
        # A decision recorded at creation is signed (4.12).
        decisions.filtered(
            lambda d: d.outcome and not d.decided_by_id
        )._process_env().write({"decided_by_id": self.env.uid, "date_decision": now})
        return decisions

    def write(self, vals):
        in_process = self._in_process()
        if not in_process:
            self._check_process_fields(vals)
            self._check_changeable()
            if "complaint_id" in vals and any(
                decision.complaint_id.id != vals["complaint_id"] for decision in self
            ):
                raise UserError(
                    self.env._("A decision round stays with its complaint.")
                )
        content_changed = not in_process and bool(CONTENT_FIELDS & set(vals))
        result = super().write(vals)
        if content_changed:
            decided = self.filtered("outcome")
            # Whoever changes a decision takes it (and may not approve it).
            decided._process_env().write(
                {"decided_by_id": self.env.uid, "date_decision": fields.Datetime.now()}
            )
            self.filtered(lambda d: d.state != "draft")._void_approval()
        return result

    def _check_changeable(self):
        """Only rounds not yet communicated, of open complaints, change."""
        frozen = self.filtered(lambda d: d.state not in OPEN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "%(rounds)s was communicated to the complainant: it is part "
                    "of the complaint record and never changes. An appeal opens "
                    "the next round.",
                    rounds=", ".join(frozen.mapped("display_name")),
                )
            )
        check_complaints_open(self.complaint_id)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_part_of_record(self):
        kept = self.filtered(lambda d: d.state not in OPEN_STATES or d.round > 1)
        if kept:
            raise UserError(
                self.env._(
                    "%(rounds)s is part of the complaint record (communicated, or "
                    "opened by an appeal) and cannot be deleted.",
                    rounds=", ".join(kept.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Approval (5.4): by whoever holds the authority of the rule
    # ------------------------------------------------------------------

    def _approval_excluded_users(self):
        """Nobody approves a round they decided, handle or are involved in."""
        self.ensure_one()
        complaint = self.complaint_id
        excluded = self.decided_by_id | complaint.user_id | complaint.involved_user_ids
        # Single-team mode: the author of a self-review of the round may
        # approve it (customer.complaint.self.review).
        if not self._origin:
            # A round being created has no self-review yet (and a NewId is
            # no search criterion).
            return excluded
        SelfReview = self.env["customer.complaint.self.review"]
        return excluded - SelfReview._self_reviewers(self._origin)

    def _check_approver(self, user, rule=None):
        """The approver rule, written once: ``user`` approves this round under
        ``rule`` (default: the round's) if they hold its authority and took
        no part in the round (customer.complaint.delegation's
        _check_can_approve). Returns whose authority they approve with;
        raises UserError saying why not."""
        self.ensure_one()
        rule = rule or self.delegation_id
        return rule._check_can_approve(user, self._approval_excluded_users())

    def _may_approve(self, user, rule=None):
        try:
            self._check_approver(user, rule)
        except UserError:
            return False
        return True

    def action_request_approval(self):
        """Submit the decision to those who hold the authority of its rule."""
        for decision in self:
            decision._check_changeable()
            decision._check_decided(self.env._("asking for its approval"))
            rule = self.env["customer.complaint.delegation"]._approval_rule_for(
                decision
            )
            if not rule:
                raise UserError(
                    self.env._(
                        "The decision on %(ref)s needs no approval: communicate it.",
                        ref=decision.complaint_id.reference,
                    )
                )
            decision._process_env().write({"state": "to_approve"})
            holders = rule._authority_holders().filtered(
                lambda user, d=decision, r=rule: d._may_approve(user, r)
            )
            for user in holders:
                decision.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Approve the decision"),
                    user_id=user.id,
                )
        return True

    def action_approve(self):
        Delegation = self.env["customer.complaint.delegation"]
        now = fields.Datetime.now()
        for decision in self:
            decision._check_changeable()
            decision._check_decided(self.env._("approving it"))
            # The rule as of now: what the round was submitted under may have
            # changed with the complaint since.
            rule = Delegation._approval_rule_for(decision)
            if not rule:
                raise UserError(
                    self.env._(
                        "The decision on %(ref)s needs no approval: communicate it.",
                        ref=decision.complaint_id.reference,
                    )
                )
            authority = decision._check_approver(self.env.user, rule)
            decision._process_env().write(
                {
                    "state": "approved",
                    "approval_required": True,
                    "delegation_id": rule.id,
                    "approved_by_id": self.env.uid,
                    "authority_id": authority.id,
                    "date_approved": now,
                }
            )
            decision.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _void_approval(self):
        """The decision changed, or its approver now handles or is involved in
        the complaint: it goes back to draft and is approved again."""
        if not self:
            return
        self._process_env().write(
            {
                "state": "draft",
                "approved_by_id": False,
                "authority_id": False,
                "date_approved": False,
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _check_decided(self, doing):
        self.ensure_one()
        if not self.outcome:
            raise UserError(
                self.env._(
                    "Record the decision on %(ref)s before %(doing)s.",
                    ref=self.complaint_id.reference,
                    doing=doing,
                )
            )

    # ------------------------------------------------------------------
    # Communication (7.8)
    # ------------------------------------------------------------------

    def action_communicate(self):
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_decision"
        )
        self.check_access("write")
        Delegation = self.env["customer.complaint.delegation"]
        for decision in self:
            complaint = decision.complaint_id
            decision._check_changeable()
            decision._check_decided(self.env._("communicating it"))
            if decision != complaint.current_decision_id:
                raise UserError(
                    self.env._(
                        "%(round)s is not the current round of %(ref)s.",
                        round=decision.display_name,
                        ref=complaint.reference,
                    )
                )
            if decision.state != "approved" and Delegation._approval_rule_for(decision):
                raise UserError(
                    self.env._(
                        "The decision on %(ref)s must be approved, by someone who "
                        "holds the authority and neither decided, handles nor is "
                        "involved in it, before it is communicated.",
                        ref=complaint.reference,
                    )
                )
            # sudo: only the type of the move linked to this round, which the
            # caller may write (check_access above); handlers need no
            # accounting rights for it.
            if (
                decision.resolution_type == "refund"
                and decision.credit_note_id.sudo().move_type != "out_refund"
            ):
                raise UserError(
                    self.env._(
                        "The decision on %(ref)s grants a refund or credit note: "
                        "link the customer credit note that carries it out before "
                        "communicating the decision.",
                        ref=complaint.reference,
                    )
                )
        for decision in self:
            complaint = decision.complaint_id
            # The template renders the complaint's current round: this one.
            mail = complaint._send_complaint_mail(template)
            decision._process_env().write(
                {
                    "state": "communicated",
                    "date_communicated": fields.Datetime.now(),
                    "handler_id": complaint.user_id.id,
                    "mail_message_id": mail.mail_message_id[:1].id,
                }
            )
            complaint._process_env().write(
                {"stage_id": complaint._stage_of_step("awaiting").id}
            )
            # Phases (customer_complaint_phase.py): the decision phase of
            # this round is done.
            complaint._phase_done("decision", decision=decision)
        return True

    # ------------------------------------------------------------------
    # The complainant's answer (7.9)
    # ------------------------------------------------------------------

    @api.model
    def _answer_limit(self, company):
        """Communicated before this, a round is unanswered (None: no delay)."""
        days = company.complaint_answer_days
        return fields.Datetime.now() - timedelta(days=days) if days > 0 else None

    def _answer_overdue(self):
        """The complainant let the delay to answer pass."""
        self.ensure_one()
        limit = self._answer_limit(self.company_id)
        return bool(
            self.state == "communicated"
            and limit
            and self.date_communicated
            and self.date_communicated < limit
        )

    def _check_awaiting_answer(self):
        for decision in self:
            if (
                decision.state != "communicated"
                or decision.complaint_id.is_closed
                or decision != decision.complaint_id.current_decision_id
            ):
                raise UserError(
                    self.env._(
                        "There is no decision on %(ref)s waiting for an answer.",
                        ref=decision.complaint_id.reference,
                    )
                )

    def _answer_vals(self, answer, channel, recorded_by):
        return {
            "state": answer,
            "answer": answer,
            "date_answer": fields.Datetime.now(),
            "answer_channel": channel,
            "answer_recorded_by_id": recorded_by.id,
        }

    def action_record_answer(self, answer, channel, reason=None):
        """Staff record the answer the complainant gave by phone, letter, email
        or in person: tracked on the round with the channel and who recorded
        it. 'No answer' is not theirs to record: the delay to answer gives it."""
        self.check_access("write")
        channels = dict(ANSWER_CHANNELS)
        if answer not in ("accepted", "contested"):
            raise UserError(
                self.env._(
                    "Record whether the complainant accepted or contested the "
                    "decision; 'no answer' is recorded once the delay to answer "
                    "has passed."
                )
            )
        if channel not in channels or channel == "portal":
            raise UserError(
                self.env._(
                    "Say how the complainant answered: by phone, letter, email, "
                    "in person or otherwise (portal answers record themselves)."
                )
            )
        for decision in self:
            if answer == "accepted":
                decision._accept(channel, self.env.user)
            else:
                decision._contest(reason, channel, self.env.user)
        return True

    def _accept(self, channel="portal", recorded_by=None):
        """The complainant accepts the decision: record it and close. Called
        by the portal route (after its access check) and action_record_answer."""
        self._check_awaiting_answer()
        recorded_by = recorded_by or self.env["res.users"]
        for decision in self:
            decision._process_env().write(
                decision._answer_vals("accepted", channel, recorded_by)
            )
            decision.complaint_id.message_post(
                body=self.env._(
                    "The complainant accepted the decision (round %(round)s).",
                    round=decision.round,
                ),
                subtype_xmlid="mail.mt_note",
            )
            decision.complaint_id._close_if_possible()
        return True

    def _contest(self, reason, channel="portal", recorded_by=None):
        """The complainant contests the decision: the next round opens, with a
        reviewer who took no part in this or an earlier round as handler."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the decision is contested."))
        self._check_awaiting_answer()
        recorded_by = recorded_by or self.env["res.users"]
        for decision in self:
            complaint = decision.complaint_id
            reviewer = decision._pick_reviewer()
            vals = decision._answer_vals("contested", channel, recorded_by)
            vals.update(contest_reason=reason, reviewer_id=reviewer.id)
            decision._process_env().write(vals)
            next_round = self._process_env().create({"complaint_id": complaint.id})
            # Told before the complaint is handed over to the reviewer, while
            # the caller still writes it.
            complaint.message_post(
                body=self.env._(
                    "The complainant contested the decision (round %(round)s): "
                    "%(reason)s. Appeal opened, reviewed by %(reviewer)s.",
                    round=decision.round,
                    reason=reason,
                    reviewer=reviewer.name or self.env._("(nobody available)"),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if reviewer:
                complaint._schedule_alert(
                    reviewer, self.env._("Review the contested decision"), reason
                )
            complaint._process_env().write(
                {
                    "escalation_level": complaint.escalation_level + 1,
                    "stage_id": complaint._stage_of_step("investigation").id,
                    "user_id": reviewer.id,
                }
            )
            # Phases (customer_complaint_phase.py): the new round's decision
            # phase starts.
            complaint._phase_open_decision(next_round)
        return True

    def _pick_reviewer(self):
        """A reviewer who took no part in this or an earlier round: neither
        decided, approved (nor lent the authority), handled nor reviewed one,
        and who neither handles nor is involved in the complaint."""
        self.ensure_one()
        complaint = self.complaint_id
        rounds = complaint.decision_ids.filtered(lambda d: d.round <= self.round)
        excluded = (
            complaint.user_id
            | complaint.involved_user_ids
            | rounds.decided_by_id
            | rounds.approved_by_id
            | rounds.authority_id
            | rounds.handler_id
            | rounds.reviewer_id
        )
        candidates = (
            complaint.team_id.user_id
            | complaint._get_complaint_managers().sorted("id")
            | complaint.team_id.member_ids
        )
        reviewer = candidates.filtered(
            lambda u: u.active and u not in excluded and u._has_group(HANDLER_GROUP)
        )[:1]
        # Single-team mode: the self-review is recorded instead of blocking.
        SelfReview = self.env["customer.complaint.self.review"]
        return reviewer or SelfReview._appeal_fallback(self)

    @api.model
    def _cron_close_unanswered(self, batch_size=200):
        """No answer N days after a round was communicated: record it on the
        round and close the complaint (7.9), in batches of complaints (their
        rows locked, customer.complaint.batch.job.mixin). Returns the number
        of complaints handled."""
        unanswered = []
        for company in self.env["res.company"].search([]):
            limit = self._answer_limit(company)
            if limit:
                unanswered.append(
                    [
                        ("company_id", "=", company.id),
                        ("current_decision_id.date_communicated", "<", limit),
                    ]
                )
        if not unanswered:
            return 0
        domain = expression.AND(
            [
                [("is_closed", "=", False), ("decision_state", "=", "communicated")],
                expression.OR(unanswered),
            ]
        )
        return self.env["customer.complaint"]._run_batch_job(
            domain,
            lambda complaints: complaints.current_decision_id._close_unanswered(),
            batch_size,
        )

    def _close_unanswered(self):
        """The rounds of self went unanswered: record it, close."""
        for company, rounds in self.grouped("company_id").items():
            unanswered = rounds._record_no_answer()
            unanswered.complaint_id._close_if_possible(
                note=self.env._(
                    "Closed automatically: no answer to the decision within "
                    "%(days)s days.",
                    days=company.complaint_answer_days,
                )
            )

    def _record_no_answer(self):
        """No answer within the delay: recorded, the complaint closes if it
        can (the scheduled job)."""
        unanswered = self.filtered(lambda d: d.state == "communicated")
        for decision in unanswered:
            decision._process_env().write(
                decision._answer_vals("no_answer", False, self.env["res.users"])
            )
        return unanswered

    def action_open_answer_wizard(self):
        self.ensure_one()
        return self._reason_dialog(
            self.env._("Record the Complainant's Answer"),
            "customer.complaint.decision.answer",
            {"default_decision_id": self.id},
        )

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    def _anonymize(self):
        """Remove the complainant's words (the contest reason) from the rounds
        and from their tracking (retention job, 8.1)."""
        if not self:
            return
        field = self.env["ir.model.fields"]._get(self._name, "contest_reason")
        messages = self.env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]
        )
        self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", messages.ids), ("field_id", "=", field.id)]
        ).unlink()
        self.with_context(tracking_disable=True)._process_env().write(
            {"contest_reason": False}
        )
