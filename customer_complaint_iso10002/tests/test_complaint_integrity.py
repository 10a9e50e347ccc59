# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint's own rules of integrity (4.9), as the roles meet them over
JSON-RPC and in the form: a closed complaint is locked, documents are the
complainant's, a subject is given, a complaint is not duplicated, refused
creates draw no reference, and refusals say why."""

from odoo import Command, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.customer_complaint import CLOSED_WRITABLE_FIELDS
from .common import MAIL_TEMPLATE
from .common_process import ProcessCommon


@tagged("post_install", "-at_install")
class TestComplaintIntegrity(ProcessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_customer = Partner.create(
            {"name": "Deco Elsewhere", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Kettle", "type": "consu"}
        )

        def order(partner):
            return cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )

        def invoice(partner, move_type="out_invoice"):
            return cls.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": cls.product.id, "price_unit": 10.0}
                        )
                    ],
                }
            )

        cls.order_own = order(cls.customer)
        # a colleague's order: the same customer
        cls.order_colleague = order(cls.customer_2)
        cls.order_other = order(cls.other_customer)
        cls.invoice_own = invoice(cls.customer_2)
        cls.refund_own = invoice(cls.customer, "out_refund")
        cls.invoice_other = invoice(cls.other_customer)
        cls.category = cls.env["customer.complaint.category"].create(
            {"name": "Leaks", "company_id": cls.company.id}
        )
        cls.tag = cls.env["customer.complaint.tag"].create({"name": "Kettles"})

    def _as(self, user, records):
        return records.with_user(user).with_context(tracking_disable=True)

    # ------------------------------------------------------------------
    # 1. A closed complaint is locked
    # ------------------------------------------------------------------

    def test_closed_complaint_locked_as_handler(self):
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        self._accepted(complaint)
        self.assertTrue(complaint.is_closed)
        was_recurring = complaint.is_recurring
        as_handler = self._as(self.user_complaint, complaint)
        # what the role trial changed over JSON-RPC on a closed complaint
        for vals in (
            {"partner_id": self.customer_2.id},
            {"email_from": "someone.else@example.com"},
            {"channel": "letter"},
            {"category_id": self.category.id},
            {"user_id": self.user_manager.id},
            {"requested_remedy_details": "Money back instead"},
            {"tag_ids": [Command.link(self.tag.id)]},
            {"kanban_state": "blocked"},
            {"lang": "fr_FR"},
            {"partner_phone": "+32 2 555 00 00"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "is closed and locked"),
                self.cr.savepoint(),
            ):
                as_handler.write(vals)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.is_recurring, was_recurring)
        # what stays writable: a colour, what comes after the closing (ADR)
        as_handler.write({"color": 3, "adr_reference": "ADR-2026-7"})
        self.assertEqual(complaint.adr_reference, "ADR-2026-7")
        # reopened (with a reason), the complaint is written again
        as_handler._action_reopen("The kettle leaks again.")
        as_handler.write({"requested_remedy_details": "Money back instead"})
        self.assertEqual(complaint.requested_remedy_details, "Money back instead")

    def test_every_stored_field_locked_unless_allowed(self):
        # Inverted rule: a stored field added to the complaint (by this module
        # or another) is locked on a closed complaint unless it is allowed.
        Complaint = self.env["customer.complaint"]
        locked = Complaint._closed_locked_fields()
        for name, field in Complaint._fields.items():
            if (
                not field.store
                or field.type == "one2many"
                or name in models.MAGIC_COLUMNS
                # only the process writes them (their own rule)
                or name in Complaint._process_fields
            ):
                continue
            with self.subTest(field=name):
                self.assertEqual(name in locked, name not in CLOSED_WRITABLE_FIELDS)
        # the record: what was received, from whom, about what, who handled
        # it, what was asked, assessed and decided
        self.assertLessEqual(
            {
                "name",
                "description",
                "channel",
                "date_received",
                "received_by_id",
                "partner_id",
                "partner_name",
                "email_from",
                "partner_phone",
                "sale_order_id",
                "sale_line_id",
                "product_id",
                "invoice_id",
                "requested_remedy",
                "requested_remedy_details",
                "category_id",
                "tag_ids",
                "team_id",
                "user_id",
                "involved_user_ids",
                "stage_id",
                "kanban_state",
                "severity",
                "impact",
                "priority",
                "root_cause",
                "findings",
                "company_id",
                "customer_order_reference",
            },
            locked,
        )

    # ------------------------------------------------------------------
    # 2. Documents of the complainant's company only
    # ------------------------------------------------------------------

    def test_documents_of_another_customer_refused(self):
        env = self.env(user=self.user_complaint)
        for vals in (
            {"sale_order_id": self.order_other.id},
            {
                "sale_order_id": self.order_other.id,
                "sale_line_id": self.order_other.order_line.id,
            },
            {"invoice_id": self.invoice_other.id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, "is not the complainant's"),
                self.cr.savepoint(),
            ):
                self._create_complaint(env=env, **vals)
        # the complainant's own, a colleague's and a credit note: fine
        complaint = self._create_complaint(
            env=env,
            sale_order_id=self.order_colleague.id,
            sale_line_id=self.order_colleague.order_line.id,
            invoice_id=self.refund_own.id,
        )
        self.assertEqual(complaint.sale_order_id, self.order_colleague)
        # changing the complainant to another customer's contact: refused too
        with self.assertRaisesRegex(ValidationError, "is not the complainant's"):
            complaint.with_user(self.user_complaint).write(
                {"partner_id": self.other_customer.id}
            )

    def test_document_dropdowns_offer_the_complainants_only(self):
        complaint = self._create_complaint()
        Complaint = self.env["customer.complaint"]
        context = {"commercial_partner_id": complaint.commercial_partner_id.id}
        orders = self.env["sale.order"].search(
            safe_eval(Complaint._fields["sale_order_id"].domain, context)
        )
        self.assertIn(self.order_own, orders)
        self.assertIn(self.order_colleague, orders)
        self.assertNotIn(self.order_other, orders)
        moves = self.env["account.move"].search(
            safe_eval(Complaint._fields["invoice_id"].domain, context)
        )
        self.assertIn(self.invoice_own, moves)
        self.assertIn(self.refund_own, moves)
        self.assertNotIn(self.invoice_other, moves)
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice", "out_refund"})

    # ------------------------------------------------------------------
    # 3. Closing from the stage bar says why it is refused
    # ------------------------------------------------------------------

    def test_stage_bar_closing_refused_clearly(self):
        complaint = self._create_complaint(
            user_id=self.user_complaint.id, severity="1", impact="1"
        )
        form = Form(complaint.with_user(self.user_complaint))
        form.stage_id = self.stage_closed
        # the stage turns read-only with is_closed: still saved (force_save),
        # so the model's refusal reaches the user instead of nothing
        with self.assertRaisesRegex(UserError, "communicated"), self.cr.savepoint():
            form.save()
        self.env.invalidate_all()
        self.assertFalse(complaint.is_closed)

    # ------------------------------------------------------------------
    # 4. A subject is given
    # ------------------------------------------------------------------

    def test_blank_subject_refused(self):
        env = self.env(user=self.user_complaint)
        # (a no-break space and a zero-width space show nothing either)
        for name in ("", "   ", False, "\u00a0\u200b"):
            with (
                self.subTest(name=name),
                self.assertRaisesRegex(ValidationError, "needs a subject"),
                self.cr.savepoint(),
            ):
                self._create_complaint(env=env, name=name)
        with self.assertRaisesRegex(ValidationError, "needs a subject"):
            env["customer.complaint"].create({"partner_id": self.customer.id})
        complaint = self._create_complaint(env=env)
        with self.assertRaisesRegex(ValidationError, "needs a subject"):
            complaint.write({"name": " \n "})
        self.assertEqual(complaint.name, "Leaking kettle")

    def test_mail_without_subject_gets_one(self):
        message = MAIL_TEMPLATE.format(
            return_path="sylvie.lelitre@kettlelovers.example.com",
            to=self.team_a.alias_email,
            cc="",
            email_from="sylvie.lelitre@kettlelovers.example.com",
            subject="",
            msg_id="<no-subject-1@kettlelovers.example.com>",
            extra="",
        )
        with self.mock_mail_gateway():
            complaint_id = self.env["mail.thread"].message_process(
                "customer.complaint", message
            )
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertEqual(complaint.channel, "email")
        self.assertTrue(complaint.name.startswith("The kettle I bought leaks."))

    # ------------------------------------------------------------------
    # 5. A complaint is not duplicated
    # ------------------------------------------------------------------

    def test_copy_refused(self):
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        self._accepted(complaint)
        Complaint = self.env["customer.complaint"]
        count = Complaint.search_count([])
        with self.assertRaisesRegex(UserError, "Create a new complaint instead"):
            complaint.with_user(self.user_manager).copy()
        self.assertEqual(Complaint.search_count([]), count)
        # and the views offer no Duplicate
        for view_type in ("form", "list", "kanban"):
            arch = Complaint.with_user(self.user_manager).get_views(
                [(False, view_type)]
            )["views"][view_type]["arch"]
            self.assertIn('duplicate="0"', arch, view_type)

    # ------------------------------------------------------------------
    # 6. Refused creates draw no reference
    # ------------------------------------------------------------------

    def test_refused_create_draws_no_reference(self):
        sequence = self.company.sudo().complaint_sequence_id
        if not sequence:
            self._create_complaint()
            sequence = self.company.sudo().complaint_sequence_id
        before = sequence.number_next_actual
        with self.assertRaises(AccessError), self.cr.savepoint():
            self._create_complaint(env=self.env(user=self.user_auditor))
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, before)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._create_complaint(env=self.env(user=self.user_complaint), name=" ")
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, before)

    # ------------------------------------------------------------------
    # 7. Refusals instead of silent drops and generic errors
    # ------------------------------------------------------------------

    def test_priority_write_refused_below_manager(self):
        complaint = self._create_complaint(
            user_id=self.user_complaint.id, severity="1", impact="1"
        )
        priority = complaint.priority
        as_handler = complaint.with_user(self.user_complaint)
        other = "3" if priority != "3" else "0"
        with self.assertRaisesRegex(UserError, "only a complaint manager"):
            as_handler.write({"priority": other})
        self.assertEqual(complaint.priority, priority)
        # the value the form shows, sent back: accepted
        as_handler.write({"priority": priority, "name": "Leaking kettle, again"})
        self.assertEqual(complaint.name, "Leaking kettle, again")

    def test_write_losing_sight_refused_clearly(self):
        # team A's complaint, handled by the team leader: Alice (team A) sees
        # it through her team only
        complaint = self._create_complaint(user_id=self.user_manager.id)
        as_alice = complaint.with_user(self.user_complaint)
        for vals in ({"team_id": False}, {"confidential": True}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "You would no longer see"),
                self.cr.savepoint(),
            ):
                as_alice.write(vals)
        self.assertEqual(complaint.team_id, self.team_a)
        self.assertFalse(complaint.confidential)
        # the complaint she handles stays hers, confidential or not
        own = self._create_complaint(user_id=self.user_complaint.id)
        own.with_user(self.user_complaint).write({"confidential": True})
        self.assertTrue(own.confidential)

    # ------------------------------------------------------------------
    # From the second role trial
    # ------------------------------------------------------------------

    def test_access_token_given_once(self):
        """The complainant's portal key: no one on staff sets it to a value
        they know, on an open or a closed complaint; one missing is made on
        demand (portal.mixin)."""
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        token = complaint.access_token
        self.assertTrue(token)
        as_handler = self._as(self.user_complaint, complaint)
        with self.assertRaisesRegex(UserError, "given once"):
            as_handler.write({"access_token": "known-to-me"})
        self.assertEqual(complaint.access_token, token)
        as_handler.write({"access_token": token})
        # a complaint without one (made before tokens) gets one
        self.env.cr.execute(
            "UPDATE customer_complaint SET access_token = NULL WHERE id = %s",
            [complaint.id],
        )
        complaint.invalidate_recordset(["access_token"])
        self.assertTrue(complaint._portal_ensure_token())

    def test_changed_complainant_checks_decision_remedies(self):
        """A decision's credit note is the complainant's: changing the
        complainant to another customer is refused while it links the first
        one's credit note."""
        complaint = self._create_complaint(
            severity="1", impact="1", user_id=self.user_complaint.id
        )
        decision = self._decide(
            complaint, user=self.user_complaint, resolution_type="refund"
        )
        decision.with_user(self.user_complaint).credit_note_id = self.refund_own
        # assertRaises: rolled back to a savepoint, unlike assertRaisesRegex
        with self.assertRaises(ValidationError) as catch:
            self._as(self.user_complaint, complaint).write(
                {"partner_id": self.other_customer.id}
            )
        self.assertIn("is not a document of", str(catch.exception))
        self.assertEqual(complaint.partner_id, self.customer)

    def test_archive_offered_to_managers_only(self):
        """The support user choosing Archive is told at once who archives,
        instead of an access error on the reason dialog."""
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        with self.assertRaisesRegex(UserError, "Only complaint managers archive"):
            self._as(self.user_complaint, complaint).action_archive()
        action = self._as(self.user_manager, complaint).action_archive()
        self.assertEqual(action["res_model"], "customer.complaint.archive")

    def test_form_changing_complainant_drops_their_documents(self):
        """In the form, another complainant takes the previous one's order
        and invoice off the complaint instead of a refusal on save."""
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        with Form(self._as(self.user_complaint, complaint)) as form:
            form.sale_order_id = self.order_own
            form.invoice_id = self.invoice_own
            form.partner_id = self.customer_2
            # a colleague: the same customer's documents stay
            self.assertEqual(form.sale_order_id, self.order_own)
            self.assertEqual(form.invoice_id, self.invoice_own)
            form.partner_id = self.other_customer
            self.assertFalse(form.sale_order_id)
            self.assertFalse(form.invoice_id)
        self.assertEqual(complaint.partner_id, self.other_customer)
        self.assertFalse(complaint.sale_order_id)
