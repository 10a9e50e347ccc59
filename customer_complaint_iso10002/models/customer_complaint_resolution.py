# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Decision rounds, closing and external referral of a complaint, seen from
the complaint (ISO 10002 7.7-7.9): what the views, filters and figures read of
its rounds (customer_complaint_decision.py), what closing it requires, and its
referral to an external dispute-resolution body. Inherited by the complaint."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_complaint_constants import INTERNAL


class CustomerComplaintResolution(models.AbstractModel):
    _name = "customer.complaint.resolution"
    _description = "Decision rounds and closing of a complaint"

    # The first decision and one per appeal (or per reopening decided again),
    # each a customer.complaint.decision; what is read of them is stored here.
    decision_ids = fields.One2many(
        comodel_name="customer.complaint.decision",
        inverse_name="complaint_id",
        string="Decisions",
        groups=INTERNAL,
    )
    current_decision_id = fields.Many2one(
        comodel_name="customer.complaint.decision",
        compute="_compute_decision_rounds",
        store=True,
        index="btree_not_null",
        groups=INTERNAL,
    )
    decision_outcome = fields.Selection(
        related="current_decision_id.outcome",
        string="Decision",
        store=True,
        groups=INTERNAL,
    )
    decision_state = fields.Selection(
        related="current_decision_id.state",
        string="Decision Status",
        store=True,
        groups=INTERNAL,
    )
    date_first_decision = fields.Datetime(
        string="First Decided on",
        compute="_compute_decision_rounds",
        store=True,
        index=True,
        groups=INTERNAL,
    )
    date_first_communicated = fields.Datetime(
        string="First Decision Communicated on",
        compute="_compute_decision_rounds",
        store=True,
        index=True,
        help="When the complainant got the first decision: the response they "
        "were promised.",
    )
    appeal_count = fields.Integer(
        string="Appeals", compute="_compute_decision_rounds", store=True
    )

    # External referral (7.9, ISO 10003)
    adr_date_referred = fields.Date(string="Referred to ADR on", copy=False)
    adr_reference = fields.Char(string="ADR Reference", copy=False)
    adr_outcome = fields.Text(string="ADR Outcome", copy=False)
    adr_date_outcome = fields.Date(string="ADR Outcome on", copy=False)

    @api.depends(
        "decision_ids.round",
        "decision_ids.date_decision",
        "decision_ids.date_communicated",
        "decision_ids.answer",
    )
    def _compute_decision_rounds(self):
        for complaint in self:
            rounds = complaint.decision_ids.sorted("round")
            complaint.current_decision_id = rounds[-1:]
            # Rounds opened by a contest: not those of a reopened complaint.
            complaint.appeal_count = len(
                rounds.filtered(lambda d: d.answer == "contested")
            )
            # The time to decision and the response promised: the first round.
            complaint.date_first_decision = rounds[:1].date_decision
            complaint.date_first_communicated = rounds[:1].date_communicated

    def action_open_decision(self):
        """The current decision round, or a new one to record (the first, or
        the next of a complaint reopened after its round was answered)."""
        self.ensure_one()
        if not self.current_decision_id:
            self._check_decidable()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Decision"),
            "res_model": "customer.complaint.decision",
            "view_mode": "form",
            "context": {"default_complaint_id": self.id},
        }
        if self.current_decision_id and not self._may_decide_again():
            action["res_id"] = self.current_decision_id.id
        return action

    def _check_decidable(self):
        """A decision round is opened on an assessed complaint with a handler
        only (7.5 before 7.7): the assessment gate is _not_assessed's."""
        undecidable = self._not_assessed() | self.filtered(lambda c: not c.user_id)
        if undecidable:
            raise UserError(
                self.env._(
                    "%(refs)s cannot be decided yet: record its initial "
                    "assessment (severity and impact) and assign it a handler "
                    "first.",
                    refs=", ".join(undecidable.mapped("reference")),
                )
            )

    def _may_decide_again(self):
        """A reopened complaint whose last round was answered (accepted or
        left unanswered) gets a new round: the reopening's decision."""
        self.ensure_one()
        return not self.is_closed and self.current_decision_id.state in (
            "accepted",
            "no_answer",
        )

    def _portal_decisions(self):
        """The rounds the complainant was told, first to last."""
        self.ensure_one()
        return self.decision_ids.filtered("date_communicated").sorted("round")

    def _portal_decision_communicated(self):
        self.ensure_one()
        return bool(self._portal_decisions())

    def _portal_can_answer_decision(self):
        """Whether the complainant may still accept or contest the decision."""
        self.ensure_one()
        return not self.is_closed and self.current_decision_id.state == "communicated"

    # ------------------------------------------------------------------
    # Closing (7.9)
    # ------------------------------------------------------------------

    @api.constrains("stage_id", "action_ids")
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
        if self._not_assessed():
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed without its initial "
                    "assessment.",
                    ref=self.reference,
                )
            )
        decision = self.current_decision_id
        if decision.state not in ("communicated", "accepted", "no_answer"):
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed without a decision "
                    "communicated to the complainant.",
                    ref=self.reference,
                )
            )
        elif decision.state == "communicated" and not decision._answer_overdue():
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed before the complainant "
                    "answers the decision (or lets the delay to answer, %(days)s "
                    "days in the settings, pass).",
                    ref=self.reference,
                    days=self.company_id.complaint_answer_days,
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

    def _close_if_possible(self, note=None):
        """Close the complaints of self that may be (the answer given, or
        its delay passed); say in the chatter of the others why not."""
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
            complaint.write({"stage_id": complaint._stage_of_step("closed").id})
            if note:
                complaint.message_post(body=note, subtype_xmlid="mail.mt_note")
