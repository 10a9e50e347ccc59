# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["customer.complaint"]
            values["complaint_count"] = (
                Complaint.search_count(self._complaint_portal_domain())
                if Complaint.has_access("read")
                else 0
            )
        return values

    def _complaint_portal_domain(self):
        # Record rules do the filtering; this only hides archived complaints.
        return [("active", "=", True)]

    def _complaint_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "date_received desc, id desc"},
            "reference": {"label": _("Reference"), "order": "reference desc"},
            "stage": {"label": _("Status"), "order": "stage_id, id desc"},
        }

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        Complaint = request.env["customer.complaint"]
        values = self._prepare_portal_layout_values()
        sortings = self._complaint_searchbar_sortings()
        sortby = sortby if sortby in sortings else "date"
        domain = self._complaint_portal_domain()
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=Complaint.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("customer_complaint_iso10002.portal_my_complaints", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            # Checks record rules for users, or the access token for anyone.
            complaint_sudo = self._document_check_access(
                "customer.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"complaint": complaint_sudo, "page_name": "complaint"},
            "my_complaints_history",
            False,
            **kw,
        )
        return request.render("customer_complaint_iso10002.portal_my_complaint", values)
