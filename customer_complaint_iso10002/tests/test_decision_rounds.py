# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Decision rounds (ISO 10002 7.7-7.9) and their rules, each called as the
role would over JSON-RPC (with_user), the portal ones over HTTP."""

import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common_portal import ComplaintPortalCase
from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestDecisionRounds(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager_2, cls.user_deputy = (
            new_test_user(
                cls.env,
                login=login,
                name=name,
                email=f"{login}@example.com",
                groups=f"customer_complaint_iso10002.{group}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
                context={"no_reset_password": True, "mail_create_nosubscribe": True},
            )
            for login, name, group in (
                ("cc_manager_2", "Max Manager", "group_complaint_manager"),
                ("cc_deputy", "Dora Deputy", "group_complaint_user"),
            )
        )
        cls.team_a.member_ids |= cls.user_deputy
        # Only this class's approval rules (demo data has its own).
        cls.Rule = cls.env["customer.complaint.delegation"]
        cls.Rule.search(
            [("company_id", "=", cls.company.id), ("id", "!=", cls.rule_team_a.id)]
        ).active = False
        cls.Decision = cls.env["customer.complaint.decision"]

    def _complaint(self, **values):
        vals = {"severity": "1", "impact": "1", "user_id": self.user_complaint.id}
        vals.update(values)
        return self._create_complaint(**vals)

    def _severe(self):
        """High priority (3 x 2): team A's rule asks for approval."""
        return self._complaint(severity="3", impact="2", root_cause="Weak lid")

    # ------------------------------------------------------------------
    # Rounds and their history
    # ------------------------------------------------------------------

    def test_rounds_numbered_and_the_first_kept_after_an_appeal(self):
        with freeze_time(self.monday):
            complaint = self._complaint()
            # not numbered before it is saved
            draft = self.env["customer.complaint.decision"].new(
                {"complaint_id": complaint.id}
            )
            self.assertEqual(draft.display_name, f"{complaint.reference}, new decision")
            first = self._decide(complaint, user=self.user_complaint)
        self.assertEqual(first.round, 1)
        self.assertEqual(first.display_name, f"{complaint.reference}, round 1")
        self.assertEqual(complaint.current_decision_id, first)
        with freeze_time(self.monday + timedelta(days=1)):
            first.with_user(self.user_complaint).action_communicate()
        fnames = [
            "outcome",
            "reasons",
            "resolution_type",
            "decided_by_id",
            "date_decision",
            "date_communicated",
            "mail_message_id",
        ]
        kept = {fname: first[fname] for fname in fnames}
        self.assertTrue(kept["mail_message_id"], "the email sent is kept")
        before = {p["key"]: p for p in complaint._get_timeline()}["communicated"]
        self.assertEqual(before["state"], "met", "communicated on time")
        with freeze_time(self.monday + timedelta(days=2)):
            first.with_user(self.user_complaint).action_record_answer(
                "contested", "phone", "The lid broke, not the seal."
            )
        second = complaint.current_decision_id
        self.assertEqual((second.round, second.state), (2, "draft"))
        self.assertEqual(complaint.decision_ids, first | second)
        self.assertEqual(complaint.appeal_count, 1)
        reviewer = first.reviewer_id
        # Round 2, long after round 1's deadline, and its own email.
        with freeze_time(self.monday + timedelta(days=30)):
            self._decide(
                complaint,
                user=reviewer,
                outcome="partly_upheld",
                reasons="Reviewed: the lid was weak, we replace it.",
            )
            with self.mock_mail_gateway():
                second.with_user(reviewer).action_communicate()
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertIn("Following your appeal", str(mail.body_html))
        self.assertIn("we replace it", str(mail.body_html))
        self.assertNotIn("faulty seal", str(mail.body_html), "round 2, not round 1")
        self.assertEqual(second.mail_message_id, mail.mail_message_id)
        # Round 1 is as it was: decision, communication, on-time result.
        for fname, value in kept.items():
            self.assertEqual(first[fname], value, fname)
        self.assertEqual(first.state, "contested")
        self.assertEqual(first.contest_reason, "The lid broke, not the seal.")
        self.assertEqual(complaint.date_first_communicated, kept["date_communicated"])
        timeline = {p["key"]: p for p in complaint._get_timeline()}
        self.assertEqual(
            timeline["communicated"]["date_done"], kept["date_communicated"]
        )
        self.assertEqual(timeline["communicated"]["state"], before["state"])
        self.assertEqual(timeline["answered"]["date_done"], first.date_answer)
        self.assertEqual(
            timeline["communicated_2"]["date_done"], second.date_communicated
        )
        self.assertFalse(timeline["answered_2"]["date_done"])
        portal_keys = [p["key"] for p in complaint._get_timeline(portal=True)]
        self.assertIn("communicated_2", portal_keys)
        self.assertNotIn("decision_2", portal_keys, "internal decision date")
        # The record PDF: every round; the complainant's without internal data.
        record = self.env["report.customer_complaint_iso10002.report_complaint"]
        staff = record._decisions(complaint)
        self.assertEqual([decision for decision, _rows in staff], [first, second])
        self.assertIn("Decided by", [label for label, _text in staff[0][1]])
        portal = record.with_context(complaint_portal=True)._decisions(complaint)
        labels = {label for _decision, rows in portal for label, _text in rows}
        self.assertIn("Reasons", labels)
        self.assertIn("Contest Reason", labels)
        self.assertFalse(labels & {"Decided by", "Remedy Cost", "Appeal Reviewer"})

    def test_reviewer_took_no_part_in_any_earlier_round(self):
        complaint = self._severe()
        first = self._decide(complaint, user=self.user_complaint)
        # The team leader, first in line to review, approves round 1.
        first.with_user(self.user_manager).action_approve()
        first.with_user(self.user_complaint).action_communicate()
        first.sudo()._contest("Not fair.")
        reviewer = first.reviewer_id
        took_part = self.user_complaint | self.user_manager
        self.assertTrue(reviewer)
        self.assertNotIn(reviewer, took_part, "neither decided, handled nor approved")
        self.assertEqual(complaint.user_id, reviewer, "the reviewer handles round 2")
        second = self._decide(complaint, user=reviewer, reasons="Reviewed.")
        approver = ((self.user_manager | self.user_admin_cc) - reviewer)[:1]
        second.with_user(approver).action_approve()
        second.with_user(reviewer).action_communicate()
        second.sudo()._contest("Still not fair.")
        took_part |= reviewer | approver
        self.assertTrue(second.reviewer_id)
        self.assertNotIn(second.reviewer_id, took_part)
        self.assertEqual(complaint.user_id, second.reviewer_id)

    # ------------------------------------------------------------------
    # Approval (5.4)
    # ------------------------------------------------------------------

    def test_approval_under_the_delegation_rule_by_its_holder_or_deputy(self):
        refunds = self.Rule.create(
            {
                "name": "Refunds up to 500",
                "company_id": self.company.id,
                "resolution_type": "refund",
                "cost_to": 500,
                "approver_ids": [Command.set(self.user_manager.ids)],
            }
        )
        top = self.Rule.create(
            {
                "name": "Top management (test)",
                "company_id": self.company.id,
                "is_top_management": True,
                "approver_ids": [Command.set(self.user_admin_cc.ids)],
            }
        )
        credit_note = self.env["account.move"].create(
            {"move_type": "out_refund", "partner_id": self.customer.id}
        )
        complaint = self._complaint()
        decision = self._decide(
            complaint,
            user=self.user_complaint,
            resolution_type="refund",
            remedy_cost=200.0,
            credit_note_id=credit_note.id,
        )
        as_handler = decision.with_user(self.user_complaint)
        self.assertEqual(decision.delegation_id, refunds)
        self.assertTrue(decision.approval_required)
        # Above every limit: top management.
        as_handler.remedy_cost = 800.0
        self.assertEqual(decision.delegation_id, top)
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).action_approve()
        as_handler.remedy_cost = 200.0
        self.assertEqual(decision.delegation_id, refunds)
        # The approver is away: their deputy holds the authority.
        today = fields.Date.today()
        self.env["customer.complaint.deputy"].create(
            {
                "user_id": self.user_manager.id,
                "deputy_id": self.user_deputy.id,
                "date_from": today,
                "date_to": today + timedelta(days=5),
                "reason": "Holidays",
                "company_id": self.company.id,
            }
        )
        as_handler.action_request_approval()
        self.assertEqual(decision.state, "to_approve")
        self.assertIn(self.user_deputy, decision.activity_ids.user_id, "asked")
        decision.with_user(self.user_deputy).action_approve()
        self.assertEqual(decision.state, "approved")
        self.assertEqual(decision.approved_by_id, self.user_deputy)
        self.assertEqual(decision.authority_id, self.user_manager, "whose authority")
        self.assertEqual(decision.delegation_id, refunds)
        self.assertFalse(decision.activity_ids, "the request is done")
        as_handler.action_communicate()
        self.assertEqual(decision.state, "communicated")

    def test_handler_cannot_pass_the_approval_gate_by_writing(self):
        complaint = self._severe()
        decision = self._decide(complaint, user=self.user_complaint)
        as_handler = decision.with_user(self.user_complaint)
        for vals in (
            {"approved_by_id": self.user_manager.id},
            {"approved_by_id": self.user_complaint.id},
            {"authority_id": self.user_manager.id},
            {"date_approved": "2026-01-05 10:00:00"},
            {"state": "approved"},
            {"approval_required": False},
            {"delegation_id": False},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError):
                    as_handler.write(vals)
                # a context key sent over JSON-RPC does not open the door
                with self.assertRaises(AccessError):
                    as_handler.with_context(complaint_process=True).write(vals)
        # Their own id, while handing the complaint to a colleague, in one go.
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_complaint).write(
                {
                    "user_id": self.user_deputy.id,
                    "decision_ids": [
                        Command.update(
                            decision.id, {"approved_by_id": self.user_complaint.id}
                        )
                    ],
                }
            )
        with self.assertRaises(AccessError):
            self.Decision.with_user(self.user_complaint).create(
                {
                    "complaint_id": self._severe().id,
                    "outcome": "upheld",
                    "reasons": "Approved, says I.",
                    "approved_by_id": self.user_manager.id,
                }
            )
        with self.assertRaises(UserError):
            as_handler.action_communicate()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.approved_by_id)
        self.assertFalse(decision.date_communicated)

    def test_manager_cannot_approve_a_round_they_decided(self):
        complaint = self._severe()
        decision = self._decide(complaint, user=self.user_manager)
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).action_approve()
        self.assertFalse(decision.approved_by_id)
        # Rewording someone else's decision makes it theirs too.
        other = self._decide(self._severe(), user=self.user_complaint)
        other.with_user(self.user_manager).reasons = "Reworded by the manager."
        self.assertEqual(other.decided_by_id, self.user_manager)
        with self.assertRaises(UserError):
            other.with_user(self.user_manager).action_approve()
        other.with_user(self.user_admin_cc).action_approve()
        self.assertEqual(other.approved_by_id, self.user_admin_cc)
        # Handed to its approver, a round is approved again by someone else.
        other.complaint_id.with_user(self.user_manager).user_id = self.user_admin_cc
        self.assertEqual(other.state, "draft")
        self.assertFalse(other.approved_by_id)

    def test_user_cannot_skip_approval(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        complaint = Complaint.create(
            {
                "name": "Exploding kettle",
                "partner_id": self.customer.id,
                "team_id": self.team_a.id,
                # assessed and handled: a round may be opened (the handler
                # is no approver)
                "user_id": self.user_complaint.id,
                "severity": "3",
                "impact": "2",
                "root_cause": "Weak lid",
                "priority": "0",
            }
        )
        self.assertEqual(complaint.priority, "2", "the assessment's, not theirs")
        Decision = self.Decision.with_user(self.user_complaint)
        values = {
            "complaint_id": complaint.id,
            "outcome": "upheld",
            "reasons": "Faulty lid.",
            "resolution_type": "replacement",
        }
        for extra in ({"approval_required": False}, {"state": "approved"}):
            with self.subTest(extra=extra), self.assertRaises(AccessError):
                Decision.create(dict(values, **extra))
        decision = Decision.create(values)
        self.assertTrue(decision.approval_required)
        with self.assertRaises(UserError):
            decision.action_communicate()
        decision.action_request_approval()
        with self.assertRaises(UserError, msg="asked, not approved"):
            decision.action_communicate()
        with self.assertRaises(UserError, msg="the decider"):
            decision.action_approve()
        # Approved, then changed by the User: approved again before it goes.
        decision.with_user(self.user_manager).action_approve()
        decision.write({"remedy_cost": 400.0})
        self.assertEqual(decision.state, "draft")
        with self.assertRaises(UserError):
            decision.action_communicate()
        self.assertFalse(decision.date_communicated)
        # Nor does a second round dodge it: later rounds open on an appeal.
        with self.assertRaises(UserError):
            Decision.create(dict(values, reasons="Again."))

    # ------------------------------------------------------------------
    # A communicated round, the answer, closing
    # ------------------------------------------------------------------

    def test_communicated_round_is_never_changed(self):
        complaint = self._complaint()
        decision = self._communicate(complaint, user=self.user_complaint)
        for user in (self.user_complaint, self.user_manager):
            for vals in (
                {"reasons": "Rewritten"},
                {"outcome": "not_upheld"},
                {"remedy_cost": 10.0},
                {"replacement_order_id": False},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError):
                        decision.with_user(user).write(vals)
            with self.assertRaises(UserError):
                decision.with_user(user).unlink()
        with self.assertRaises(UserError, msg="not even as superuser"):
            decision.sudo().write({"reasons": "Rewritten"})
        # Contested, it stays part of the record; so does the appeal's round.
        decision.sudo()._contest("Not fair.")
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).write({"reasons": "Rewritten"})
        with self.assertRaises(UserError):
            complaint.current_decision_id.with_user(self.user_manager).unlink()
        self.assertEqual(decision.reasons, "The kettle had a faulty seal.")
        self.assertEqual(complaint.appeal_count, 1)

    def test_answer_given_by_phone_is_recorded_with_its_channel(self):
        complaint = self._complaint()
        decision = self._communicate(complaint, user=self.user_complaint)
        self.flush_tracking()
        as_handler = decision.with_user(self.user_complaint)
        for answer, channel in (
            ("accepted", "portal"),
            ("accepted", "carrier pigeon"),
            ("no_answer", "phone"),
        ):
            with self.subTest(answer=answer, channel=channel):
                with self.assertRaises(UserError):
                    as_handler.action_record_answer(answer, channel)
        with self.assertRaises(AccessError):
            as_handler.write({"answer": "accepted", "answer_channel": "phone"})
        with self.assertRaises(AccessError):
            decision.with_user(self.user_auditor).action_record_answer(
                "accepted", "phone"
            )
        as_handler.action_record_answer("accepted", "phone")
        self.flush_tracking()
        tracked = {
            value.field_id.name: value
            for value in decision.message_ids.tracking_value_ids
        }
        self.assertEqual(tracked["answer"].new_value_char, "Accepted")
        self.assertEqual(tracked["answer_channel"].new_value_char, "Phone")
        self.assertEqual(
            tracked["answer_recorded_by_id"].new_value_integer, self.user_complaint.id
        )
        self.assertEqual(
            tracked["answer_channel"].mail_message_id.author_id,
            self.user_complaint.partner_id,
        )
        self.assertTrue(complaint.is_closed)

    def test_staff_cannot_close_before_the_answer_or_the_delay(self):
        self.company.complaint_answer_days = 14
        with freeze_time(self.monday):
            complaint = self._complaint()
            decision = self._communicate(complaint, user=self.user_complaint)
        with freeze_time(self.monday + timedelta(days=3)):
            with self.assertRaises(ValidationError):
                complaint.with_user(self.user_manager).write(
                    {"stage_id": self.stage_closed.id}
                )
            with self.assertRaises(UserError):
                decision.with_user(self.user_complaint).action_record_answer(
                    "no_answer", "phone"
                )
        self.assertFalse(complaint.is_closed)
        with freeze_time(self.monday + timedelta(days=15)):
            complaint.with_user(self.user_complaint).write(
                {"stage_id": self.stage_closed.id}
            )
        self.assertTrue(complaint.is_closed)
        self.assertEqual(decision.state, "no_answer")

    def test_ratings_only_from_the_complainants_rating(self):
        complaint = self._complaint()
        self._accepted(complaint)
        self.assertTrue(complaint.is_closed)
        for user in (self.user_complaint, self.user_manager):
            for vals in (
                {"handling_rating_overall": 5},
                {"handling_rating_comment": "Great"},
                {"date_handling_rated": "2026-01-05 10:00:00"},
                {"date_rating_requested": False},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(AccessError):
                        complaint.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self._create_complaint(
                env=self.env(user=self.user_complaint), handling_rating_overall=5
            )
        self.assertFalse(complaint.handling_rating_overall)
        # The complainant's rating (the portal route calls it, see test_portal).
        ratings = {"speed": 4, "clarity": 5, "fairness": 3, "overall": 4}
        with self.assertRaises(UserError):
            complaint.sudo()._rate_handling(dict(ratings, overall=9))
        complaint.sudo()._rate_handling(ratings, " Quick ")
        self.assertEqual(complaint.handling_rating_overall, 4)
        self.assertEqual(complaint.handling_rating_comment, "Quick")
        with self.assertRaises(UserError, msg="once"):
            complaint.sudo()._rate_handling(dict(ratings, overall=1))
        self.assertEqual(complaint.handling_rating_overall, 4)

    def test_rounds_follow_the_complaints_record_rules(self):
        hidden = self._complaint(
            team_id=self.team_b.id,
            user_id=self.user_complaint_b.id,
            confidential=True,
        )
        decision = self._decide(hidden, user=self.user_complaint_b)
        Decision = self.Decision.with_user(self.user_complaint)
        self.assertFalse(Decision.search([("complaint_id", "=", hidden.id)]))
        with self.assertRaises(AccessError):
            decision.with_user(self.user_complaint).read(["reasons"])
        with self.assertRaises(AccessError):
            decision.with_user(self.user_complaint).write({"reasons": "Mine now"})
        # Managers and auditors read every round.
        for user in (self.user_manager, self.user_auditor):
            self.assertEqual(
                self.Decision.with_user(user).search(
                    [("complaint_id", "=", hidden.id)]
                ),
                decision,
            )

    def test_retention_removes_the_contest_reason(self):
        complaint = self._complaint()
        decision = self._communicate(complaint, user=self.user_complaint)
        decision.with_user(self.user_complaint).action_record_answer(
            "contested", "phone", "My neighbour Jane Doe saw it break."
        )
        self.flush_tracking()
        complaint._anonymize()
        self.assertFalse(decision.contest_reason)
        self.assertFalse(
            decision.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "contest_reason"
            )
        )
        self.assertNotIn(
            "Jane Doe",
            str(decision.message_ids.tracking_value_ids.mapped("new_value_text")),
        )
        self.assertEqual(decision.state, "contested", "the round itself stays")

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def test_kpis_count_rounds(self):
        with freeze_time(self.monday):
            appealed = self._complaint()
            first = self._communicate(appealed, user=self.user_complaint)
            first.sudo()._contest("Not fair.")
            second = self._communicate(
                appealed,
                user=first.reviewer_id,
                outcome="partly_upheld",
                reasons="Reviewed.",
                remedy_cost=30.0,
            )
            second.sudo()._accept()
            other = self._complaint()
            third = self._communicate(
                other,
                user=self.user_complaint,
                outcome="not_upheld",
                reasons="No fault found.",
                resolution_type="explanation",
            )
            third.sudo()._accept()
        day = self.monday.date()
        Kpi = self.env["customer.complaint.kpi"].with_user(self.user_manager)
        mix = Kpi.kpi_outcome_mix(day, day, self.company)
        for outcome in ("upheld", "partly_upheld", "not_upheld"):
            self.assertAlmostEqual(mix[outcome], 1 / 3, msg=outcome)
        self.assertAlmostEqual(mix["acceptance"], 2 / 3, "2 of 3 rounds sent")
        self.assertAlmostEqual(Kpi.kpi_appeal_rate(day, day, self.company), 1 / 3)
        cost = Kpi.kpi_cost(day, day, self.company)
        self.assertAlmostEqual(cost["total"], 30.0)
        self.assertAlmostEqual(cost["per_complaint"], 15.0)
        self.assertEqual(
            Kpi.kpi_time_to_decision(day, day, self.company)["n"],
            2,
            "the time to decision is the first round's",
        )
        self.assertEqual(appealed.date_first_decision, first.date_decision)

    def test_register_lists_every_round(self):
        complaint = self._complaint()
        first = self._communicate(complaint, user=self.user_complaint)
        first.sudo()._contest("Not fair.")
        output = io.BytesIO()
        self.env["customer.complaint.register"].with_user(
            self.user_auditor
        ).with_context(tz="UTC")._write_register(output, [("id", "=", complaint.id)])
        book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        sheet = book["Decisions"]
        header = [cell.value for cell in sheet[1]]
        col = {name: index for index, name in enumerate(header)}
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        self.assertEqual([row[col["Round"]] for row in rows], [1, 2])
        self.assertEqual(rows[0][col["Status"]], "Contested")
        self.assertEqual(rows[0][col["Contest Reason"]], "Not fair.")
        self.assertEqual(rows[0][col["Decided by"]], self.user_complaint.name)
        self.assertEqual(rows[1][col["Status"]], "Draft")
        register = book["Register"]
        header = [cell.value for cell in register[1]]
        self.assertEqual(register.cell(2, header.index("Appeals") + 1).value, 1)


