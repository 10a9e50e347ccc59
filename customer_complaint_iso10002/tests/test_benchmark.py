# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaint creation throughput, acknowledgement included.

Excluded from the normal run; run it with
``--test-tags /customer_complaint_iso10002:TestComplaintBenchmark`` or
``--test-tags complaint_benchmark``. It logs lines starting with "BENCH".
The comparison with OCA helpdesk_mgmt, in the same database and run, is
``./test --bench`` (.ci/bench.sh); this test checks that every complaint
created in the measure got its acknowledgement.
"""

import logging
import time

from odoo.tests import tagged

from .common import ComplaintCommon

_logger = logging.getLogger(__name__)

ONE_BY_ONE = 300
BATCH = 1000


@tagged("complaint_benchmark", "-at_install", "post_install")
class TestComplaintBenchmark(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Bench customer {i}", "email": f"bench.{i}@example.com"}
                for i in range(50)
            ]
        )

    def _values(self, index):
        return {
            "name": f"Benchmark complaint {index}",
            "partner_id": self.partners[index % 50].id,
            "team_id": self.team_b.id,
            "channel": "phone",
            "description": "<p>The product arrived broken.</p>",
        }

    def _measure(self, label, func, count):
        Complaint = self.env["customer.complaint"].with_user(self.user_manager)
        self.env.flush_all()
        queries = self.cr.sql_log_count
        start = time.perf_counter()
        complaints = func(Complaint)
        self.env.flush_all()
        elapsed = time.perf_counter() - start
        queries = self.cr.sql_log_count - queries
        rate = count / elapsed
        _logger.info(
            "BENCH %s: %d complaints in %.2fs = %.1f complaints/s, "
            "%.1f queries per complaint (acknowledgement included)",
            label,
            count,
            elapsed,
            rate,
            queries / count,
        )
        self.assertEqual(len(complaints), count)
        self.assertTrue(all(complaints.mapped("date_acknowledged")))
        ack_messages = self.env["mail.mail"].search_count(
            [
                ("model", "=", "customer.complaint"),
                ("res_id", "in", complaints.ids),
                ("mail_message_id.message_type", "=", "email_outgoing"),
            ]
        )
        self.assertEqual(ack_messages, count, "one acknowledgement each")
        return rate, queries / count

    def test_benchmark_one_at_a_time(self):
        def create_one_by_one(Complaint):
            complaints = Complaint.browse()
            for index in range(ONE_BY_ONE):
                complaints |= Complaint.create(self._values(index))
            return complaints

        # warm the caches (rules, templates, sequences) outside the measure
        self.env["customer.complaint"].with_user(self.user_manager).create(
            self._values(-1)
        )
        self._measure("one at a time", create_one_by_one, ONE_BY_ONE)

    def test_benchmark_batch(self):
        self.env["customer.complaint"].with_user(self.user_manager).create(
            self._values(-1)
        )
        self._measure(
            "batch of 1000",
            lambda Complaint: Complaint.create(
                [self._values(index) for index in range(BATCH)]
            ),
            BATCH,
        )
