# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerComplaintDocumentMixin(models.AbstractModel):
    """A customer document complaints can be about (sales order, invoice):
    its complaint count, the list of them and a pre-filled new complaint."""

    _name = "customer.complaint.document.mixin"
    _description = "Document Complaints Are About"
    # The complaint field that points at the document.
    _complaint_field = None

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="customer_complaint_iso10002.group_complaint_user,"
        "customer_complaint_iso10002.group_complaint_auditor",
    )

    def _compute_complaint_count(self):
        counts = self.env["customer.complaint"]._count_by(self._complaint_field, self)
        for document in self:
            document.complaint_count = counts.get(document, 0)

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._action_for(
            [(self._complaint_field, "=", self.id)], self._complaint_defaults()
        )

    def action_new_complaint(self):
        self.ensure_one()
        action = self.env["customer.complaint"]._action_for(
            [], self._complaint_defaults()
        )
        action.update(views=[(False, "form")], view_mode="form", target="current")
        return action

    def _complaint_defaults(self):
        return {
            f"default_{self._complaint_field}": self.id,
            "default_partner_id": self.partner_id.id,
            "default_company_id": self.company_id.id,
        }
