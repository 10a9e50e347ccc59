# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon

REFERENCE_RE = re.compile(r"^CMP/(\d{4})/(\d{5})$")


@tagged("post_install", "-at_install")
class TestComplaint(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.product_kettle = Product.create({"name": "Kettle", "type": "consu"})
        cls.product_toaster = Product.create({"name": "Toaster", "type": "consu"})
        cls.product_mug = Product.create({"name": "Mug", "type": "consu"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.user_complaint_b.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product_kettle.id, "product_uom_qty": 1}
                    ),
                    Command.create(
                        {"product_id": cls.product_toaster.id, "product_uom_qty": 1}
                    ),
                ],
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer_2.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product_mug.id,
                            "quantity": 1,
                            "price_unit": 10.0,
                        }
                    )
                ],
            }
        )

    # ------------------------------------------------------------------
    # Reference
    # ------------------------------------------------------------------

    def _ref_number(self, reference):
        match = REFERENCE_RE.match(reference)
        self.assertTrue(match, f"{reference} is not CMP/YYYY/NNNNN")
        return int(match.group(2))

    def test_reference_format_and_unique(self):
        complaints = self.env["customer.complaint"].create(
            [
                {"name": f"Complaint {i}", "partner_id": self.customer.id}
                for i in range(3)
            ]
        )
        references = complaints.mapped("reference")
        self.assertEqual(len(set(references)), 3, "references must be unique")
        year = str(fields.Date.today().year)
        for reference in references:
            self.assertEqual(REFERENCE_RE.match(reference).group(1), year)
        numbers = [self._ref_number(ref) for ref in references]
        self.assertEqual(numbers, sorted(numbers), "numbering follows creation")
        self.assertIn(complaints[0].reference, complaints[0].display_name)
        # Another company numbers on its own.
        other = self._create_complaint(
            team_id=self.team_c2.id, company_id=self.company_2.id
        )
        self.assertTrue(REFERENCE_RE.match(other.reference))
        # A complaint is not copied (test_complaint_integrity.py).
        with self.assertRaises(UserError):
            complaints[0].copy()

    def test_reference_is_read_only(self):
        complaint = self._create_complaint()
        self.assertTrue(REFERENCE_RE.match(complaint.reference))
        with self.assertRaises(UserError):
            complaint.reference = "CMP/1999/00001"
        with Form(complaint) as form:
            with self.assertRaises(AssertionError):
                form.reference = "HACKED"

    def test_reference_never_reused(self):
        archived = self._create_complaint()
        archived.action_archive()
        deleted = self._create_complaint(
            partner_id=False, partner_name="No Email Person"
        )
        self.assertFalse(deleted.date_acknowledged)
        deleted_ref = deleted.reference
        deleted.unlink()
        new = self._create_complaint()
        self.assertNotIn(new.reference, (archived.reference, deleted_ref))
        self.assertGreater(
            self._ref_number(new.reference), self._ref_number(deleted_ref)
        )
        self.assertGreater(
            self._ref_number(deleted_ref), self._ref_number(archived.reference)
        )

    # ------------------------------------------------------------------
    # Create form
    # ------------------------------------------------------------------

    def test_form_partner_from_order_and_product_domain(self):
        with Form(self.env["customer.complaint"]) as form:
            form.name = "Broken kettle"
            form.sale_order_id = self.order
            self.assertEqual(form.partner_id, self.customer)
            self.assertEqual(form.email_from, self.customer.email)
            self.assertEqual(
                set(form.allowed_product_ids.ids),
                {self.product_kettle.id, self.product_toaster.id},
            )
            # The salesperson is whom the complaint is about.
            self.assertIn(self.user_complaint_b, form.involved_user_ids)
            form.product_id = self.product_kettle
        complaint = form.record
        self.assertEqual(complaint.product_id, self.product_kettle)
        self.assertEqual(complaint.commercial_partner_id, self.customer_company)
        # The field domain the client uses.
        domain = complaint._fields["product_id"].domain
        self.assertIn("allowed_product_ids", domain)

        form = Form(self.env["customer.complaint"])
        form.name = "Wrong product"
        form.sale_order_id = self.order
        form.product_id = self.product_mug
        with self.assertRaises(ValidationError):
            form.save()

        # Changing the order drops a product that is not on the new order.
        with Form(complaint) as form:
            other_order = self.order.copy(
                {
                    "order_line": [
                        Command.create(
                            {"product_id": self.product_mug.id, "product_uom_qty": 1}
                        )
                    ]
                }
            )
            form.sale_order_id = other_order
            self.assertFalse(form.product_id)
            self.assertEqual(form.allowed_product_ids.ids, self.product_mug.ids)

    def test_product_constraint_without_form(self):
        with self.assertRaises(ValidationError):
            self._create_complaint(
                sale_order_id=self.order.id, product_id=self.product_mug.id
            )
        # Without an order any product goes.
        complaint = self._create_complaint(product_id=self.product_mug.id)
        self.assertEqual(complaint.product_id, self.product_mug)

    def test_form_partner_from_invoice(self):
        with Form(self.env["customer.complaint"]) as form:
            form.name = "Wrong amount"
            form.invoice_id = self.invoice
            self.assertEqual(form.partner_id, self.customer_2)
        self.assertEqual(form.record.invoice_id, self.invoice)

    def test_form_complainant_required(self):
        form = Form(self.env["customer.complaint"])
        form.name = "Anonymous"
        with self.assertRaises(ValidationError):
            form.save()

    # ------------------------------------------------------------------
    # Kanban
    # ------------------------------------------------------------------

    def test_group_expand_all_stages(self):
        Stage = self.env["customer.complaint.stage"]
        team_b_stage = Stage.create(
            {"name": "Team B only", "team_ids": [Command.set(self.team_b.ids)]}
        )
        all_stages = Stage.search([])
        complaint = self._create_complaint()
        self.assertEqual(complaint.stage_id, self.stage_new)
        expanded = self.env["customer.complaint"]._read_group_stage_ids(Stage, [])
        self.assertEqual(expanded, all_stages)
        # A team's kanban shows the shared stages and its own, not other teams'.
        expanded_a = self.env["customer.complaint"]._read_group_stage_ids(
            Stage, [("team_id", "=", self.team_a.id)]
        )
        self.assertNotIn(team_b_stage, expanded_a)
        self.assertEqual(expanded_a, all_stages - team_b_stage)
        result = self.env["customer.complaint"].web_read_group(
            [("id", "=", complaint.id)], ["stage_id"], ["stage_id"]
        )
        groups = {group["stage_id"][0]: group for group in result["groups"]}
        self.assertEqual(set(groups), set(all_stages.ids))
        self.assertEqual(groups[self.stage_new.id]["stage_id_count"], 1)
        self.assertEqual(groups[self.stage_closed.id]["stage_id_count"], 0)

    # ------------------------------------------------------------------
    # Smart buttons and actions on other documents
    # ------------------------------------------------------------------

    def test_smart_button_counts(self):
        self._create_complaint(
            sale_order_id=self.order.id, product_id=self.product_kettle.id
        )
        self._create_complaint(partner_id=self.customer_2.id)
        self._create_complaint(
            partner_id=self.customer_2.id, invoice_id=self.invoice.id
        )
        archived = self._create_complaint(product_id=self.product_kettle.id)
        archived._action_archive("Entered twice")
        (self.customer | self.customer_2 | self.customer_company).invalidate_recordset(
            ["complaint_count"]
        )
        self.assertEqual(self.customer.complaint_count, 1)
        self.assertEqual(self.customer_2.complaint_count, 2)
        self.assertEqual(self.customer_company.complaint_count, 3)
        self.assertEqual(self.order.complaint_count, 1)
        self.assertEqual(self.invoice.complaint_count, 1)
        self.assertEqual(self.product_kettle.product_tmpl_id.complaint_count, 1)
        self.assertEqual(self.product_mug.product_tmpl_id.complaint_count, 0)
        action = self.customer_company.action_view_complaints()
        self.assertEqual(
            self.env["customer.complaint"].search_count(action["domain"]), 3
        )
        action = self.product_kettle.product_tmpl_id.action_view_complaints()
        self.assertEqual(
            self.env["customer.complaint"].search_count(action["domain"]), 1
        )

    def test_smart_button_without_complaint_group(self):
        # Someone without complaint rights sees no count (field groups).
        partner = self.customer.with_user(self.user_internal)
        self.assertNotIn("complaint_count", partner.fields_get())

    def test_new_complaint_action_on_order_and_invoice(self):
        action = self.order.action_new_complaint()
        self.assertEqual(action["res_model"], "customer.complaint")
        self.assertEqual(action["context"]["default_sale_order_id"], self.order.id)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        with Form(
            self.env["customer.complaint"].with_context(**action["context"])
        ) as form:
            form.name = "From the order"
            self.assertEqual(form.sale_order_id, self.order)
            self.assertEqual(form.partner_id, self.customer)
        action = self.invoice.action_new_complaint()
        with Form(
            self.env["customer.complaint"].with_context(**action["context"])
        ) as form:
            form.name = "From the invoice"
            self.assertEqual(form.invoice_id, self.invoice)
            self.assertEqual(form.partner_id, self.customer_2)
        self.assertEqual(self.invoice.complaint_count, 1)

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------

    def test_acknowledged_complaint_cannot_be_deleted(self):
        complaint = self._create_complaint()
        self.assertTrue(complaint.date_acknowledged)
        with self.assertRaises(UserError):
            complaint.unlink()
        complaint._action_archive("Entered twice")
        self.assertFalse(complaint.active)
        self.assertTrue(complaint.exists())

    def test_stage_in_use_cannot_be_deleted(self):
        Stage = self.env["customer.complaint.stage"]
        stage = Stage.create({"name": "Waiting for parts", "sequence": 99})
        unused = Stage.create({"name": "Never used", "sequence": 100})
        complaint = self._create_complaint(stage_id=stage.id)
        complaint.action_archive()
        with self.assertRaises(UserError):
            stage.unlink()
        unused.unlink()
        self.assertFalse(unused.exists())
        self.assertTrue(stage.exists())

    def test_handler_cannot_be_involved(self):
        with self.assertRaises(ValidationError):
            self._create_complaint(
                user_id=self.user_complaint.id,
                involved_user_ids=[Command.set(self.user_complaint.ids)],
            )
        complaint = self._create_complaint(
            involved_user_ids=[Command.set(self.user_complaint.ids)]
        )
        with self.assertRaises(ValidationError):
            complaint.user_id = self.user_complaint
        complaint.user_id = self.user_complaint_b
        self.assertEqual(complaint.user_id, self.user_complaint_b)

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------

    def test_handler_must_be_complaints_user(self):
        # Competence (4.14): an internal user without the Complaints access
        # is neither offered nor accepted as handler, nor picked by a team.
        clerk = new_test_user(
            self.env, login="cc_clerk", name="Clerk", groups="base.group_user"
        )
        domain = self.env["customer.complaint"]._handler_domain()
        users = self.env["res.users"].search(domain)
        self.assertIn(self.user_complaint, users)
        self.assertNotIn(clerk, users)
        with self.assertRaisesRegex(ValidationError, "not a complaints user"):
            self._create_complaint(user_id=clerk.id)
        self.team_a.write(
            {"assignment_method": "balanced", "member_ids": [Command.set(clerk.ids)]}
        )
        self.assertFalse(self._create_complaint().user_id)

    def test_leaving_first_stage_names_a_handler(self):
        # Accountability (4.12): whoever moves an unassigned complaint on
        # becomes its handler; an assigned one keeps its handler.
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        unassigned = self._create_complaint(env=Complaint.env)
        assigned = self._create_complaint(
            env=Complaint.env, user_id=self.user_manager.id
        )
        self.assertFalse(unassigned.user_id)
        (unassigned | assigned).write({"stage_id": self.stage_assessment.id})
        self.assertEqual(unassigned.user_id, self.user_complaint)
        self.assertEqual(assigned.user_id, self.user_manager)
        # Someone involved cannot take it on that way either (objectivity).
        involved = self._create_complaint(
            env=Complaint.env,
            involved_user_ids=[Command.set(self.user_complaint.ids)],
        )
        with self.assertRaises(ValidationError):
            involved.write({"stage_id": self.stage_assessment.id})

    def test_auto_assign_none(self):
        self.assertEqual(self.team_a.assignment_method, "none")
        self.assertFalse(self._create_complaint().user_id)

    def test_auto_assign_leader(self):
        self.team_a.assignment_method = "leader"
        self.assertEqual(self._create_complaint().user_id, self.user_manager)
        # Never the leader when the complaint is about them.
        complaint = self._create_complaint(
            involved_user_ids=[Command.set(self.user_manager.ids)]
        )
        self.assertFalse(complaint.user_id)
        # An explicit handler is kept.
        complaint = self._create_complaint(user_id=self.user_complaint.id)
        self.assertEqual(complaint.user_id, self.user_complaint)

    def test_auto_assign_balanced(self):
        self.team_a.write(
            {
                "assignment_method": "balanced",
                "member_ids": [Command.link(self.user_complaint_b.id)],
            }
        )
        # Alice already has two open complaints and one closed, Bob one open.
        self._create_complaint(user_id=self.user_complaint.id)
        self._create_complaint(user_id=self.user_complaint.id)
        self._create_complaint(user_id=self.user_complaint_b.id)
        closed = self._create_complaint(user_id=self.user_complaint_b.id)
        self._close(closed, self.stage_rejected)
        first = self._create_complaint()
        self.assertEqual(first.user_id, self.user_complaint_b)
        # Now 2 - 2: ties go to the lowest id (Alice was created first).
        second = self._create_complaint()
        self.assertEqual(second.user_id, self.user_complaint)
        # Bob is involved: Alice gets it although she has more.
        third = self._create_complaint(
            involved_user_ids=[Command.set(self.user_complaint_b.ids)]
        )
        self.assertEqual(third.user_id, self.user_complaint)

    def test_reference_given_once(self):
        complaint = self._create_complaint().with_user(self.user_complaint)
        with self.assertRaisesRegex(UserError, "given once"):
            complaint.write({"reference": "CMP/1999/00001"})
        complaint.write({"reference": complaint.reference, "name": "Lid"})
        self.assertEqual(complaint.name, "Lid")

    def test_response_due_date_in_working_days(self):
        # The response promised is the deadline of the first decision phase:
        # the policy's decision target in working hours (80: ten days of 8 h).
        calendar = self.company.resource_calendar_id
        received = fields.Datetime.from_string("2026-03-02 08:00:00")  # a Monday
        complaint = self._create_complaint(date_received=received)
        Policy = self.env["customer.complaint.deadline.policy"]
        hours = Policy._targets_for(complaint)["decision_hours"]
        self.assertEqual(hours, 80)
        decision = complaint.phase_ids.filtered(lambda p: p.phase == "decision")
        self.assertEqual(complaint.date_response_due, decision.date_deadline)
        self.assertEqual(
            complaint.date_response_due,
            calendar.plan_hours(hours, received, compute_leaves=True),
        )
        self.assertEqual(complaint.date_response_due.date().isoformat(), "2026-03-16")
        # A company closure day pushes the promise back by one working day.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Closure",
                "calendar_id": calendar.id,
                "date_from": "2026-03-05 00:00:00",
                "date_to": "2026-03-05 23:59:59",
            }
        )
        later = self._create_complaint(date_received=received)
        self.assertEqual(later.date_response_due.date().isoformat(), "2026-03-17")
        self.assertEqual(
            later.date_response_due,
            calendar.plan_hours(hours, received, compute_leaves=True),
        )
        # Batch creation plans the same dates.
        batch = self.env["customer.complaint"].create(
            [
                {
                    "name": f"Batch {i}",
                    "partner_id": self.customer.id,
                    "team_id": self.team_a.id,
                    "date_received": received,
                }
                for i in range(3)
            ]
        )
        self.assertEqual(
            set(batch.mapped("date_response_due")), {later.date_response_due}
        )

    def test_same_values_dict_twice_gives_distinct_references(self):
        vals = {"name": "Same dict", "partner_id": self.customer.id}
        complaints = self.env["customer.complaint"].create([vals, vals])
        self.assertEqual(len(set(complaints.mapped("reference"))), 2)
        self.assertNotIn("reference", vals, "the caller's values are not changed")
        again = self.env["customer.complaint"].create(vals)
        self.assertNotIn(again.reference, complaints.mapped("reference"))

    def test_complaint_without_team(self):
        complaint = self._create_complaint(team_id=False)
        self.assertFalse(complaint.team_id)
        self.assertFalse(complaint.user_id)
        self.assertTrue(complaint.date_response_due)
        self.assertTrue(complaint.date_acknowledged)

    # ------------------------------------------------------------------
    # Tracking and stage mail
    # ------------------------------------------------------------------

    def test_stage_change_tracked_and_template_sent(self):
        template = self.env["mail.template"].create(
            {
                "name": "Complaint under assessment",
                "model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "subject": "{{ object.reference }} is being assessed",
                "partner_to": "{{ object.partner_id.id }}",
                "body_html": "<p>We are assessing your complaint.</p>",
            }
        )
        self.stage_assessment.mail_template_id = template
        complaint = self._create_complaint()
        self.flush_tracking()
        with self.mock_mail_gateway():
            complaint.write(
                {
                    "stage_id": self.stage_assessment.id,
                    "user_id": self.user_complaint.id,
                }
            )
            self.flush_tracking()
        stage_mails = self._new_mails.filtered(
            lambda m: m.subject == f"{complaint.reference} is being assessed"
        )
        self.assertEqual(len(stage_mails), 1)
        self.assertEqual(stage_mails.recipient_ids, self.customer)
        self.assertEqual(stage_mails.res_id, complaint.id)
        trackings = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "customer.complaint"),
                ("mail_message_id.res_id", "=", complaint.id),
            ]
        )
        stage_tracking = trackings.filtered(lambda t: t.field_id.name == "stage_id")
        self.assertEqual(len(stage_tracking), 1)
        self.assertEqual(stage_tracking.old_value_char, self.stage_new.name)
        self.assertEqual(stage_tracking.new_value_char, self.stage_assessment.name)
        self.assertEqual(
            stage_tracking.mail_message_id.subtype_id,
            self.env.ref("customer_complaint_iso10002.mt_complaint_stage"),
        )
        user_tracking = trackings.filtered(lambda t: t.field_id.name == "user_id")
        self.assertEqual(user_tracking.new_value_char, self.user_complaint.name)
        # A stage without template sends nothing.
        with self.mock_mail_gateway():
            complaint.stage_id = self.stage_new
        self.assertFalse(
            self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        )
        self.assertFalse(complaint.date_closed)
        self._close(complaint, self.stage_rejected)
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)

    def test_upload_limits_one_rule_for_every_upload(self):
        # Set-up: two files an upload, 1 MB each, 3 files a complaint.
        params = self.env["ir.config_parameter"]
        params.set_param("customer_complaint_iso10002.portal_max_attachments", "2")
        params.set_param("customer_complaint_iso10002.portal_max_attachment_mb", "1")
        self.company.complaint_upload_max_count = 3
        complaint = self._create_complaint()
        # What a portal upload checks (the routes read the company with sudo,
        # as the complainant, after checking their right to the complaint).
        company = self.company.with_user(self.user_portal_cc).sudo()
        self.assertEqual(
            company._complaint_upload_limits(),
            {
                "max_attachments": 2,
                "max_attachment_mb": 1,
                "complaint_max_files": 3,
                "complaint_max_mb": self.company.complaint_upload_max_mb,
            },
        )
        megabyte = 1024 * 1024
        company._complaint_check_uploads(complaint, [megabyte, 10])
        with self.assertRaisesRegex(UserError, "at most 2 files at a time"):
            company._complaint_check_uploads(complaint, [10, 10, 10])
        with self.assertRaisesRegex(UserError, "larger than 1 MB"):
            company._complaint_check_uploads(complaint, [megabyte + 1])
        self.env["ir.attachment"].with_user(self.user_portal_cc).sudo().create(
            [
                {
                    "name": f"photo{i}.png",
                    "raw": b"x",
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                }
                for i in range(2)
            ]
        )
        with self.assertRaisesRegex(UserError, "at most 3 files in all"):
            company._complaint_check_uploads(complaint, [10, 10])
        # A bad or missing system parameter gives the default, never a
        # traceback nor a limit of 0.
        params.set_param("customer_complaint_iso10002.portal_max_attachments", "x")
        params.set_param("customer_complaint_iso10002.portal_max_attachment_mb", False)
        limits = company._complaint_upload_limits()
        self.assertEqual(
            (limits["max_attachments"], limits["max_attachment_mb"]), (5, 10)
        )


