# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL


def _is_testing():
    return getattr(threading.current_thread(), "testing", False)


def int_array(values):
    """``values`` (integers or None) as one PostgreSQL array literal, for a
    ``%s::int[]`` parameter of a bulk statement: psycopg2 adapts a list
    value by value, which costs more than the rest of a batch's Python work
    on such a statement."""
    return "{%s}" % ",".join(
        "NULL" if value is None else str(int(value)) for value in values
    )


class CustomerComplaintBatchJobMixin(models.AbstractModel):
    """Scheduled jobs over many records (escalation, progress updates,
    closing unanswered decisions, retention): id-ordered batches, each
    batch's rows locked, a commit per batch and the progress reported to the
    scheduler, which calls the job again soon while some remain."""

    _name = "customer.complaint.batch.job.mixin"
    _description = "Complaint scheduled job in batches"

    @api.model
    def _run_batch_job(self, domain, process, batch_size=200):
        """Call ``process(records)`` on the records of self matching
        ``domain``, ``batch_size`` at a time in id order, with their rows
        locked. Returns the number of records processed.

        A row another transaction holds (a user saving it) is left for the
        next run: it stays in the remaining count, so the scheduler calls
        the job again instead of it waiting or failing. Batches follow ids,
        so records that stay in ``domain`` once processed are not taken
        twice in a run.
        """
        total = self.search_count(domain)
        done = last_id = 0
        while True:
            batch = self.search(
                expression.AND([domain, [("id", ">", last_id)]]),
                order="id",
                limit=batch_size,
            )
            if not batch:
                break
            last_id = batch[-1].id
            done += batch._run_batch(process, done, total)
        return done

    @api.model
    def _run_batch_job_on_ids(self, ids, process, batch_size=200):
        """``_run_batch_job`` over the records ``ids`` the caller found in one
        query (say, from the rows of another model), without a search per
        batch. ``process`` is given them as they are: it checks that what
        it does is still to do (another transaction may have done it)."""
        ids = sorted(set(ids))
        done = 0
        for start in range(0, len(ids), batch_size):
            batch = self.browse(ids[start : start + batch_size])
            done += batch._run_batch(process, done, len(ids))
        return done

    def _run_batch(self, process, done, total):
        """One batch: self's rows locked, processed, the progress reported
        and committed. Returns the number of records processed."""
        locked = self._lock_rows()
        if locked:
            process(locked)
        done += len(locked)
        self.env["ir.cron"]._notify_progress(done=done, remaining=max(total - done, 0))
        self._cron_commit()
        return len(locked)

    @api.model
    def _cron_commit(self):
        # Commit per batch so a long run keeps its progress, except in tests
        # where the test transaction must stay open. The cache is emptied so
        # that a long run never holds more than one batch in memory.
        self.env.flush_all()
        if not _is_testing():
            self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()

    def _lock_rows(self):
        """Lock the rows of self, skipping those another transaction holds;
        returns the records locked, read afresh."""
        if not self:
            return self
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE id = ANY(%s::int[]) "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                int_array(self.ids),
            )
        )
        locked = self.browse([row[0] for row in rows])
        locked.invalidate_recordset()
        return locked
