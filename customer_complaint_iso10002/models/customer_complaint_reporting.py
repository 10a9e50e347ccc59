# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from urllib.parse import urlencode

from odoo import api, models


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # ------------------------------------------------------------------
    # Register export
    # ------------------------------------------------------------------

    @api.model
    def _action_export_register_url(self, domain, date_from=None, date_to=None):
        params = {"domain": json.dumps(domain or [])}
        if date_from and date_to:
            params.update(date_from=str(date_from), date_to=str(date_to))
        return {
            "type": "ir.actions.act_url",
            "url": f"/customer_complaint/register.xlsx?{urlencode(params)}",
            "target": "download",
        }

    def action_export_register(self):
        """Register of the selected complaints, or of the current search."""
        domain = self.env.context.get("active_domain")
        if self:
            domain = [("id", "in", self.ids)]
        return self._action_export_register_url(domain or [])