@tagged("post_install", "-at_install")
class TestDecisionRoundsPortal(ComplaintPortalCase):
    def test_complainant_answers_each_round_through_the_portal(self):
        self.complaint.write({"severity": "1", "impact": "1"})
        first = self._communicate_decision(self.complaint)
        self.authenticate("portal", "portal")
        url = f"/my/complaints/{self.complaint.id}"
        response = self._post(f"{url}/contest", {"reason": "The lid broke."})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(first.state, "contested")
        self.assertEqual(first.answer_channel, "portal")
        self.assertFalse(first.answer_recorded_by_id)
        second = self.complaint.current_decision_id
        self.assertEqual((second.round, second.state), (2, "draft"))
        # Nothing to answer until the appeal's decision is communicated.
        self.assertEqual(self._post(f"{url}/accept").status_code, 400)
        self._communicate(
            self.complaint, outcome="partly_upheld", reasons="We replace the lid."
        )
        page = self.url_open(url)
        self.assertIn("o_complaint_decision_round_1", page.text)
        self.assertIn("o_complaint_decision_round_2", page.text)
        self.assertIn("The kettle was faulty", page.text, "round 1 still shown")
        self.assertIn("We replace the lid.", page.text)
        self.assertEqual(
            page.text.count("o_complaint_accept_form"), 1, "on the current round"
        )
        response = self._post(f"{url}/accept")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(second.answer, "accepted")
        self.assertEqual(first.answer, "contested", "round 1 keeps its answer")
        self.assertTrue(self.complaint.is_closed)
