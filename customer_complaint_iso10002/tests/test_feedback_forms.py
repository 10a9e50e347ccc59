# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import tagged

from .common_portal import SCRIPT, ComplaintPortalCase


@tagged("post_install", "-at_install", "complaint_feedback")
class TestFeedbackForms(ComplaintPortalCase):
    """The public and portal forms offer the choice between a complaint and a
    compliment, a suggestion or a question (4.11)."""

    def _public_form(self, **values):
        data = {
            "partner_name": "Vera Visitor",
            "email_from": "vera.visitor@example.com",
            "name": "Lovely shop",
            "description": "Your staff were very kind.",
            "company_id": self.env.company.id,
            "feedback_type": "compliment",
        }
        data.update(values)
        return data

    @staticmethod
    def _errors(response):
        return re.findall(
            r"(?:invalid-feedback|o_complaint_error)[^>]*>([^<]+)", response.text
        )

    def _feedback(self, **domain):
        return self.env["customer.complaint.feedback"].search(
            [(key, "=", value) for key, value in domain.items()]
        )

    def test_forms_offer_the_choice(self):
        response = self.url_open("/complaints")
        self.assertIn('name="feedback_type"', response.text)
        self.assertIn('value="suggestion"', response.text)
        self.authenticate("portal", "portal")
        response = self.url_open("/my/complaints/new")
        self.assertIn('name="feedback_type"', response.text)

    def test_visitor_compliment(self):
        self.authenticate(None, None)
        complaints = self.Complaint.search_count([])
        response = self._post(
            "/complaints/submit",
            self._public_form(description=f"Kind {SCRIPT}"),
            files={"attachments": ("note.txt", b"thanks", "text/plain")},
        )
        self.assertEqual(response.status_code, 200, self._errors(response))
        feedback = self._feedback(email_from="vera.visitor@example.com")
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.feedback_type, "compliment")
        self.assertEqual(feedback.channel, "web_form")
        self.assertEqual(feedback.partner_name, "Vera Visitor")
        self.assertFalse(feedback.partner_id)
        self.assertNotIn("<script", feedback.description)
        self.assertTrue(feedback.date_acknowledged)
        self.assertIn(feedback.reference, response.text)
        self.assertNotIn(SCRIPT, response.text)
        self.assertEqual(
            feedback.message_ids.attachment_ids.mapped("name"), ["note.txt"]
        )
        # not a complaint
        self.assertEqual(self.Complaint.search_count([]), complaints)

    def test_visitor_bad_input_refused_clearly(self):
        self.authenticate(None, None)
        response = self._post(
            "/complaints/submit", self._public_form(email_from="not-an-address")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("please correct the fields", response.text)
        self.assertNotIn("Traceback", response.text)
        self.assertFalse(self._feedback(name="Lovely shop"))
        # the form keeps the choice made
        self.assertIn('value="compliment" selected', response.text)

    def test_complaint_is_still_a_complaint(self):
        self.authenticate(None, None)
        self._post("/complaints/submit", self._public_form(feedback_type=""))
        self.assertFalse(self._feedback(name="Lovely shop"))
        self.assertTrue(self.Complaint.search([("name", "=", "Lovely shop")]))

    def test_portal_question(self):
        self.authenticate("portal", "portal")
        response = self._post(
            "/my/complaints/new",
            {
                "name": "Spare parts?",
                "description": "Do you sell spare lids?",
                "feedback_type": "enquiry",
            },
        )
        self.assertEqual(response.status_code, 200)
        feedback = self._feedback(name="Spare parts?")
        self.assertEqual(feedback.feedback_type, "enquiry")
        self.assertEqual(feedback.channel, "portal")
        self.assertEqual(feedback.partner_id, self.partner_portal)
        self.assertIn(feedback.reference, response.text)
        self.assertFalse(self.Complaint.search([("name", "=", "Spare parts?")]))
