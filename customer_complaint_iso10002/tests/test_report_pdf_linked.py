# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The record PDF prints for whoever may read the complaint, even where
other record rules hide the documents it links (sale's "own documents only"
for a salesman)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCommon
from .test_report_pdf import pdf_text

MODULE = "customer_complaint_iso10002"


@tagged("post_install", "-at_install")
class TestRecordPdfLinkedDocuments(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The support user also sells, seeing only their own orders.
        cls.user_complaint.groups_id = [
            Command.link(cls.env.ref("sales_team.group_sale_salesman").id)
        ]
        product = cls.env["product.product"].create({"name": "Copper kettle"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.user_complaint_b.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.complaint = cls._create_complaint(
            sale_order_id=cls.order.id,
            user_id=cls.user_complaint.id,
        )

    def test_handler_prints_record_of_order_sold_by_another(self):
        user = self.user_complaint
        # The premise: sale's rules hide the order from this user.
        self.assertFalse(self.order.with_user(user).has_access("read"))
        self.assertTrue(self.complaint.with_user(user).has_access("read"))
        report = self.env["ir.actions.report"].with_user(user)
        html = report._render_qweb_html(
            f"{MODULE}.report_complaint", self.complaint.ids
        )[0].decode()
        self.assertIn(self.order.name, html)
        # Tests get the HTML from _render_qweb_pdf unless forced.
        pdf = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            f"{MODULE}.report_complaint", self.complaint.ids
        )[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(self.order.name, pdf_text(pdf))

    def test_reader_still_needs_the_complaint(self):
        # The sudo reading the names comes after the complaint's access check:
        # someone who may not read the complaint prints nothing.
        report = self.env["ir.actions.report"].with_user(self.user_internal)
        with self.assertRaises(AccessError) as caught:
            report._render_qweb_html(f"{MODULE}.report_complaint", self.complaint.ids)
        self.assertNotIn(self.order.name, str(caught.exception))

    def test_unreadable_linked_complaint_not_named(self):
        # Only other models' documents are read past their rules: a
        # confidential complaint linked to this one stays unnamed to a user
        # who may not read it.
        secret = self._create_complaint(
            name="Secret matter of the board",
            team_id=self.team_b.id,
            user_id=self.user_complaint_b.id,
            confidential=True,
        )
        self.complaint.duplicate_of_id = secret
        user = self.user_complaint
        self.assertFalse(secret.with_user(user).has_access("read"))
        html = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(f"{MODULE}.report_complaint", self.complaint.ids)[0]
            .decode()
        )
        self.assertIn(self.order.name, html)
        self.assertNotIn("Secret matter", html)
        self.assertNotIn(secret.reference, html)
