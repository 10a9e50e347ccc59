# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestProcessDecision(ProcessCommon):
    def test_reasons_required(self):
        # assessed and handled: a round may be opened
        complaint = self._create_complaint(
            severity="1", impact="1", user_id=self.user_complaint.id
        )
        with self.assertRaises(ValidationError):
            self._decide(complaint, reasons=" ")
        decision = self._decide(complaint, user=self.user_complaint)
        self.assertEqual(decision.decided_by_id, self.user_complaint)
        self.assertTrue(decision.date_decision)
        self.assertEqual(complaint.decision_outcome, "upheld")

    def test_root_cause_required_from_configured_severity(self):
        self.company.complaint_root_cause_severity = "3"
        complaint = self._create_complaint(severity="3", impact="1")
        with self.assertRaises(ValidationError):
            self._decide(complaint)
        complaint.root_cause = "Seal supplier changed the material."
        self._decide(complaint)
        low = self._create_complaint(severity="2", impact="1")
        self.assertEqual(self._decide(low).outcome, "upheld")
        self.company.complaint_root_cause_severity = "2"
        other = self._create_complaint(severity="2", impact="1")
        with self.assertRaises(ValidationError):
            self._decide(other)
        # Nor is the root cause of a decided severe complaint removed.
        with self.assertRaises(ValidationError):
            complaint.root_cause = False

    def test_approval_by_another_manager_before_communicating(self):
        # priority high (3 x 2) matches team A's approval rule
        complaint = self._create_complaint(
            severity="3",
            impact="2",
            user_id=self.user_manager.id,
            root_cause="Bad seal",
        )
        decision = self._decide(complaint, user=self.user_manager)
        self.assertTrue(decision.approval_required)
        self.assertEqual(decision.delegation_id, self.rule_team_a)
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).action_communicate()
        with self.assertRaises(UserError, msg="the handler approves own decision"):
            decision.with_user(self.user_manager).action_approve()
        with self.assertRaises(UserError, msg="a handler without the authority"):
            decision.with_user(self.user_complaint).action_approve()
        complaint.involved_user_ids = [Command.link(self.user_admin_cc.id)]
        with self.assertRaises(UserError, msg="an involved manager"):
            decision.with_user(self.user_admin_cc).action_approve()
        complaint.involved_user_ids = [Command.clear()]
        with self.assertRaises(AccessError):
            decision.with_user(self.user_manager).approved_by_id = self.user_admin_cc
        decision.with_user(self.user_admin_cc).action_approve()
        self.assertEqual(decision.approved_by_id, self.user_admin_cc)
        self.assertEqual(decision.authority_id, self.user_admin_cc)
        self.assertEqual(decision.state, "approved")
        # Changing the decision voids the approval.
        decision.with_user(self.user_manager).reasons = "New reasons"
        self.assertFalse(decision.approved_by_id)
        self.assertEqual(decision.state, "draft")
        with self.assertRaises(UserError):
            decision.with_user(self.user_manager).action_communicate()
        decision.with_user(self.user_admin_cc).action_approve()
        decision.with_user(self.user_manager).action_communicate()
        self.assertTrue(decision.date_communicated)
        self.assertEqual(decision.state, "communicated")
        self.assertEqual(complaint.date_first_communicated, decision.date_communicated)

    def test_no_approval_below_the_rules(self):
        complaint = self._create_complaint(
            severity="1", impact="1", user_id=self.user_complaint.id
        )
        decision = self._decide(complaint, user=self.user_complaint)
        self.assertFalse(decision.approval_required)
        with self.assertRaises(UserError, msg="nothing to approve"):
            decision.with_user(self.user_manager).action_approve()
        decision.with_user(self.user_complaint).action_communicate()
        self.assertTrue(decision.date_communicated)

    def test_refund_needs_a_credit_note_before_communicating(self):
        complaint = self._create_complaint(severity="1", impact="1")
        decision = self._decide(complaint, resolution_type="refund")
        as_handler = decision.with_user(self.user_complaint)
        with self.assertRaisesRegex(UserError, "credit note"):
            as_handler.action_communicate()
        self.assertFalse(decision.date_communicated)
        # an invoice is not a credit note (test_remedy_documents_are_the_
        # complainant's): it cannot even be linked
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        with self.assertRaises(ValidationError) as catch:
            as_handler.credit_note_id = invoice
        self.assertIn("not a customer credit note", str(catch.exception))
        decision.credit_note_id = self.env["account.move"].create(
            {"move_type": "out_refund", "partner_id": self.customer.id}
        )
        as_handler.action_communicate()
        self.assertTrue(decision.date_communicated)

    def test_remedy_documents_are_the_complainants(self):
        """The support user links, in the form or over RPC, only a credit
        note of the complainant's customer (a colleague's counts, the same
        company) and only their replacement order; the form lists no other."""
        Move = self.env["account.move"]
        other = self.env["res.partner"].create({"name": "Other Customer SA"})
        own_note, colleague_note, other_note = Move.create(
            [
                {"move_type": "out_refund", "partner_id": partner.id}
                for partner in (self.customer, self.customer_2, other)
            ]
        )
        own_invoice = Move.create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        product = self.env["product.product"].create({"name": "Kettle"})
        own_order, other_order = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for partner in (self.customer_2, other)
            ]
        )
        complaint = self._create_complaint(
            severity="1", impact="1", user_id=self.user_complaint.id
        )
        decision = self._decide(
            complaint, user=self.user_complaint, resolution_type="refund"
        )
        as_handler = decision.with_user(self.user_complaint)
        for vals, message in (
            ({"credit_note_id": other_note.id}, "is not a document of the complainant"),
            ({"credit_note_id": own_invoice.id}, "not a customer credit note"),
            ({"replacement_order_id": other_order.id}, "is not a document of"),
        ):
            # assertRaises: rolled back to a savepoint, unlike assertRaisesRegex
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as catch:
                as_handler.write(vals)
            self.assertIn(message, str(catch.exception))
        self.assertFalse(decision.credit_note_id)
        self.assertFalse(decision.replacement_order_id)
        with Form(as_handler) as form:
            form.credit_note_id = other_note
            with self.assertRaises(ValidationError) as catch:
                form.save()
            self.assertIn("is not a document of", str(catch.exception))
            form.credit_note_id = colleague_note
        self.assertEqual(decision.credit_note_id, colleague_note)
        as_handler.write(
            {"credit_note_id": own_note.id, "replacement_order_id": own_order.id}
        )
        self.assertEqual(decision.replacement_order_id, own_order)
        # The dropdowns offer the complainant's documents only.
        for field, documents, expected in (
            (
                "credit_note_id",
                own_note | colleague_note | other_note | own_invoice,
                own_note | colleague_note,
            ),
            ("replacement_order_id", own_order | other_order, own_order),
        ):
            domain = safe_eval(
                decision._fields[field].domain,
                {"complainant_commercial_id": decision.complainant_commercial_id.id},
            )
            self.assertEqual(documents.filtered_domain(domain), expected, field)
        # Without a customer contact, no customer's document is linked.
        anonymous = self._create_complaint(
            partner_id=False,
            email_from="someone@example.com",
            severity="1",
            impact="1",
            user_id=self.user_complaint.id,
        )
        self.assertFalse(anonymous.commercial_partner_id)
        with self.assertRaisesRegex(ValidationError, "has no customer contact"):
            self._decide(
                anonymous,
                user=self.user_complaint,
                resolution_type="refund",
                credit_note_id=own_note.id,
            )

    def test_decision_email_content_and_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        # The French shipped with the addon (i18n/fr.po).
        self.env["ir.module.module"]._load_module_terms(
            ["customer_complaint_iso10002"], ["fr_FR"], overwrite=True
        )
        self.company.write(
            {
                "complaint_adr_name": "Médiateur de la consommation",
                "complaint_adr_url": "https://mediateur.example.com",
            }
        )
        self.customer.lang = "fr_FR"
        complaint = self._create_complaint(severity="1", impact="1")
        self.assertEqual(complaint.lang, "fr_FR")
        decision = self._decide(complaint, outcome="partly_upheld", remedy_cost=25.0)
        with self.mock_mail_gateway():
            decision.action_communicate()
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertEqual(decision.mail_message_id, mail.mail_message_id)
        self.assertEqual(
            mail.subject,
            f"{complaint.reference} : notre décision concernant votre réclamation",
        )
        body = str(mail.body_html)
        self.assertIn("Notre décision :", body)
        self.assertIn("Partiellement fondée", body, "the outcome in French too")
        self.assertIn("Si vous n'êtes pas d'accord", body, "the recourse")
        self.assertIn("The kettle had a faulty seal.", body)
        self.assertIn("Médiateur de la consommation", body)
        self.assertIn("https://mediateur.example.com", body)
        self.assertIn("/my/complaints/", body, "how to contest")
        self.assertTrue(decision.date_communicated)
        self.assertEqual(complaint.stage_id, self.stage_awaiting)

    def test_not_admissible_duplicate(self):
        original = self._create_complaint()
        duplicate = self._create_complaint(name="Kettle again")
        with self.assertRaises(UserError):
            duplicate.action_reject_not_admissible()
        with self.assertRaises(ValidationError):
            duplicate.rejection_reason = "duplicate"
        with self.assertRaises(ValidationError):
            duplicate.write({"stage_id": self.stage_rejected.id})
        duplicate.write(
            {"rejection_reason": "duplicate", "duplicate_of_id": original.id}
        )
        with self.mock_mail_gateway():
            duplicate.action_reject_not_admissible()
        self.assertEqual(duplicate.stage_id, self.stage_rejected)
        self.assertTrue(duplicate.is_closed)
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(original.reference, str(mail.body_html))

    def test_not_admissible_by_stage_tells_the_complainant(self):
        complaint = self._create_complaint()
        complaint.write(
            {"rejection_reason": "out_of_scope", "rejection_details": "Not sold by us"}
        )
        with self.mock_mail_gateway():
            complaint.write({"stage_id": self.stage_rejected.id})
        mail = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("Not sold by us", str(mail.body_html))
