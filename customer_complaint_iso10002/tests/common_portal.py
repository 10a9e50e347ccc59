# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, http
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

from .common_decision import DecisionCase

SCRIPT = "<script>alert('xss')</script>"


class ComplaintPortalCase(HttpCaseWithUserPortal, DecisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Complaint = cls.env["customer.complaint"]
        cls.user_other = new_test_user(
            cls.env,
            login="complaint_other",
            password="complaint_other",
            groups="base.group_portal",
            name="Olga Other",
            email="olga.other@example.com",
        )
        cls.partner_other = cls.user_other.partner_id
        cls.product = cls.env["product.product"].create(
            {"name": "Leaky Kettle", "type": "consu", "list_price": 30.0}
        )
        cls.product_other = cls.env["product.product"].create(
            {"name": "Other Toaster", "type": "consu", "list_price": 20.0}
        )
        cls.order = cls._create_order(cls.partner_portal, cls.product)
        cls.order_other = cls._create_order(cls.partner_other, cls.product_other)
        cls.complaint = cls._create_complaint(cls.partner_portal, "Kettle leaks")
        cls.complaint_other = cls._create_complaint(cls.partner_other, "Toaster burns")

    @classmethod
    def _create_order(cls, partner, product):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def _create_complaint(cls, partner, name, **vals):
        return cls.Complaint.create(
            dict(
                {
                    "name": name,
                    "partner_id": partner.id,
                    "description": f"<p>{name}: the details</p>",
                    "channel": "portal",
                },
                **vals,
            )
        )

    def _communicate_decision(self, complaint):
        """Round 1, decided and communicated through the process."""
        return self._communicate(complaint, reasons="The kettle was faulty.")

    def _close(self, complaint):
        """Assessed, decided, communicated, accepted: closed."""
        self._accepted(complaint, reasons="The kettle was faulty.")
        return complaint

    def _post(self, url, data=None, files=None):
        data = dict(data or {})
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _messages(self, complaint):
        return complaint.message_ids.filtered(lambda m: m.message_type == "comment")
