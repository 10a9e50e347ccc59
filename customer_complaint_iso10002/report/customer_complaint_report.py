# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, sql

from ..models.customer_complaint_constants import CHANNELS, PRIORITIES

PHASES = ("ack", "assessment", "decision", "closure")


class CustomerComplaintReport(models.Model):
    _name = "customer.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "reference"
    _order = "date_received desc"

    complaint_id = fields.Many2one(comodel_name="customer.complaint", readonly=True)
    reference = fields.Char(readonly=True)
    name = fields.Char(string="Subject", readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True)
    # Dates
    date_received = fields.Datetime(string="Received on", readonly=True)
    date_acknowledged = fields.Datetime(string="Acknowledged on", readonly=True)
    date_decision = fields.Datetime(string="First Decided on", readonly=True)
    date_closed = fields.Datetime(string="Closed on", readonly=True)
    # Durations: calendar hours and working hours
    hours_to_ack = fields.Float(
        string="Hours to Acknowledge", readonly=True, aggregator="avg"
    )
    hours_to_decision = fields.Float(
        string="Hours to Decision", readonly=True, aggregator="avg"
    )
    hours_to_close = fields.Float(
        string="Hours to Close", readonly=True, aggregator="avg"
    )
    work_hours_to_ack = fields.Float(
        string="Working Hours to Acknowledge", readonly=True, aggregator="avg"
    )
    work_hours_to_decision = fields.Float(
        string="Working Hours to Decision", readonly=True, aggregator="avg"
    )
    work_hours_to_close = fields.Float(
        string="Working Hours to Close", readonly=True, aggregator="avg"
    )
    # On time per phase (NULL while the phase is pending)
    ack_on_time = fields.Boolean(string="Acknowledged on Time", readonly=True)
    assessment_on_time = fields.Boolean(string="Assessed on Time", readonly=True)
    decision_on_time = fields.Boolean(string="Decided on Time", readonly=True)
    closure_on_time = fields.Boolean(string="Closed on Time", readonly=True)
    # Classification
    channel = fields.Selection(selection=CHANNELS, readonly=True)
    priority = fields.Selection(selection=PRIORITIES, readonly=True)
    category_id = fields.Many2one(
        comodel_name="customer.complaint.category", readonly=True
    )
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Complainant", readonly=True
    )
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    team_id = fields.Many2one(comodel_name="customer.complaint.team", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Handler", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    stage_id = fields.Many2one(comodel_name="customer.complaint.stage", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    # Outcome: of the current decision round; the remedy cost of every round
    decision_outcome = fields.Selection(
        selection="_selection_decision_outcome", string="Outcome", readonly=True
    )
    resolution_type = fields.Selection(
        selection="_selection_resolution_type", string="Resolution", readonly=True
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    remedy_cost = fields.Monetary(
        currency_field="currency_id", readonly=True, aggregator="sum"
    )
    handling_rating = fields.Float(readonly=True, aggregator="avg")
    escalation_level = fields.Integer(readonly=True, aggregator="max")
    is_reopened = fields.Boolean(string="Reopened", readonly=True)
    is_appealed = fields.Boolean(string="Appealed", readonly=True)
    is_recurring = fields.Boolean(string="Recurring", readonly=True)
    anonymized = fields.Boolean(readonly=True)
    # Used by the KPIs
    date_due = fields.Datetime(string="Closure Due", readonly=True)
    is_adr = fields.Boolean(string="Referred to ADR", readonly=True)
    is_rating_requested = fields.Boolean(string="Asked to Rate", readonly=True)

    @api.model
    def _selection_decision_outcome(self):
        field = self.env["customer.complaint.decision"]._fields["outcome"]
        return field._description_selection(self.env)

    @api.model
    def _selection_resolution_type(self):
        field = self.env["customer.complaint.decision"]._fields["resolution_type"]
        return field._description_selection(self.env)

    @property
    def _table_query(self):
        return self._query()

    def init(self):
        # The closure deadline of many complaints at once (the backlog's
        # overdue count reads the open ones): read from this index alone, not
        # from the whole phase table, four phases a complaint.
        sql.create_index(
            self.env.cr,
            "customer_complaint_phase_closure_deadline_index",
            "customer_complaint_phase",
            ["complaint_id", "date_deadline"],
            where="phase = 'closure' AND round = 0",
        )

    @api.model
    def _recurring_sql(self, start=None, end=None):
        """The ids of the recurring complaints, as the complaint defines
        recurrence (customer.complaint.recurrence)."""
        return self.env["customer.complaint"]._recurring_sql(start, end)

    def _column(self, fname):
        return SQL.identifier("c", fname)

    def _hours(self, end_fname):
        end = self._column(end_fname)
        return SQL("EXTRACT(EPOCH FROM (%s - c.date_received)) / 3600.0", end)

    def _on_time(self, phase):
        """Whether the phase was met by its deadline (NULL while pending; a
        decision on time only if every round was)."""
        if phase == "decision":
            return SQL.identifier("decision_phases", "on_time")
        state = SQL.identifier(f"{phase}_phase", "state")
        return SQL(
            "CASE WHEN %s IN ('met', 'met_late') THEN %s = 'met' END", state, state
        )

    @api.model
    def _phases_joins(self):
        """The phases of complaint ``c``: the acknowledgement, assessment and
        closure phases (one each, round 0) joined on the unique (complaint,
        phase, round) index, and the decision rounds met or met late grouped
        per complaint. Each join yields at most one row, so the planner drops
        it when its columns are not read, and otherwise chooses how to join
        it: through the index for the few rows of a period, by hash for many
        (no aggregate over every phase first)."""
        return SQL(" ").join(
            [
                *(
                    SQL(
                        "LEFT JOIN customer_complaint_phase %s"
                        " ON %s = c.id AND %s = %s AND %s = 0",
                        SQL.identifier(f"{phase}_phase"),
                        SQL.identifier(f"{phase}_phase", "complaint_id"),
                        SQL.identifier(f"{phase}_phase", "phase"),
                        phase,
                        SQL.identifier(f"{phase}_phase", "round"),
                    )
                    for phase in PHASES
                    if phase != "decision"
                ),
                SQL(
                    """LEFT JOIN (
                        SELECT p.complaint_id, bool_and(p.state = 'met') AS on_time
                          FROM customer_complaint_phase p
                         WHERE p.phase = 'decision'
                           AND p.state IN ('met', 'met_late')
                         GROUP BY p.complaint_id
                    ) AS decision_phases ON decision_phases.complaint_id = c.id"""
                ),
            ]
        )

    def _select(self, recurring=True):
        column = self._column
        return SQL(
            """
            c.id AS id,
            c.id AS complaint_id,
            c.reference AS reference,
            c.name AS name,
            1 AS nbr,
            c.date_received AS date_received,
            c.date_acknowledged AS date_acknowledged,
            %(date_decision)s AS date_decision,
            c.date_closed AS date_closed,
            EXTRACT(EPOCH FROM (c.date_acknowledged - c.date_received)) / 3600.0
                AS hours_to_ack,
            %(hours_to_decision)s AS hours_to_decision,
            EXTRACT(EPOCH FROM (c.date_closed - c.date_received)) / 3600.0
                AS hours_to_close,
            CASE WHEN c.date_acknowledged IS NOT NULL THEN c.work_hours_to_ack END
                AS work_hours_to_ack,
            CASE WHEN %(date_decision)s IS NOT NULL THEN c.work_hours_to_decision END
                AS work_hours_to_decision,
            CASE WHEN c.date_closed IS NOT NULL THEN c.work_hours_to_close END
                AS work_hours_to_close,
            %(ack_on_time)s AS ack_on_time,
            %(assessment_on_time)s AS assessment_on_time,
            %(decision_on_time)s AS decision_on_time,
            %(closure_on_time)s AS closure_on_time,
            c.channel AS channel,
            c.priority AS priority,
            c.category_id AS category_id,
            c.product_id AS product_id,
            c.partner_id AS partner_id,
            c.commercial_partner_id AS commercial_partner_id,
            c.team_id AS team_id,
            c.user_id AS user_id,
            c.company_id AS company_id,
            c.stage_id AS stage_id,
            c.is_closed AS is_closed,
            %(decision_outcome)s AS decision_outcome,
            %(resolution_type)s AS resolution_type,
            company.currency_id AS currency_id,
            %(remedy_cost)s AS remedy_cost,
            %(handling_rating)s AS handling_rating,
            COALESCE(%(escalation_level)s, 0) AS escalation_level,
            COALESCE(%(reopen_count)s, 0) > 0 AS is_reopened,
            COALESCE(%(appeal_count)s, 0) > 0 AS is_appealed,
            %(is_recurring)s AS is_recurring,
            COALESCE(c.anonymized, FALSE) AS anonymized,
            COALESCE(%(closure_deadline)s, c.date_response_due) AS date_due,
            %(adr_date_referred)s IS NOT NULL AS is_adr,
            %(date_rating_requested)s IS NOT NULL AS is_rating_requested
            """,
            closure_deadline=SQL.identifier("closure_phase", "date_deadline"),
            is_recurring=SQL("recurring.id IS NOT NULL")
            if recurring
            else SQL("NULL::boolean"),
            adr_date_referred=column("adr_date_referred"),
            date_rating_requested=column("date_rating_requested"),
            date_decision=column("date_first_decision"),
            hours_to_decision=self._hours("date_first_decision"),
            ack_on_time=self._on_time("ack"),
            assessment_on_time=self._on_time("assessment"),
            decision_on_time=self._on_time("decision"),
            closure_on_time=self._on_time("closure"),
            decision_outcome=column("decision_outcome"),
            resolution_type=SQL.identifier("current_round", "resolution_type"),
            remedy_cost=SQL.identifier("rounds", "remedy_cost"),
            handling_rating=SQL("NULLIF(c.handling_rating_overall, 0)"),
            escalation_level=column("escalation_level"),
            reopen_count=column("reopen_count"),
            appeal_count=column("appeal_count"),
        )

    def _query(self, start=None, end=None, source=None):
        """The analysis rows; with ``start`` and ``end`` the recurring flag is
        only right for complaints received in [start, end) (_recurring_sql).
        ``source``: a query of complaint rows (``SELECT customer_complaint.*
        ...``) to analyse instead of the whole table; PostgreSQL flattens it
        into the scan of ``c``, so its filters (period, record rules) are read
        through their indexes in the same scan. With a source and no period,
        the recurring flag is not computed (NULL): the KPIs that count it
        give their period, the others save building its windows' query."""
        recurring = source is None or start is not None
        return SQL(
            """
            SELECT %s
              FROM %s AS c
              JOIN res_company company ON company.id = c.company_id
              -- Unique on id: the planner drops this join when the flag is
              -- not read, so only recurrence figures pay for the windows.
              %s
              -- Phases: unique per complaint, dropped when not read.
              %s
              -- Decision rounds: the current one, and the cost of them all
              -- (unique per complaint, dropped when not read, like above).
              LEFT JOIN customer_complaint_decision current_round
                     ON current_round.id = c.current_decision_id
              LEFT JOIN (
                  SELECT d.complaint_id, SUM(d.remedy_cost) AS remedy_cost
                    FROM customer_complaint_decision d
                   GROUP BY d.complaint_id
              ) AS rounds ON rounds.complaint_id = c.id
            """,
            self._select(recurring),
            SQL("(%s)", source) if source else SQL.identifier("customer_complaint"),
            SQL(
                "LEFT JOIN (%s) AS recurring ON recurring.id = c.id",
                self._recurring_sql(start, end),
            )
            if recurring
            else SQL(),
            self._phases_joins(),
        )
