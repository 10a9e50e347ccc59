# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role's journey, as that role: every action is done by the user whose
work it is, through the form the web client uses (``odoo.tests.Form`` with
``with_user``), never as the superuser. Administrators only set up."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common_process import ProcessCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


class RoleSetup:
    """Users of a role and a customer's confirmed sales order with one line,
    what a complaint is about. Shared by the role forms and the tours (not a
    test case: importing it runs no test twice)."""

    @classmethod
    def _create_role_user(cls, env, login, name, group):
        """A user of ``group`` whose password is their login."""
        return new_test_user(
            env,
            login=login,
            name=name,
            email=f"{login}@example.com",
            groups=f"customer_complaint_iso10002.{group}",
            context={"no_reset_password": True, "mail_create_nosubscribe": True},
        )

    @classmethod
    def _create_confirmed_order(cls, env, partner, salesperson, name, product_name):
        product = env["product.product"].create(
            {"name": product_name, "type": "consu", "list_price": 49.9}
        )
        order = env["sale.order"].create(
            {
                "name": name,
                "partner_id": partner.id,
                "user_id": salesperson.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        return order


@tagged("post_install", "-at_install")
class TestRoleForms(ProcessCommon, RoleSetup):
    """user_complaint (Alice) is a Complaints / User member of team_a, whose
    leader is user_manager (Mia); approval is needed from priority High."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.env.ref("base.user_admin")
        cls.order = cls._create_confirmed_order(
            cls.env, cls.customer, cls.salesperson, "SO-ROLE-001", "Role Kettle"
        )
        cls.line = cls.order.order_line
        cls.product = cls.line.product_id
        cls.cause = cls.env["customer.complaint.cause"].create(
            {"name": "Supplier seal", "code": "SEAL", "company_id": cls.company.id}
        )
        cls.Complaint = cls.env["customer.complaint"]

    # ------------------------------------------------------------------
    # helpers: each acts as the given user, through the form
    # ------------------------------------------------------------------

    def _new_form(self, user, view=None):
        return Form(self.Complaint.with_user(user), view=view)

    def _form(self, complaint, user):
        return Form(complaint.with_user(user))

    def _create_as(self, user, **values):
        with self._new_form(user) as form:
            form.name = values.pop("name", "Kettle lid cracked")
            form.partner_id = values.pop("partner_id", self.customer)
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def _assess_as(self, complaint, user, severity, impact):
        with self._form(complaint, user) as form:
            form.severity = severity
            form.impact = impact
            form.complexity = "low"
            form.immediate_action = "Replacement kettle put aside."

    def _investigate_as(self, complaint, user):
        with self._form(complaint, user) as form:
            form.stage_id = self.stage_investigation
        with self._form(complaint, user) as form:
            form.findings = "<p>The lid hinge cracks under heat.</p>"
            form.root_cause = "Hinge plastic changed by the supplier."
            form.cause_code_id = self.cause

    def _decide_as(self, complaint, user):
        """The decision of the current round (the first, new, when there is
        none), in the form the complaint's Decision button opens."""
        action = complaint.with_user(user).action_open_decision()
        Decision = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        form = Form(
            Decision.browse(action["res_id"]) if "res_id" in action else Decision
        )
        with form:
            form.outcome = "upheld"
            form.reasons = "The hinge is faulty: we replace the kettle."
            form.resolution_type = "replacement"
        return form.record.with_env(self.env)

    def _handled(self, severity="2", impact="2"):
        """A complaint Alice took, assessed and investigated, as herself."""
        complaint = self._create_as(self.user_complaint)
        complaint.with_user(self.user_complaint).action_assign_to_me()
        self._assess_as(complaint, self.user_complaint, severity, impact)
        self._investigate_as(complaint, self.user_complaint)
        return complaint

    # ------------------------------------------------------------------
    # support user
    # ------------------------------------------------------------------

    def test_support_user_creates_with_order_line_and_product(self):
        with self._new_form(self.user_complaint) as form:
            form.name = "Kettle lid cracked"
            form.partner_id = self.customer
            form.sale_order_id = self.order
            self.assertIn(self.salesperson, form.involved_user_ids)
            form.sale_line_id = self.line
            self.assertEqual(form.product_id, self.product)
            form.requested_remedy = "replacement"
            # The assessment at intake gives the priority: 3 x 2 = 6, high.
            form.severity = "3"
            form.impact = "2"
            self.assertEqual(form.priority, "2")
        complaint = form.record
        self.assertTrue(complaint.reference.startswith("CMP/"))
        self.assertEqual(complaint.sale_order_id, self.order)
        self.assertEqual(complaint.sale_line_id, self.line)
        self.assertEqual(complaint.product_id, self.product)
        self.assertEqual(complaint.team_id, self.team_a)
        self.assertEqual(complaint.received_by_id, self.user_complaint)
        self.assertEqual(complaint.stage_id, self.stage_new)
        self.assertEqual(complaint.priority, "2")
        self.assertEqual(complaint.assessed_by_id, self.user_complaint)
        self.assertTrue(complaint.date_assessed)
        self.assertTrue(complaint.date_acknowledged)
        round_one = (
            self.env["customer.complaint.decision"]
            .with_user(self.user_complaint)
            .new({"complaint_id": complaint.id})
        )
        self.assertTrue(round_one.approval_required, "high: approved first")

    def test_roles_open_complaints_about_orders(self):
        """Complaints users, managers and auditors need no Sales role to open
        (form) or list a complaint about an order: they read the orders
        complaints are about, and the product domain's allowed products."""
        complaint = self._create_complaint(
            sale_order_id=self.order.id, sale_line_id=self.line.id
        )
        for user in (self.user_complaint, self.user_manager, self.user_auditor):
            with self.subTest(user=user.login):
                self.assertTrue(self.order.with_user(user).has_access("read"))
                self.assertFalse(self.order.with_user(user).has_access("write"))
                as_user = complaint.with_user(user)
                self.env.invalidate_all()
                self.assertEqual(as_user.allowed_product_ids, self.product)
                self.env.invalidate_all()
                self.assertEqual(Form(as_user).product_id, self.product)

    def test_support_user_create_with_default_priority_sent(self):
        """The web client sends the priority the form shows: below manager it
        is taken from the assessment, silently, never refused."""
        Complaint = self.Complaint.with_user(self.user_complaint)
        base = {"name": "Kettle leaks", "partner_id": self.customer.id}
        sent_default = Complaint.create(
            dict(base, priority="0", severity="4", impact="4")
        )
        self.assertEqual(sent_default.priority, "3", "4 x 4 = 16: urgent")
        self.assertEqual(sent_default.assessed_by_id, self.user_complaint)
        sent_high = Complaint.create(dict(base, priority="3"))
        self.assertEqual(sent_high.priority, "0", "not assessed: normal")
        safety = Complaint.create(
            dict(base, priority="0", severity="1", impact="1", safety_related=True)
        )
        self.assertEqual(safety.priority, "3", "safety related: urgent")
        # Nor can the support user raise it later by hand: refused, clearly.
        with self.assertRaises(UserError), self.cr.savepoint():
            sent_high.write({"priority": "3"})
        self.assertEqual(sent_high.priority, "0")

    def test_support_user_quick_create(self):
        view = "customer_complaint_iso10002.customer_complaint_view_form_quick_create"
        with self._new_form(self.user_complaint, view=view) as form:
            form.name = "Parcel arrived open"
            form.partner_id = self.customer
            self.assertEqual(form.email_from, self.customer.email)
        complaint = form.record
        self.assertEqual(complaint.team_id, self.team_a)
        self.assertEqual(complaint.priority, "0")
        self.assertEqual(complaint.stage_id, self.stage_new)
        self.assertFalse(complaint.user_id)

    def test_support_user_handles_to_decision_and_closing(self):
        user = self.user_complaint
        complaint = self._create_as(user)
        self.assertFalse(complaint.user_id)
        complaint.with_user(user).action_assign_to_me()
        self.assertEqual(complaint.user_id, user)
        # The process cannot skip the initial assessment.
        with self.assertRaisesRegex(UserError, "initial assessment"):
            with self._form(complaint, user) as form:
                form.stage_id = self.stage_investigation
        self._assess_as(complaint, user, "2", "2")
        self.assertEqual(complaint.priority, "1", "2 x 2 = 4: medium")
        self.assertEqual(complaint.assessed_by_id, user)
        self.assertEqual(complaint.complexity, "low")
        self._investigate_as(complaint, user)
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        self.assertEqual(complaint.root_cause, "Hinge plastic changed by the supplier.")
        self.assertIn("hinge cracks", complaint.findings)
        self.assertEqual(complaint.cause_code_id, self.cause)
        decision = self._decide_as(complaint, user)
        self.assertEqual(complaint.decision_outcome, "upheld")
        self.assertEqual(decision.decided_by_id, user)
        self.assertTrue(decision.date_decision)
        self.assertFalse(decision.approval_required, "medium: no approval")
        decision.with_user(user).action_communicate()
        self.assertTrue(decision.date_communicated)
        self.assertEqual(complaint.stage_id, self.stage_awaiting)
        decision.with_user(user).action_record_answer("accepted", "phone")
        self.assertEqual(decision.answer, "accepted")
        self.assertEqual(complaint.stage_id, self.stage_closed)
        self.assertTrue(complaint.date_closed)
        self.assertEqual(complaint.closed_by_id, user)
        # Closed: the forms are read only.
        form = self._form(complaint, user)
        for name in ("name", "severity"):
            with self.assertRaises(AssertionError, msg=name):
                setattr(form, name, False)
        with self.assertRaises(AssertionError, msg="reasons"):
            Form(decision.with_user(user)).reasons = False

    def test_support_user_cannot_sign_for_others_or_set_priority(self):
        user = self.user_complaint
        complaint = self._handled()
        decision = self._decide_as(complaint, user)
        form = self._form(complaint, user)
        for stamp in ("assessed_by_id", "date_assessed"):
            with self.assertRaises(AssertionError, msg=stamp):
                setattr(form, stamp, False)
        with self.assertRaises(AssertionError, msg="priority by hand"):
            form.priority = "3"
        decision_form = Form(decision.with_user(user))
        for stamp in ("decided_by_id", "date_decision", "approved_by_id"):
            with self.assertRaises(AssertionError, msg=stamp):
                setattr(decision_form, stamp, False)
        as_user = complaint.with_user(user)
        for stamp in (
            {"assessed_by_id": self.user_complaint_b.id},
            {"closed_by_id": user.id},
            {"date_closed": "2026-01-05 08:00:00"},
        ):
            with self.assertRaises(AccessError, msg=str(stamp)):
                as_user.write(stamp)
        for stamp in (
            {"decided_by_id": self.user_complaint_b.id},
            {"date_decision": "2026-01-05 08:00:00"},
            {"approved_by_id": self.user_manager.id},
        ):
            with self.assertRaises(AccessError, msg=str(stamp)):
                decision.with_user(user).write(stamp)
        with self.assertRaises(AccessError):
            self.Complaint.with_user(user).create(
                {
                    "name": "Pre-signed",
                    "partner_id": self.customer.id,
                    "assessed_by_id": self.user_complaint_b.id,
                }
            )
        self.assertEqual(complaint.assessed_by_id, user)
        self.assertEqual(decision.decided_by_id, user)

    # ------------------------------------------------------------------
    # manager
    # ------------------------------------------------------------------

    def test_approval_by_a_manager_who_did_not_decide(self):
        user = self.user_complaint
        complaint = self._handled(severity="3", impact="2")
        self.assertEqual(complaint.priority, "2")
        decision = self._decide_as(complaint, user)
        self.assertTrue(decision.approval_required)
        self.assertFalse(decision.with_user(user).can_approve)
        self.assertTrue(decision.with_user(self.user_manager).can_approve)
        with self.assertRaisesRegex(UserError, "approved"):
            decision.with_user(user).action_communicate()
        with self.assertRaises(UserError):
            decision.with_user(user).action_approve()
        decision.with_user(self.user_manager).action_approve()
        self.assertEqual(decision.approved_by_id, self.user_manager)
        self.assertTrue(decision.date_approved)
        decision.with_user(self.user_manager).action_communicate()
        self.assertTrue(decision.date_communicated)
        self.assertEqual(complaint.stage_id, self.stage_awaiting)

    def test_manager_cannot_approve_own_decision(self):
        complaint = self._handled(severity="3", impact="2")
        # The manager writes the decision on Alice's complaint...
        decision = self._decide_as(complaint, self.user_manager)
        self.assertEqual(decision.decided_by_id, self.user_manager)
        # ...and another manager, not the decider, must approve it.
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).action_approve()
        self.assertFalse(decision.approved_by_id)
        # The handler, manager or not, never approves.
        handled = self._handled(severity="3", impact="2")
        handled.with_user(self.user_manager).action_assign_to_me()
        theirs = self._decide_as(handled, self.user_complaint)
        self.assertFalse(theirs.with_user(self.user_manager).can_approve)
        with self.assertRaises(UserError):
            theirs.with_user(self.user_manager).action_approve()
        self.assertFalse(theirs.approved_by_id)

    def test_manager_overrides_priority_with_reason(self):
        complaint = self._handled()
        self.assertEqual(complaint.priority, "1")
        with self.assertRaisesRegex(UserError, "Priority Override Reason"):
            with self._form(complaint, self.user_manager) as form:
                form.priority = "3"
        with self._form(complaint, self.user_manager) as form:
            form.priority = "3"
            form.priority_override_reason = "Key account, press is watching."
        self.assertEqual(complaint.priority, "3")
        self.assertEqual(complaint.priority_override_by_id, self.user_manager)
        self.assertTrue(complaint.date_priority_override)
        # A later assessment does not undo the manager's override...
        self._assess_as(complaint, self.user_complaint, "1", "1")
        self.assertEqual(complaint.priority, "3")
        # ...and the support user cannot touch it.
        with self.assertRaises(AssertionError):
            self._form(complaint, self.user_complaint).priority_override_reason = "x"

    def test_manager_reopens_closed_complaint_with_reason(self):
        user = self.user_complaint
        complaint = self._handled()
        decision = self._decide_as(complaint, user)
        decision.with_user(user).action_communicate()
        decision.with_user(user).action_record_answer("accepted", "phone")
        self.assertTrue(complaint.is_closed)
        action = complaint.with_user(self.user_manager).action_open_reopen_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.user_manager)
        with self.assertRaises(AssertionError, msg="a reason is required"):
            with Form(Wizard.with_context(**action["context"])) as wizard:
                wizard.reason = False
        with Form(Wizard.with_context(**action["context"])) as wizard:
            self.assertEqual(wizard.complaint_id, complaint)
            wizard.reason = "The customer sent photos of a second crack."
        wizard.record.action_reopen()
        self.assertFalse(complaint.is_closed)
        self.assertEqual(complaint.stage_id, self.stage_investigation)
        self.assertEqual(complaint.reopen_count, 1)
        # The decision round and its answer stay in the record as they were.
        self.assertEqual(decision.answer, "accepted")
        self.assertFalse(complaint.date_closed)
        self.assertFalse(complaint.closed_by_id)
        self.assertIn("second crack", complaint.message_ids[0].body)
        self.assertEqual(
            complaint.message_ids[0].author_id, self.user_manager.partner_id
        )
        # Reopened, the handler goes on with it.
        with self._form(complaint, user) as form:
            form.findings = "<p>Second crack: the whole batch is affected.</p>"
        self.assertIn("whole batch", complaint.findings)

    # ------------------------------------------------------------------
    # auditor
    # ------------------------------------------------------------------

    def _confidential(self):
        complaint = self._handled(severity="3", impact="3")
        self._decide_as(complaint, self.user_complaint)
        complaint.confidential = True
        return complaint

    def test_auditor_reads_everything(self):
        complaint = self._confidential()
        as_auditor = complaint.with_user(self.user_auditor)
        self.assertTrue(as_auditor.has_access("read"))
        form = Form(as_auditor)
        # The handling data shows, with who signed it.
        self.assertEqual(
            {
                name: form[name]
                for name in (
                    "severity",
                    "root_cause",
                    "decision_outcome",
                    "assessed_by_id",
                )
            },
            {
                "severity": "3",
                "root_cause": "Hinge plastic changed by the supplier.",
                "decision_outcome": "upheld",
                "assessed_by_id": self.user_complaint,
            },
        )
        self.assertIn("hinge cracks", form.findings)
        decision = Form(as_auditor.current_decision_id)
        self.assertEqual(decision.decided_by_id, self.user_complaint)
        self.assertIn("hinge is faulty", decision.reasons)

    def test_auditor_form_has_nothing_that_changes_or_sends(self):
        views = self.Complaint.with_user(self.user_auditor).get_views(
            [(False, "form"), (False, "kanban"), (False, "list")]
        )["views"]
        form = etree.fromstring(views["form"]["arch"])
        for action in ("create", "edit", "delete"):
            self.assertEqual(form.get(action, "").lower(), "false", action)
        self.assertFalse(
            [
                button.get("name")
                for button in form.iter("button")
                if button.get("type") == "object"
                and button.get("name") != "action_view_actions"
            ],
            "no process button for auditors",
        )
        self.assertFalse(form.xpath("//chatter"), "no composer nor activities")
        self.assertTrue(form.xpath("//field[@name='message_ids']"), "messages")
        self.assertFalse(form.xpath("//field[@name='active']"), "no Archive")
        for name in ("severity", "findings", "root_cause", "decision_ids"):
            self.assertTrue(form.xpath(f"//field[@name='{name}']"), name)
        # Nor in the form of a decision round.
        arch = (
            self.env["customer.complaint.decision"]
            .with_user(self.user_auditor)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertFalse(
            [b.get("name") for b in etree.fromstring(arch).iter("button")],
            "no process button on a round for auditors",
        )
        kanban = etree.fromstring(views["kanban"]["arch"])
        self.assertEqual(kanban.get("create", "").lower(), "false")
        list_view = etree.fromstring(views["list"]["arch"])
        self.assertEqual(list_view.get("create", "").lower(), "false")
        self.assertEqual(
            list_view.xpath("//header/button/@name"), ["action_export_register"]
        )

    def test_chatter_for_handlers_archive_for_managers(self):
        for user, archive in ((self.user_complaint, False), (self.user_manager, True)):
            with self.subTest(user=user.login):
                arch = self.Complaint.with_user(user).get_views([(False, "form")])
                form = etree.fromstring(arch["views"]["form"]["arch"])
                self.assertTrue(form.xpath("//chatter"))
                self.assertFalse(form.xpath("//field[@name='message_ids']"))
                self.assertEqual(bool(form.xpath("//field[@name='active']")), archive)
                self.assertTrue(form.xpath("//field[@name='priority_override_reason']"))

    @mute_logger(*MUTED)
    def test_auditor_cannot_create_or_change_through_the_form(self):
        """What the auditor's form would send is refused (the ORM-level
        refusals, posting and activities, are in test_role_rules)."""
        complaint = self._confidential()
        as_auditor = complaint.with_user(self.user_auditor)
        with self.assertRaises(AccessError):
            with self._new_form(self.user_auditor) as form:
                form.name = "Auditor's own complaint"
                form.partner_id = self.customer
        with self.assertRaises(AccessError):
            with Form(as_auditor) as form:
                form.name = "Renamed by the auditor"
        decision = complaint.current_decision_id.with_user(self.user_auditor)
        with self.assertRaises(UserError):
            decision.action_approve()
        with self.assertRaises(AccessError):
            decision.action_communicate()
        with self.assertRaises(AccessError):
            with Form(decision) as form:
                form.reasons = "Rewritten by the auditor"
        with self.assertRaises(AccessError):
            as_auditor.unlink()
        self.assertEqual(complaint.name, "Kettle lid cracked")
        self.assertFalse(decision.approved_by_id)
        self.assertFalse(decision.date_communicated)
