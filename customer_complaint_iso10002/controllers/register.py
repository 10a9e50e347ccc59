# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import tempfile

import psycopg2
from werkzeug.exceptions import BadRequest, Forbidden
from werkzeug.wsgi import wrap_file

from odoo import fields, http
from odoo.http import content_disposition, request


class ComplaintRegisterController(http.Controller):
    def _complaint_check_domain(self, Complaint, domain):
        """Refuse (400) a domain that is not a valid search on complaints: the
        search is tried once, in a savepoint, with the caller's rights."""
        try:
            with request.env.cr.savepoint():
                Complaint.search_count(domain, limit=1)
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AssertionError,
            psycopg2.DataError,
            psycopg2.ProgrammingError,
        ) as error:
            raise self._complaint_bad_request() from error

    @staticmethod
    def _complaint_bad_request():
        return BadRequest(
            request.env._(
                "The filter or the dates asked for the complaint register are "
                "not valid."
            )
        )

    @http.route(
        "/customer_complaint/register.xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def complaint_register_xlsx(self, domain=None, date_from=None, date_to=None, **kw):
        # Staff only, refused before any parameter is read: portal users may
        # read their own complaints, not the register.
        Complaint = request.env["customer.complaint"]
        if not request.env.user._is_internal() or not Complaint.has_access("read"):
            raise Forbidden()
        try:
            domain = json.loads(domain) if domain else []
            if not isinstance(domain, list):
                raise ValueError(domain)
            date_from = fields.Date.to_date(date_from) if date_from else None
            date_to = fields.Date.to_date(date_to) if date_to else None
        except ValueError as error:
            raise self._complaint_bad_request() from error
        if date_from and date_to:
            domain += [
                ("date_received", ">=", fields.Datetime.to_string(date_from)),
                (
                    "date_received",
                    "<",
                    fields.Datetime.to_string(fields.Date.add(date_to, days=1)),
                ),
            ]
        self._complaint_check_domain(Complaint, domain)
        # The register is written to a temporary file, not held in memory, and
        # streamed from it; the search inside uses the caller's environment
        # (record rules apply).
        xlsx = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (streamed)
        try:
            request.env["customer.complaint.register"]._write_register(
                xlsx, domain, date_from=date_from, date_to=date_to
            )
            size = xlsx.tell()
            xlsx.seek(0)
        except Exception:
            xlsx.close()
            raise
        filename = request.env._(
            "Complaint register %(date)s.xlsx", date=fields.Date.today()
        )
        response = request.make_response(
            wrap_file(request.httprequest.environ, xlsx),
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
                ("Content-Length", str(size)),
            ],
        )
        response.direct_passthrough = True
        return response
