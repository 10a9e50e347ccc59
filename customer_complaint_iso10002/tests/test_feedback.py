# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import uuid
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import MAIL_TEMPLATE, ComplaintCommon


@tagged("post_install", "-at_install", "complaint_feedback")
class TestCustomerFeedback(ComplaintCommon):
    """Compliments, suggestions and enquiries (4.11): their own records,
    acknowledged, routed, answered, counted apart, no complaint deadline, and
    turned into a complaint with their thread when they are one."""

    def _feedback(self, user=None, **vals):
        values = {
            "name": "Opening hours on Sunday?",
            "feedback_type": "enquiry",
            "partner_id": self.customer.id,
            "team_id": self.team_a.id,
            "company_id": self.company.id,
        }
        values.update(vals)
        return (
            self.env["customer.complaint.feedback"]
            .with_user(user or self.user_complaint)
            .create(values)
        )

    def _mails_of(self, feedback):
        return self._new_mails.filtered(
            lambda m: m.model == feedback._name and m.res_id == feedback.id
        )

    def test_staff_entry_acknowledged_and_routed(self):
        self.team_a.assignment_method = "leader"
        with self.mock_mail_gateway():
            form = Form(
                self.env["customer.complaint.feedback"].with_user(self.user_complaint)
            )
            form.name = "Lovely staff"
            form.feedback_type = "compliment"
            form.partner_id = self.customer
            form.team_id = self.team_a
            feedback = form.save()
        self.assertTrue(feedback.reference.startswith("FBK/"))
        self.assertEqual(feedback.state, "new")
        self.assertTrue(feedback.date_acknowledged)
        ack = self._mails_of(feedback).filtered(
            lambda m: self.customer in m.recipient_ids
        )
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.recipient_ids, self.customer)
        self.assertIn(feedback.reference, ack.subject)
        # routed: the team's leader handles it
        self.assertEqual(feedback.user_id, self.user_manager)
        # no complaint, no deadline
        self.assertFalse(
            self.env["customer.complaint"].search([("name", "=", "Lovely staff")])
        )
        self.assertNotIn("phase_ids", feedback._fields)

    def test_routed_to_company_team_by_default(self):
        feedback = self._feedback(team_id=False)
        self.assertTrue(feedback.team_id)
        self.assertEqual(feedback.team_id.company_id, self.company)

    def test_answer_sent_to_customer(self):
        feedback = self._feedback()
        with self.assertRaisesRegex(UserError, "Write the answer"):
            feedback.action_send_answer()
        feedback.answer = "<p>We open at 10 on Sundays.</p>"
        with self.mock_mail_gateway():
            feedback.action_send_answer()
        self.assertEqual(feedback.state, "answered")
        self.assertEqual(feedback.answered_by_id, self.user_complaint)
        self.assertTrue(feedback.date_answered)
        answer = feedback.message_ids.filtered(lambda m: "We open at 10" in str(m.body))
        self.assertEqual(answer.partner_ids, self.customer)
        self.assertTrue(
            self._new_mails.filtered(
                lambda m: self.customer in m.recipient_ids
                and "We open at 10" in str(m.body_html)
            )
        )

    def test_state_and_stamps_only_through_actions(self):
        feedback = self._feedback()
        for vals in ({"state": "answered"}, {"date_answered": datetime.now()}):
            with self.assertRaises(AccessError):
                feedback.write(vals)
        feedback.action_close()
        self.assertEqual(feedback.state, "closed")
        with self.assertRaises(UserError):
            feedback.action_send_answer()
        feedback.action_reopen()
        self.assertEqual(feedback.state, "new")

    def test_roles(self):
        feedback = self._feedback()
        # auditors read, change nothing
        self.assertEqual(feedback.with_user(self.user_auditor).name, feedback.name)
        with self.assertRaises(AccessError):
            feedback.with_user(self.user_auditor).write({"name": "x"})
        with self.assertRaises(AccessError):
            feedback.with_user(self.user_auditor).action_convert_to_complaint()
        # portal users and other employees read no feedback
        for user in (self.user_portal_cc, self.user_internal):
            with self.assertRaises(AccessError):
                feedback.with_user(user).read(["name"])
        # handlers delete nothing
        with self.assertRaises(AccessError):
            feedback.unlink()
        # another company's users do not see it
        self.assertFalse(
            self.env["customer.complaint.feedback"]
            .with_user(self.user_c2)
            .search([("id", "=", feedback.id)])
        )

    def test_feedback_alias(self):
        settings = self.env["res.config.settings"].create(
            {"complaint_feedback_alias_name": "cc-feedback"}
        )
        settings.execute()
        alias = self.company.complaint_feedback_alias_id
        self.assertEqual(alias.alias_model_id.model, "customer.complaint.feedback")
        self.assertEqual(
            self.env["res.config.settings"].create({}).complaint_feedback_alias_name,
            "cc-feedback",
        )
        with self.mock_mail_gateway():
            feedback = self.format_and_process(
                MAIL_TEMPLATE,
                f'"Sylvie Lelitre" <{self.customer.email}>',
                alias.display_name,
                subject="A suggestion for your shop",
                target_model="customer.complaint.feedback",
                target_field="name",
                msg_id=f"<{uuid.uuid4()}@mail.sender.example.com>",
            )
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.channel, "email")
        self.assertEqual(feedback.partner_id, self.customer)
        self.assertEqual(feedback.company_id, self.company)
        self.assertIn("kettle I bought leaks", str(feedback.description))
        self.assertTrue(feedback.date_acknowledged)
        # no complaint was created from it
        self.assertFalse(
            self.env["customer.complaint"].search(
                [("name", "=", "A suggestion for your shop")]
            )
        )

    def test_convert_to_complaint_keeps_thread(self):
        received = datetime(2026, 1, 5, 9, 0)
        feedback = self._feedback(
            name="Question about my kettle", date_received=received
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "datas": base64.b64encode(b"kettle"),
                "res_model": feedback._name,
                "res_id": feedback.id,
            }
        )
        feedback.sudo().message_post(
            body="It leaks after a week, I want my money back.",
            author_id=self.customer.id,
            message_type="email",
            attachment_ids=attachment.ids,
        )
        feedback.message_post(
            body="Looks like a complaint.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        with self.mock_mail_gateway():
            action = feedback.action_convert_to_complaint()
        complaint = self.env["customer.complaint"].browse(action["res_id"])
        self.assertEqual(feedback.state, "converted")
        self.assertEqual(feedback.complaint_id, complaint)
        self.assertEqual(complaint.feedback_ids, feedback)
        self.assertEqual(complaint.name, "Question about my kettle")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.date_received, received)
        # a complaint now: acknowledged with its deadlines
        self.assertTrue(complaint.date_acknowledged)
        self.assertTrue(complaint.phase_ids)
        # the thread came along, author, date and attachment included
        moved = complaint.message_ids.filtered(
            lambda m: "It leaks after" in str(m.body)
        )
        self.assertEqual(moved.author_id, self.customer)
        self.assertEqual(moved.message_type, "email")
        self.assertEqual(moved.attachment_ids.name, "photo.png")
        self.assertEqual(moved.attachment_ids.res_id, complaint.id)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "Looks like a complaint" in str(m.body)
            )
        )
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: feedback.reference in str(m.body))
        )
        self.assertTrue(
            feedback.message_ids.filtered(lambda m: complaint.reference in str(m.body))
        )
        # the customer's reply to the feedback reaches the complaint
        original = feedback.message_ids.filtered(
            lambda m: "It leaks after" in str(m.body)
        )
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                self.customer.email,
                "feedback@test.mycompany.com",
                subject=f"Re: {feedback.reference}",
                extra=f"In-Reply-To: {original.message_id}",
                msg_id=f"<{uuid.uuid4()}@mail.sender.example.com>",
                target_model="customer.complaint.feedback",
            )
        self.assertEqual(
            len(
                complaint.message_ids.filtered(
                    lambda m: "kettle I bought leaks" in str(m.body)
                )
            ),
            1,
        )
        # done with: the feedback is frozen, converted once
        with self.assertRaises(UserError):
            feedback.name = "Changed"
        with self.assertRaises(UserError):
            feedback.action_convert_to_complaint()

    def test_counted_apart_in_the_review(self):
        today = datetime.now().date()
        period = (today.replace(day=1), today, self.company)
        before = {
            row["type"]: row["count"]
            for row in self.env["customer.complaint.review.inputs"]._feedback_counts(
                *period
            )
        }
        volume_before = self.env["customer.complaint.kpi"].kpi_volume(
            today.replace(day=1), today, self.company
        )
        self._feedback(feedback_type="compliment", name="Nice")
        self._feedback(feedback_type="compliment", name="Very nice")
        self._feedback(feedback_type="suggestion", name="Add a chat")
        review = (
            self.env["customer.complaint.review"]
            .with_user(self.user_manager)
            .create(
                {
                    "name": "Review",
                    "company_id": self.company.id,
                    "date_from": today.replace(day=1),
                    "date_to": today,
                }
            )
        )
        added = {
            row["type"]: row["count"] - before[row["type"]]
            for row in review.input_data["feedback"]
        }
        self.assertEqual(added, {"compliment": 2, "suggestion": 1, "enquiry": 0})
        self.assertIn("Feedback that is not a complaint", review.inputs_html)
        # complaints are counted without them
        self.assertEqual(
            self.env["customer.complaint.kpi"].kpi_volume(
                today.replace(day=1), today, self.company
            ),
            volume_before,
        )

    def test_anonymized_after_retention_figures_kept(self):
        """Once the retention period has run after its answer, the job removes
        the customer's data from a feedback (contact, text, the thread's copies,
        their name in the answer) and keeps every figure; feedback not handled
        yet, or answered recently, keeps its data; nobody sets the marks."""
        self.company.complaint_retention_months = 12
        name, email, phone = (
            "Greta Oldfeedback",
            "greta.old@example.com",
            "+32 470 12 34 56",
        )
        old = self._feedback(
            partner_id=False,
            partner_name=name,
            email_from=email,
            description=f"<p>{name} here, call me on {phone}</p>",
        )
        old.answer = f"<p>Dear {name}, we open at 10 on Sundays.</p>"
        with self.mock_mail_gateway():
            old.action_send_answer()
        # the contact made for the answer carries the name given
        self.assertEqual((old.partner_id.name, old.partner_id.email), (name, email))
        long_ago = datetime(2024, 3, 1, 10, 0)
        old._process_env().write({"date_received": long_ago, "date_answered": long_ago})
        pending = self._feedback(partner_name=name, email_from=email)
        pending._process_env().write({"date_received": long_ago})
        recent = self._feedback(partner_name=name, email_from=email)
        recent.answer = "<p>Thank you.</p>"
        with self.mock_mail_gateway():
            recent.action_send_answer()
        Feedback = self.env["customer.complaint.feedback"]
        feedbacks = old | pending | recent
        domain = [("id", "in", feedbacks.ids)]
        groups = ["feedback_type", "state", "channel", "team_id"]
        before = Feedback._read_group(domain, groups, ["__count"])

        self.assertEqual(Feedback._cron_anonymize_expired(), 1)
        self.assertEqual(Feedback._read_group(domain, groups, ["__count"]), before)
        self.assertTrue(old.anonymized and old.date_anonymized)
        self.assertFalse(old.email_from or old.partner_id or old.description)
        self.assertEqual(old.partner_name, "Anonymized customer")
        self.assertIn("we open at 10", old.answer)
        texts = [old.answer, *old.message_ids.mapped(lambda m: str(m.body))]
        texts += old.message_ids.mapped(lambda m: m.email_from or "")
        for marker in (name, email, phone):
            self.assertFalse([text for text in texts if marker in text], marker)
        for kept in (pending, recent):
            self.assertFalse(kept.anonymized)
            self.assertEqual((kept.partner_name, kept.email_from), (name, email))
        # the marks are the job's: refused to a handler, over RPC too
        with self.assertRaises(AccessError):
            recent.write({"anonymized": True})
        # and nobody types the data back in: the job would never remove it
        for vals in (
            {"partner_name": name},
            {"email_from": email},
            {"description": name},
        ):
            with self.assertRaisesRegex(UserError, "anonymized"):
                old.write(vals)
        old.write({"name": "Sunday opening hours"})  # the rest stays editable
        # an answered feedback is closed when nothing more is to be done
        recent.action_close()
        self.assertEqual(recent.state, "closed")

    def test_reference_and_link_given_once(self):
        feedback = self._feedback()
        for fname in ("reference", "access_token"):
            with self.assertRaisesRegex(UserError, "given once"):
                feedback.write({fname: "X1"})
        feedback.write({"reference": feedback.reference})  # the same: no change
