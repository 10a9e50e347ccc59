# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reporting benchmark, excluded from normal runs.

Run: --test-tags complaint_benchmark (COMPLAINT_BENCH_N sets the size, 100000
by default). Prints lines starting with "BENCH".
"""

import logging
import os
import resource
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta

from odoo.tests import TransactionCase, tagged

_logger = logging.getLogger(__name__)
MODULE = "customer_complaint_iso10002"


@tagged("complaint_benchmark", "post_install", "-at_install", "-standard")
class TestComplaintReportingBenchmark(TransactionCase):
    def _bench(self, label, func, trace=True):
        if trace:
            tracemalloc.start()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        peak = 0
        if trace:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        _logger.info(
            "BENCH %s: %.2f s, python peak %.1f MB, process peak RSS %.1f MB "
            "(was %.1f MB)",
            label,
            elapsed,
            peak / 2**20,
            rss_after / 1024,
            rss_before / 1024,
        )
        return result, elapsed

    def test_benchmark(self):
        n = int(os.environ.get("COMPLAINT_BENCH_N", "100000"))
        env = self.env(
            context=dict(
                self.env.context,
                tracking_disable=True,
                complaint_skip_acknowledgement=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )
        Complaint = env["customer.complaint"]
        categories = env["customer.complaint.category"].create(
            [{"name": f"Bench category {i}"} for i in range(10)]
        )
        partners = env["res.partner"].create(
            [
                {"name": f"Bench customer {i}", "email": f"b{i}@example.com"}
                for i in range(200)
            ]
        )
        # Rejected (closed) complaints: no closing blockers (recurrence actions).
        closed = env.ref(f"{MODULE}.stage_rejected")
        has_process = "decision_outcome" in Complaint._fields
        today = date.today()
        base = datetime.combine(today.replace(day=1), datetime.min.time()) - timedelta(
            days=365
        )

        def create_all():
            batch = []
            for i in range(n):
                received = base + timedelta(minutes=(i * 525600) // n)
                vals = {
                    "name": f"Bench {i}",
                    "partner_id": partners[i % 200].id,
                    "category_id": categories[i % 10].id,
                    "channel": "email",
                    "date_received": received,
                    "date_acknowledged": received + timedelta(hours=1 + i % 5),
                }
                if i % 3 == 0:
                    vals["stage_id"] = closed.id
                    if has_process:
                        vals["rejection_reason"] = "out_of_scope"
                batch.append(vals)
                if len(batch) == 1000:
                    Complaint.create(batch)
                    env.flush_all()
                    env.invalidate_all()
                    batch = []
            if batch:
                Complaint.create(batch)
            env.flush_all()

        self._bench(f"create {n} complaints", create_all, trace=False)
        env.cr.execute("ANALYZE customer_complaint")

        Report = env["customer.complaint.report"]
        groups, pivot_time = self._bench(
            "analysis pivot month x category",
            lambda: Report._read_group(
                [],
                ["date_received:month", "category_id"],
                ["__count", "hours_to_close:avg"],
            ),
        )
        self.assertTrue(groups)

        def dashboard():
            record = env["customer.complaint.dashboard"].create(
                {"date_from": today.replace(day=1), "date_to": today}
            )
            return record.dashboard_html

        _html, dashboard_time = self._bench("dashboard", dashboard)
        date_from, date_to = env["customer.complaint.kpi"]._default_period()
        _review, review_time = self._bench(
            "draft review",
            lambda: env["customer.complaint.review"].create(
                {"name": "Bench review", "date_from": date_from, "date_to": date_to}
            ),
        )

        def export():
            with tempfile.TemporaryDirectory() as tmpdir:
                path = os.path.join(tmpdir, "register.xlsx")
                rows = env["customer.complaint.register"]._write_register(path, [])
                size = os.path.getsize(path)
            _logger.info("BENCH register: %s rows, %.1f MB file", rows, size / 2**20)
            return rows

        rows, export_time = self._bench("register export", export)
        self.assertGreaterEqual(rows, n)
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _logger.info(
            "BENCH targets: dashboard %.2f s (< 2), review %.2f s (< 2), "
            "export %.2f s (< 60), process peak RSS %.0f MB (< 300)",
            dashboard_time,
            review_time,
            export_time,
            peak_rss_mb,
        )
