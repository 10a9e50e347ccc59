# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The deadlines of a complaint (ISO 10002 4.15, 7.3), seen from the
complaint: its phases (customer_complaint_phase.py) planned at creation and
completed by the process, the worst open one stored for the kanban, the list
and the portal, the response promised and the working-time durations the
analysis aggregates. Inherited by the complaint."""

from odoo import api, fields, models

from . import customer_complaint_working_time_mixin  # noqa: F401 (inherited)
from .customer_complaint_constants import INTERNAL

# The stamps of the process that complete a phase; a decision phase is
# completed by the communication of its round.
PHASE_STAMPS = {
    "ack": "date_acknowledged",
    "assessment": "date_assessed",
    "closure": "date_closed",
}


class CustomerComplaintDeadlines(models.AbstractModel):
    _name = "customer.complaint.deadlines"
    _inherit = ["customer.complaint.working.time.mixin"]
    _description = "Phases and deadlines of a complaint"

    phase_ids = fields.One2many(
        comodel_name="customer.complaint.phase",
        inverse_name="complaint_id",
        string="Phases",
        groups=INTERNAL,
    )
    deadline_state = fields.Selection(
        selection=[
            ("on_time", "On Time"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
            ("met", "Met"),
            ("met_late", "Met Late"),
        ],
        string="Deadlines",
        compute="_compute_deadline_state",
        store=True,
        index=True,
        help="The worst state of the phases still open; once none is, how "
        "they ended (met, or met late).",
    )
    date_response_due = fields.Datetime(
        string="Response Due",
        compute="_compute_date_response_due",
        store=True,
        copy=False,
        help="Date by which the complainant was promised a response: the "
        "deadline of the first decision phase, which stays as promised once "
        "the complaint is acknowledged.",
    )
    escalation_level = fields.Integer(
        readonly=True, copy=False, tracking=True, groups=INTERNAL
    )
    # Working-time durations, stored so that the analysis aggregates them in SQL.
    work_hours_to_ack = fields.Float(
        string="Working Hours to Acknowledge",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
    )
    work_hours_to_decision = fields.Float(
        string="Working Hours to Decision",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
    )
    work_hours_to_close = fields.Float(
        string="Working Hours to Close",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("phase_ids.state")
    def _compute_deadline_state(self):
        for complaint in self:
            complaint.deadline_state = self._deadline_state_of(
                set(complaint.phase_ids.mapped("state"))
            )

    @api.model
    def _deadline_state_of(self, states):
        """The deadline state of a complaint whose phases are in ``states``
        (a set); also used by the escalation job's bulk path."""
        if states & {"pending", "at_risk", "breached"} or not states:
            worst = ("breached", "at_risk", "on_time")
        else:
            # Every phase done: "on time" would hide those met late.
            worst = ("met_late", "met")
        return next((state for state in worst if state in states), worst[-1])

    @api.depends("phase_ids.date_deadline")
    def _compute_date_response_due(self):
        # One source: the deadline of the first decision phase, the one the
        # acknowledgement promises (frozen from then, see the phase).
        for complaint in self:
            complaint.date_response_due = complaint._phase_of("decision").date_deadline

    @api.depends(
        "date_received",
        "date_acknowledged",
        "date_first_decision",
        "date_closed",
        "team_id",
    )
    def _compute_work_hours(self):
        for complaint in self:
            calendar = complaint._get_deadline_calendar()
            start = complaint.date_received
            complaint.work_hours_to_ack = complaint._work_hours(
                calendar, start, complaint.date_acknowledged
            )
            complaint.work_hours_to_decision = complaint._work_hours(
                calendar, start, complaint.date_first_decision
            )
            complaint.work_hours_to_close = complaint._work_hours(
                calendar, start, complaint.date_closed
            )

    def _get_deadline_calendar(self):
        self.ensure_one()
        if self.team_id:
            return self.team_id._get_working_calendar()
        return self.company_id.resource_calendar_id

    # ------------------------------------------------------------------
    # Phases: planned at creation, completed by the process
    # ------------------------------------------------------------------

    def _phase_of(self, kind, number=None):
        """The phase ``kind`` of the complaint (of round ``number`` for a
        decision, default the first)."""
        self.ensure_one()
        number = number or (1 if kind == "decision" else 0)
        matching = self.phase_ids.filtered(
            lambda p: p.phase == kind and p.round == number
        )
        return matching[:1]

    def _phases_plan(self):
        """Plan the phases of the complaints of self that have none:
        acknowledgement, assessment, first decision and closure, their
        deadlines from the policy's targets (the phase computes them)."""
        Phase = self.env["customer.complaint.phase"]._process_env()
        return Phase.create(
            [
                {
                    "complaint_id": complaint.id,
                    "phase": kind,
                    "round": 1 if kind == "decision" else 0,
                }
                for complaint in self.filtered(lambda c: not c.phase_ids)
                for kind in ("ack", "assessment", "decision", "closure")
            ]
        )

    def _phase_done(self, kind, date=None, decision=None):
        """Complete the open ``kind`` phases of self (or those the closing
        completed) at ``date`` (default: now): met, or met late past their
        deadline. For a decision phase, the one of the round ``decision`` (a
        customer.complaint.decision)."""
        date = date or fields.Datetime.now()
        self._process_env().phase_ids.filtered(
            lambda p: p.phase == kind
            and (not p.date_done or p.done_at_closing)
            and (not decision or p.round in decision.mapped("round"))
        ).write({"date_done": date, "done_at_closing": False})
        return True

    def _phase_open_decision(self, decision=None, date=None):
        """A new round (an appeal, or a reopened complaint decided again)
        opens its decision phase (that of ``decision``, a
        customer.complaint.decision), which runs from ``date`` (default: now)."""
        now = date or fields.Datetime.now()
        vals_list = []
        for complaint in self:
            rounds = complaint.phase_ids.filtered(
                lambda p: p.phase == "decision"
            ).mapped("round")
            own = decision and decision.filtered(
                lambda d, c=complaint: d.complaint_id == c
            )
            number = own[:1].round if own else max(rounds, default=0) + 1
            if number not in rounds:
                vals_list.append(
                    {
                        "complaint_id": complaint.id,
                        "phase": "decision",
                        "round": number,
                        "date_start": now,
                    }
                )
        return self.env["customer.complaint.phase"]._process_env().create(vals_list)

    def _phases_follow_rounds(self):
        """The decision phases of rounds recorded other than by the process
        (data files, imports): one per round, from the answer that opened it,
        done when the round was communicated."""
        for complaint in self:
            previous = False
            for decision in complaint.decision_ids.sorted("round"):
                start = previous and previous.date_answer
                complaint._phase_open_decision(decision, date=start or None)
                if decision.date_communicated:
                    complaint._phase_done(
                        "decision", decision.date_communicated, decision
                    )
                previous = decision
        return True

    def _phases_sync_stamps(self, fnames):
        """Complete the phases on the stamps ``fnames`` of the process just
        written (PHASE_STAMPS): acknowledged, assessed, closed. Closing
        completes every phase not reached yet (done by the closing);
        reopening reopens them and the closure phase. A decision phase done
        by the communication of its round stays as it is."""
        closing = "date_closed" in fnames
        kinds = {kind for kind, fname in PHASE_STAMPS.items() if fname in fnames}
        writes = {}
        for complaint in self._process_env():
            for phase in complaint.phase_ids:
                if not closing and phase.phase not in kinds:
                    continue
                stamp = PHASE_STAMPS.get(phase.phase)
                if not stamp and phase.date_done and not phase.done_at_closing:
                    continue
                own = stamp and complaint[stamp]
                if own:
                    vals = (own, False)
                elif complaint.date_closed:
                    vals = (complaint.date_closed, True)
                else:
                    vals = (False, False)
                if (phase.date_done, phase.done_at_closing) != vals:
                    writes.setdefault(vals, phase.browse())
                    writes[vals] |= phase
        for (date_done, at_closing), phases in writes.items():
            phases.write({"date_done": date_done, "done_at_closing": at_closing})
