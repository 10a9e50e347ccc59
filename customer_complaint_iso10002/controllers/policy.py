# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints-handling policy, readable by anyone once published (4.2)."""

from odoo import http
from odoo.http import request


class ComplaintPolicy(http.Controller):
    def _complaint_policy_page(self, policy_sudo):
        if not policy_sudo or policy_sudo.state not in ("published", "superseded"):
            raise request.not_found()
        current = policy_sudo._current_for(policy_sudo.company_id)
        return request.render(
            "customer_complaint_iso10002.complaint_policy_page",
            {
                "policy": policy_sudo,
                "current": current,
                "company": policy_sudo.company_id,
                "page_name": "complaint_policy",
            },
        )

    @http.route(
        ["/complaints/policy", "/complaints/policy/company/<int:company_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=True,
    )
    def complaints_policy_current(self, company_id=None, **kw):
        # sudo: only the published version is looked up (_current_for), which
        # is public; the company's name is shown with it.
        Company = request.env["res.company"].sudo()
        company = Company.browse(company_id).exists() if company_id else Company
        company = company or request.env.company.sudo()
        Policy = request.env["customer.complaint.policy"]
        return self._complaint_policy_page(Policy._current_for(company))

    @http.route(
        ["/complaints/policy/<int:policy_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def complaints_policy_version(self, policy_id, **kw):
        # sudo: any company's policy, checked just below
        # (_complaint_policy_page) to be a published or superseded version;
        # drafts and approved versions are not found.
        policy_sudo = (
            request.env["customer.complaint.policy"].sudo().browse(policy_id).exists()
        )
        return self._complaint_policy_page(policy_sudo)
