# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailAliasDomain(models.Model):
    # Bounce, catchall and sender addresses are cached for the complaint robot
    # check (mail.thread._complaint_own_addresses).
    _name = "mail.alias.domain"
    _inherit = ["mail.alias.domain", "customer.complaint.cache.mixin"]
