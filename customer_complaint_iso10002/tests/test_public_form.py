# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_portal import SCRIPT, ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestComplaintPublicForm(ComplaintPortalCase):
    def _form(self, **values):
        data = {
            "partner_name": "Vera Visitor",
            "email_from": "vera.visitor@example.com",
            "partner_phone": "+32 2 555 00 00",
            "name": "Parcel arrived damaged",
            "description": "The box was crushed.",
            "customer_order_reference": "S00042",
            "company_id": self.env.company.id,
        }
        data.update(values)
        return data

    def _visitor_complaints(self, email="vera.visitor@example.com"):
        return self.Complaint.search([("email_from", "=", email)])

    def test_public_page(self):
        response = self.url_open("/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Free of charge", response.text)
        self.assertIn("o_complaint_targets", response.text)
        self.assertIn('name="contact_website"', response.text)
        self.env.company.complaint_public_page_text = f"<p>Our own words</p>{SCRIPT}"
        response = self.url_open(f"/complaints/{self.env.company.id}")
        self.assertIn("Our own words", response.text)
        self.assertNotIn(SCRIPT, response.text)

    def test_public_submit_and_track(self):
        self.authenticate(None, None)
        partners = self.env["res.partner"].search_count([])
        response = self._post(
            "/complaints/submit",
            self._form(
                name=f"Damaged {SCRIPT}",
                description=f"Crushed {SCRIPT}",
                partner_name=f"Vera {SCRIPT}",
            ),
            files={"attachments": ("photo.txt", b"photo", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        complaint = self._visitor_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertIn(complaint.reference, response.text)
        self.assertNotIn(SCRIPT, response.text)
        self.assertFalse(complaint.partner_id, "no contact created or linked")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(complaint.channel, "web_form")
        self.assertEqual(complaint.customer_order_reference, "S00042")
        self.assertFalse(complaint.sale_order_id)
        self.assertNotIn("<script", complaint.description)
        self.assertTrue(complaint.date_acknowledged, "acknowledgement sent")
        self.assertFalse(
            complaint.message_partner_ids.filtered(
                lambda p: p == self.env.ref("base.public_partner")
            )
        )
        # the tracking link works without login
        self.assertIn(f"access_token={complaint.access_token}", response.text)
        page = self.url_open(complaint.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.reference, page.text)
        self.assertIn("photo.txt", page.text)
        # and lets the visitor write, with the token only
        response = self._post(
            f"/my/complaints/{complaint.id}/message"
            f"?access_token={complaint.access_token}",
            {"body": "Any news?"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("Any news?", complaint.message_ids[0].body)

    def test_public_honeypot(self):
        self.authenticate(None, None)
        response = self._post(
            "/complaints/submit",
            self._form(contact_website="http://spam.example.com"),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("could not be accepted", response.text)
        self.assertIn("Parcel arrived damaged", response.text, "input kept")
        self.assertFalse(self._visitor_complaints())

    def test_public_rate_limit_email(self):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint_iso10002.public_form_limit_email", "2"
        )
        self.authenticate(None, None)
        for __ in range(2):
            response = self._post("/complaints/submit", self._form())
            self.assertEqual(response.status_code, 200)
        response = self._post("/complaints/submit", self._form(name="Third one"))
        self.assertEqual(response.status_code, 429)
        self.assertIn("Third one", response.text, "input kept")
        self.assertEqual(len(self._visitor_complaints()), 2)
        # another address from another visitor is not affected by this limit
        response = self._post(
            "/complaints/submit", self._form(email_from="other@example.com")
        )
        self.assertEqual(response.status_code, 200)

    def test_public_rate_limit_ip(self):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint_iso10002.public_form_limit_ip", "2"
        )
        self.authenticate(None, None)
        for i in range(2):
            response = self._post(
                "/complaints/submit", self._form(email_from=f"v{i}@example.com")
            )
            self.assertEqual(response.status_code, 200)
        response = self._post(
            "/complaints/submit", self._form(email_from="v9@example.com")
        )
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self._visitor_complaints("v9@example.com"))

    def test_public_invalid_input_kept(self):
        self.authenticate(None, None)
        self.env["ir.config_parameter"].set_param(
            "customer_complaint_iso10002.portal_max_attachment_mb", "1"
        )
        response = self._post(
            "/complaints/submit",
            self._form(email_from="not-an-email"),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("valid email", response.text)
        self.assertIn("The box was crushed.", response.text)
        response = self._post(
            "/complaints/submit",
            self._form(),
            files={"attachments": ("big.bin", b"x" * (1024 * 1024 + 1), "image/png")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("larger than 1 MB", response.text)
        self.assertIn("The box was crushed.", response.text)
        # a subject that shows nothing (a zero-width space): asked for again,
        # as the model would refuse it
        response = self._post("/complaints/submit", self._form(name="\u200b"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please give your complaint a subject.", response.text)
        self.assertFalse(self._visitor_complaints())

    def test_public_without_csrf(self):
        self.authenticate(None, None)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/complaints/submit", data=self._form(), allow_redirects=False
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._visitor_complaints())