@tagged("post_install", "-at_install")
class TestComplaintReferenceConcurrency(TransactionCase):
    """Two transactions creating complaints at the same time."""

    @mute_logger("odoo.sql_db")
    def test_two_cursors_distinct_references(self):
        context = {
            "complaint_skip_acknowledgement": True,
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
        }
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        created_ids = []
        try:
            for cr in (cr1, cr2):
                # A blocked insert (same reference) fails instead of hanging.
                cr.execute("SET lock_timeout = '10s'")
            env1 = api.Environment(cr1, SUPERUSER_ID, context)
            env2 = api.Environment(cr2, SUPERUSER_ID, context)
            vals = {"name": "Concurrent complaint", "partner_name": "Race Tester"}
            complaint1 = env1["customer.complaint"].create(vals)
            env1.flush_all()
            complaint2 = env2["customer.complaint"].create(vals)
            env2.flush_all()
            reference1, reference2 = complaint1.reference, complaint2.reference
            created_ids = [complaint1.id, complaint2.id]
            cr1.commit()
            cr2.commit()
            self.assertNotEqual(reference1, reference2)
            self.assertTrue(REFERENCE_RE.match(reference1))
            self.assertTrue(REFERENCE_RE.match(reference2))
            self.assertNotEqual(complaint1.id, complaint2.id)
        finally:
            cr1.rollback()
            cr2.rollback()
            cr1.close()
            cr2.close()
            if created_ids:
                with self.registry.cursor() as cr:
                    cr.execute(
                        "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                        ["customer.complaint", tuple(created_ids)],
                    )
                    cr.execute(
                        "DELETE FROM mail_followers WHERE res_model = %s "
                        "AND res_id IN %s",
                        ["customer.complaint", tuple(created_ids)],
                    )
                    cr.execute(
                        "DELETE FROM customer_complaint WHERE id IN %s",
                        [tuple(created_ids)],
                    )
