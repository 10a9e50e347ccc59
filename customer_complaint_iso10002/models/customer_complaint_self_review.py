# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Self-reviews of small organisations (ISO 10002 annex for small
businesses, objectivity 4.7).

In single-team mode (a company setting) one person may run the whole process.
Where the objectivity rules need a second person and nobody else can step in,
the process does not block: the round records who reviewed their own work, or
which external reviewer did, and why. Approving a decision one decided or
handles takes such a record, given by its author; an appeal nobody
independent can review goes back to the handler with one recorded by the
process. Every record stays as written: it is the evidence of the exception.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_complaint_constants import HANDLER_GROUP

KINDS = [
    ("approval", "Approval of the decision"),
    ("appeal", "Review of the appeal"),
]


class CustomerComplaintSelfReview(models.Model):
    _name = "customer.complaint.self.review"
    _description = "Complaint Self-Review (Single-Team Mode)"
    # Read and written by whoever reads and writes its complaint.
    _inherit = ["customer.complaint.process.mixin", "customer.complaint.part.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    decision_id = fields.Many2one(
        comodel_name="customer.complaint.decision",
        string="Round",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    complaint_id = fields.Many2one(
        comodel_name="customer.complaint",
        related="decision_id.complaint_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="decision_id.company_id",
        store=True,
        index=True,
    )
    kind = fields.Selection(selection=KINDS, required=True, default="approval")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewed by",
        readonly=True,
        default=lambda self: self.env.user,
        help="Who reviewed work they took part in.",
    )
    external_reviewer = fields.Char(
        help="The reviewer from outside the organisation (an adviser, an "
        "ombudsman, a peer company) who reviewed it, if any.",
    )
    reason = fields.Text(
        required=True,
        help="Why nobody independent could review it.",
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)

    @api.constrains("reason")
    def _check_reason(self):
        for review in self:
            if not (review.reason or "").strip():
                raise ValidationError(
                    self.env._("State why the review could not be independent.")
                )

    # ------------------------------------------------------------------
    # Recorded once, never changed
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        Decision = self.env["customer.complaint.decision"]
        for vals in vals_list:
            if vals.get("kind", "approval") != "approval" and not self._is_process():
                raise UserError(
                    self.env._(
                        "The review of an appeal is recorded by the process "
                        "when the decision is contested."
                    )
                )
            if not self._is_process():
                # Who and when: the author, now.
                vals.update(user_id=self.env.uid, date=now)
                self._check_approval_allowed(Decision.browse(vals.get("decision_id")))
        reviews = super().create(vals_list)
        for review in reviews.filtered(lambda r: r.kind == "approval"):
            # The approval itself, under the rule as usual: the record just
            # created lifts the objectivity rule for its author
            # (_self_reviewers).
            review.decision_id.action_approve()
            review.decision_id.message_post(
                body=review._summary(), subtype_xmlid="mail.mt_note"
            )
        return reviews

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A self-review is part of the complaint record and never "
                    "changes."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_record(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A self-review is part of the complaint record and cannot "
                    "be deleted."
                )
            )

    def _summary(self):
        self.ensure_one()
        if self.external_reviewer:
            return self.env._(
                "Single-team mode: %(kind)s reviewed by %(external)s (external "
                "reviewer), recorded by %(user)s. Reason: %(reason)s",
                kind=dict(KINDS)[self.kind],
                external=self.external_reviewer,
                user=self.user_id.name,
                reason=self.reason,
            )
        return self.env._(
            "Single-team mode: %(kind)s self-reviewed by %(user)s. Reason: "
            "%(reason)s",
            kind=dict(KINDS)[self.kind],
            user=self.user_id.name,
            reason=self.reason,
        )

    @api.model
    def _check_approval_allowed(self, decision):
        """A self-review approves a round only in single-team mode, by
        someone who holds the authority of its rule and whom only the
        objectivity rule stops, when nobody else holding it could approve."""
        decision = decision.exists()
        if not decision:
            raise UserError(self.env._("Choose the decision round to review."))
        decision.check_access("write")
        if not decision.company_id.complaint_single_team:
            raise UserError(
                self.env._(
                    "Self-reviews are for single-team mode (Settings, "
                    "Complaints): the decision on %(ref)s is approved by "
                    "someone who took no part in it.",
                    ref=decision.complaint_id.reference,
                )
            )
        if decision.state not in ("draft", "to_approve"):
            raise UserError(
                self.env._(
                    "%(round)s is not waiting for an approval.",
                    round=decision.display_name,
                )
            )
        rule = self.env["customer.complaint.delegation"]._approval_rule_for(decision)
        if not rule:
            raise UserError(
                self.env._(
                    "The decision on %(ref)s needs no approval: communicate it.",
                    ref=decision.complaint_id.reference,
                )
            )
        user = self.env.user
        excluded = decision._approval_excluded_users()
        holders = rule._authority_holders()
        if user not in holders:
            raise UserError(
                self.env._(
                    "%(user)s does not hold the authority to approve under "
                    "%(rule)s: %(approvers)s do.",
                    user=user.name,
                    rule=rule.name,
                    approvers=", ".join(rule.approver_ids.mapped("name")),
                )
            )
        if user not in excluded:
            raise UserError(
                self.env._(
                    "%(user)s took no part in the decision: approve it directly, "
                    "no self-review is needed.",
                    user=user.name,
                )
            )
        independent = holders - excluded
        if independent:
            raise UserError(
                self.env._(
                    "%(people)s can approve the decision on %(ref)s "
                    "independently: ask them. A self-review is recorded only "
                    "when nobody else can.",
                    people=", ".join(independent.mapped("name")),
                    ref=decision.complaint_id.reference,
                )
            )

    # ------------------------------------------------------------------
    # Hooks of the objectivity rules (customer.complaint.decision)
    # ------------------------------------------------------------------

    @api.model
    def _self_reviewers(self, decision):
        """The users the approval rule of ``decision`` does not exclude: the
        authors of a self-review of its current decision (recorded since it
        was last decided)."""
        # sudo: the self-reviews of a round the caller reads; only their
        # authors are returned.
        reviews = (
            self.sudo()
            .search([("decision_id", "=", decision.id), ("kind", "=", "approval")])
            .filtered(
                lambda r: not decision.date_decision or r.date >= decision.date_decision
            )
        )
        return reviews.user_id.with_env(self.env)

    @api.model
    def _appeal_fallback(self, decision):
        """The reviewer of an appeal against ``decision`` when nobody who
        took no part in the earlier rounds can review it: in single-team
        mode, the complaint's handler (else whoever decided the round), with
        the self-review recorded on the round; otherwise nobody."""
        complaint = decision.complaint_id
        if not complaint.company_id.complaint_single_team:
            return self.env["res.users"]
        reviewer = (complaint.user_id | decision.decided_by_id).filtered(
            lambda u: u.active and u._has_group(HANDLER_GROUP)
        )[:1]
        if reviewer:
            self._process_env().sudo().create(
                {
                    "decision_id": decision.id,
                    "kind": "appeal",
                    "user_id": reviewer.id,
                    "date": fields.Datetime.now(),
                    "reason": self.env._(
                        "Single-team mode: everyone who could review the "
                        "appeal took part in an earlier round."
                    ),
                }
            )
        return reviewer
