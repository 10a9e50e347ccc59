# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .customer_complaint_constants import STAFF

# Fields other modules add to every mail thread when installed, which are not
# dependencies of the addon: declared here, they would be created without
# those modules; _setup_base gives them groups once they exist.
OPTIONAL_FIELDS = ("message_has_sms_error",)


class CustomerComplaintStaffChatterMixin(models.AbstractModel):
    """mail.thread for the records portal customers and visitors read
    (complaints, the published policy): the chatter's backend data is the
    staff's (groups=STAFF), also over JSON-RPC. Every message id (internal
    notes included), following, needaction and delivery errors. The portal
    and public pages show the public messages through sudo, after their own
    access check."""

    _name = "customer.complaint.staff.chatter.mixin"
    _inherit = ["mail.thread"]
    _description = "Chatter read by staff only"

    message_is_follower = fields.Boolean(groups=STAFF)
    message_ids = fields.One2many(groups=STAFF)
    website_message_ids = fields.One2many(groups=STAFF)
    has_message = fields.Boolean(groups=STAFF)
    message_needaction = fields.Boolean(groups=STAFF)
    message_needaction_counter = fields.Integer(groups=STAFF)
    message_has_error = fields.Boolean(groups=STAFF)
    message_has_error_counter = fields.Integer(groups=STAFF)

    @api.model
    def _setup_base(self):
        result = super()._setup_base()
        for fname in OPTIONAL_FIELDS:
            if field := self._fields.get(fname):
                field.groups = STAFF
        return result
