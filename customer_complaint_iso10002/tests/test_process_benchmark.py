# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Throughput of the deadline escalation job over many open complaints.

Excluded from the normal run; run it with ``--test-tags complaint_benchmark``
(or ``/customer_complaint_iso10002:TestProcessBenchmark``). The number of open
complaints comes from the ``COMPLAINT_BENCH_ESCALATION`` environment variable
(default 2,000; the issue's figure is 100,000). It logs lines starting with
"BENCH".
"""

import logging
import os
import time
from datetime import datetime

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.customer_complaint_iso10002.models.customer_complaint_phase import (
    CustomerComplaintPhase,
)

from .common_process import ProcessCommon

_logger = logging.getLogger(__name__)

COUNT = int(os.environ.get("COMPLAINT_BENCH_ESCALATION", "2000"))
BATCH = 200


@tagged("complaint_benchmark", "-at_install", "post_install")
class TestProcessBenchmark(ProcessCommon):
    def _columns(self, table, *skip):
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name NOT IN %s",
            (table, ("id", *skip)),
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _clone(self, template, count):
        """Insert ``count`` copies of ``template`` and of its phases, one
        statement each."""
        self.env.flush_all()
        columns = self._columns("customer_complaint")
        select = [
            SQL("'BENCH/' || g") if col == "reference" else SQL.identifier("t", col)
            for col in columns
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO customer_complaint (%s) SELECT %s "
                "FROM customer_complaint t, generate_series(1, %s) g WHERE t.id = %s",
                SQL(", ").join(SQL.identifier(col) for col in columns),
                SQL(", ").join(select),
                count,
                template.id,
            )
        )
        columns = self._columns("customer_complaint_phase", "complaint_id")
        self.env.cr.execute(
            SQL(
                "INSERT INTO customer_complaint_phase (complaint_id, %s) "
                "SELECT c.id, %s FROM customer_complaint c, customer_complaint_phase t"
                " WHERE c.reference LIKE %s AND t.complaint_id = %s",
                SQL(", ").join(SQL.identifier(col) for col in columns),
                SQL(", ").join(SQL.identifier("t", col) for col in columns),
                "BENCH/%",
                template.id,
            )
        )
        self.env.invalidate_all()

    def test_benchmark_escalation_job(self):
        Phase = self.env["customer.complaint.phase"]
        template = self._create_complaint(
            date_received=datetime(2020, 1, 6, 8, 0),
            user_id=self.user_complaint.id,
        )
        self._clone(template, COUNT)
        sizes = []
        original = CustomerComplaintPhase._process_deadline_alerts

        def spy(phases, now):
            sizes.append(len(phases.complaint_id))
            return original(phases, now)

        CustomerComplaintPhase._process_deadline_alerts = spy
        try:
            self.env.flush_all()
            queries = self.cr.sql_log_count
            start = time.perf_counter()
            done = Phase._cron_escalate(batch_size=BATCH)
            self.env.flush_all()
            elapsed = time.perf_counter() - start
            queries = self.cr.sql_log_count - queries
        finally:
            CustomerComplaintPhase._process_deadline_alerts = original
        _logger.info(
            "BENCH escalation job: %d open complaints handled in %.2fs = %.1f/s, "
            "%.2f queries per complaint, batches of at most %d",
            done,
            elapsed,
            done / elapsed,
            queries / max(done, 1),
            max(sizes),
        )
        self.assertGreaterEqual(done, COUNT)
        self.assertLessEqual(max(sizes), BATCH, "never all complaints at once")
        # A second run finds nothing left to do.
        self.assertEqual(Phase._cron_escalate(batch_size=BATCH), 0)
