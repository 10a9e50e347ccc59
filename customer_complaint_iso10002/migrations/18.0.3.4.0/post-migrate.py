# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.3.0 -> 18.0.3.4.0: feedback comes under the retention job
(customer.complaint.feedback.anonymized, date_anonymized). The feedback kept
so far is not anonymized; the job anonymizes, at its next run, the handled
feedback whose company's retention period has run: their number is logged
here so that it comes as no surprise."""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE customer_complaint_feedback SET anonymized = false "
        "WHERE anonymized IS NULL"
    )
    # as customer.complaint.feedback._retention_expired_domain
    cr.execute(
        SQL(
            """
            SELECT count(*)
              FROM customer_complaint_feedback feedback
              JOIN res_company company ON company.id = feedback.company_id
             WHERE company.complaint_retention_months > 0
               AND feedback.state != 'new'
               AND GREATEST(
                       feedback.date_received,
                       feedback.date_answered,
                       feedback.date_converted
                   ) < now() at time zone 'UTC'
                       - make_interval(months => company.complaint_retention_months)
            """
        )
    )
    (due,) = cr.fetchone()
    _logger.info(
        "18.0.3.4.0: %s handled feedback past their company's retention period, "
        "anonymized by the retention job at its next run",
        due,
    )
