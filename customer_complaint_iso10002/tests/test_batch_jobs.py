# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scheduled jobs in batches (customer.complaint.batch.job.mixin): progress
reported to the scheduler, id-ordered batches, rows a user holds left for the
next run, every batch of a run processed."""

from datetime import datetime, timedelta

from odoo.tests import freeze_time, tagged

from .common import ComplaintCommon
from .test_reporting import ComplaintReportingCommon

RECEIVED = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestBatchJobs(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["customer.complaint"]
        cls.cron = cls.env.ref(
            "customer_complaint_iso10002.ir_cron_complaint_progress_update"
        )

    def _progress(self):
        """A progress record of the scheduler, as the scheduler gives a run."""
        progress = self.env["ir.cron.progress"].create({"cron_id": self.cron.id})
        return progress, self.Complaint.with_context(ir_cron_progress_id=progress.id)

    def test_progress_update_job_reports_progress_to_the_scheduler(self):
        # Only team B's complainants are due an update.
        self.env["customer.complaint.team"].search([]).progress_update_days = 0
        self.team_b.progress_update_days = 7
        with freeze_time(RECEIVED):
            complaints = self.Complaint.create(
                [
                    {
                        "name": f"Silent {index}",
                        "partner_id": self.customer.id,
                        "team_id": self.team_b.id,
                    }
                    for index in range(3)
                ]
            )
        self.assertTrue(all(complaints.mapped("date_acknowledged")))
        with freeze_time(RECEIVED + timedelta(days=8)), self.mock_mail_gateway():
            # What "Run Manually" and the scheduler do: a progress record per run.
            self.cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        self.assertEqual(complaints.mapped("progress_update_count"), [1, 1, 1])
        updates = self._new_mails.filtered(
            lambda m: m.model == "customer.complaint" and m.res_id in complaints.ids
        )
        self.assertEqual(len(updates), 3)

    def test_job_reports_progress_after_each_batch_in_id_order(self):
        complaints = self.Complaint.with_context(
            complaint_skip_acknowledgement=True
        ).create(
            [
                {"name": f"Batch {index}", "partner_id": self.customer.id}
                for index in range(5)
            ]
        )
        progress, Complaint = self._progress()
        seen = []
        done = Complaint._run_batch_job(
            [("id", "in", complaints.ids)],
            lambda batch: seen.append((batch.ids, progress.done, progress.remaining)),
            batch_size=2,
        )
        ids = sorted(complaints.ids)
        self.assertEqual(seen, [(ids[:2], 0, 0), (ids[2:4], 2, 3), (ids[4:], 4, 1)])
        self.assertEqual((done, progress.done, progress.remaining), (5, 5, 0))


@tagged("post_install", "-at_install")
class TestRetentionJob(ComplaintReportingCommon):
    def test_retention_job_runs_every_batch_archived_included(self):
        self.company.complaint_retention_months = 12
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        old = Complaint.browse()
        for month in (1, 2, 3):
            old |= self._complaint(datetime(2023, month, 2, 9), 1, 5)
        old[-1]._process_env().write({"active": False})
        recent = self._complaint(datetime.now() - timedelta(days=3), 1, 5)
        anonymized_before = Complaint.search_count([("anonymized", "=", True)])
        cron = self.env.ref("customer_complaint_iso10002.ir_cron_complaint_anonymize")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Complaint.with_context(ir_cron_progress_id=progress.id)._cron_anonymize_expired(
            batch_size=2
        )
        self.assertEqual(old.mapped("anonymized"), [True, True, True])
        self.assertFalse(old.partner_id)
        self.assertFalse(recent.anonymized)
        self.assertEqual(recent.partner_id, self.partner)
        anonymized = Complaint.search_count([("anonymized", "=", True)])
        self.assertEqual(
            (progress.done, progress.remaining), (anonymized - anonymized_before, 0)
        )
