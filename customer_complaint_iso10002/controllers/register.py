# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import os
import tempfile

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import fields, http
from odoo.http import content_disposition, request


class ComplaintRegisterController(http.Controller):
    @http.route(
        "/customer_complaint/register.xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def complaint_register_xlsx(self, domain=None, date_from=None, date_to=None, **kw):
        Complaint = request.env["customer.complaint"]
        if not Complaint.has_access("read"):
            raise Forbidden()
        try:
            domain = json.loads(domain) if domain else []
            if not isinstance(domain, list):
                raise ValueError(domain)
            date_from = fields.Date.to_date(date_from) if date_from else None
            date_to = fields.Date.to_date(date_to) if date_to else None
        except ValueError as error:
            raise BadRequest() from error
        if date_from and date_to:
            domain += [
                ("date_received", ">=", fields.Datetime.to_string(date_from)),
                (
                    "date_received",
                    "<",
                    fields.Datetime.to_string(fields.Date.add(date_to, days=1)),
                ),
            ]
        # The register is written to a temporary file, not held in memory;
        # the search inside uses the caller's environment (record rules apply).
        with tempfile.TemporaryDirectory() as tmpdir:
            path = os.path.join(tmpdir, "register.xlsx")
            request.env["customer.complaint.register"]._write_register(
                path, domain, date_from=date_from, date_to=date_to
            )
            with open(path, "rb") as xlsx:
                content = xlsx.read()
        filename = request.env._(
            "Complaint register %(date)s.xlsx", date=fields.Date.today()
        )
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
