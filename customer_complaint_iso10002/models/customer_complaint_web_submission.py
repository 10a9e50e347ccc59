# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class CustomerComplaintWebSubmission(models.Model):
    """One line per public form submission, for the rate limit only.

    Keeps no content: the address and the IP are compared with recent lines and
    old lines are removed by the autovacuum.
    """

    _name = "customer.complaint.web.submission"
    _description = "Public Complaint Form Submission"
    _log_access = True

    email = fields.Char(index=True)
    ip_address = fields.Char(index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )

    @api.model
    def _count_recent(self, email=None, ip_address=None, hours=1):
        since = fields.Datetime.now() - timedelta(hours=hours)
        domain = [("create_date", ">=", since)]
        if email:
            domain.append(("email", "=", email))
        if ip_address:
            domain.append(("ip_address", "=", ip_address))
        return self.search_count(domain)

    @api.autovacuum
    def _gc_old_submissions(self):
        self.search(
            [("create_date", "<", fields.Datetime.now() - timedelta(days=2))]
        ).unlink()
