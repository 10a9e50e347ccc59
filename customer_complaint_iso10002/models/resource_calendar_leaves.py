# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResourceCalendarLeaves(models.Model):
    # Complaint deadlines are planned on cached working weeks
    # (resource.calendar._complaint_week_intervals).
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "customer.complaint.cache.mixin"]
