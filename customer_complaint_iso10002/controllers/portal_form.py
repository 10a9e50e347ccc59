# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal form a logged-in customer files a complaint with, pre-filled
from their order or invoice ("Report a problem"). What they typed becomes the
complaint's values in customer.complaint._intake_values."""

from markupsafe import Markup

from odoo import _, http
from odoo.http import request

from ..models.customer_complaint_intake import CHOICE_FIELDS
from .portal import ComplaintPortalBase


class ComplaintPortalForm(ComplaintPortalBase):
    def _complaint_new_form_values(self, form, error=None, errors=None):
        # Categories the user may read (record rules apply), no sudo.
        Category = request.env["customer.complaint.category"]
        categories = Category.search([]) if Category.has_access("read") else Category
        Complaint = request.env["customer.complaint"]
        remedies = Complaint._fields["requested_remedy"]._description_selection(
            request.env
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "form": form,
                "error": error,
                "errors": errors or {},
                "categories": categories,
                "remedies": remedies,
                "orders": self._complaint_own_orders(),
                "invoices": self._complaint_own_invoices(),
                "products": self._complaint_products_for_form(form),
                **self._complaint_upload_values(request.env.user.company_id),
            }
        )
        return values

    def _complaint_own_orders(self):
        SaleOrder = request.env["sale.order"]
        if not SaleOrder.has_access("read"):
            return SaleOrder
        # Record rules restrict the search to the caller's own orders.
        return SaleOrder.search(
            [("state", "=", "sale")], order="date_order desc", limit=50
        )

    def _complaint_own_invoices(self):
        Move = request.env["account.move"]
        if not Move.has_access("read"):
            return Move
        # Record rules restrict the search to the caller's own invoices.
        return Move.search(
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ],
            order="invoice_date desc, id desc",
            limit=50,
        )

    def _complaint_products_for_form(self, form):
        """The products the caller ordered: on the chosen order, else on their
        confirmed orders."""
        order, __ = request.env["customer.complaint"]._intake_readable(
            "sale.order", self._complaint_int(form.get("sale_order_id"))
        )
        if order:
            # sudo: portal users cannot read products; the order is one the
            # caller may read (checked just above): these are what they ordered.
            return order.order_line.product_id.sudo()
        Line = request.env["sale.order.line"]
        if not Line.has_access("read"):
            return request.env["product.product"]
        # Record rules restrict the search to lines of the caller's own orders;
        # sudo: reading the products of these lines (portal users cannot).
        lines = Line.search([("order_id.state", "=", "sale")], limit=200)
        return lines.sudo().product_id

    def _complaint_render_new(self, form, error, errors, status=400):
        """The new complaint form, with what was typed; a refused choice is
        emptied so that the form offers the valid ones."""
        form.update({field: "" for field in CHOICE_FIELDS if field in errors})
        values = self._complaint_new_form_values(form, error=error, errors=errors)
        return request.render(
            "customer_complaint_iso10002.portal_complaint_new", values, status=status
        )

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_complaint_new(self, **kw):
        form = {
            key: kw.get(key, "")
            for key in ("sale_order_id", "invoice_id", "product_id")
        }
        __, errors = request.env["customer.complaint"]._intake_document_values(form)
        error = (
            _("Some of the documents in the link are not yours and were left out.")
            if errors
            else None
        )
        return self._complaint_render_new(form, error, errors, status=200)

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_create(self, **kw):
        form = {
            "name": self._complaint_clean_text(kw.get("name")),
            "description": self._complaint_clean_text(kw.get("description")),
            "category_id": kw.get("category_id", ""),
            "requested_remedy": kw.get("requested_remedy", ""),
            "requested_remedy_details": self._complaint_clean_text(
                kw.get("requested_remedy_details")
            ),
            "sale_order_id": kw.get("sale_order_id", ""),
            "invoice_id": kw.get("invoice_id", ""),
            "product_id": kw.get("product_id", ""),
            # the complainant's choice (privacy mixin)
            "non_disclosure": bool(kw.get("non_disclosure")),
        }
        input_error = self._complaint_input_error()
        if input_error:
            return self._complaint_render_new(form, input_error, {})
        # Checked with the caller's own rights: their orders, invoices,
        # products and the categories they may read.
        Complaint = request.env["customer.complaint"]
        vals, errors = Complaint._intake_values(form, "portal")
        company = request.env["res.company"].browse(vals["company_id"])
        uploads, upload_error = self._complaint_read_uploads(company)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            return self._complaint_render_new(
                form, self._complaint_form_error(), errors
            )
        # sudo: portal users cannot create complaints directly. The caller is
        # logged in (auth="user"), files as themselves, and every linked order,
        # invoice, product and category was checked by _intake_values with
        # their own rights.
        complaint_sudo = Complaint.sudo().with_company(company).create(vals)
        attachments = self._complaint_attach(complaint_sudo, uploads)
        if attachments:
            self._complaint_post_message(
                complaint_sudo,
                Markup("<p>%s</p>") % _("Documents sent with the complaint."),
                attachments,
            )
        return request.redirect(self._complaint_url(complaint_sudo, message="created"))
