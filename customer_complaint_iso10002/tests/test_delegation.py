# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delegations (ISO 10002 5.4): which decisions need approval, who holds the
authority (approvers and their deputies), who may never use it; called as
each role would over JSON-RPC (with_user)."""

from datetime import timedelta
from types import SimpleNamespace

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..models.customer_complaint import HANDLER_GROUP as HANDLER
from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestDelegation(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["customer.complaint.delegation"]
        cls.Deputy = cls.env["customer.complaint.deputy"]
        # Start from no rule (demo data has some).
        cls.Rule.search([]).write({"active": False})
        cls.user_top = new_test_user(
            cls.env,
            login="cc_top",
            name="Tess Top",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.top = cls.Rule.create(
            {
                "name": "Top management",
                "is_top_management": True,
                "approver_ids": [Command.set(cls.user_top.ids)],
            }
        )
        Category = cls.env["customer.complaint.category"]
        cls.cat_product = Category.create({"name": "Product"})
        cls.cat_defect = Category.create(
            {"name": "Defect", "parent_id": cls.cat_product.id}
        )
        cls.cat_billing = Category.create({"name": "Billing"})
        cls.today = fields.Date.context_today(cls.Rule)

    @classmethod
    def _rule(cls, approvers=None, **values):
        return cls.Rule.create(
            {
                "name": "Rule",
                "approver_ids": [
                    Command.set((approvers or cls.user_manager).ids),
                ],
                **values,
            }
        )

    def _match(self, user=None, **values):
        """The rule a decision with ``values`` is approved under, asked as
        ``user`` (a handler by default), the way the decision rounds ask."""
        args = {
            "company": self.company,
            "team": self.env["customer.complaint.team"],
            "category": self.env["customer.complaint.category"],
            "severity": False,
            "safety_related": False,
            "priority": "0",
            "resolution_type": "refund",
            "remedy_cost": 0.0,
        }
        args.update(values)
        Rule = self.Rule.with_user(user or self.user_complaint)
        return Rule._approval_rule_for_values(**args)

    def _deputy(self, user, deputy, start, end):
        # set-up (superuser): deputies may start in the past here
        return self.Deputy.create(
            {
                "user_id": user.id,
                "deputy_id": deputy.id,
                "date_from": self.today + timedelta(days=start),
                "date_to": self.today + timedelta(days=end),
                "reason": "Holidays",
            }
        )

    # ------------------------------------------------------------------
    # Which rule applies
    # ------------------------------------------------------------------

    def test_team_rule_beats_company_rule(self):
        company_wide = self._rule(resolution_type="refund", sequence=1)
        team_a = self._rule(
            resolution_type="refund", team_id=self.team_a.id, sequence=50
        )
        self.assertEqual(self._match(team=self.team_a), team_a)
        self.assertEqual(self._match(team=self.team_b), company_wide)
        self.assertEqual(self._match(), company_wide)

    def test_cost_bands(self):
        small = self._rule(resolution_type="refund", cost_from=200, cost_to=2000)
        large = self._rule(resolution_type="refund", cost_from=2000, cost_to=10000)
        any_goodwill = self._rule(resolution_type="goodwill", cost_from=50)
        self.assertFalse(self._match(remedy_cost=100), "below every band")
        self.assertEqual(self._match(remedy_cost=200), small)
        self.assertEqual(self._match(remedy_cost=1999.99), small)
        self.assertEqual(self._match(remedy_cost=5000), large)
        self.assertEqual(self._match(remedy_cost=10000), large, "limit included")
        self.assertEqual(self._match(remedy_cost=10000.01), self.top)
        self.assertFalse(self._match(resolution_type="goodwill", remedy_cost=10))
        self.assertEqual(
            self._match(resolution_type="goodwill", remedy_cost=10**7),
            any_goodwill,
            "cost_to 0: no upper limit, top management never needed",
        )

    def test_top_management_above_every_limit(self):
        team_rule = self._rule(
            resolution_type="refund", team_id=self.team_a.id, cost_to=1000
        )
        company_rule = self._rule(resolution_type="refund", cost_to=5000)
        self.assertEqual(self._match(team=self.team_a, remedy_cost=800), team_rule)
        self.assertEqual(
            self._match(team=self.team_a, remedy_cost=3000),
            company_rule,
            "above the team's limit but within the company rule's",
        )
        self.assertEqual(self._match(team=self.team_a, remedy_cost=6000), self.top)
        self.assertFalse(
            self._match(resolution_type="explanation", remedy_cost=6000),
            "no rule for explanations: no approval, however costly",
        )
        self.top.active = False
        with self.assertRaisesRegex(UserError, "no top-management rule"):
            self._match(team=self.team_a, remedy_cost=6000)

    def test_safety_category_severity_priority(self):
        safety = self._rule(safety_related=True, resolution_type=False)
        self.assertFalse(self._match())
        self.assertEqual(self._match(safety_related=True), safety)
        safety.active = False

        product = self._rule(category_id=self.cat_product.id)
        defect = self._rule(category_id=self.cat_defect.id, sequence=50)
        self.assertFalse(self._match(category=self.cat_billing))
        self.assertFalse(self._match(), "no category: no category rule")
        self.assertEqual(self._match(category=self.cat_product), product)
        self.assertEqual(
            self._match(category=self.cat_defect), defect, "subcategory first"
        )
        defect.active = False
        self.assertEqual(
            self._match(category=self.cat_defect), product, "parent's rule applies"
        )
        product.active = False

        severe = self._rule(min_severity="3")
        self.assertFalse(self._match(severity="2"))
        self.assertFalse(self._match(severity=False), "not assessed: not severe")
        self.assertEqual(self._match(severity="3"), severe)
        self.assertEqual(self._match(severity="4"), severe)
        severe.active = False

        high = self._rule(min_priority="2")
        self.assertFalse(self._match(priority="1"))
        self.assertEqual(self._match(priority="2"), high)
        self.assertEqual(self._match(priority="3"), high)

    def test_approval_rule_for_a_decision(self):
        # What the decision rounds hand over: the round's resolution and cost,
        # the classification of its complaint.
        rule = self._rule(
            team_id=self.team_a.id,
            category_id=self.cat_product.id,
            min_severity="2",
            safety_related=True,
            min_priority="1",
            cost_from=100,
            cost_to=900,
        )
        complaint = self._create_complaint(
            category_id=self.cat_defect.id,
            severity="3",
            impact="2",
            safety_related=True,
        )
        self.assertEqual(complaint.priority, "3", "safety-related: urgent")
        decision = SimpleNamespace(
            complaint_id=complaint.with_user(self.user_complaint),
            resolution_type="refund",
            remedy_cost=500.0,
        )
        Rule = self.Rule.with_user(self.user_complaint)
        self.assertEqual(Rule._approval_rule_for(decision), rule)
        decision.remedy_cost = 50.0
        self.assertFalse(Rule._approval_rule_for(decision))
        decision.remedy_cost = 1000.0
        self.assertEqual(Rule._approval_rule_for(decision), self.top)

    # ------------------------------------------------------------------
    # Who holds the authority
    # ------------------------------------------------------------------

    def test_deputy_holds_authority_only_in_range(self):
        rule = self._rule(approvers=self.user_manager)
        self._deputy(self.user_manager, self.user_complaint, 1, 5)
        Rule = rule.with_user(self.user_complaint_b)
        self.assertEqual(Rule._authority_holders(), self.user_manager)
        day = self.today + timedelta(days=1)
        self.assertEqual(
            Rule._authority_holders(day), self.user_manager | self.user_complaint
        )
        self.assertEqual(
            Rule._authority_holders(self.today + timedelta(days=5)),
            self.user_manager | self.user_complaint,
            "the last day included",
        )
        self.assertEqual(
            Rule._authority_holders(self.today + timedelta(days=6)),
            self.user_manager,
        )
        with self.assertRaisesRegex(UserError, "does not hold the authority"):
            Rule._check_can_approve(self.user_complaint, self.env["res.users"])

    def test_deputy_approves_for_their_delegator(self):
        rule = self._rule(approvers=self.user_manager)
        self._deputy(self.user_manager, self.user_complaint, -2, 0)
        Rule = rule.with_user(self.user_complaint)
        nobody = self.env["res.users"]
        self.assertEqual(
            Rule._check_can_approve(self.user_complaint, nobody),
            self.user_manager,
            "the authority used is the approver's",
        )
        self.assertEqual(
            Rule._check_can_approve(self.user_manager, nobody), self.user_manager
        )
        # A deputy stops holding it when their delegator, or they themselves,
        # are no longer complaints users.
        self.user_complaint.groups_id = [Command.unlink(self.env.ref(HANDLER).id)]
        self.assertEqual(rule._authority_holders(), self.user_manager)

    def test_authority_held_by_complaints_users_only(self):
        rule = self._rule(approvers=self.user_complaint_b)
        self._deputy(self.user_complaint_b, self.user_complaint, 0, 3)
        Rule = rule.with_user(self.user_manager)
        self.assertEqual(
            Rule._authority_holders(), self.user_complaint_b | self.user_complaint
        )
        # Bob leaves complaints handling: neither he nor his deputy approve.
        self.user_complaint_b.groups_id = [Command.unlink(self.env.ref(HANDLER).id)]
        self.assertFalse(Rule._authority_holders())
        for user in (self.user_complaint_b, self.user_complaint):
            with self.assertRaisesRegex(UserError, "does not hold the authority"):
                Rule._check_can_approve(user, self.env["res.users"])

    def test_check_can_approve_refuses_excluded_and_non_holders(self):
        rule = self._rule(approvers=self.user_manager | self.user_complaint_b)
        Rule = rule.with_user(self.user_complaint_b)
        handler = self.user_manager
        with self.assertRaisesRegex(UserError, "took part in this decision"):
            Rule._check_can_approve(self.user_manager, handler)
        with self.assertRaisesRegex(UserError, "does not hold the authority"):
            Rule._check_can_approve(self.user_complaint, self.env["res.users"])
        with self.assertRaisesRegex(UserError, "does not hold the authority"):
            Rule._check_can_approve(self.user_top, self.env["res.users"])
        self.assertEqual(
            Rule._check_can_approve(self.user_complaint_b, handler),
            self.user_complaint_b,
        )
        # A deputy cannot lend the authority of someone who took part.
        self._deputy(self.user_manager, self.user_complaint, 0, 3)
        with self.assertRaisesRegex(UserError, "their authority cannot approve"):
            Rule._check_can_approve(self.user_complaint, handler)
        self.assertEqual(
            Rule._check_can_approve(self.user_complaint, self.env["res.users"]),
            self.user_manager,
        )

    # ------------------------------------------------------------------
    # Configuration rules and access, as each role
    # ------------------------------------------------------------------

    def test_rules_configured_by_managers_only(self):
        values = {
            "name": "Refunds",
            "resolution_type": "refund",
            "approver_ids": [Command.set(self.user_manager.ids)],
        }
        for user in (self.user_complaint, self.user_auditor, self.user_internal):
            with self.assertRaises(AccessError):
                self.Rule.with_user(user).create(dict(values))
        rule = self._rule()
        for user in (self.user_complaint, self.user_auditor):
            self.assertEqual(rule.with_user(user).read(["name"])[0]["name"], "Rule")
            with self.assertRaises(AccessError):
                rule.with_user(user).write({"cost_to": 1})
            with self.assertRaises(AccessError):
                rule.with_user(user).unlink()
        with self.assertRaises(AccessError):
            rule.with_user(self.user_internal).read(["name"])
        self.assertFalse(
            self.Rule.with_user(self.user_c2).search([]), "other company's rules"
        )
        form = Form(self.Rule.with_user(self.user_manager))
        form.name = "Refunds above 100"
        form.resolution_type = "refund"
        form.cost_from = 100
        form.approver_ids.add(self.user_complaint_b)
        made = form.save()
        self.assertEqual(made.company_id, self.company)
        made.with_user(self.user_manager).write({"cost_to": 400})
        self.assertEqual(self._match(remedy_cost=300), made)

    def test_rule_constraints(self):
        with self.assertRaisesRegex(ValidationError, "only active complaints users"):
            self._rule(approvers=self.user_internal)
        with self.assertRaisesRegex(ValidationError, "at least one approver"):
            self.Rule.with_user(self.user_manager).create({"name": "Nobody"})
        with self.assertRaisesRegex(ValidationError, "ends below its start"):
            self._rule(cost_from=500, cost_to=100)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._rule(cost_from=-1)
        with self.assertRaisesRegex(ValidationError, "one active top-management"):
            self._rule(is_top_management=True)
        with self.assertRaisesRegex(ValidationError, "no criteria or cost band"):
            self.top.with_user(self.user_manager).write({"cost_to": 100})

    def test_deputies_named_by_managers_or_for_oneself(self):
        tomorrow = self.today + timedelta(days=1)
        values = {
            "deputy_id": self.user_complaint_b.id,
            "date_from": tomorrow,
            "date_to": tomorrow + timedelta(days=7),
            "reason": "Holidays",
        }
        as_user = self.Deputy.with_user(self.user_complaint)
        with self.assertRaisesRegex(AccessError, "for someone else"):
            as_user.create(dict(values, user_id=self.user_manager.id))
        own = as_user.create(dict(values))
        self.assertEqual(own.user_id, self.user_complaint, "default: oneself")
        with self.assertRaisesRegex(AccessError, "for someone else"):
            own.write({"user_id": self.user_manager.id})
        for_mia = self.Deputy.with_user(self.user_manager).create(
            dict(values, user_id=self.user_manager.id, deputy_id=self.user_complaint.id)
        )
        with self.assertRaises(AccessError):
            for_mia.with_user(self.user_complaint_b).read(["reason"])
        with self.assertRaises(AccessError):
            for_mia.with_user(self.user_complaint).write({"reason": "Mine now"})
        self.assertEqual(
            for_mia.with_user(self.user_complaint).reason,
            "Holidays",
            "the deputy sees the delegation they hold",
        )
        both = [("id", "in", (for_mia | own).ids)]
        self.assertEqual(
            self.Deputy.with_user(self.user_auditor).search(both), for_mia | own
        )
        with self.assertRaises(AccessError):
            for_mia.with_user(self.user_auditor).write({"reason": "Audit"})
        with self.assertRaises(AccessError):
            self.Deputy.with_user(self.user_auditor).create(
                dict(values, user_id=self.user_auditor.id)
            )
        with self.assertRaises(AccessError):
            own.with_user(self.user_complaint).unlink()

    def test_deputy_constraints(self):
        tomorrow = self.today + timedelta(days=1)
        Deputy = self.Deputy.with_user(self.user_manager)
        values = {
            "user_id": self.user_manager.id,
            "deputy_id": self.user_complaint.id,
            "date_from": tomorrow,
            "date_to": tomorrow,
            "reason": "Training",
        }
        with self.assertRaisesRegex(ValidationError, "end before it starts"):
            Deputy.create(dict(values, date_to=self.today))
        with self.assertRaisesRegex(ValidationError, "their own deputy"):
            Deputy.create(dict(values, deputy_id=self.user_manager.id))
        with self.assertRaisesRegex(ValidationError, "only active complaints users"):
            Deputy.create(dict(values, deputy_id=self.user_internal.id))
        with self.assertRaisesRegex(UserError, "in the past"):
            Deputy.create(dict(values, date_from=self.today - timedelta(days=1)))
        self.assertTrue(Deputy.create(values))

    def test_started_delegation_keeps_its_history(self):
        deputy = self._deputy(self.user_manager, self.user_complaint, -3, 3)
        self.flush_tracking()
        as_manager = deputy.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "in force or over"):
            as_manager.write({"deputy_id": self.user_complaint_b.id})
        with self.assertRaisesRegex(UserError, "in the past"):
            as_manager.write({"date_to": self.today - timedelta(days=1)})
        # (assertRaises with a savepoint: mail.thread drops the messages
        # before the check refuses, as the rolled back RPC call would undo.)
        with self.assertRaises(UserError) as refused:
            as_manager.unlink()
        self.assertIn("cannot be deleted", str(refused.exception))
        as_manager.write({"date_to": self.today})  # ended early: allowed
        self.flush_tracking()
        tracked = deputy.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "date_to"
        )
        self.assertTrue(tracked, "the change is in the audit trail")
        future = self._deputy(self.user_manager, self.user_complaint, 5, 6)
        future.with_user(self.user_manager).write(
            {"deputy_id": self.user_complaint_b.id}
        )
        future.with_user(self.user_manager).unlink()
