# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small organisations (ISO 10002 annex for small businesses): in single-team
mode one person runs the whole process; where the objectivity rules need a
second person and nobody else can, the round records a self-review (or an
external reviewer) with its reason instead of blocking."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import ComplaintCommon
from .common_decision import DecisionCase


@tagged("post_install", "-at_install")
class TestSingleTeamMode(ComplaintCommon, DecisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A one-person business: Sam runs the company's complaints alone.
        cls.solo = cls.env["res.company"].create({"name": "Solo Repairs"})
        cls.user_solo = new_test_user(
            cls.env,
            login="cc_solo",
            name="Sam Solo",
            email="sam@solo.example.com",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=cls.solo.id,
            company_ids=[Command.set(cls.solo.ids)],
            context={"no_reset_password": True},
        )
        cls.team_solo = cls.env["customer.complaint.team"].create(
            {
                "name": "Solo",
                "company_id": cls.solo.id,
                "user_id": cls.user_solo.id,
                "member_ids": [Command.set(cls.user_solo.ids)],
            }
        )
        cls.rule_solo = cls.env["customer.complaint.delegation"].create(
            {
                "name": "Every decision",
                "company_id": cls.solo.id,
                "approver_ids": [Command.set(cls.user_solo.ids)],
            }
        )
        cls.SelfReview = cls.env["customer.complaint.self.review"]

    def _solo_complaint(self):
        return self.env["customer.complaint"].create(
            {
                "name": "Repair took a month",
                "partner_id": self.customer.id,
                "company_id": self.solo.id,
                "team_id": self.team_solo.id,
                "user_id": self.user_solo.id,
                "severity": "1",
                "impact": "1",
            }
        )

    def _single_team(self, on=True):
        """Switched in the settings (set-up: the settings are the
        administrator's)."""
        settings = Form(self.env["res.config.settings"].with_company(self.solo))
        settings.complaint_single_team = on
        settings.save().execute()
        self.assertEqual(self.solo.complaint_single_team, on)

    def _self_review(self, decision, reason, external=False):
        SelfReview = self.SelfReview.with_user(self.user_solo).with_context(
            default_decision_id=decision.id, default_kind="approval"
        )
        with Form(SelfReview) as form:
            form.reason = reason
            if external:
                form.external_reviewer = external
        return form.record

    def test_self_review_approves_what_nobody_else_can(self):
        complaint = self._solo_complaint()
        decision = self._decide(complaint, user=self.user_solo)
        self.assertTrue(decision.approval_required)
        # The objectivity rule: Sam decided it and handles the complaint.
        with self.assertRaisesRegex(UserError, "took part in this decision"):
            decision.with_user(self.user_solo).action_approve()
        # Not in single-team mode, no self-review either: it blocks.
        with self.assertRaisesRegex(UserError, "single-team mode"):
            self._self_review(decision, "Nobody else here.")
        self._single_team()
        # The reason is required.
        with self.assertRaises(ValidationError):
            self.SelfReview.with_user(self.user_solo).create(
                {"decision_id": decision.id, "reason": "  "}
            )
        self.assertEqual(decision.state, "draft")
        review = self._self_review(decision, "We are a one-person business.")
        self.assertEqual(decision.state, "approved")
        self.assertEqual(decision.approved_by_id, self.user_solo)
        self.assertEqual(review.decision_id, decision)
        self.assertEqual(review.user_id, self.user_solo)
        self.assertEqual(review.kind, "approval")
        self.assertIn(
            "We are a one-person business.",
            decision.message_ids[:1].body,
            "told in the round's chatter",
        )
        # Kept as recorded.
        with self.assertRaises(UserError):
            review.with_user(self.user_solo).write({"reason": "Changed"})
        with self.assertRaises(UserError):
            review.with_user(self.user_solo).unlink()
        decision.with_user(self.user_solo).action_communicate()
        self.assertEqual(decision.state, "communicated")

    def test_a_changed_decision_needs_a_new_self_review(self):
        self._single_team()
        complaint = self._solo_complaint()
        decision = self._decide(complaint, user=self.user_solo)
        self._self_review(decision, "Alone.", external="Ann Adviser (chamber of trade)")
        self.assertEqual(decision.state, "approved")
        self.assertIn("Ann Adviser", decision.message_ids[:1].body)
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            self._decide(complaint, user=self.user_solo, reasons="Better reasons.")
        self.assertEqual(decision.state, "draft", "changing it voids the approval")
        with self.assertRaisesRegex(UserError, "took part in this decision"):
            decision.with_user(self.user_solo).action_approve()

    def test_self_review_refused_when_someone_independent_can_approve(self):
        self._single_team()
        other = new_test_user(
            self.env,
            login="cc_solo_partner",
            name="Pat Partner",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=self.solo.id,
            company_ids=[Command.set(self.solo.ids)],
        )
        self.rule_solo.approver_ids |= other
        complaint = self._solo_complaint()
        decision = self._decide(complaint, user=self.user_solo)
        with self.assertRaisesRegex(UserError, "Pat Partner can approve"):
            self._self_review(decision, "Quicker this way.")
        self.assertEqual(decision.state, "draft")
        self.assertFalse(self.SelfReview.search([("decision_id", "=", decision.id)]))
        decision.with_user(other).action_approve()
        self.assertEqual(decision.approved_by_id, other)

    def test_appeal_reviewed_by_the_only_person_with_the_reason_recorded(self):
        self.rule_solo.active = False
        complaint = self._solo_complaint()
        first = self._communicate(complaint, user=self.user_solo)
        self._single_team()
        first.with_user(self.user_solo).action_record_answer(
            "contested", "phone", "The repair was botched."
        )
        self.assertEqual(first.reviewer_id, self.user_solo, "nobody else to review")
        self.assertEqual(complaint.user_id, self.user_solo, "still handled")
        review = self.SelfReview.search([("decision_id", "=", first.id)])
        self.assertEqual(review.kind, "appeal")
        self.assertEqual(review.user_id, self.user_solo)
        self.assertIn("took part in an earlier round", review.reason)
        # Nobody records an appeal's self-review by hand.
        with self.assertRaises(UserError):
            self.SelfReview.with_user(self.user_solo).create(
                {"decision_id": first.id, "kind": "appeal", "reason": "Mine."}
            )
