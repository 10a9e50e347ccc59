# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

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
        return SQL.identifier("phases", f"{phase}_on_time")

    @api.model
    def _phases_sql(self):
        """Per complaint, from its phases: whether each kind was met by its
        deadline (NULL while pending; a decision on time only if every round
        was) and the closure deadline."""
        return SQL(
            """
            SELECT p.complaint_id,
                   %s,
                   MAX(p.date_deadline) FILTER (WHERE p.phase = 'closure')
                       AS closure_deadline
              FROM customer_complaint_phase p
             GROUP BY p.complaint_id
            """,
            SQL(", ").join(
                SQL(
                    "bool_and(p.state = 'met') FILTER (WHERE p.phase = %s"
                    " AND p.state IN ('met', 'met_late')) AS %s",
                    phase,
                    SQL.identifier(f"{phase}_on_time"),
                )
                for phase in PHASES
            ),
        )

    def _select(self):
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
            recurring.id IS NOT NULL AS is_recurring,
            COALESCE(c.anonymized, FALSE) AS anonymized,
            COALESCE(%(closure_deadline)s, c.date_response_due) AS date_due,
            %(adr_date_referred)s IS NOT NULL AS is_adr,
            %(date_rating_requested)s IS NOT NULL AS is_rating_requested
            """,
            closure_deadline=SQL.identifier("phases", "closure_deadline"),
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

    def _query(self, start=None, end=None):
        """The analysis rows; with ``start`` and ``end`` the recurring flag is
        only right for complaints received in [start, end) (_recurring_sql)."""
        return SQL(
            """
            SELECT %s
              FROM customer_complaint c
              JOIN res_company company ON company.id = c.company_id
              -- Unique on id: the planner drops this join when the flag is
              -- not read, so only recurrence figures pay for the windows.
              LEFT JOIN (%s) AS recurring ON recurring.id = c.id
              -- Phases: unique per complaint, dropped when not read.
              LEFT JOIN (%s) AS phases ON phases.complaint_id = c.id
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
            self._select(),
            self._recurring_sql(start, end),
            self._phases_sql(),
        )
