# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailAlias(models.Model):
    # Our aliases are cached for the complaint robot check
    # (mail.thread._complaint_own_addresses).
    _name = "mail.alias"
    _inherit = ["mail.alias", "customer.complaint.cache.mixin"]
