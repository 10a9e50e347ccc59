# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models, tools
from odoo.tools import plaintext2html

from .customer_complaint_constants import is_blank

# The form fields that pick a record or a choice: emptied when refused, so
# that the form shown again offers the valid choices only.
CHOICE_FIELDS = (
    "sale_order_id",
    "invoice_id",
    "product_id",
    "category_id",
    "requested_remedy",
)


class CustomerComplaintIntake(models.AbstractModel):
    """A complaint typed on the website (4.2, 7.2): the portal form of a
    logged-in customer and the public form of a visitor. What they typed is
    checked here, once, with the caller's own rights, and turned into the
    values of the new complaint; the controllers read the request and create
    the complaint with these values."""

    _name = "customer.complaint.intake"
    _description = "Complaint Intake from the Website"

    @api.model
    def _intake_values(self, form, channel, company=None):
        """The values of a complaint the current user files with ``form``.

        :param form: the texts typed (already cleaned of NUL characters and
            cut to length) and the ids chosen, as strings
        :param channel: ``portal`` (a logged-in customer, filing as their own
            contact) or ``web_form`` (a visitor, without a contact: only the
            name and address typed)
        :param company: the company of the public page (``web_form``); a
            portal complaint goes to its order's or invoice's company, else
            the user's
        :return: (values for create, errors): errors maps a form field to its
            message; the values are complete only without errors
        """
        _ = self.env._
        errors = {}
        if is_blank(form.get("name")):
            errors["name"] = _("Please give your complaint a subject.")
        if is_blank(form.get("description")):
            errors["description"] = _("Please describe what went wrong.")
        vals = {
            "name": form.get("name"),
            # plaintext2html escapes everything typed: no markup survives.
            "description": plaintext2html(form["description"])
            if form.get("description")
            else False,
            "channel": channel,
            "received_by_id": False,
            # Both forms show the purpose and retention statement and offer
            # the choice not to be disclosed (privacy mixin).
            "privacy_statement_shown": True,
            "non_disclosure": bool(form.get("non_disclosure")),
        }
        if channel == "portal":
            vals.update(self._intake_portal_values(form, errors))
        else:
            vals.update(self._intake_visitor_values(form, errors))
            vals["company_id"] = (company or self.env.company).id
        return vals, errors

    @api.model
    def _intake_portal_values(self, form, errors):
        """A logged-in customer files as their own contact, about their own
        documents, in a category and with a remedy from the lists."""
        _ = self.env._
        vals, document_errors = self._intake_document_values(form)
        errors.update(document_errors)
        category_id = self._intake_int(form.get("category_id"))
        if category_id:
            category, refused = self._intake_readable(
                "customer.complaint.category", category_id
            )
            if refused:
                errors["category_id"] = _("Please choose a category from the list.")
            else:
                vals["category_id"] = category.id
        remedy = form.get("requested_remedy")
        remedies = dict(
            self.env["customer.complaint"]
            ._fields["requested_remedy"]
            ._description_selection(self.env)
        )
        if remedy and remedy not in remedies:
            errors["requested_remedy"] = _("Please choose a remedy from the list.")
        document = self.env["sale.order"].browse(vals.get("sale_order_id")) or (
            self.env["account.move"].browse(vals.get("invoice_id"))
        )
        user = self.env.user
        vals.update(
            {
                "requested_remedy": remedy if remedy in remedies else False,
                "requested_remedy_details": form.get("requested_remedy_details")
                or False,
                "partner_id": user.partner_id.id,
                "company_id": (document.company_id if document else user.company_id).id,
            }
        )
        return vals

    @api.model
    def _intake_visitor_values(self, form, errors):
        """A visitor gets no contact (none is created or guessed): anyone can
        type an address. Their name and a valid address are needed to answer
        them."""
        _ = self.env._
        if not form.get("partner_name"):
            errors["partner_name"] = _("Please tell us your name.")
        email = self._intake_valid_email(form.get("email_from") or "")
        if not email:
            errors["email_from"] = _(
                "Please give a valid email address: we send the acknowledgement "
                "and the answer there."
            )
        return {
            "partner_name": form.get("partner_name"),
            "email_from": email,
            "partner_phone": form.get("partner_phone") or False,
            # Never linked to an order: it is not checked.
            "customer_order_reference": form.get("customer_order_reference") or False,
        }

    @api.model
    def _intake_document_values(self, form):
        """The order, invoice and product of ``form`` if they are the current
        user's own (record rules decide), else an error for each.

        :return: (values, errors)
        """
        _ = self.env._
        errors = {}
        vals = {}
        order, refused = self._intake_readable(
            "sale.order", self._intake_int(form.get("sale_order_id"))
        )
        if refused:
            errors["sale_order_id"] = _(
                "This order is not one of yours. Please choose one of your orders."
            )
        elif order:
            vals["sale_order_id"] = order.id
        invoice, refused = self._intake_readable(
            "account.move", self._intake_int(form.get("invoice_id"))
        )
        if refused or (
            invoice and invoice.move_type not in ("out_invoice", "out_refund")
        ):
            errors["invoice_id"] = _(
                "This invoice is not one of yours. Please choose one of your invoices."
            )
        elif invoice:
            vals["invoice_id"] = invoice.id
        product_id = self._intake_int(form.get("product_id"))
        if product_id:
            product = self._intake_ordered_product(product_id, order)
            if product:
                vals["product_id"] = product.id
            else:
                errors["product_id"] = _(
                    "This product is not on one of your orders. Please choose a "
                    "product you ordered."
                )
        return vals, errors

    @api.model
    def _intake_readable(self, model_name, record_id):
        """(the record if the current user may read it, whether it was
        refused): an id that does not exist or is not theirs is refused."""
        Model = self.env[model_name]
        record = Model.browse(record_id).exists() if record_id else Model
        if not record:
            return Model, bool(record_id)
        if not record.has_access("read"):
            return Model, True
        return record, False

    @api.model
    def _intake_ordered_product(self, product_id, order):
        """The product if it is on ``order`` (else on any confirmed order)
        the current user may read, else an empty recordset."""
        Line = self.env["sale.order.line"]
        if not Line.has_access("read"):
            return self.env["product.product"]
        domain = [("product_id", "=", product_id)]
        if order:
            domain.append(("order_id", "=", order.id))
        else:
            domain.append(("order_id.state", "=", "sale"))
        # Record rules restrict the search to lines of the caller's own orders;
        # sudo: reading the product of such a line (portal users cannot).
        return Line.search(domain, limit=1).sudo().product_id

    @staticmethod
    def _intake_valid_email(typed):
        """The normalized address if ``typed`` is one complete address, else
        False. email_normalize finds an address in what it is given
        ("a@@b.test" gives "@b.test", "a@b@c.test" gives "b@c.test"): the typed
        text must be that address itself."""
        email = tools.email_normalize(typed)
        if not email or email.casefold() != typed.casefold():
            return False
        local_part, __, domain = email.rpartition("@")
        if not local_part or "." not in domain.strip("."):
            return False
        return email

    @staticmethod
    def _intake_int(value):
        """The id chosen, False if none; -1 (no record) if it is not a
        number: refused as an unknown id would be, not ignored."""
        if not value:
            return False
        try:
            return int(value)
        except (TypeError, ValueError):
            return -1
