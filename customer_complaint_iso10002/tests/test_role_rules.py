# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules of the process held by the model, called as each role would over
JSON-RPC (with_user), not only through the form."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_portal import ComplaintPortalCase
from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestRoleRules(ProcessCommon):
    def test_user_saves_new_complaint_from_form(self):
        # The form sends the priority it shows: a user's save must not fail.
        form = Form(self.env["customer.complaint"].with_user(self.user_complaint))
        form.name = "Scratched table"
        form.partner_id = self.customer
        form.team_id = self.team_a
        form.severity = "3"
        form.impact = "3"
        complaint = form.save()
        self.assertEqual(complaint.priority, "2", "3 x 3 = 9: high")
        self.assertEqual(complaint.assessed_by_id, self.user_complaint)
        self.assertTrue(complaint.date_acknowledged)

    def test_user_gets_computed_priority_whatever_they_send(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        complaint = self._create_complaint(
            env=Complaint.env, priority="3", severity="1", impact="2"
        )
        self.assertEqual(complaint.priority, "0")
        with self.assertRaisesRegex(UserError, "only a complaint manager"):
            complaint.write({"priority": "3", "priority_override_reason": "me"})
        self.assertEqual(complaint.priority, "0")
        self.assertFalse(complaint.priority_override_by_id)
        complaint.write({"priority": "0"})  # the value it has: no error
        complaint.write({"impact": "4"})
        self.assertEqual(complaint.priority, "1", "1 x 4 = 4: medium")

    def test_manager_override_is_recorded_and_kept(self):
        complaint = self._create_complaint(severity="1", impact="1")
        self.flush_tracking()
        as_manager = complaint.with_user(self.user_manager)
        as_manager.write({"priority": "3", "priority_override_reason": "Press"})
        self.flush_tracking()
        self.assertEqual(complaint.priority, "3")
        self.assertEqual(complaint.priority_override_by_id, self.user_manager)
        self.assertTrue(complaint.date_priority_override)
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "priority"
        )
        self.assertTrue(tracked, "the override is tracked")
        # A later assessment change keeps the manager's priority...
        complaint.with_user(self.user_complaint).write({"impact": "2"})
        self.assertEqual(complaint.priority, "3")
        # ...until a manager gives the assessment's back.
        as_manager.write({"priority": "0"})
        self.assertFalse(complaint.priority_override_by_id)
        self.assertFalse(complaint.priority_override_reason)
        complaint.with_user(self.user_complaint).write({"impact": "4"})
        self.assertEqual(complaint.priority, "1")

    def test_manager_override_at_creation_needs_a_reason(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "Say why"):
            self._create_complaint(env=Complaint.env, priority="2")
        complaint = self._create_complaint(
            env=Complaint.env, priority="2", priority_override_reason="VIP"
        )
        self.assertEqual(complaint.priority, "2")
        self.assertEqual(complaint.priority_override_by_id, self.user_manager)

    def test_stamps_only_from_the_process(self):
        complaint = self._create_complaint()
        for user in (self.user_complaint, self.user_manager):
            # (the decision's stamps: see test_decision_rounds)
            for field, value in (
                ("assessed_by_id", user.id),
                ("date_assessed", "2026-01-01 10:00:00"),
                ("date_closed", "2026-01-01 10:00:00"),
                ("closed_by_id", user.id),
                ("date_acknowledged", False),
                ("priority_override_by_id", user.id),
                ("reopen_count", 0),
                ("escalation_level", 5),
                ("progress_update_count", 99),
            ):
                with self.subTest(user=user.login, field=field):
                    with self.assertRaises(AccessError):
                        complaint.with_user(user).write({field: value})
                    # a context key sent over JSON-RPC does not open the door
                    with self.assertRaises(AccessError):
                        complaint.with_user(user).with_context(
                            complaint_process=True, complaint_allow_locked_write=True
                        ).write({field: value})
        with self.assertRaises(AccessError):
            self._create_complaint(
                env=self.env(user=self.user_complaint),
                assessed_by_id=self.user_manager.id,
            )
        self.assertFalse(complaint.assessed_by_id)

    def test_process_methods_sign(self):
        complaint = self._create_complaint(
            severity="2", impact="3", user_id=self.user_complaint.id
        )
        decision = self._decide(complaint, user=self.user_complaint)
        self.assertEqual(decision.decided_by_id, self.user_complaint)
        self.assertTrue(decision.approval_required)
        decision.with_user(self.user_manager).action_approve()
        self.assertEqual(decision.approved_by_id, self.user_manager)
        self.assertTrue(decision.date_approved)

    def test_auditor_changes_and_sends_nothing(self):
        complaint = self._create_complaint(confidential=True)
        as_auditor = complaint.with_user(self.user_auditor)
        self.assertEqual(as_auditor.name, "Leaking kettle", "reads confidential ones")
        self.assertEqual(as_auditor.severity, False, "reads internal fields")
        with self.assertRaises(AccessError):
            as_auditor.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            as_auditor.message_post(body="Hello", message_type="comment")
        with self.assertRaises(AccessError):
            as_auditor.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.user_auditor.id
            )
        with self.assertRaises(AccessError):
            as_auditor.action_assign_to_me()
        decision = self._decide(complaint)
        with self.assertRaises(AccessError):
            decision.with_user(self.user_auditor).action_communicate()
        with self.assertRaises(UserError):
            decision.with_user(self.user_auditor).action_approve()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(
            complaint.message_ids.filtered(
                lambda m: m.author_id == self.user_auditor.partner_id
            )
        )

    def test_kpis_for_staff_only(self):
        Kpi = self.env["customer.complaint.kpi"]
        today = self.monday.date()
        self.assertEqual(
            Kpi.with_user(self.user_manager).kpi_volume(today, today, self.company), 0
        )
        with self.assertRaises(AccessError):
            Kpi.with_user(self.user_portal_cc).kpi_volume(today, today, self.company)

    def test_kpis_count_what_the_user_may_read(self):
        self._create_complaint(team_id=self.team_a.id)
        self._create_complaint(team_id=self.team_b.id)
        self._create_complaint(team_id=self.team_a.id, confidential=True)
        Kpi = self.env["customer.complaint.kpi"]
        day = fields.Date.today()
        every = Kpi.with_user(self.user_manager).kpi_volume(day, day, self.company)
        self.assertEqual(
            Kpi.with_user(self.user_auditor).kpi_volume(day, day, self.company), every
        )
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        readable = Complaint.with_user(self.user_complaint).search_count(
            [("company_id", "=", self.company.id), ("date_received", ">=", day)]
        )
        mine = Kpi.with_user(self.user_complaint).kpi_volume(day, day, self.company)
        self.assertEqual(mine, readable)
        self.assertLessEqual(mine, every - 2, "team B's and the confidential one")
        # the register's KPI sheet reads the same rows
        stats = (
            self.env["customer.complaint.register"]
            .with_user(self.user_complaint)
            ._register_stats([("date_received", ">=", day)])
        )
        self.assertEqual(stats["count"], readable)

    def test_kpis_take_rpc_arguments_and_refuse_bad_ones(self):
        Kpi = self.env["customer.complaint.kpi"].with_user(self.user_manager)
        day = fields.Date.today()
        by_records = Kpi.kpi_volume(day, day, self.company)
        self.assertEqual(
            Kpi.kpi_volume(str(day), str(day), self.company.id), by_records
        )
        self.assertIsNotNone(Kpi.kpi_outcome_mix())  # default period and company
        for args in (
            ("yesterday", str(day), self.company.id),
            (str(day), str(day), "acme"),
            (str(day), "2000-01-01", self.company.id),
            (str(day), str(day), [self.company.id, self.company_2.id]),
            (str(day), str(day), 999999),
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                Kpi.kpi_volume(*args)
        with self.assertRaises(AccessError):
            Kpi.kpi_volume(str(day), str(day), self.company_3.id)

    def test_contest_reason_is_plain_text_in_the_reviewer_activity(self):
        complaint = self._create_complaint(
            severity="1", impact="1", user_id=self.user_complaint.id
        )
        decision = self._communicate(complaint, user=self.user_complaint)
        reason = (
            'Wrong! <a href="https://evil.example.com">see</a>'
            '<img src="https://evil.example.com/x.png">'
        )
        decision.sudo()._contest(reason)
        activity = complaint.activity_ids.filtered(
            lambda a: a.user_id == decision.reviewer_id
        )
        self.assertTrue(activity)
        self.assertNotIn("<a ", activity.note)
        self.assertNotIn("<img", activity.note)
        self.assertIn("&lt;a href=", activity.note)

    def test_involved_people_set_on_every_channel(self):
        salesperson = self.user_complaint_b
        product = self.env["product.product"].create({"name": "Kettle"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": salesperson.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        # through the mail gateway / portal / public form: no onchange runs
        complaint = (
            self.env["customer.complaint"]
            .sudo()
            .create(
                {
                    "name": "By email",
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "team_id": self.team_b.id,
                    "channel": "email",
                }
            )
        )
        self.assertIn(salesperson, complaint.involved_user_ids)
        # the team's automatic assignment never picks the salesperson
        self.assertNotEqual(complaint.user_id, salesperson)
        # a person staff named stays when the links change
        complaint.with_user(self.user_manager).involved_user_ids |= self.user_manager
        complaint.with_user(self.user_manager).sale_order_id = False
        self.assertIn(self.user_manager, complaint.involved_user_ids)
        with self.assertRaisesRegex(ValidationError, "involved"):
            complaint.with_user(self.user_manager).user_id = salesperson
        # sending the list without the salesperson, as RPC may, is refused
        with self.assertRaisesRegex(ValidationError, "stay among its involved"):
            self.env["customer.complaint"].with_user(self.user_complaint).create(
                {
                    "name": "Over RPC",
                    "partner_id": self.customer.id,
                    "team_id": self.team_a.id,
                    "sale_order_id": order.id,
                    "involved_user_ids": [Command.clear()],
                }
            )

    def test_confidential_complaint_hidden_from_involved_manager(self):
        complaint = self._create_complaint(
            confidential=True, involved_user_ids=[Command.set(self.user_manager.ids)]
        )
        other = self._create_complaint(confidential=True)
        Complaint = self.env["customer.complaint"].with_user(self.user_manager)
        visible = Complaint.search([("id", "in", (complaint | other).ids)])
        self.assertEqual(visible, other)
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_manager).read(["name"])
        complaint.sudo().confidential = False
        self.assertTrue(complaint.with_user(self.user_manager).read(["name"]))

    def test_archiving_is_a_manager_action_and_keeps_the_figures(self):
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        Kpi = self.env["customer.complaint.kpi"].with_user(self.user_manager)
        day = complaint.date_received.date()
        volume = Kpi.kpi_volume(day, day, self.company)
        self.assertGreaterEqual(volume, 1)
        as_user = complaint.with_user(self.user_complaint)
        with self.assertRaisesRegex(UserError, "Archive"):
            as_user.write({"active": False})
        with self.assertRaisesRegex(UserError, "managers"):
            as_user._action_archive("Spam")
        with self.assertRaises(UserError):
            self.env["customer.complaint.archive"].with_user(
                self.user_complaint
            ).create({"complaint_ids": complaint.ids, "reason": "Spam"})
        with self.assertRaisesRegex(UserError, "reason"):
            complaint.with_user(self.user_manager)._action_archive("")
        wizard_action = complaint.with_user(self.user_manager).action_archive()
        self.assertEqual(wizard_action["res_model"], "customer.complaint.archive")
        # the web client opens a returned action through its views
        self.assertEqual(wizard_action["views"], [(False, "form")])
        self.env["customer.complaint.archive"].with_user(self.user_manager).create(
            {"complaint_ids": complaint.ids, "reason": "Filed twice by mistake"}
        ).action_archive()
        self.assertFalse(complaint.active)
        self.assertIn(
            "Filed twice by mistake", " ".join(complaint.message_ids.mapped("body"))
        )
        # retained: still in the figures
        self.assertEqual(Kpi.kpi_volume(day, day, self.company), volume)
        with self.assertRaises(UserError):
            complaint.with_user(self.user_complaint).action_unarchive()
        complaint.with_user(self.user_manager).action_unarchive()
        self.assertTrue(complaint.active)

    def test_retention_fields_only_from_the_job(self):
        complaint = self._create_complaint()
        for user in (self.user_complaint, self.user_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                complaint.with_user(user).write({"anonymized": True})
        self.assertFalse(complaint.anonymized)

    def test_actions_return_a_value_for_xmlrpc(self):
        complaint = self._create_complaint(team_id=self.team_a.id)
        self.assertIs(
            complaint.with_user(self.user_complaint).action_assign_to_me(), True
        )


@tagged("post_install", "-at_install")
class TestPortalInternalFields(ComplaintPortalCase):
    """Record rules let a customer read their complaint; field groups keep
    its handling data from them, over JSON-RPC too."""

    INTERNAL_FIELDS = (
        "severity",
        "impact",
        "complexity",
        "safety_related",
        "immediate_action",
        "assessed_by_id",
        "findings",
        "root_cause",
        "involved_user_ids",
        "decision_ids",
        "current_decision_id",
        "decision_outcome",
        "decision_state",
        "date_first_decision",
        "escalation_level",
        "priority_override_reason",
    )

    def _call(self, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "customer.complaint",
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        )

    def test_portal_reads_no_internal_field(self):
        self.complaint._process_env().write(
            {
                "severity": "3",
                "impact": "3",
                "findings": "<p>Seal cracked at the factory</p>",
                "root_cause": "Supplier batch 42",
                "immediate_action": "Stop shipping batch 42",
                "escalation_level": 2,
            }
        )
        # a decision not communicated yet
        decision = self._decide(
            self.complaint,
            outcome="not_upheld",
            reasons="Internal: misuse suspected",
            remedy_cost=99.0,
        )
        self.authenticate("portal", "portal")
        # the customer reads their own complaint...
        own = self._call("read", [self.complaint.id], ["name", "reference"])
        self.assertEqual(own[0]["name"], "Kettle leaks")
        # ...but none of its handling data
        for field in self.INTERNAL_FIELDS:
            with self.subTest(field=field):
                with self.assertRaisesRegex(Exception, "AccessError|not allowed"):
                    self._call("read", [self.complaint.id], [field])
                with self.assertRaisesRegex(Exception, "AccessError|not allowed"):
                    self._call("search_read", [("id", "=", self.complaint.id)], [field])
        everything = self._call("search_read", [("id", "=", self.complaint.id)])
        self.assertEqual(len(everything), 1)
        leaked = set(self.INTERNAL_FIELDS) & set(everything[0])
        self.assertFalse(leaked, f"internal fields read without asking: {leaked}")
        self.assertNotIn("Supplier batch 42", str(everything))
        self.assertNotIn("misuse", str(everything))
        # nor its decision rounds, communicated or not
        for method, args in (
            ("read", [decision.ids, ["reasons"]]),
            ("search_read", [[("complaint_id", "=", self.complaint.id)]]),
        ):
            with self.subTest(method=method):
                with self.assertRaisesRegex(Exception, "AccessError|not allowed"):
                    self.make_jsonrpc_request(
                        "/web/dataset/call_kw",
                        {
                            "model": "customer.complaint.decision",
                            "method": method,
                            "args": args,
                            "kwargs": {},
                        },
                    )
