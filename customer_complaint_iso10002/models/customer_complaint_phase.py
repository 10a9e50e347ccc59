# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ISO 10002 phases of a complaint and their deadlines (4.15, 7.3).

Each complaint has an acknowledgement, an assessment, a decision per decision
round and a closure phase. A phase runs from the receipt (a later decision
round: from the appeal) to its deadline, planned in working hours on the team's
calendar from the deadline policy's targets. Its state is stored: completing
the phase sets met / met late, the escalation job moves pending phases to at
risk and breached as time passes, so lists, filters and groupings read a
column instead of computing per record.
"""

import babel.dates
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools.misc import babel_locale_parse, get_lang
from odoo.tools.sql import create_index

PHASE_KINDS = [
    ("ack", "Acknowledgement"),
    ("assessment", "Assessment"),
    ("decision", "Decision"),
    ("closure", "Closure"),
]
PHASE_STATES = [
    ("pending", "On Time"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("met_late", "Met Late"),
]
# Target of the deadline policy (working hours from the start) per phase.
PHASE_TARGETS = {
    "ack": "ack_hours",
    "assessment": "assessment_hours",
    "decision": "decision_hours",
    "closure": "closure_hours",
}
ALERTS = [("at_risk", "At Risk"), ("breached", "Breached")]


class CustomerComplaintPhase(models.Model):
    _name = "customer.complaint.phase"
    _inherit = [
        "customer.complaint.process.mixin",
        "customer.complaint.part.mixin",
        "customer.complaint.working.time.mixin",
    ]
    _description = "Complaint Phase"
    _order = "complaint_id, date_deadline, id"
    # Written by the process only (_check_phase_process), which checked the
    # complaint: its access is checked again for reading only.
    _complaint_checked = frozenset({"read"})

    complaint_id = fields.Many2one(
        comodel_name="customer.complaint",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    phase = fields.Selection(selection=PHASE_KINDS, required=True, readonly=True)
    round = fields.Integer(
        readonly=True,
        help="Decision round of a decision phase: 1 for the first decision, n "
        "after the (n-1)th appeal.",
    )
    decision_id = fields.Many2one(
        comodel_name="customer.complaint.decision",
        string="Decision Round",
        compute="_compute_decision_id",
        store=True,
        index="btree_not_null",
        help="The decision round a decision phase is the deadline of, once "
        "the round is recorded.",
    )
    date_start = fields.Datetime(
        string="Runs from",
        compute="_compute_date_start",
        store=True,
        help="The receipt of the complaint; for a later decision round, the "
        "appeal that opened it.",
    )
    date_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        help="The policy's target in working hours from the start, on the "
        "team's working calendar. It follows the complaint (team, category, "
        "priority, channel) until the phase is done; a decision phase's "
        "deadline, the response promised to the complainant, stays as "
        "promised.",
    )
    date_at_risk = fields.Datetime(
        string="At Risk from",
        compute="_compute_date_at_risk",
        store=True,
        help="The company's at-risk share of the time from the start to the "
        "deadline.",
    )
    date_done = fields.Datetime(string="Done on", readonly=True)
    done_at_closing = fields.Boolean(
        string="Done by the Closing",
        readonly=True,
        help="The complaint was closed before this phase was reached; "
        "reopening the complaint reopens the phase.",
    )
    # Stored: written by the completion of the phase (compute) and, as time
    # passes, by the escalation job (_cron_escalate).
    state = fields.Selection(
        selection=PHASE_STATES,
        compute="_compute_state",
        store=True,
        index=True,
    )
    alert = fields.Selection(
        selection=ALERTS,
        string="Alert Given",
        readonly=True,
        help="The last alert the escalation job gave for this phase.",
    )
    date_alert = fields.Datetime(string="Alerted on", readonly=True)
    escalation_level = fields.Integer(
        readonly=True,
        help="The escalation level of the complaint the breach of this phase "
        "raised it to.",
    )

    _sql_constraints = [
        (
            "phase_round_uniq",
            "unique (complaint_id, phase, round)",
            "A complaint has one phase of each kind, one decision phase per round.",
        ),
    ]

    def init(self):
        result = super().init()
        # The escalation job's search (_escalation_domain): pending phases
        # past their at-risk date.
        create_index(
            self.env.cr,
            "customer_complaint_phase_pending_at_risk_index",
            self._table,
            ["date_at_risk"],
            where="state = 'pending'",
        )
        return result

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("phase", "round")
    def _compute_display_name(self):
        labels = dict(self._fields["phase"]._description_selection(self.env))
        for phase in self:
            label = labels.get(phase.phase, "")
            if phase.phase == "decision" and phase.round > 1:
                label = self.env._(
                    "%(phase)s (round %(round)s)", phase=label, round=phase.round
                )
            phase.display_name = label

    @api.depends("phase", "round", "complaint_id.decision_ids.round")
    def _compute_decision_id(self):
        for phase in self:
            rounds = phase.complaint_id.decision_ids.filtered(
                lambda d, number=phase.round: d.round == number
            )
            phase.decision_id = rounds[:1] if phase.phase == "decision" else False

    @api.depends("complaint_id.date_received")
    def _compute_date_start(self):
        for phase in self:
            # A later decision round runs from the appeal, given at creation.
            if not (phase.round > 1 and phase.date_start):
                phase.date_start = phase.complaint_id.date_received

    @api.depends(
        "date_start",
        "date_done",
        "complaint_id.team_id",
        "complaint_id.category_id",
        "complaint_id.priority",
        "complaint_id.channel",
        "complaint_id.company_id",
    )
    def _compute_date_deadline(self):
        Policy = self.env["customer.complaint.deadline.policy"]
        for complaint, phases in self.grouped("complaint_id").items():
            targets = calendar = None
            for phase in phases:
                if phase._deadline_kept() or not phase.date_start:
                    phase.date_deadline = phase.date_deadline
                    continue
                if targets is None:
                    targets = Policy._targets_for(complaint)
                    calendar = phase._get_deadline_calendar()
                phase.date_deadline = phase._plan_working_hours(
                    calendar, targets[PHASE_TARGETS[phase.phase]], phase.date_start
                )

    def _deadline_kept(self):
        """Whether the deadline of this phase no longer follows the complaint:
        a phase done keeps the deadline it was measured against; a decision
        phase keeps the one promised to the complainant (round 1 by the
        acknowledgement, a later round from its opening), so the promised
        response date never moves while the decision is pending."""
        self.ensure_one()
        if not self.date_deadline:
            return False
        if self.date_done:
            return True
        return self.phase == "decision" and bool(
            self.round > 1 or self.complaint_id.date_acknowledged
        )

    def _get_deadline_calendar(self):
        self.ensure_one()
        return self.complaint_id._get_deadline_calendar()

    @api.depends("date_start", "date_deadline", "company_id.complaint_at_risk_share")
    def _compute_date_at_risk(self):
        for phase in self:
            start, deadline = phase.date_start, phase.date_deadline
            share = phase.company_id.complaint_at_risk_share or 0.75
            share = min(max(share, 0.0), 1.0)
            phase.date_at_risk = (
                start + (deadline - start) * share if start and deadline else False
            )

    @api.depends("date_done", "date_deadline", "date_at_risk")
    def _compute_state(self):
        now = fields.Datetime.now()
        for phase in self:
            phase.state = phase._state_at(now)

    def _state_at(self, now):
        """The state of the phase at ``now`` (a naive UTC datetime)."""
        self.ensure_one()
        if self.date_done:
            late = self.date_deadline and self.date_done > self.date_deadline
            return "met_late" if late else "met"
        if self.date_deadline and now > self.date_deadline:
            return "breached"
        if self.date_at_risk and now >= self.date_at_risk:
            return "at_risk"
        return "pending"

    # ------------------------------------------------------------------
    # Access: phases are part of the complaint record, read with it
    # (customer.complaint.part.mixin), written by the process only
    # ------------------------------------------------------------------

    def _check_phase_process(self):
        if not self._is_process():
            raise AccessError(
                self.env._(
                    "The phases of a complaint are part of its record: the "
                    "handling process plans and completes them, they cannot be "
                    "created, changed or deleted directly."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_phase_process()
        return super().create(vals_list)

    def write(self, vals):
        self._check_phase_process()
        return super().write(vals)

    def unlink(self):
        self._check_phase_process()
        return super().unlink()

    # ------------------------------------------------------------------
    # Escalation job (4.15)
    # ------------------------------------------------------------------

    @api.model
    def _escalation_domain(self, now):
        """Open phases whose stored state time has overtaken, or whose alert
        lags their state, of active complaints."""
        return [
            ("complaint_id.active", "=", True),
            "|",
            "|",
            "|",
            "&",
            ("state", "=", "pending"),
            ("date_at_risk", "<=", now),
            "&",
            ("state", "=", "at_risk"),
            ("date_deadline", "<", now),
            "&",
            ("state", "=", "at_risk"),
            ("alert", "=", False),
            "&",
            ("state", "=", "breached"),
            ("alert", "!=", "breached"),
        ]

    @api.model
    def _cron_escalate(self, batch_size=200):
        """Move phases to at risk and breached as time passes and alert on
        them (_process_deadline_alerts), for the complaints that have such
        phases, in batches of complaints (customer.complaint.batch.job.mixin):
        their rows locked (a complaint a user holds is left for the next
        run), a commit per batch, the progress reported to the scheduler.

        Idempotent: the state and the alert given are stored per phase, so
        running the job twice changes and sends nothing twice. Returns the
        number of complaints handled.
        """
        now = fields.Datetime.now()
        domain = self._escalation_domain(now)

        def process(complaints):
            self.search(
                expression.AND([domain, [("complaint_id", "in", complaints.ids)]])
            )._process_deadline_alerts(now)

        return self.env["customer.complaint"]._run_batch_job(
            [("phase_ids", "any", domain)], process, batch_size=batch_size
        )

    def _process_deadline_alerts(self, now):
        """Store the state of the phases of self at ``now`` and alert on those
        newly at risk or breached, for a batch at once.

        At risk: a to-do for the handler. Breached: the complaint's escalation
        level + 1 per phase breached (however many runs saw the breaches), a
        to-do for the team leader (the managers from level 2), a chatter note.
        Activities are created in one call, notes logged in one batch, phases
        and complaints written grouped by identical values, so the cost per
        complaint stays flat however many phases changed.
        """
        _ = self.env._
        Complaint = self.env["customer.complaint"]
        model_id = self.env["ir.model"]._get_id(Complaint._name)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        managers_by_company = {}
        deadlines = {}
        activity_vals = []
        bodies = {}
        phase_writes = {}
        level_writes = {}
        for complaint, phases in self.grouped("complaint_id").items():
            if complaint.is_closed:
                # Closing completes every phase: no alert, just that.
                complaint._phases_sync_stamps({"date_closed"})
                continue
            at_risk, breached = [], []
            level = complaint.escalation_level
            for phase in phases.sorted(lambda p: (p.date_deadline or now, p.id)):
                vals = {"state": phase._state_at(now)}
                if vals["state"] == "at_risk" and not phase.alert:
                    vals.update(alert="at_risk", date_alert=now)
                    at_risk.append(phase)
                elif vals["state"] == "breached" and phase.alert != "breached":
                    # One level per phase breached, seen in one run or several.
                    level += 1
                    vals.update(
                        alert="breached", date_alert=now, escalation_level=level
                    )
                    breached.append(phase)
                key = tuple(sorted(vals.items()))
                phase_writes.setdefault(key, []).append(phase.id)
            if at_risk:
                activity_vals += self._alert_activities(
                    complaint,
                    complaint.user_id or complaint.team_id.user_id,
                    _(
                        "Deadline at risk: %(phases)s",
                        phases=", ".join(
                            at_risk_phase.display_name for at_risk_phase in at_risk
                        ),
                    ),
                    model_id,
                    activity_type,
                    today,
                )
            if not breached:
                continue
            level_writes.setdefault(level, []).append(complaint.id)
            if level <= 1 and complaint.team_id.user_id:
                users = complaint.team_id.user_id
            else:
                company = complaint.company_id
                if company not in managers_by_company:
                    managers_by_company[company] = complaint._get_complaint_managers()
                users = managers_by_company[company]
            activity_vals += self._alert_activities(
                complaint,
                users,
                _(
                    "Deadline breached: %(phases)s",
                    phases=", ".join(phase.display_name for phase in breached),
                ),
                model_id,
                activity_type,
                today,
            )
            bodies[complaint.id] = Markup("<br/>").join(
                _(
                    "The %(phase)s deadline (%(deadline)s) was breached: "
                    "escalated to level %(level)s.",
                    phase=phase.display_name,
                    deadline=self._format_deadline(phase.date_deadline, deadlines),
                    level=phase_level,
                )
                for phase, phase_level in zip(
                    breached,
                    range(level - len(breached) + 1, level + 1),
                    strict=True,
                )
            )
        for vals, ids in phase_writes.items():
            self.browse(ids)._process_env().write(dict(vals))
        for level, ids in level_writes.items():
            # Not tracked: the chatter note says why, and when.
            Complaint.browse(ids).with_context(
                tracking_disable=True
            )._process_env().write({"escalation_level": level})
        if activity_vals:
            # quick update: no assignment email per activity; the alerts show
            # in each user's activities, the note in the chatter.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activity_vals)
        if bodies:
            Complaint.browse(bodies)._message_log_batch(bodies=bodies)

    @api.model
    def _format_deadline(self, deadline, formatted):
        """``deadline`` as format_datetime writes it (medium, the user's time
        zone and language). Formatting costs more than the rest of a note:
        the language and time zone are looked up once per batch (in
        ``formatted`` under None), each value formatted once."""
        if deadline not in formatted:
            if None not in formatted:
                try:
                    tz = pytz.timezone(self.env.user.tz or "UTC")
                except pytz.UnknownTimeZoneError:
                    tz = pytz.utc
                formatted[None] = tz, babel_locale_parse(get_lang(self.env).code)
            tz, locale = formatted[None]
            formatted[deadline] = babel.dates.format_datetime(
                pytz.utc.localize(deadline).astimezone(tz), "medium", locale=locale
            )
        return formatted[deadline]

    @api.model
    def _alert_activities(
        self, complaint, users, summary, model_id, activity_type, day
    ):
        return [
            {
                "res_model_id": model_id,
                "res_id": complaint.id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "user_id": user.id,
                "date_deadline": day,
            }
            for user in users
        ]
