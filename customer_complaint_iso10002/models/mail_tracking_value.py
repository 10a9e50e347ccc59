# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .customer_complaint_privacy_mixin import IDENTITY_FIELDS


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _filter_has_field_access(self, env):
        # A change of the complainant's contact, name, address or phone names
        # them on both sides: whoever reads the pseudonym on that complaint
        # has no access to it (the chatter's tracked changes, as the form).
        trackings = super()._filter_has_field_access(env)
        on_identity = trackings.filtered(
            lambda tracking: tracking.mail_message_id.model == "customer.complaint"
            and tracking.field_id.model == "customer.complaint"
            and tracking.field_id.name in IDENTITY_FIELDS
        )
        if not on_identity:
            return trackings
        # (as superuser or not, the user of env: the chatter is formatted
        # as superuser for a post)
        hidden = env["customer.complaint"]._identity_hidden_among(
            set(on_identity.mail_message_id.mapped("res_id")), env.user
        )
        return trackings - on_identity.filtered(
            lambda tracking: tracking.mail_message_id.res_id in hidden
        )
