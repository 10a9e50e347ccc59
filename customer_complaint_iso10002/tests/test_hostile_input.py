# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a hostile customer, visitor or robot tries through the web pages."""

import json
import threading
import time
from urllib.parse import urlencode

from odoo import http, sql_db
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common_portal import ComplaintPortalCase

HOSTILE_FILES = [
    ("evil.html", b"<html><script>alert(document.cookie)</script></html>", "text/html"),
    ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', ""),
]
NUL = "\x00"
BAD_CHARACTER = "invalid character"


@tagged("post_install", "-at_install")
class TestHostileInput(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_handler = new_test_user(
            cls.env,
            login="hostile_handler",
            password="hostile_handler",
            groups="customer_complaint_iso10002.group_complaint_user",
            name="Hana Handler",
        )
        cls.complaint._portal_ensure_token()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _visitor_form(self, **values):
        return dict(
            {
                "partner_name": "Mallory Visitor",
                "email_from": "mallory@example.com",
                "partner_phone": "+32 2 555 00 01",
                "name": "Broken lid",
                "description": "The lid came off.",
                "company_id": self.env.company.id,
            },
            **values,
        )

    def _web_form_complaints(self):
        return self.Complaint.search([("channel", "=", "web_form")])

    def _complaint_uploads(self, complaint):
        return self.env["ir.attachment"].search(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )

    @staticmethod
    def _files(prefix, count, content=b"data"):
        return [
            ("attachments", (f"{prefix}{i}.txt", content, "text/plain"))
            for i in range(count)
        ]

    @staticmethod
    def _hostile(prefix):
        return [("attachments", (f"{prefix}-{n}", c, m)) for n, c, m in HOSTILE_FILES]

    def _chatter_upload(self, record, name, content, **params):
        """Upload as the portal chatter does, with the record's access token."""
        record._portal_ensure_token()
        params = dict(
            thread_id=record.id,
            thread_model=record._name,
            token=record.access_token,
            **params,
        )
        return self._post(
            "/mail/attachment/upload", params, files={"ufile": (name, content, "")}
        )

    def _chatter_post(self, complaint, body, attachments=None):
        """Post as the portal chatter does, with the complaint's access token.

        :return: the decoded JSON-RPC answer
        """
        attachments = attachments or self.env["ir.attachment"]
        params = {
            "thread_model": complaint._name,
            "thread_id": complaint.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
                "attachment_ids": attachments.ids,
            },
            "attachment_tokens": attachments.mapped("access_token"),
            "token": complaint.access_token,
        }
        response = self.url_open(
            "/mail/message/post",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    # ------------------------------------------------------------------
    # 1. HTML and SVG uploads are refused (not evidence: see
    #    test_evidence_upload), whatever the route
    # ------------------------------------------------------------------

    def test_html_svg_uploads_refused(self):
        complaint = self.complaint
        url = f"/my/complaints/{complaint.id}"
        self.authenticate("portal", "portal")
        response = self._post(
            f"{url}/upload",
            files=self._hostile("upload"),
        )
        self.assertEqual(response.status_code, 400)
        response = self._post(
            f"{url}/message",
            {"body": "See the files"},
            files=self._hostile("message"),
        )
        self.assertEqual(response.status_code, 400)
        for name, content, __ in HOSTILE_FILES:
            response = self._chatter_upload(complaint, "chatter-" + name, content)
            self.assertEqual(response.status_code, 200)
            self.assertIn("error", response.json())
        response = self._post(
            "/my/complaints/new",
            {"name": "Hostile files", "description": "Look"},
            files=self._hostile("new"),
        )
        self.assertEqual(response.status_code, 400)
        # a visitor following the complaint through its tracking link
        self.authenticate(None, None)
        response = self._post(
            f"{url}/upload?access_token={complaint.access_token}",
            files=self._hostile("token"),
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=like", "%-evil.%")])
        )
        self.assertFalse(self.Complaint.search([("name", "=", "Hostile files")]))

    # ------------------------------------------------------------------
    # 2. A visitor does not post as the customer whose address they type
    # ------------------------------------------------------------------

    def test_visitor_does_not_post_as_existing_customer(self):
        customer = self.partner_portal
        self.assertTrue(customer.email)
        self.authenticate(None, None)
        response = self._post(
            "/complaints/submit",
            self._visitor_form(email_from=customer.email),
            files={"attachments": ("photo.txt", b"photo", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.search(
            [("email_from", "=", customer.email), ("channel", "=", "web_form")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertFalse(complaint.partner_id)
        token = complaint.access_token
        # the tracking link: message, documents and the portal chatter
        url = f"/my/complaints/{complaint.id}"
        response = self._post(f"{url}/message?access_token={token}", {"body": "News?"})
        self.assertEqual(response.status_code, 303)
        response = self._post(
            f"{url}/upload?access_token={token}", files=self._files("more", 1)
        )
        self.assertEqual(response.status_code, 303)
        messages = self._messages(complaint)
        self.assertEqual(len(messages), 3)
        for message in messages:
            self.assertNotEqual(message.author_id, customer, message.body)
            self.assertFalse(message.author_id, message.body)
            self.assertIn("Mallory Visitor", message.email_from, message.body)
        # nor through the portal chatter, with the same link
        self.assertNotIn("error", self._chatter_post(complaint, "Chatter news?"))
        message = self._messages(complaint)[:1]
        self.assertIn("Chatter news?", message.body)
        self.assertFalse(message.author_id)
        self.assertIn("Mallory Visitor", message.email_from)
        # nor as the complainant of a complaint whose tracking link they hold
        answer = self._chatter_post(self.complaint, "Holder of the link")
        self.assertNotIn("error", answer)
        message = self._messages(self.complaint)[:1]
        self.assertIn("Holder of the link", message.body)
        self.assertFalse(message.author_id)

    # ------------------------------------------------------------------
    # 3. Concurrent public submissions are counted under a lock
    # ------------------------------------------------------------------

    def test_public_submission_waits_for_the_rate_limit_lock(self):
        email = "racer@example.com"
        self.authenticate(None, None)
        data = self._visitor_form(email_from=email)
        data["csrf_token"] = http.Request.csrf_token(self)
        self.env.cr.execute("SELECT pg_backend_pid()")
        server_pid = self.env.cr.fetchone()[0]
        # Another transaction, on its own connection, counts submissions of the
        # same address: it holds the lock the rate limit is counted under.
        db = sql_db.db_connect(self.env.cr.dbname)
        result = {}
        thread = threading.Thread(
            target=lambda: result.update(
                response=self.url_open(
                    "/complaints/submit", data=data, allow_redirects=False, timeout=60
                )
            )
        )
        with db.cursor() as holder, db.cursor() as watcher:
            holder.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                    f"customer.complaint.web.submission:email:{email}",
                )
            )
            thread.start()
            waiting = False
            deadline = time.monotonic() + 20
            while not waiting and thread.is_alive() and time.monotonic() < deadline:
                time.sleep(0.05)
                watcher.execute(
                    "SELECT count(*) FROM pg_locks WHERE pid = %s "
                    "AND locktype = 'advisory' AND NOT granted",
                    [server_pid],
                )
                waiting = bool(watcher.fetchone()[0])
            submitted_meanwhile = not thread.is_alive()
            holder.rollback()  # the other transaction ends: lock released
            thread.join(60)
        self.assertFalse(
            submitted_meanwhile,
            "the submission was counted and saved while another transaction "
            "held the rate-limit lock of its address",
        )
        self.assertTrue(waiting, "the submission did not wait for the lock")
        self.assertEqual(result["response"].status_code, 200)
        self.assertEqual(self.Complaint.search_count([("email_from", "=", email)]), 1)

    # ------------------------------------------------------------------
    # 4. NUL bytes, bad addresses and malformed domains: 400, not 500
    # ------------------------------------------------------------------

    def test_nul_byte_in_public_form(self):
        self.authenticate(None, None)
        submissions = self.env["customer.complaint.web.submission"].search_count([])
        for field in (
            "partner_name",
            "email_from",
            "partner_phone",
            "name",
            "description",
            "customer_order_reference",
        ):
            form = self._visitor_form(customer_order_reference="S0042")
            form[field] = f"{form[field]}{NUL}tail"
            response = self._post("/complaints/submit", form)
            self.assertEqual(response.status_code, 400, field)
            self.assertIn(BAD_CHARACTER, response.text, field)
            self.assertIn("The lid came off", response.text, "input kept")
        self.assertFalse(
            self.Complaint.search_count([("email_from", "=like", "mallory%")])
        )
        self.assertEqual(
            self.env["customer.complaint.web.submission"].search_count([]),
            submissions,
        )

    def test_text_too_long_refused_not_cut(self):
        """A text longer than we keep is refused with the form and its input,
        on the public and the portal forms: never stored cut short."""
        self.authenticate(None, None)
        long_text = "x" * 20000 + " THE END"
        form = self._visitor_form(description=long_text)
        response = self._post("/complaints/submit", form)
        self.assertEqual(response.status_code, 400)
        self.assertIn("longer than the 20,000 characters we keep", response.text)
        self.assertIn("Broken lid", response.text, "input kept")
        self.assertFalse(
            self.Complaint.search_count([("email_from", "=like", "mallory%")])
        )
        self.authenticate("portal", "portal")
        complaints = self.Complaint.search_count([])
        response = self._post(
            "/my/complaints/new", {"name": "Subject kept", "description": long_text}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Subject kept", response.text, "input kept")
        self.assertIn("THE END", response.text, "kept whole, to be shortened")
        # a subject longer than the 200 characters kept: refused, not cut
        response = self._post(
            "/my/complaints/new", {"name": "s" * 201, "description": "Text kept"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("longer than the 200 characters we keep", response.text)
        self.assertIn("Text kept", response.text)
        self.assertEqual(self.Complaint.search_count([]), complaints)

    def test_nul_byte_in_portal_forms(self):
        decision = self._communicate_decision(self.complaint)
        url = f"/my/complaints/{self.complaint.id}"
        before = self._messages(self.complaint)
        complaints = self.Complaint.search_count([])
        self.authenticate("portal", "portal")
        for route, data in (
            ("message", {"body": f"Still{NUL}broken"}),
            ("contest", {"reason": f"Unfair{NUL}"}),
            ("upload", {"note": NUL}),
        ):
            response = self._post(f"{url}/{route}", data, files=self._files("nul", 1))
            self.assertEqual(response.status_code, 400, route)
            self.assertIn(BAD_CHARACTER, response.text, route)
        for field in ("name", "description", "requested_remedy_details"):
            form = {"name": "Subject kept", "description": "Text kept"}
            form[field] = f"{form.get(field, '')}{NUL}"
            response = self._post("/my/complaints/new", form)
            self.assertEqual(response.status_code, 400, field)
            self.assertIn(BAD_CHARACTER, response.text, field)
            self.assertIn("Subject kept", response.text, field)
        response = self.url_open(f"/my/complaints?search=Kettle{NUL}")
        self.assertEqual(response.status_code, 400)
        self.assertIn(BAD_CHARACTER, response.text)
        self.assertEqual(self._messages(self.complaint), before)
        self.assertFalse(decision.answer)
        self.assertEqual(self.Complaint.search_count([]), complaints)
        # once closed, the rating comment
        self._close(self.complaint)
        ratings = {"speed": 4, "clarity": 4, "fairness": 4, "overall": 4}
        response = self._post(f"{url}/rate", dict(ratings, comment=f"Ok{NUL}"))
        self.assertEqual(response.status_code, 400)
        self.assertIn(BAD_CHARACTER, response.text)
        self.assertFalse(self.complaint.date_handling_rated)

    def test_invalid_addresses_refused(self):
        web_complaints = self._web_form_complaints()
        self.authenticate(None, None)
        for address in ("a@@b.test", "a@b@c.test", "@b.test", "a@b.test, c@d.test"):
            response = self._post(
                "/complaints/submit", self._visitor_form(email_from=address)
            )
            self.assertEqual(response.status_code, 400, address)
            self.assertIn("valid email", response.text, address)
            self.assertIn("The lid came off", response.text, "input kept")
        self.assertEqual(self._web_form_complaints(), web_complaints)

    @mute_logger("odoo.sql_db")
    def test_register_malformed_domain(self):
        self.authenticate("hostile_handler", "hostile_handler")
        url = "/customer_complaint/register.xlsx?"
        response = self.url_open(url + urlencode({"domain": "[]"}))
        self.assertEqual(response.status_code, 200)
        for domain in (
            "not json",
            "{}",
            "[1]",
            '["|"]',
            '[["no_such_field", "=", 1]]',
            '[["id", "=", "abc"]]',
            '[["name", "not an operator", "x"]]',
            json.dumps([["name", "=", f"a{NUL}b"]]),
        ):
            response = self.url_open(url + urlencode({"domain": domain}))
            self.assertEqual(response.status_code, 400, domain)
            self.assertIn("are not valid", response.text, domain)
        response = self.url_open(url + urlencode({"date_from": "2026-13-45"}))
        self.assertEqual(response.status_code, 400)

    # ------------------------------------------------------------------
    # 5. A complaint accepts a bounded number and size of uploads
    # ------------------------------------------------------------------

    def test_upload_limits_per_complaint(self):
        # more files per form than the complaint accepts in all (default 10)
        self.env["ir.config_parameter"].set_param(
            "customer_complaint_iso10002.portal_max_attachments", "20"
        )
        complaint = self.complaint
        url = f"/my/complaints/{complaint.id}"
        self.authenticate("portal", "portal")
        complaints = self.Complaint.search_count([])
        response = self._post(
            "/my/complaints/new",
            {"name": "Subject kept", "description": "Many files"},
            files=self._files("new", 11),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 10 files", response.text)
        self.assertIn("Subject kept", response.text)
        self.assertEqual(self.Complaint.search_count([]), complaints)
        response = self._post(f"{url}/upload", files=self._files("first", 6))
        self.assertEqual(response.status_code, 303)
        response = self._post(
            f"{url}/message", {"body": "Text kept"}, files=self._files("second", 5)
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 10 files", response.text)
        self.assertIn("Text kept", response.text)
        response = self._post(f"{url}/upload", files=self._files("second", 5))
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 10 files", response.text)
        response = self._post(f"{url}/upload", files=self._files("third", 4))
        self.assertEqual(response.status_code, 303)
        uploads = self._complaint_uploads(complaint)
        self.assertEqual(len(uploads), 10)
        # the portal chatter's upload, and a post of files uploaded elsewhere
        response = self._chatter_upload(complaint, "chatter.txt", b"data")
        self.assertIn("at most 10 files", response.json().get("error", ""))
        response = self._chatter_upload(
            self.order, "pending.txt", b"data", is_pending="true"
        )
        pending = self.env["ir.attachment"].search([("name", "=", "pending.txt")])
        self.assertTrue(pending)
        with mute_logger("odoo.http"):
            answer = self._chatter_post(complaint, "One more", attachments=pending)
        self.assertIn("at most 10 files", answer["error"]["data"]["message"])
        self.assertEqual(self._complaint_uploads(complaint), uploads)
        # the public form
        web_complaints = self._web_form_complaints()
        self.authenticate(None, None)
        response = self._post(
            "/complaints/submit", self._visitor_form(), files=self._files("pub", 11)
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 10 files", response.text)
        self.assertEqual(self._web_form_complaints(), web_complaints)

    def test_upload_limits_configurable(self):
        settings = self.env["res.config.settings"].create(
            {"complaint_upload_max_count": 3, "complaint_upload_max_mb": 1}
        )
        settings.execute()
        self.assertEqual(self.env.company.complaint_upload_max_count, 3)
        self.assertEqual(self.env.company.complaint_upload_max_mb, 1)
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="complaint_upload_max_count"', arch)
        self.assertIn('name="complaint_upload_max_mb"', arch)
        self.authenticate("portal", "portal")
        url = f"/my/complaints/{self.complaint.id}/upload"
        big = self._files("big", 2, content=b"x" * 600 * 1024)
        response = self._post(url, files=big)
        self.assertEqual(response.status_code, 400)
        self.assertIn("1 MB", response.text)
        self.assertFalse(self._complaint_uploads(self.complaint))
        response = self._post(url, files=self._files("small", 4))
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 3 files", response.text)
        response = self._post(url, files=self._files("small", 3))
        self.assertEqual(response.status_code, 303)

    # ------------------------------------------------------------------
    # 6. The register is for internal users only
    # ------------------------------------------------------------------

    @mute_logger("odoo.http")
    def test_register_refused_to_portal_users(self):
        self.authenticate("portal", "portal")
        # refused before anything is read, whatever the parameters
        for params in (
            {"domain": "[]"},
            {},
            {"domain": "not json"},
            {"date_from": "2026-13-45", "date_to": "2026-01-01"},
        ):
            response = self.url_open(
                "/customer_complaint/register.xlsx?" + urlencode(params)
            )
            self.assertEqual(response.status_code, 403, params)
            self.assertNotIn(self.complaint.reference, response.text)
