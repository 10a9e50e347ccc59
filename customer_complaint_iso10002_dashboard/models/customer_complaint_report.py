# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.customer_complaint_iso10002.report.customer_complaint_report import (
    PHASES,
)

# Keys that sort in age order: a chart grouped by the field lists its groups
# in the order of the stored values, not of the selection.
BACKLOG_AGES = [
    ("00_07", "0-7 days"),
    ("08_30", "8-30 days"),
    ("31_up", "More than 30 days"),
]


class CustomerComplaintReport(models.Model):
    """Counts a spreadsheet sums to the KPI ratios of customer.complaint.kpi:
    a pivot adds measures up, it cannot count the rows a condition holds on.
    On time per phase counts phases (each decision round one), as the KPI."""

    _inherit = "customer.complaint.report"

    ack_phases_done = fields.Integer(string="Acknowledgements Done", readonly=True)
    ack_phases_met = fields.Integer(string="Acknowledgements on Time", readonly=True)
    assessment_phases_done = fields.Integer(string="Assessments Done", readonly=True)
    assessment_phases_met = fields.Integer(string="Assessments on Time", readonly=True)
    decision_phases_done = fields.Integer(
        string="Decision Rounds Communicated", readonly=True
    )
    decision_phases_met = fields.Integer(
        string="Decision Rounds on Time", readonly=True
    )
    closure_phases_done = fields.Integer(string="Closures Done", readonly=True)
    closure_phases_met = fields.Integer(string="Closures on Time", readonly=True)
    rated_count = fields.Integer(string="# Rated", readonly=True)
    rated_good_count = fields.Integer(string="# Rated 4 or 5", readonly=True)
    recurring_count = fields.Integer(string="# Recurring", readonly=True)
    decided_count = fields.Integer(string="# Decided", readonly=True)
    # Open complaints at the end of today, by age, as kpi_backlog counts them
    # for a period ending today.
    backlog_age = fields.Selection(selection=BACKLOG_AGES, readonly=True)
    overdue_count = fields.Integer(string="# Open and Overdue", readonly=True)

    def _query(self, start=None, end=None, source=None):
        """The analysis rows with the dashboard's counts, made of their
        columns. The phase counts come from a subquery grouped by complaint,
        which the planner drops (as the analysis' own joins) when no count is
        read: the KPI queries over these rows pay nothing for them."""
        today_end = SQL(
            "(date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day')"
        )
        age = SQL("%s - r.date_received", today_end)
        counts = [(phase, kind) for phase in PHASES for kind in ("done", "met")]
        return SQL(
            """
            SELECT r.*,
                   %(phase_counts)s,
                   CASE WHEN r.handling_rating IS NOT NULL THEN 1 ELSE 0 END
                       AS rated_count,
                   CASE WHEN r.handling_rating >= 4 THEN 1 ELSE 0 END
                       AS rated_good_count,
                   CASE WHEN r.is_recurring THEN 1 ELSE 0 END AS recurring_count,
                   CASE WHEN r.date_decision IS NOT NULL THEN 1 ELSE 0 END
                       AS decided_count,
                   CASE WHEN r.date_closed IS NULL THEN
                       CASE WHEN %(age)s <= interval '7 days' THEN '00_07'
                            WHEN %(age)s <= interval '30 days' THEN '08_30'
                            ELSE '31_up' END
                   END AS backlog_age,
                   CASE WHEN r.date_closed IS NULL AND %(overdue)s
                        THEN 1 ELSE 0 END AS overdue_count
              FROM (%(rows)s) AS r
              LEFT JOIN (
                  SELECT q.complaint_id, %(count_columns)s
                    FROM customer_complaint_phase q
                   GROUP BY q.complaint_id
              ) AS phase_counts ON phase_counts.complaint_id = r.id
            """,
            rows=super()._query(start, end, source),
            phase_counts=SQL(", ").join(
                SQL(
                    "COALESCE(%s, 0) AS %s",
                    SQL.identifier("phase_counts", f"{phase}_phases_{kind}"),
                    SQL.identifier(f"{phase}_phases_{kind}"),
                )
                for phase, kind in counts
            ),
            count_columns=SQL(", ").join(
                SQL(
                    "COUNT(*) FILTER (WHERE q.phase = %s AND q.state %s) AS %s",
                    phase,
                    SQL("= 'met'") if kind == "met" else SQL("IN ('met', 'met_late')"),
                    SQL.identifier(f"{phase}_phases_{kind}"),
                )
                for phase, kind in counts
            ),
            age=age,
            # kpi_backlog's definition (customer.complaint.kpi._overdue_sql)
            overdue=self.env["customer.complaint.kpi"]._overdue_sql(
                SQL("r.id"), SQL("(now() AT TIME ZONE 'UTC')")
            ),
        )
