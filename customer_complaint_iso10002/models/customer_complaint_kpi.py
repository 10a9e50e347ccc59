# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint KPIs (ISO 10002 8.2-8.6), each defined once, here.

Every KPI method takes ``(date_from, date_to, company)`` (dates, both included)
and reads the analysis query (customer.complaint.report), so the dashboard, the
management review, the register's KPI sheet and the README mean the same thing.
Durations are hours. Medians and 90th percentiles interpolate linearly between
the two nearest values (PostgreSQL ``percentile_cont``, see ``percentiles_sql``).
"""

import contextlib
import functools
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

PHASES = ("ack", "assessment", "decision", "closure")
BACKLOG_KEYS = ("total", "age_0_7", "age_8_30", "age_31", "overdue")


# The percentiles every duration figure gives (KPIs, register, review).
PERCENTILES = {"median": 0.5, "p90": 0.9}


def percentiles_sql(expression, prefix=""):
    """The median and the 90th percentile of ``expression`` (an SQL), as the
    columns ``<prefix>median`` and ``<prefix>p90`` of an aggregate query:
    interpolated linearly between the two nearest values (percentile_cont).
    Written once, for every figure that gives them."""
    return SQL(", ").join(
        SQL(
            "percentile_cont(%s) WITHIN GROUP (ORDER BY %s) AS %s",
            fraction,
            expression,
            SQL.identifier(f"{prefix}{name}"),
        )
        for name, fraction in PERCENTILES.items()
    )


def kpi_method(method):
    """A public KPI method: its ``(date_from, date_to, company)`` arrive as
    ``_kpi_args`` makes them, whatever the caller sent (RPC included)."""

    @functools.wraps(method)
    def wrapper(self, date_from=None, date_to=None, company=None):
        return method(self, *self._kpi_args(date_from, date_to, company))

    return api.model(wrapper)


def _ratio(part, whole):
    return (part / whole) if whole else None


class CustomerComplaintKpi(models.AbstractModel):
    _name = "customer.complaint.kpi"
    _description = "Complaint KPIs"

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _bounds(self, date_from, date_to):
        """UTC datetimes [start, end) of a period given as dates."""
        return (
            datetime.combine(date_from, time.min),
            datetime.combine(date_to + timedelta(days=1), time.min),
        )

    @api.model
    def _kpi_args(self, date_from, date_to, company):
        """The period as dates and the company as a record, from what a caller
        gives (dates or ISO strings, a company or its id; nothing: the previous
        month of the current company). Bad arguments, from RPC say, get a
        clear error, not a traceback."""
        if not (date_from and date_to):
            date_from, date_to = self._default_period()
        try:
            date_from = fields.Date.to_date(date_from)
            date_to = fields.Date.to_date(date_to)
        except (TypeError, ValueError):
            date_from = date_to = None
        if not (isinstance(date_from, date) and isinstance(date_to, date)):
            raise UserError(self.env._("Give the period as two dates (YYYY-MM-DD)."))
        if date_to < date_from:
            raise UserError(self.env._("The period ends before it starts."))
        if not company:
            company = self.env.company
        elif isinstance(company, int) and not isinstance(company, bool):
            company = self.env["res.company"].browse(company)
        if not (
            isinstance(company, models.BaseModel)
            and company._name == "res.company"
            and len(company) == 1
            and company.exists()
        ):
            raise UserError(self.env._("Give one company for the figures."))
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You do not work for %(company)s.", company=company.name)
            )
        return date_from, date_to, company

    @contextlib.contextmanager
    def _without_jit(self):
        """Run the KPI queries without PostgreSQL's JIT compilation: over the
        rows of a period they run in milliseconds, and compiling them (once
        the planner's cost estimate passes jit_above_cost) took longer than
        running them. The previous setting is restored after."""
        cr = self.env.cr
        cr.execute(SQL("SELECT current_setting('jit'), set_config('jit', 'off', true)"))
        previous = cr.fetchone()[0]
        yield
        cr.execute(SQL("SELECT set_config('jit', %s, true)", previous))

    @api.model
    def _visible_query(self, company, domain=None):
        """The complaints of ``company`` the user may read (record rules
        apply; managers and auditors read all, archived complaints included),
        narrowed by ``domain``, as a Query."""
        # Portal users read their own complaints, never the figures.
        if not (self.env.su or self.env.user._is_internal()):
            raise AccessError(self.env._("Complaint figures are for staff only."))
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        Complaint.check_access("read")
        self.env.flush_all()
        return Complaint._search([("company_id", "=", company.id), *(domain or [])])

    @api.model
    def _rows_sql(self, company, received_in=None, domain=None):
        """The analysis rows of ``company`` the user may read (_visible_query).
        Reading ``is_recurring`` requires ``received_in`` (date_from, date_to)
        and keeping only the complaints received in that period. ``domain``
        (on complaints) narrows the rows before the analysis is read: a KPI
        gives its period there, so that the query reads the complaints of the
        period through the date index, not every complaint of the company."""
        bounds = self._bounds(*received_in) if received_in else (None, None)
        visible = self._visible_query(company, domain)
        # The analysis of the readable rows only, in one scan of the table.
        source = visible.select(SQL("%s.*", SQL.identifier(visible.table)))
        return SQL(
            "(%s)", self.env["customer.complaint.report"]._query(*bounds, source)
        )

    @api.model
    def _query(self, select, company, where=None, received_in=None, domain=None):
        """One row of ``select`` over the company's analysis rows (see
        ``_rows_sql``) narrowed by ``domain``, filtered by ``where``."""
        self.env.cr.execute(
            SQL(
                "WITH r AS %s SELECT %s FROM r WHERE %s",
                self._rows_sql(company, received_in, domain),
                select,
                where or SQL("TRUE"),
            )
        )
        return self.env.cr.dictfetchone()

    @api.model
    def _query_rounds(self, select, company, where=None):
        """One row of ``select`` over the decision rounds (``d``) of the
        complaints of the company the user may read, filtered by ``where``:
        the outcome mix, acceptance, appeals and remedy cost count rounds.
        The rounds are found by their own dates (indexed), then checked
        against the readable complaints."""
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM customer_complaint_decision d"
                " WHERE d.complaint_id IN (%s) AND %s",
                select,
                self._visible_query(company).subselect(),
                where or SQL("TRUE"),
            )
        )
        return self.env.cr.dictfetchone()

    @api.model
    def _period_domain(self, fname, date_from, date_to):
        """Complaints whose ``fname`` falls in the period (see _rows_sql)."""
        start, end = self._bounds(date_from, date_to)
        return [(fname, ">=", start), (fname, "<", end)]

    @api.model
    def _between(self, column, date_from, date_to, alias="r"):
        start, end = self._bounds(date_from, date_to)
        return SQL(
            "%s >= %s AND %s < %s",
            SQL.identifier(alias, column),
            start,
            SQL.identifier(alias, column),
            end,
        )

    # ------------------------------------------------------------------
    # KPIs, one method each
    # ------------------------------------------------------------------

    @kpi_method
    def kpi_volume(self, date_from=None, date_to=None, company=None):
        """Complaints received in the period."""
        row = self._query(
            SQL("COUNT(*) AS n"),
            company,
            self._between("date_received", date_from, date_to),
            domain=self._period_domain("date_received", date_from, date_to),
        )
        return row["n"]

    @kpi_method
    def kpi_rate_per_1000_orders(self, date_from=None, date_to=None, company=None):
        """Complaints received ÷ sale orders confirmed in the period × 1,000."""
        volume = self.kpi_volume(date_from, date_to, company)
        return self._rate_per_1000_orders(volume, date_from, date_to, company)

    @api.model
    def _rate_per_1000_orders(self, volume, date_from, date_to, company):
        start, end = self._bounds(date_from, date_to)
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", start),
                    ("date_order", "<", end),
                ]
            )
        )
        return _ratio(volume * 1000.0, orders)

    @api.model
    def _time_to(
        self, hours_col, work_col, date_col, date_from, date_to, company, fname
    ):
        row = self._query(
            SQL(
                "%s, %s, COUNT(%s) AS n",
                percentiles_sql(SQL.identifier("r", hours_col)),
                percentiles_sql(SQL.identifier("r", work_col), "work_"),
                SQL.identifier("r", hours_col),
            ),
            company,
            self._between(date_col, date_from, date_to),
            domain=self._period_domain(fname, date_from, date_to),
        )
        return row

    @kpi_method
    def kpi_time_to_acknowledge(self, date_from=None, date_to=None, company=None):
        """Hours from receipt to acknowledgement, complaints acknowledged in the
        period: median and P90, calendar and working time."""
        return self._time_to(
            "hours_to_ack",
            "work_hours_to_ack",
            "date_acknowledged",
            date_from,
            date_to,
            company,
            "date_acknowledged",
        )

    @kpi_method
    def kpi_time_to_decision(self, date_from=None, date_to=None, company=None):
        """Hours from receipt to the first decision (round 1), complaints first
        decided in the period."""
        return self._time_to(
            "hours_to_decision",
            "work_hours_to_decision",
            "date_decision",
            date_from,
            date_to,
            company,
            "date_first_decision",
        )

    @kpi_method
    def kpi_time_to_close(self, date_from=None, date_to=None, company=None):
        """Hours from receipt to closure, complaints closed in the period."""
        return self._time_to(
            "hours_to_close",
            "work_hours_to_close",
            "date_closed",
            date_from,
            date_to,
            company,
            "date_closed",
        )

    @kpi_method
    def kpi_on_time_rate(self, date_from=None, date_to=None, company=None):
        """Per phase: phases met by their deadline ÷ phases completed (each
        decision round a phase), complaints received in the period; a phase
        still pending does not count. One grouped query over the phases."""
        self.env.cr.execute(
            SQL(
                """WITH r AS %s
                SELECT p.phase, AVG(CASE p.state WHEN 'met' THEN 1.0 ELSE 0.0 END)
                  FROM r CROSS JOIN LATERAL (
                       -- OFFSET 0: the phases of each complaint of the period
                       -- through the (complaint, phase, round) index, not a
                       -- scan of every phase hashed against them.
                       SELECT p.phase, p.state FROM customer_complaint_phase p
                        WHERE p.complaint_id = r.id
                          AND p.state IN ('met', 'met_late')
                       OFFSET 0) AS p
                 WHERE %s
                 GROUP BY p.phase""",
                self._rows_sql(
                    company,
                    domain=self._period_domain("date_received", date_from, date_to),
                ),
                self._between("date_received", date_from, date_to),
            )
        )
        rates = dict(self.env.cr.fetchall())
        return {phase: rates.get(phase) for phase in PHASES}

    @kpi_method
    def kpi_backlog(self, date_from=None, date_to=None, company=None):
        """Complaints open at the end of the period, by age (0-7, 8-30, >30 days)
        and overdue (a phase still open past its deadline, see
        ``_overdue_sql``)."""
        return self._backlogs([date_to], company)[0]

    @api.model
    def _backlogs(self, days, company):
        """``kpi_backlog`` at the end of each of ``days``, in one scan: the
        open complaints are most of the table, so the dashboard reads them
        once for the period and the previous one, not once each."""
        ends = [self._bounds(day, day)[1] for day in days]
        columns = []
        for i, end in enumerate(ends):
            is_open = SQL(
                "(r.date_closed IS NULL OR r.date_closed >= %(end)s)"
                " AND r.date_received < %(end)s",
                end=end,
            )
            columns.append(
                SQL(
                    # ages as received on or after end - 7 (30) days, the
                    # bounds computed once, not a difference per row
                    """COUNT(*) FILTER (WHERE %(open)s) AS %(total)s,
                   COUNT(*) FILTER (WHERE %(open)s AND r.date_received >= %(d7)s)
                       AS %(age_0_7)s,
                   COUNT(*) FILTER (WHERE %(open)s AND r.date_received < %(d7)s
                                    AND r.date_received >= %(d30)s) AS %(age_8_30)s,
                   COUNT(*) FILTER (WHERE %(open)s AND r.date_received < %(d30)s)
                       AS %(age_31)s,
                   COUNT(*) FILTER (WHERE %(open)s AND %(breached)s)
                       AS %(overdue)s""",
                    open=is_open,
                    # a deadline later today is not missed yet
                    breached=self._overdue_sql(
                        SQL("r.id"), min(end, fields.Datetime.now())
                    ),
                    d7=end - timedelta(days=7),
                    d30=end - timedelta(days=30),
                    **{key: SQL.identifier(f"{key}_{i}") for key in BACKLOG_KEYS},
                )
            )
        first, last = min(ends), max(ends)
        row = self._query(
            SQL(", ").join(columns),
            company,
            SQL(
                "(r.date_closed IS NULL OR r.date_closed >= %s)"
                " AND r.date_received < %s",
                first,
                last,
            ),
            domain=[
                ("date_received", "<", last),
                "|",
                ("date_closed", "=", False),
                ("date_closed", ">=", first),
            ],
        )
        return [
            {key: row[f"{key}_{i}"] for key in BACKLOG_KEYS} for i in range(len(ends))
        ]

    @api.model
    def _overdue_sql(self, complaint_id, end):
        """Whether the complaint ``complaint_id`` (an SQL) is overdue at
        ``end`` (a naive UTC datetime, or an SQL; not after now, as the
        kanban sees it): one of its phases is breached then,
        not done by ``end`` and past its deadline, as
        ``customer.complaint.phase._state_at(end)`` gives it and the kanban's
        "Breached" shows (the complaint's deadline state is its worst open
        phase). The stored phase state is that of the escalation job's last
        run, so a day of the period is read from the dates it is computed
        from: a missed response date counts as much as a missed closure."""
        return SQL(
            """EXISTS (
                SELECT 1 FROM customer_complaint_phase p
                 WHERE p.complaint_id = %(id)s
                   AND p.date_deadline < %(end)s
                   AND (p.date_done IS NULL OR p.date_done > %(end)s))""",
            id=complaint_id,
            end=end,
        )

    @api.model
    def _closed_rates(self, date_from, date_to, company):
        return self._query(
            SQL(
                """COUNT(*) AS closed,
                   COUNT(*) FILTER (WHERE r.is_reopened) AS reopened,
                   COUNT(*) FILTER (WHERE r.escalation_level >= 2) AS escalated,
                   COUNT(*) FILTER (WHERE r.is_adr) AS adr"""
            ),
            company,
            self._between("date_closed", date_from, date_to),
            domain=self._period_domain("date_closed", date_from, date_to),
        )

    @kpi_method
    def kpi_reopen_rate(self, date_from=None, date_to=None, company=None):
        """Complaints closed in the period that were ever reopened ÷ closed."""
        return self._reopen_rate(self._closed_rates(date_from, date_to, company))

    @api.model
    def _reopen_rate(self, closed_rates):
        return _ratio(closed_rates["reopened"], closed_rates["closed"])

    @kpi_method
    def kpi_escalation_rate(self, date_from=None, date_to=None, company=None):
        """Closed in the period with escalation level ≥ 2 ÷ closed; and the ADR
        referral rate (referred to an external body ÷ closed)."""
        return self._escalation_rates(self._closed_rates(date_from, date_to, company))

    @api.model
    def _escalation_rates(self, row):
        return {
            "escalation": _ratio(row["escalated"], row["closed"]),
            "adr": _ratio(row["adr"], row["closed"]),
        }

    @kpi_method
    def kpi_appeal_rate(self, date_from=None, date_to=None, company=None):
        """Decision rounds communicated in the period that were contested ÷
        rounds communicated in the period."""
        row = self._query_rounds(
            SQL(
                "COUNT(*) AS n,"
                " COUNT(*) FILTER (WHERE d.state = 'contested') AS appealed"
            ),
            company,
            self._between("date_communicated", date_from, date_to, alias="d"),
        )
        return _ratio(row["appealed"], row["n"])

    @kpi_method
    def kpi_outcome_mix(self, date_from=None, date_to=None, company=None):
        """Shares of upheld / partly upheld / not upheld among the decision
        rounds decided in the period; acceptance = rounds accepted ÷ rounds
        communicated in the period."""
        row = self._query_rounds(
            SQL(
                """COUNT(d.outcome) AS decided,
                   COUNT(*) FILTER (WHERE d.outcome = 'upheld') AS upheld,
                   COUNT(*) FILTER (WHERE d.outcome = 'partly_upheld')
                       AS partly_upheld,
                   COUNT(*) FILTER (WHERE d.outcome = 'not_upheld')
                       AS not_upheld"""
            ),
            company,
            self._between("date_decision", date_from, date_to, alias="d"),
        )
        communicated = self._query_rounds(
            SQL(
                "COUNT(*) AS n,"
                " COUNT(*) FILTER (WHERE d.state = 'accepted') AS accepted"
            ),
            company,
            self._between("date_communicated", date_from, date_to, alias="d"),
        )
        return {
            "upheld": _ratio(row["upheld"], row["decided"]),
            "partly_upheld": _ratio(row["partly_upheld"], row["decided"]),
            "not_upheld": _ratio(row["not_upheld"], row["decided"]),
            "acceptance": _ratio(communicated["accepted"], communicated["n"]),
        }

    @kpi_method
    def kpi_satisfaction(self, date_from=None, date_to=None, company=None):
        """Handling satisfaction of complaints closed in the period: average overall
        rating (1-5), share rated 4 or 5 among ratings, response rate = rated ÷
        asked to rate (on closing with a decision, see _request_handling_rating)."""
        row = self._query(
            SQL(
                """COUNT(r.handling_rating) AS rated,
                   AVG(r.handling_rating) AS average,
                   COUNT(*) FILTER (WHERE r.handling_rating >= 4) AS good,
                   COUNT(*) FILTER (WHERE r.is_rating_requested) AS requested,
                   COUNT(r.handling_rating) FILTER (WHERE r.is_rating_requested)
                       AS rated_on_request"""
            ),
            company,
            self._between("date_closed", date_from, date_to),
            domain=self._period_domain("date_closed", date_from, date_to),
        )
        return {
            "average": float(row["average"]) if row["average"] is not None else None,
            "share_4_5": _ratio(row["good"], row["rated"]),
            "response_rate": _ratio(row["rated_on_request"], row["requested"]),
        }

    @kpi_method
    def kpi_recurrence(self, date_from=None, date_to=None, company=None):
        """Complaints received in the period flagged recurring (same product or
        category above the threshold in the window) ÷ received; repeat
        complainants = customers with 2+ complaints ÷ customers who complained."""
        return self._recurrences([(date_from, date_to)], company)[0]

    @api.model
    def _recurrences(self, periods, company):
        """``kpi_recurrence`` of each of ``periods`` (consecutive ones: the
        dashboard's period and the previous one), with the recurring flags
        of all of them found by one pass of the windows, which costs about
        as much for two periods as for one."""
        first = min(date_from for date_from, _date_to in periods)
        last = max(date_to for _date_from, date_to in periods)
        in_period = [self._between("date_received", *period) for period in periods]
        row = self._query(
            SQL(", ").join(
                SQL(
                    """COUNT(*) FILTER (WHERE %(in)s) AS %(n)s,
                       COUNT(*) FILTER (WHERE %(in)s AND r.is_recurring)
                           AS %(recurring)s,
                       COUNT(DISTINCT r.commercial_partner_id) FILTER (WHERE %(in)s)
                           AS %(customers)s""",
                    n=SQL.identifier(f"n_{i}"),
                    recurring=SQL.identifier(f"recurring_{i}"),
                    customers=SQL.identifier(f"customers_{i}"),
                    **{"in": condition},
                )
                for i, condition in enumerate(in_period)
            ),
            company,
            self._between("date_received", first, last),
            received_in=(first, last),
            domain=self._period_domain("date_received", first, last),
        )
        # customers with 2+ complaints in each period
        repeat = self._query(
            SQL(
                "%s FROM (SELECT %s",
                SQL(", ").join(
                    SQL("COUNT(*) FILTER (WHERE %s > 1) AS %s", column, column)
                    for column in (
                        SQL.identifier(f"n_{i}") for i in range(len(periods))
                    )
                ),
                SQL(", ").join(
                    SQL(
                        "COUNT(*) FILTER (WHERE %s) AS %s",
                        condition,
                        SQL.identifier(f"n_{i}"),
                    )
                    for i, condition in enumerate(in_period)
                ),
            ),
            company,
            SQL(
                "%s AND r.commercial_partner_id IS NOT NULL"
                " GROUP BY r.commercial_partner_id) AS repeat",
                self._between("date_received", first, last),
            ),
            domain=self._period_domain("date_received", first, last),
        )
        return [
            {
                "recurring": _ratio(row[f"recurring_{i}"], row[f"n_{i}"]),
                "repeat_customers": _ratio(repeat[f"n_{i}"], row[f"customers_{i}"]),
            }
            for i in range(len(periods))
        ]

    @kpi_method
    def kpi_cost(self, date_from=None, date_to=None, company=None):
        """Remedy cost (credit notes, replacements, goodwill) of the decision
        rounds decided in the period (each round's remedy comes on top of the
        earlier rounds'): total and per complaint decided in the period."""
        row = self._query_rounds(
            SQL(
                "COALESCE(SUM(d.remedy_cost), 0) AS total, "
                "COUNT(DISTINCT d.complaint_id) AS decided"
            ),
            company,
            SQL(
                "d.outcome IS NOT NULL AND %s",
                self._between("date_decision", date_from, date_to, alias="d"),
            ),
        )
        total = float(row["total"])
        return {"total": total, "per_complaint": _ratio(total, row["decided"])}

    @kpi_method
    def kpi_actions(self, date_from=None, date_to=None, company=None):
        """Improvement actions at the end of the period: open, overdue (open past
        their due date) and share verified effective among those checked."""
        if "customer.complaint.action" not in self.env:
            return {"open": None, "overdue": None, "effective": None}
        Action = self.env["customer.complaint.action"]
        domain = [("company_id", "in", [company.id, False])]
        counts = dict(Action._read_group(domain, ["state"], ["__count"]))
        overdue = Action.search_count(
            domain + [("state", "=", "open"), ("date_due", "<", date_to)]
        )
        checked = counts.get("effective", 0) + counts.get("not_effective", 0)
        return {
            "open": counts.get("open", 0),
            "overdue": overdue,
            "effective": _ratio(counts.get("effective", 0), checked),
        }

    # ------------------------------------------------------------------
    # All KPIs, flat, with labels
    # ------------------------------------------------------------------

    @api.model
    def _kpi_definitions(self):
        """(code, label, higher_is_better, kind) of every flat KPI value."""
        _ = self.env._
        return [
            ("volume", _("Complaints received"), None, "int"),
            ("rate_per_1000_orders", _("Complaints per 1,000 orders"), False, "float"),
            ("ack_median", _("Time to acknowledge, median (h)"), False, "hours"),
            ("ack_p90", _("Time to acknowledge, P90 (h)"), False, "hours"),
            (
                "ack_work_median",
                _("Time to acknowledge, median (working h)"),
                False,
                "hours",
            ),
            ("decision_median", _("Time to decision, median (h)"), False, "hours"),
            ("decision_p90", _("Time to decision, P90 (h)"), False, "hours"),
            ("close_median", _("Time to close, median (h)"), False, "hours"),
            ("close_p90", _("Time to close, P90 (h)"), False, "hours"),
            (
                "close_work_median",
                _("Time to close, median (working h)"),
                False,
                "hours",
            ),
            ("on_time_ack", _("On time: acknowledgement"), True, "pct"),
            ("on_time_assessment", _("On time: assessment"), True, "pct"),
            ("on_time_decision", _("On time: decision"), True, "pct"),
            ("on_time_closure", _("On time: closure"), True, "pct"),
            ("backlog", _("Open complaints (end of period)"), False, "int"),
            ("backlog_0_7", _("Open 0-7 days"), None, "int"),
            ("backlog_8_30", _("Open 8-30 days"), None, "int"),
            ("backlog_31", _("Open more than 30 days"), False, "int"),
            ("backlog_overdue", _("Open and overdue"), False, "int"),
            ("reopen_rate", _("Reopen rate"), False, "pct"),
            ("appeal_rate", _("Appeal rate"), False, "pct"),
            ("escalation_rate", _("Escalation rate"), False, "pct"),
            ("adr_rate", _("ADR referral rate"), False, "pct"),
            ("outcome_upheld", _("Upheld"), None, "pct"),
            ("outcome_partly_upheld", _("Partly upheld"), None, "pct"),
            ("outcome_not_upheld", _("Not upheld"), None, "pct"),
            ("acceptance_rate", _("Decisions accepted"), True, "pct"),
            ("satisfaction_avg", _("Handling satisfaction (1-5)"), True, "float"),
            ("satisfaction_share_4_5", _("Rated 4 or 5"), True, "pct"),
            ("satisfaction_response_rate", _("Rating response rate"), True, "pct"),
            ("recurrence_rate", _("Recurring complaints"), False, "pct"),
            ("repeat_customers", _("Repeat complainants"), False, "pct"),
            ("cost_total", _("Remedy cost"), False, "money"),
            (
                "cost_per_complaint",
                _("Remedy cost per decided complaint"),
                False,
                "money",
            ),
            ("actions_open", _("Improvement actions open"), None, "int"),
            ("actions_overdue", _("Improvement actions overdue"), False, "int"),
            ("actions_effective", _("Actions verified effective"), True, "pct"),
        ]

    @api.model
    def _compute_kpis(self, date_from, date_to, company):
        return self._compute_kpis_periods([(date_from, date_to)], company)[0]

    @api.model
    def _compute_kpis_periods(self, periods, company):
        """The KPIs of each of ``periods`` (consecutive ones, as a period and
        the previous one). The backlog and the recurrence, whose queries
        read far more rows than the period's, are read once for all."""
        # the checks of the KPI methods, for the two read here directly
        periods = [self._kpi_args(*period, company)[:2] for period in periods]
        company = self._kpi_args(*periods[0], company)[2]
        with self._without_jit():
            backlogs = self._backlogs([date_to for _from, date_to in periods], company)
            recurrences = self._recurrences(periods, company)
            return [
                self._compute_kpis_values(*period, company, backlog, recurrence)
                for period, backlog, recurrence in zip(
                    periods, backlogs, recurrences, strict=True
                )
            ]

    @api.model
    def _compute_kpis_values(
        self, date_from, date_to, company, backlog=None, recurrence=None
    ):
        args = (date_from, date_to, company)
        ack = self.kpi_time_to_acknowledge(*args)
        decision = self.kpi_time_to_decision(*args)
        close = self.kpi_time_to_close(*args)
        on_time = self.kpi_on_time_rate(*args)
        if backlog is None:
            backlog = self.kpi_backlog(*args)
        # read once for the two rates (and the volume for its rate below)
        closed_rates = self._closed_rates(*args)
        escalation = self._escalation_rates(closed_rates)
        volume = self.kpi_volume(*args)
        outcome = self.kpi_outcome_mix(*args)
        satisfaction = self.kpi_satisfaction(*args)
        if recurrence is None:
            recurrence = self.kpi_recurrence(*args)
        cost = self.kpi_cost(*args)
        actions = self.kpi_actions(*args)

        def num(value):
            return float(value) if value is not None else None

        return {
            "volume": volume,
            "rate_per_1000_orders": num(self._rate_per_1000_orders(volume, *args)),
            "ack_median": num(ack["median"]),
            "ack_p90": num(ack["p90"]),
            "ack_work_median": num(ack["work_median"]),
            "decision_median": num(decision["median"]),
            "decision_p90": num(decision["p90"]),
            "close_median": num(close["median"]),
            "close_p90": num(close["p90"]),
            "close_work_median": num(close["work_median"]),
            "on_time_ack": num(on_time["ack"]),
            "on_time_assessment": num(on_time["assessment"]),
            "on_time_decision": num(on_time["decision"]),
            "on_time_closure": num(on_time["closure"]),
            "backlog": backlog["total"],
            "backlog_0_7": backlog["age_0_7"],
            "backlog_8_30": backlog["age_8_30"],
            "backlog_31": backlog["age_31"],
            "backlog_overdue": backlog["overdue"],
            "reopen_rate": num(self._reopen_rate(closed_rates)),
            "appeal_rate": num(self.kpi_appeal_rate(*args)),
            "escalation_rate": num(escalation["escalation"]),
            "adr_rate": num(escalation["adr"]),
            "outcome_upheld": num(outcome["upheld"]),
            "outcome_partly_upheld": num(outcome["partly_upheld"]),
            "outcome_not_upheld": num(outcome["not_upheld"]),
            "acceptance_rate": num(outcome["acceptance"]),
            "satisfaction_avg": satisfaction["average"],
            "satisfaction_share_4_5": num(satisfaction["share_4_5"]),
            "satisfaction_response_rate": num(satisfaction["response_rate"]),
            "recurrence_rate": num(recurrence["recurring"]),
            "repeat_customers": num(recurrence["repeat_customers"]),
            "cost_total": cost["total"],
            "cost_per_complaint": num(cost["per_complaint"]),
            "actions_open": actions["open"],
            "actions_overdue": actions["overdue"],
            "actions_effective": num(actions["effective"]),
        }

    @api.model
    def _kpi_rows(self, kpis):
        return [
            (label, kpis.get(code))
            for code, label, _better, _kind in self._kpi_definitions()
        ]

    @api.model
    def _monthly_volume(self, date_to, company, months=12):
        """[(month start date, complaints received)] for the last ``months``."""
        first = date_to.replace(day=1) - relativedelta(months=months - 1)
        start, end = self._bounds(first, date_to)
        with self._without_jit():
            self.env.cr.execute(
                SQL(
                    """WITH r AS %s
                    SELECT date_trunc('month', r.date_received)::date AS month, COUNT(*)
                      FROM r WHERE r.date_received >= %s AND r.date_received < %s
                     GROUP BY 1""",
                    self._rows_sql(
                        company,
                        domain=self._period_domain("date_received", first, date_to),
                    ),
                    start,
                    end,
                )
            )
            counts = dict(self.env.cr.fetchall())
        return [
            (month, counts.get(month, 0))
            for month in (first + relativedelta(months=i) for i in range(months))
        ]

    @api.model
    def _format_kpi(self, kind, value, company):
        if value is None:
            return "–"
        if kind == "pct":
            return f"{value * 100:.1f} %"
        if kind == "int":
            return str(int(value))
        if kind == "money":
            from odoo.tools.misc import format_amount

            return format_amount(self.env, value, company.currency_id)
        return f"{value:.1f}"

    @api.model
    def _default_period(self, today=None):
        """The previous full month."""
        today = today or fields.Date.context_today(self)
        date_to = today.replace(day=1) - timedelta(days=1)
        return date_to.replace(day=1), date_to
