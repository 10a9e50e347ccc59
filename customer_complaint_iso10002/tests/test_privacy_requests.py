# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's requests about their personal data (GDPR 15, 17): they
download everything held about their complaint and ask for its erasure on
the portal; a manager answers within a month, anonymizing now with a reason
or refusing on a stated legal ground."""

import json

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import HttpCase

from .common import ComplaintCommon
from .common_decision import DecisionCase

NAME = "Rita Requester"
EMAIL = "rita.requester@example.com"


@tagged("post_install", "-at_install")
class TestPrivacyRequests(HttpCase, ComplaintCommon, DecisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complainant = new_test_user(
            cls.env,
            login="rita.portal",
            password="rita.portal",
            name=NAME,
            email=EMAIL,
            groups="base.group_portal",
        )
        cls.other = new_test_user(
            cls.env,
            login="other.portal",
            password="other.portal",
            name="Other Portal",
            email="other.portal@example.com",
            groups="base.group_portal",
        )
        cls.complaint = cls._create_complaint(
            partner_id=cls.complainant.partner_id.id,
            user_id=cls.user_complaint.id,
            description="<p>The kettle leaks.</p>",
        )
        cls.complaint.write({"severity": "1", "impact": "1"})
        cls.complaint.message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.complaint.message_post(
            body="Internal: supplier issue", subtype_xmlid="mail.mt_note"
        )

    def _post(self, url):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def _requests(self):
        return self.env["customer.complaint.erasure.request"].search(
            [("complaint_id", "=", self.complaint.id)]
        )

    # ------------------------------------------------------------------
    # Access on request
    # ------------------------------------------------------------------

    def test_complainant_downloads_everything_held(self):
        self._communicate(
            self.complaint, user=self.user_complaint, reasons="Faulty seal: replaced."
        )
        url = f"/my/complaints/{self.complaint.id}/personal-data"
        self.authenticate("other.portal", "other.portal")
        self.assertEqual(self.url_open(f"{url}.json").status_code, 403)
        self.assertEqual(self.url_open(f"{url}.pdf").status_code, 403)
        self.authenticate("rita.portal", "rita.portal")
        response = self.url_open(f"{url}.json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.text)
        self.assertEqual(data["complaint"]["reference"], self.complaint.reference)
        self.assertEqual(data["your_data"]["name"], NAME)
        self.assertEqual(data["your_data"]["email"], EMAIL)
        bodies = " ".join(message["body"] for message in data["messages"])
        self.assertIn("We are looking into it.", bodies)
        self.assertNotIn("supplier issue", bodies, "internal notes stay internal")
        self.assertEqual([d["round"] for d in data["decisions"]], [1])
        self.assertIn("Faulty seal: replaced.", json.dumps(data["decisions"]))
        self.assertTrue(data["timeline"])
        response = self.url_open(f"{url}.pdf")
        self.assertEqual(response.status_code, 200)
        # the test server renders reports as HTML
        self.assertIn(self.complaint.reference, response.text)
        self.assertIn(NAME, response.text)
        self.assertIn("We are looking into it.", response.text)
        # the tracking link works as well, without an account
        self.authenticate(None, None)
        self.assertEqual(self.url_open(f"{url}.json").status_code, 403)
        token = self.complaint._portal_ensure_token()
        response = self.url_open(f"{url}.json?access_token={token}")
        self.assertEqual(response.status_code, 200)

    # ------------------------------------------------------------------
    # Erasure on request
    # ------------------------------------------------------------------

    def test_complainant_asks_for_erasure_on_the_portal(self):
        url = f"/my/complaints/{self.complaint.id}/erasure"
        self.authenticate("other.portal", "other.portal")
        self.assertEqual(self._post(url).status_code, 403)
        self.assertFalse(self._requests())
        self.authenticate("rita.portal", "rita.portal")
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("o_complaint_erasure", page.text)
        response = self._post(url)
        self.assertEqual(response.status_code, 200)
        request = self._requests()
        self.assertEqual(len(request), 1)
        self.assertEqual(request.channel, "portal")
        self.assertEqual(request.state, "open")
        self.assertEqual(
            request.date_deadline,
            fields.Date.to_date(request.date_requested) + relativedelta(months=1),
        )
        self.assertIn("Erasure", self.complaint.message_ids[0].body)
        # the managers are asked to answer it by its deadline
        todo = request.activity_ids
        self.assertIn(self.user_manager, todo.user_id)
        self.assertEqual(set(todo.mapped("date_deadline")), {request.date_deadline})
        # asked twice: still one open request
        self._post(url)
        self.assertEqual(len(self._requests()), 1)

    def test_manager_anonymizes_now_with_a_reason(self):
        request = (
            self.env["customer.complaint.erasure.request"]
            .with_user(self.user_complaint)
            .create({"complaint_id": self.complaint.id})
        )
        self.assertEqual(request.channel, "staff")
        with self.assertRaises(UserError):
            request.with_user(self.user_complaint).action_anonymize_now()
        with (
            mute_logger("odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            request.with_user(self.user_auditor).write({"reason": "x"})
        as_manager = request.with_user(self.user_manager)
        with self.assertRaises(UserError):
            as_manager.action_anonymize_now()
        self.assertFalse(self.complaint.anonymized)
        with Form(as_manager) as form:
            form.reason = f"Asked by {NAME} by phone; no claim pending."
        self.assertTrue(request.sudo().activity_ids)
        as_manager.action_anonymize_now()
        self.assertEqual(request.state, "done")
        self.assertFalse(request.sudo().activity_ids, "answered: the to-dos are done")
        self.assertEqual(request.decided_by_id, self.user_manager)
        self.assertTrue(self.complaint.anonymized)
        self.assertFalse(self.complaint.partner_id)
        self.assertNotEqual(self.complaint.partner_name, NAME)
        note = self.complaint.message_ids[0]
        self.assertIn("no claim pending", note.body)
        self.assertNotIn(NAME, note.body, "the reason lost the name it quoted")
        # answered: kept as it is
        with self.assertRaises(UserError):
            as_manager.write({"reason": "changed"})

    def test_refusal_needs_a_legal_ground(self):
        request = self.env["customer.complaint.erasure.request"].create(
            {"complaint_id": self.complaint.id}
        )
        as_manager = request.with_user(self.user_manager)
        with self.assertRaises(ValidationError):
            as_manager.action_refuse()
        self.assertEqual(request.state, "open")
        as_manager.write(
            {
                "refusal_ground": "legal_claims",
                "refusal_details": "The complainant sued us; the file is evidence.",
            }
        )
        with self.assertRaises(UserError):
            request.with_user(self.user_complaint).action_refuse()
        as_manager.action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertFalse(self.complaint.anonymized)
        self.assertIn("the file is evidence", self.complaint.message_ids[0].body)
        with (
            mute_logger("odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            request.with_user(self.user_manager).write({"state": "open"})

    def test_requests_of_another_company_are_not_read(self):
        self.env["customer.complaint.erasure.request"].create(
            {"complaint_id": self.complaint.id}
        )
        self.assertFalse(
            self.env["customer.complaint.erasure.request"]
            .with_user(self.user_c2)
            .search([("complaint_id", "=", self.complaint.id)])
        )
        self.assertTrue(
            self.env["customer.complaint.erasure.request"]
            .with_user(self.user_auditor)
            .search([("complaint_id", "=", self.complaint.id)])
        )
