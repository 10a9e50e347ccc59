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

from odoo.addons.customer_complaint_iso10002.models.customer_complaint import (
    CustomerComplaint,
)

from .common_process import ProcessCommon

_logger = logging.getLogger(__name__)

COUNT = int(os.environ.get("COMPLAINT_BENCH_ESCALATION", "2000"))
BATCH = 200


@tagged("complaint_benchmark", "-at_install", "post_install")
class TestProcessBenchmark(ProcessCommon):
    def _clone(self, template, count):
        """Insert ``count`` copies of ``template`` in one statement."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'customer_complaint' AND column_name != 'id'"
        )
        columns = [row[0] for row in self.env.cr.fetchall()]
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
        self.env.invalidate_all()

    def test_benchmark_escalation_job(self):
        Complaint = self.env["customer.complaint"]
        template = self._create_complaint(
            date_received=datetime(2020, 1, 6, 8, 0),
            user_id=self.user_complaint.id,
        )
        self._clone(template, COUNT)
        sizes = []
        original = CustomerComplaint._process_deadline_alerts

        def spy(records):
            sizes.append(len(records))
            return original(records)

        CustomerComplaint._process_deadline_alerts = spy
        try:
            self.env.flush_all()
            queries = self.cr.sql_log_count
            start = time.perf_counter()
            done = Complaint._cron_escalate_deadlines(batch_size=BATCH)
            self.env.flush_all()
            elapsed = time.perf_counter() - start
            queries = self.cr.sql_log_count - queries
        finally:
            CustomerComplaint._process_deadline_alerts = original
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
        self.assertEqual(Complaint._cron_escalate_deadlines(batch_size=BATCH), 0)
