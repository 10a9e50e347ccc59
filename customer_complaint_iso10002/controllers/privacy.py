# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's rights over their personal data on the portal (GDPR 15,
17, 21): download what is held about the complaint (PDF and JSON), ask for
its erasure, withdraw the choice not to be disclosed. Every route is for the
complainant only (the guard of portal.py, ``complainant=True``)."""

import json

from odoo import _, http
from odoo.http import request

from .portal import ComplaintPortalBase


class ComplaintPrivacy(ComplaintPortalBase):
    def _complaint_privacy_done(self, complaint_sudo, access_token, success):
        values = self._complaint_detail_values(complaint_sudo, access_token)
        values["success"] = success
        return request.render("customer_complaint_iso10002.portal_my_complaint", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>/personal-data.json"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_complaint_personal_data_json(
        self, complaint_id, access_token=None, **kw
    ):
        complaint_sudo = self._complaint_guard(
            complaint_id, access_token, complainant=True
        )
        if complaint_sudo is None:
            return self._complaint_denied()
        data = complaint_sudo.with_context(
            lang=complaint_sudo.lang or request.env.lang
        )._personal_data_export()
        filename = "complaint-%s.json" % complaint_sudo.reference.replace("/", "_")
        return request.make_response(
            json.dumps(data, ensure_ascii=False, indent=2),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
                ("Cache-Control", "no-store"),
            ],
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/personal-data.pdf"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_complaint_personal_data_pdf(self, complaint_id, access_token=None, **kw):
        complaint_sudo = self._complaint_guard(
            complaint_id, access_token, complainant=True
        )
        if complaint_sudo is None:
            return self._complaint_denied()
        # sudo: the guard checked the caller is the complainant; the report
        # prints only what _personal_data_export gives them.
        content, content_type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "customer_complaint_iso10002.action_report_complaint_personal_data",
                complaint_sudo.ids,
            )
        )
        extension = "pdf" if content_type == "pdf" else "html"
        filename = "complaint-data-%s.%s" % (
            complaint_sudo.reference.replace("/", "_"),
            extension,
        )
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/pdf" if extension == "pdf" else "text/html",
                ),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
                ("Cache-Control", "no-store"),
            ],
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/erasure"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_erasure(self, complaint_id, access_token=None, **kw):
        complaint_sudo = self._complaint_guard(
            complaint_id, access_token, complainant=True
        )
        if complaint_sudo is None:
            return self._complaint_denied()
        erasure = request.env["customer.complaint.erasure.request"]._portal_request(
            complaint_sudo
        )
        return self._complaint_privacy_done(
            complaint_sudo,
            access_token,
            _(
                "Your request to erase your personal data was recorded. We answer "
                "it by %(date)s.",
                date=erasure.date_deadline,
            ),
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/non-disclosure/withdraw"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_withdraw_non_disclosure(
        self, complaint_id, access_token=None, **kw
    ):
        complaint_sudo = self._complaint_guard(
            complaint_id, access_token, complainant=True
        )
        if complaint_sudo is None:
            return self._complaint_denied()
        # sudo: the guard just checked the caller is the complainant.
        complaint_sudo._portal_withdraw_non_disclosure()
        return self._complaint_privacy_done(
            complaint_sudo,
            access_token,
            _(
                "Your identity may now be disclosed to the people your complaint "
                "concerns."
            ),
        )
