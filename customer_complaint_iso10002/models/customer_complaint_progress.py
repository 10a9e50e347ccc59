# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Progress updates (ISO 10002 7.3): a complainant who heard nothing for the
team's number of days is told where things stand, by the scheduled job,
through the mail-once mixin. Inherited by the complaint."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

from .customer_complaint_constants import INTERNAL


class CustomerComplaintProgress(models.AbstractModel):
    _name = "customer.complaint.progress"
    _description = "Progress updates to the complainant"

    progress_update_count = fields.Integer(
        string="Progress Updates", readonly=True, copy=False, groups=INTERNAL
    )
    date_last_progress_update = fields.Datetime(
        string="Last Progress Update", readonly=True, copy=False, groups=INTERNAL
    )

    @api.model
    def _progress_due_domain(self, teams, now):
        """Open complaints of ``teams`` without a decision communicated whose
        complainant heard nothing (acknowledgement or last update) for the
        team's number of days."""
        silent = []
        for team in teams:
            since = now - timedelta(days=team.progress_update_days)
            silent.append(
                [
                    ("team_id", "=", team.id),
                    ("date_received", "<", since),
                    "|",
                    "&",
                    ("date_last_progress_update", "=", False),
                    ("date_acknowledged", "<", since),
                    ("date_last_progress_update", "<", since),
                ]
            )
        return expression.AND(
            [
                [("is_closed", "=", False), ("date_first_communicated", "=", False)],
                expression.OR(silent),
            ]
        )

    @api.model
    def _cron_progress_updates(self, batch_size=200):
        """Tell complainants who heard nothing for N days where things stand,
        in batches (customer.complaint.batch.job.mixin). Returns the number of
        complaints looked at."""
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_progress",
            raise_if_not_found=False,
        )
        teams = self.env["customer.complaint.team"].search(
            [("progress_update_days", ">", 0)]
        )
        if not template or not teams:
            return 0
        return self._run_batch_job(
            self._progress_due_domain(teams, fields.Datetime.now()),
            lambda complaints: complaints._send_once(
                template,
                "date_last_progress_update",
                count_field="progress_update_count",
            ),
            batch_size,
        )
