# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import odoo
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common_portal import SCRIPT, ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestComplaintPortal(ComplaintPortalCase):
    # ------------------------------------------------------------------
    # List and home tile
    # ------------------------------------------------------------------

    def test_home_counter(self):
        self.authenticate("portal", "portal")
        result = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["complaint_count"]}
        )
        expected = self.Complaint.with_user(self.user_portal).search_count([])
        self.assertEqual(result["complaint_count"], expected)
        self.assertGreaterEqual(expected, 1)
        home = self.url_open("/my")
        self.assertIn("/my/complaints", home.text)

    def test_evidence_offers_no_delete(self):
        """The complainant's own file in the portal chatter: no delete button
        (a tour: mail decides it in the browser), and deleting it over RPC
        leaves it in the record."""
        self.complaint_other.active = False
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user_portal)
            .sudo()
            .create(
                {
                    "name": "ok.pdf",
                    "raw": b"%PDF-1.4 evidence",
                    "res_model": self.complaint._name,
                    "res_id": self.complaint.id,
                }
            )
        )
        self.complaint.sudo().message_post(
            body="Photo of the leak",
            author_id=self.partner_portal.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachment.ids,
        )
        self.start_tour(
            f"/my/complaints/{self.complaint.id}",
            "customer_complaint_portal_evidence_kept",
            login="portal",
        )
        # mail's route, called as the button did: refused, the file kept
        self.authenticate("portal", "portal")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/attachment/delete",
                {
                    "attachment_id": attachment.id,
                    "thread_model": self.complaint._name,
                    "thread_id": self.complaint.id,
                },
            )
        self.assertTrue(attachment.exists())

    def test_list_only_own(self):
        self.authenticate("portal", "portal")
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint.reference, response.text)
        self.assertNotIn(self.complaint_other.reference, response.text)
        # search, filters, grouping and sorting keep to the caller's complaints
        for query in (
            "?search=Toaster&search_in=name",
            f"?search={self.complaint_other.reference}&search_in=reference",
            "?filterby=open&groupby=stage&sortby=reference",
            "?filterby=closed&groupby=category&sortby=name",
            "?sortby=bogus&filterby=bogus&groupby=bogus&search_in=bogus",
        ):
            response = self.url_open("/my/complaints" + query)
            self.assertEqual(response.status_code, 200, query)
            self.assertNotIn(
                f'href="/my/complaints/{self.complaint_other.id}"', response.text, query
            )
            self.assertNotIn(self.complaint_other.name, response.text, query)
        response = self.url_open("/my/complaints?search=Kettle&search_in=name")
        self.assertIn(self.complaint.reference, response.text)
        response = self.url_open("/my/complaints?filterby=closed")
        self.assertNotIn(self.complaint.reference, response.text)

    def test_list_public_visitor_redirected_to_login(self):
        response = self.url_open("/my/complaints", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    # ------------------------------------------------------------------
    # Detail and PDF
    # ------------------------------------------------------------------

    def test_detail_own(self):
        self.complaint.message_post(
            body="INTERNAL-NOTE-SECRET", subtype_xmlid="mail.mt_note"
        )
        self.authenticate("portal", "portal")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint.reference, response.text)
        self.assertIn("o_complaint_timeline", response.text)
        self.assertNotIn("INTERNAL-NOTE-SECRET", response.text)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_detail_refused(self):
        complaint = self.complaint_other
        complaint._portal_ensure_token()
        url = f"/my/complaints/{complaint.id}"
        # another customer
        self.authenticate("portal", "portal")
        for query in ("", "?access_token=forged-token", "?report_type=pdf"):
            response = self.url_open(url + query)
            self.assertEqual(response.status_code, 403, query)
            self.assertNotIn(complaint.name, response.text)
        # public visitor: no token, forged token, old token
        self.authenticate(None, None)
        old_token = complaint.access_token
        # (a link that leaked is renewed by the process only)
        complaint._process_env().access_token = False
        complaint._portal_ensure_token()
        for query in ("", "?access_token=forged", f"?access_token={old_token}"):
            for suffix in ("", "&report_type=pdf" if query else "?report_type=pdf"):
                response = self.url_open(url + query + suffix)
                self.assertEqual(response.status_code, 403, query + suffix)
                self.assertNotIn(complaint.name, response.text)
        response = self.url_open(f"/my/complaints/999999?access_token={old_token}")
        self.assertEqual(response.status_code, 403)

    def test_detail_token_without_login(self):
        self.complaint._portal_ensure_token()
        response = self.url_open(self.complaint.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint.reference, response.text)

    def test_pdf(self):
        self.complaint.message_post(
            body="INTERNAL-NOTE-SECRET", subtype_xmlid="mail.mt_note"
        )
        self.authenticate("portal", "portal")
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint.reference, response.text)
        self.assertNotIn("INTERNAL-NOTE-SECRET", response.text)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_complaint_iso10002.action_report_complaint",
                self.complaint.ids,
            )[0]
            .decode()
        )
        self.assertIn(self.complaint.reference, html)

    # ------------------------------------------------------------------
    # Messages and uploads
    # ------------------------------------------------------------------

    def test_message_own_escaped(self):
        self.authenticate("portal", "portal")
        before = self._messages(self.complaint)
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"body": f"Still broken {SCRIPT}"},
        )
        self.assertEqual(response.status_code, 303)
        message = self._messages(self.complaint) - before
        self.assertEqual(len(message), 1)
        self.assertNotIn("<script", message.body)
        self.assertIn("&lt;script&gt;", message.body)
        self.assertEqual(message.author_id, self.partner_portal)
        self.assertFalse(message.is_internal)

    def test_message_empty_keeps_nothing_lost(self):
        self.authenticate("portal", "portal")
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message", {"body": "   "}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please write a message", response.text)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_message_and_upload_refused(self):
        complaint = self.complaint_other
        complaint._portal_ensure_token()
        attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )
        before = self._messages(complaint)
        files = {"attachments": ("note.txt", b"hello", "text/plain")}
        self.authenticate("portal", "portal")
        for route in ("message", "upload"):
            url = f"/my/complaints/{complaint.id}/{route}"
            for query in ("", "?access_token=forged"):
                response = self._post(url + query, {"body": "hijack"}, files=files)
                self.assertEqual(response.status_code, 403, route + query)
        self.authenticate(None, None)
        for route in ("message", "upload"):
            url = f"/my/complaints/{complaint.id}/{route}"
            for query in ("", "?access_token=forged"):
                response = self._post(url + query, {"body": "hijack"}, files=files)
                self.assertEqual(response.status_code, 403, route + query)
        self.assertEqual(self._messages(complaint), before)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            ),
            attachments,
        )

    def test_message_without_csrf_refused(self):
        self.authenticate("portal", "portal")
        before = self._messages(self.complaint)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/complaints/{self.complaint.id}/message",
                data={"body": "no csrf"},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._messages(self.complaint), before)

    def test_upload_own_and_limits(self):
        self.env["ir.config_parameter"].set_param(
            "customer_complaint_iso10002.portal_max_attachment_mb", "1"
        )
        self.env["ir.config_parameter"].set_param(
            "customer_complaint_iso10002.portal_max_attachments", "2"
        )
        domain = [
            ("res_model", "=", "customer.complaint"),
            ("res_id", "=", self.complaint.id),
        ]
        Attachment = self.env["ir.attachment"]
        count = Attachment.search_count(domain)
        self.authenticate("portal", "portal")
        url = f"/my/complaints/{self.complaint.id}/upload"
        # too big
        big = {"attachments": ("big.bin", b"x" * (1024 * 1024 + 10), "application/pdf")}
        response = self._post(url, files=big)
        self.assertEqual(response.status_code, 400)
        self.assertIn("larger than 1 MB", response.text)
        # too many
        many = [("attachments", (f"f{i}.txt", b"data", "text/plain")) for i in range(3)]
        response = self._post(url, files=many)
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 2 files", response.text)
        # message text is kept when its attachment is refused
        response = self._post(
            f"/my/complaints/{self.complaint.id}/message",
            {"body": "Keep this text"},
            files=big,
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Keep this text", response.text)
        self.assertEqual(Attachment.search_count(domain), count)
        # fine
        response = self._post(
            url, files={"attachments": ("photo.txt", b"photo", "text/plain")}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(Attachment.search_count(domain), count + 1)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("photo.txt", page.text)

    # ------------------------------------------------------------------
    # New complaint
    # ------------------------------------------------------------------

    def test_new_prefilled_from_own_order(self):
        self.authenticate("portal", "portal")
        response = self.url_open(f"/my/complaints/new?sale_order_id={self.order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(
            response.text,
            rf'<option(?=[^>]*value="{self.order.id}")(?=[^>]*selected)',
        )
        self.assertIn(self.product.name, response.text)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_new_other_customer_documents_refused(self):
        self.authenticate("portal", "portal")
        response = self.url_open(
            f"/my/complaints/new?sale_order_id={self.order_other.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("not yours", response.text)
        self.assertNotIn(self.order_other.name, response.text)
        count = self.Complaint.search_count([])
        for field, value in (
            ("sale_order_id", self.order_other.id),
            ("product_id", self.product_other.id),
            ("invoice_id", 999999),
            # not a number: refused, not ignored
            ("sale_order_id", "abc"),
            ("category_id", "abc"),
            ("product_id", "1x"),
        ):
            response = self._post(
                "/my/complaints/new",
                {
                    "name": "My subject kept",
                    "description": "My text kept",
                    field: value,
                },
            )
            self.assertEqual(response.status_code, 400, field)
            self.assertIn("My subject kept", response.text)
            self.assertIn("My text kept", response.text)
            self.assertNotIn(self.order_other.name, response.text)
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_new_complaint_created(self):
        self.authenticate("portal", "portal")
        response = self._post(
            "/my/complaints/new",
            {
                "name": f"Broken {SCRIPT}",
                "description": f"It leaks {SCRIPT}",
                "requested_remedy": "replacement",
                "requested_remedy_details": f"New one {SCRIPT}",
                "sale_order_id": self.order.id,
                "product_id": self.product.id,
            },
            files={"attachments": ("photo.txt", b"photo", "text/plain")},
        )
        self.assertEqual(response.status_code, 303)
        complaint = self.Complaint.search(
            [("partner_id", "=", self.partner_portal.id)], order="id desc", limit=1
        )
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.sale_order_id, self.order)
        self.assertEqual(complaint.product_id, self.product)
        self.assertNotIn("<script", complaint.description)
        self.assertTrue(complaint.date_acknowledged, "acknowledgement sent")
        self.assertIn(f"/my/complaints/{complaint.id}", response.headers["Location"])
        page = self.url_open(response.headers["Location"])
        self.assertIn(complaint.reference, page.text)
        self.assertNotIn(SCRIPT, page.text)
        self.assertTrue(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )

    def test_new_missing_fields_keep_input(self):
        self.authenticate("portal", "portal")
        response = self._post(
            "/my/complaints/new", {"name": "", "description": "Only text"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Only text", response.text)
        self.assertIn("Please give your complaint a subject", response.text)

    def test_new_public_visitor(self):
        response = self.url_open("/my/complaints/new", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.authenticate(None, None)
        count = self.Complaint.search_count([])
        self._post("/my/complaints/new", {"name": "x", "description": "y"})
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_report_problem_buttons(self):
        self.authenticate("portal", "portal")
        response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertIn(
            f"/my/complaints/new?sale_order_id={self.order.id}", response.text
        )

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_report_problem_from_own_invoice(self):
        invoice = self.order._create_invoices()
        invoice.action_post()
        invoice_other = self.order_other._create_invoices()
        invoice_other.action_post()
        self.authenticate("portal", "portal")
        link = f"/my/complaints/new?invoice_id={invoice.id}"
        page = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(link, page.text)
        form = self.url_open(link)
        self.assertRegex(
            form.text, rf'<option(?=[^>]*value="{invoice.id}")(?=[^>]*selected)'
        )
        # Another customer's invoice is never offered, even by its id.
        form = self.url_open(f"/my/complaints/new?invoice_id={invoice_other.id}")
        self.assertIn("not yours", form.text)
        self.assertNotIn(invoice_other.name, form.text)
        response = self._post(
            "/my/complaints/new",
            {
                "name": "Wrong amount",
                "description": "Billed twice",
                "invoice_id": invoice.id,
            },
        )
        self.assertEqual(response.status_code, 303)
        complaint = self.Complaint.search(
            [("partner_id", "=", self.partner_portal.id)], order="id desc", limit=1
        )
        self.assertEqual(complaint.invoice_id, invoice)

    # ------------------------------------------------------------------
    # Answer the decision
    # ------------------------------------------------------------------

    def test_accept_decision(self):
        decision = self._communicate_decision(self.complaint)
        self.authenticate("portal", "portal")
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("The kettle was faulty", page.text)
        self.assertIn("o_complaint_accept_form", page.text)
        response = self._post(f"/my/complaints/{self.complaint.id}/accept")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(decision.answer, "accepted")
        # a second answer is refused
        response = self._post(
            f"/my/complaints/{self.complaint.id}/contest", {"reason": "late"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(decision.answer, "accepted")

    def test_contest_decision(self):
        decision = self._communicate_decision(self.complaint)
        self.authenticate("portal", "portal")
        url = f"/my/complaints/{self.complaint.id}/contest"
        response = self._post(url, {"reason": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(decision.answer)
        response = self._post(url, {"reason": f"Not fair {SCRIPT}"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(decision.answer, "contested")
        self.assertEqual(self.complaint.appeal_count, 1)
        page = self.url_open(response.headers["Location"])
        self.assertNotIn(SCRIPT, page.text)

    def test_contest_by_token_without_login(self):
        decision = self._communicate_decision(self.complaint)
        self.complaint._portal_ensure_token()
        self.authenticate(None, None)
        response = self._post(
            f"/my/complaints/{self.complaint.id}/contest"
            f"?access_token={self.complaint.access_token}",
            {"reason": "I disagree"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(decision.answer, "contested")

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_answer_refused(self):
        complaint = self.complaint_other
        decision = self._communicate_decision(complaint)
        complaint._portal_ensure_token()
        old_token = complaint.access_token
        # (a link that leaked is renewed by the process only)
        complaint._process_env().access_token = False
        complaint._portal_ensure_token()
        # a follower who is not the complainant reads but does not answer
        complaint.message_subscribe(partner_ids=self.partner_portal.ids)
        for login in ("portal", None):
            self.authenticate(login, login)
            for route in ("accept", "contest"):
                for query in ("", "?access_token=forged", f"?access_token={old_token}"):
                    response = self._post(
                        f"/my/complaints/{complaint.id}/{route}{query}",
                        {"reason": "hijack"},
                    )
                    self.assertEqual(response.status_code, 403, f"{login} {route}")
        self.assertFalse(decision.answer)

    # ------------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------------

    def test_rate_once(self):
        self._close(self.complaint)
        self.assertTrue(self.complaint.is_closed)
        self.authenticate("portal", "portal")
        url = f"/my/complaints/{self.complaint.id}/rate"
        ratings = {"speed": 4, "clarity": 5, "fairness": 3, "overall": 4}
        response = self._post(url, dict(ratings, overall=9, comment="kept comment"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("kept comment", response.text)
        self.assertFalse(self.complaint.date_handling_rated)
        response = self._post(url, dict(ratings, comment=f"Good {SCRIPT}"))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.complaint.handling_rating_overall, 4)
        self.assertEqual(self.complaint.handling_rating_fairness, 3)
        self.assertTrue(self.complaint.date_handling_rated)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertNotIn(SCRIPT, page.text)
        response = self._post(url, dict(ratings, overall=1))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.complaint.handling_rating_overall, 4)

    def test_rate_open_refused(self):
        self.authenticate("portal", "portal")
        response = self._post(
            f"/my/complaints/{self.complaint.id}/rate",
            {"speed": 4, "clarity": 5, "fairness": 3, "overall": 4},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.complaint.date_handling_rated)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_rate_refused(self):
        complaint = self.complaint_other
        self._close(complaint)
        complaint._portal_ensure_token()
        ratings = {"speed": 1, "clarity": 1, "fairness": 1, "overall": 1}
        for login in ("portal", None):
            self.authenticate(login, login)
            for query in ("", "?access_token=forged"):
                response = self._post(
                    f"/my/complaints/{complaint.id}/rate{query}", ratings
                )
                self.assertEqual(response.status_code, 403)
        self.assertFalse(complaint.date_handling_rated)

    # ------------------------------------------------------------------
    # Visibility within a customer company
    # ------------------------------------------------------------------

    def test_share_within_commercial_partner(self):
        company_partner = self.env["res.partner"].create(
            {"name": "Acme Ltd", "is_company": True}
        )
        self.partner_portal.parent_id = company_partner
        colleague = new_test_user(
            self.env,
            login="complaint_colleague",
            password="complaint_colleague",
            groups="base.group_portal",
            name="Carl Colleague",
        )
        colleague.partner_id.parent_id = company_partner
        self.complaint.flush_recordset()
        Complaint = self.Complaint.with_user(colleague)
        self.assertNotIn(self.complaint, Complaint.search([]))
        self.authenticate("complaint_colleague", "complaint_colleague")
        with mute_logger("odoo.addons.base.models.ir_rule"):
            response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 403)
        self.complaint.company_id.complaint_portal_share_commercial = True
        self.env.invalidate_all()
        self.assertIn(self.complaint, Complaint.search([]))
        self.assertNotIn(self.complaint_other, Complaint.search([]))
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        response = self.url_open("/my/complaints")
        self.assertIn(self.complaint.reference, response.text)
        # sharing lets colleagues read, not answer in the complainant's name
        self._communicate_decision(self.complaint)
        response = self._post(f"/my/complaints/{self.complaint.id}/accept")
        self.assertEqual(response.status_code, 403)

    # ------------------------------------------------------------------
    # Query counts
    # ------------------------------------------------------------------

    def _count_queries(self, url):
        self.url_open(url)  # warm up caches
        start = odoo.sql_db.sql_counter
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return odoo.sql_db.sql_counter - start

    def test_query_count_list_and_detail(self):
        categories = self.env["customer.complaint.category"].create(
            [{"name": f"Category {i}"} for i in range(3)]
        )
        self.Complaint.with_context(complaint_skip_acknowledgement=True).create(
            [
                {
                    "name": f"Complaint {i}",
                    "partner_id": self.partner_portal.id,
                    "category_id": categories[i % 3].id,
                }
                for i in range(9)
            ]
        )
        self.authenticate("portal", "portal")
        url = "/my/complaints?groupby=category"
        few = self._count_queries(url)
        detail_few = self._count_queries(f"/my/complaints/{self.complaint.id}")
        self.Complaint.with_context(complaint_skip_acknowledgement=True).create(
            [
                {
                    "name": f"More {i}",
                    "partner_id": self.partner_portal.id,
                    "category_id": categories[i % 3].id,
                }
                for i in range(70)
            ]
        )
        many = self._count_queries(url)
        detail_many = self._count_queries(f"/my/complaints/{self.complaint.id}")
        self.assertGreaterEqual(
            self.Complaint.with_user(self.user_portal).search_count([]), 80
        )
        self.assertLessEqual(many, few + 2, f"list: {few} -> {many} queries")
        self.assertLessEqual(many, 60, "list query budget")
        self.assertLessEqual(detail_many, detail_few + 2, "detail grows")
        self.assertLessEqual(detail_many, 60, "detail query budget")
