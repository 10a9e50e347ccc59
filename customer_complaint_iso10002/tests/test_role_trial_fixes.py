# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a trial of the addon as each role found, fixed in the model: called
as the role would over JSON-RPC (with_user) or through the form."""

from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestRoleTrialFixes(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Decision = cls.env["customer.complaint.decision"]

    # ------------------------------------------------------------------
    # 1. No decision round before the assessment and a handler
    # ------------------------------------------------------------------

    def test_no_round_on_a_new_complaint(self):
        complaint = self._create_complaint()  # New, unassigned, not assessed
        Decision = self.Decision.with_user(self.user_complaint)
        vals = {"complaint_id": complaint.id, "outcome": "not_upheld", "reasons": "no"}
        with self.assertRaisesRegex(UserError, "cannot be decided yet"):
            Decision.create([vals])
        with self.assertRaisesRegex(UserError, "cannot be decided yet"):
            complaint.with_user(self.user_complaint).action_open_decision()
        # A handler is not enough...
        complaint.with_user(self.user_complaint).action_assign_to_me()
        with self.assertRaisesRegex(UserError, complaint.reference):
            Decision.create([vals])
        self.assertFalse(complaint.decision_ids, "no empty round was saved")
        # ...the assessment opens the decision.
        complaint.with_user(self.user_complaint).write({"severity": "1", "impact": "1"})
        action = complaint.with_user(self.user_complaint).action_open_decision()
        self.assertFalse(action.get("res_id"), "a new round to record")
        decision = Decision.create([vals])
        self.assertEqual(decision.round, 1)

    def test_assessed_but_unassigned_complaint_is_not_decided(self):
        complaint = self._create_complaint(severity="2", impact="2")
        with self.assertRaisesRegex(UserError, "assign it a handler"):
            self.Decision.with_user(self.user_complaint).create(
                {"complaint_id": complaint.id, "outcome": "upheld", "reasons": "ok"}
            )

    def test_decision_button_hidden_until_decidable(self):
        view = self.env.ref("customer_complaint_iso10002.customer_complaint_view_form")
        arch = etree.fromstring(view.arch)
        [button] = arch.xpath(
            "//header/button[@name='action_open_decision'][@string='Decision']"
        )
        invisible = button.get("invisible")
        for condition in ("not id", "not user_id", "not severity", "not impact"):
            self.assertIn(condition, invisible)
        [banner] = arch.xpath("//div[contains(., 'Recurring complaint')]")
        self.assertIn("is_closed", banner.get("invisible"))

    # ------------------------------------------------------------------
    # 5. A new round's form searches nothing with a NewId
    # ------------------------------------------------------------------

    def test_new_round_form_logs_no_newid_search(self):
        complaint = self._create_complaint(
            severity="3", impact="2", user_id=self.user_complaint.id
        )
        Decision = self.Decision.with_user(self.user_manager).with_context(
            default_complaint_id=complaint.id
        )
        with self.assertNoLogs("odoo.models", "WARNING"):
            form = Form(Decision)
            form.outcome = "upheld"
            form.reasons = "The seal was faulty."
            form.resolution_type = "replacement"
        self.assertTrue(form.approval_required, "team A's rule applies")
        # The handler never approves; the manager may (computed on the new
        # record without a search).
        self.assertTrue(form.can_approve)

    # ------------------------------------------------------------------
    # 2. A portal user reads their complaint without the handling data: see
    #    test_portal_fields.py (an allowlist of the fields of the complaint,
    #    its stage and category, and the policy)
    # ------------------------------------------------------------------
    # 3. A complaint with no open phase says how its phases ended
    # ------------------------------------------------------------------

    def test_closed_late_complaint_is_not_on_time(self):
        with freeze_time(self.monday):
            complaint = self._create_complaint(
                severity="1", impact="1", user_id=self.user_complaint.id
            )
        self.assertEqual(complaint.deadline_state, "on_time")
        # Decided, communicated and closed three weeks later: every phase
        # met, some past their deadline.
        with freeze_time(self.monday + timedelta(days=21)):
            self._accepted(complaint)
            complaint.phase_ids.invalidate_recordset(["state"])
            self.assertTrue(complaint.is_closed)
            self.assertFalse(
                complaint.phase_ids.filtered(
                    lambda p: p.state in ("pending", "at_risk", "breached")
                )
            )
            self.assertEqual(complaint.deadline_state, "met_late")
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        late = Complaint.search([("deadline_state", "=", "met_late")])
        self.assertIn(complaint, late)
        on_time = Complaint.search([("deadline_state", "=", "on_time")])
        self.assertNotIn(complaint, on_time)

    def test_closed_in_time_complaint_is_met(self):
        with freeze_time(self.monday):
            complaint = self._create_complaint(
                severity="1", impact="1", user_id=self.user_complaint.id
            )
            self._accepted(complaint)
            self.assertTrue(complaint.is_closed)
            self.assertEqual(complaint.deadline_state, "met")

    # ------------------------------------------------------------------
    # 4. Each kind of process field refused in its own words
    # ------------------------------------------------------------------

    def test_process_fields_refused_in_their_own_words(self):
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        as_user = complaint.with_user(self.user_complaint)
        with self.assertRaises(AccessError) as caught:
            as_user.write({"date_closed": "2026-01-05 10:00:00"})
        self.assertIn("Set by the handling process only", str(caught.exception))
        self.assertIn("Closed on", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            as_user.write({"reopen_count": 3})
        message = str(caught.exception)
        self.assertIn("Counted by the handling process", message)
        self.assertIn("Reopened", message)
        self.assertNotIn("who did what", message)
        with self.assertRaises(AccessError) as caught:
            as_user.write({"handling_rating_speed": 5, "reopen_count": 1})
        message = str(caught.exception)
        self.assertIn("Given by the complainant only", message)
        self.assertIn("Speed Rating", message)
        self.assertIn("Counted by the handling process", message)
        self.assertFalse(complaint.handling_rating_speed, "nothing written")
        self.assertFalse(complaint.reopen_count)

    # ------------------------------------------------------------------
    # 5. What the ORM computes is written by nobody; defaults are accepted
    # ------------------------------------------------------------------

    def test_computed_fields_refused_over_rpc(self):
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        as_user = complaint.with_user(self.user_complaint)
        for vals in (
            {"is_closed": True},
            {"decision_outcome": "not_upheld"},
            {"deadline_state": "met_late"},
            {"date_response_due": "2030-01-01 00:00:00"},
            {"work_hours_to_ack": 7.0},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_user.write(vals)
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.decision_outcome)
        self.assertNotEqual(complaint.deadline_state, "met_late")
        # a manager neither: the closing is the closing stage's, with its checks
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_manager).write({"is_closed": True})

    def test_new_review_form_sends_its_default_state(self):
        # The form shows the draft state (statusbar) and sends it on save.
        today = fields.Date.today()
        with Form(
            self.env["customer.complaint.review"].with_user(self.user_manager)
        ) as form:
            form.name = "Quarterly review"
            form.date_from = today - timedelta(days=90)
            form.date_to = today
        review = form.record
        self.assertEqual(review.state, "draft")
        Review = self.env["customer.complaint.review"].with_user(self.user_manager)
        with self.assertRaises(AccessError):
            Review.create(
                {
                    "name": "Confirmed at once",
                    "date_from": today - timedelta(days=90),
                    "date_to": today,
                    "state": "confirmed",
                }
            )
