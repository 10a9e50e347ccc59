# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The advisory lock of an address or network: whoever counts or adds public
# submissions of it takes this lock first (see _log_within_limits).
LOCK_KEY = "customer.complaint.web.submission:{kind}:{value}"


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
    def _lock_sources(self, email, ip_address):
        """Lock this address and this network until the end of the transaction:
        concurrent submissions from either wait here for this one to be saved
        (or dropped). Always taken in the same order, so two submissions never
        wait for each other."""
        keys = sorted(
            {
                LOCK_KEY.format(kind="email", value=email),
                LOCK_KEY.format(kind="ip", value=ip_address),
            }
        )
        for key in keys:
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", key)
            )

    @api.model
    def _log_within_limits(self, email, ip_address, per_email, per_ip, hours=1):
        """Log a submission from ``email`` and ``ip_address`` unless either sent
        its limit of submissions in the last ``hours``.

        The count and the new line happen under the locks of the address and
        the network (held until this transaction ends), so concurrent
        submissions are counted one after the other, never both against the
        same count.

        :return: True if logged, False if over a limit (nothing logged)
        """
        self._lock_sources(email, ip_address)
        since = fields.Datetime.now() - timedelta(hours=hours)
        # Counted in a transaction of its own: this transaction's snapshot
        # (repeatable read) dates from before the lock was granted, and misses
        # the lines of the submissions that held it meanwhile.
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FILTER (WHERE email = %s),"
                    " count(*) FILTER (WHERE ip_address = %s)"
                    " FROM %s WHERE create_date >= %s",
                    email,
                    ip_address,
                    SQL.identifier(self._table),
                    since,
                )
            )
            by_email, by_ip = cr.fetchone()
        if by_email >= per_email or by_ip >= per_ip:
            return False
        self.create({"email": email, "ip_address": ip_address})
        return True

    @api.model
    def _forget_emails(self, emails):
        """Remove the lines of these addresses (anonymization, 8.1): the rate
        limit needs no line of a complainant whose data are erased."""
        emails = [email for email in emails if email]
        if emails:
            self.with_context(active_test=False).search(
                [("email", "in", emails)]
            ).unlink()

    @api.autovacuum
    def _gc_old_submissions(self):
        self.search(
            [("create_date", "<", fields.Datetime.now() - timedelta(days=2))]
        ).unlink()
