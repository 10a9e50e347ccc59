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

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import babel_locale_parse, get_lang
from odoo.tools.sql import create_index

from .customer_complaint_batch_job_mixin import int_array

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
# Complaints per batch of the escalation job (a commit each). A batch costs
# about 25 queries whatever its size: 2,000 keeps their share small, a batch's
# complaints locked well under a second.
ESCALATION_BATCH = 2000
# What the escalation job reads of the phases and of their complaints.
ESCALATION_PHASE_FIELDS = [
    "complaint_id",
    "phase",
    "round",
    "date_deadline",
    "date_at_risk",
    "date_done",
    "alert",
    "at_risk_activity_id",
]
ESCALATION_COMPLAINT_FIELDS = [
    "reference",
    "name",
    "is_closed",
    "escalation_level",
    "deadline_state",
    "user_id",
    "team_id",
    "company_id",
]


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
    # The stored computes are precomputed: the phases of an intake are inserted
    # complete, with no read back and no UPDATE at the flush. The dates and
    # the state are not readonly (the views are, and only the process writes
    # phases): the ORM drops a value given at creation for a precomputed
    # readonly field, and a later round's start or an upgrade's kept deadline
    # must stay as given.
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
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
        precompute=True,
        index="btree_not_null",
        help="The decision round a decision phase is the deadline of, once "
        "the round is recorded.",
    )
    date_start = fields.Datetime(
        string="Runs from",
        compute="_compute_date_start",
        store=True,
        precompute=True,
        readonly=False,
        help="The receipt of the complaint; for a later decision round, the "
        "appeal that opened it.",
    )
    date_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        precompute=True,
        readonly=False,
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
        precompute=True,
        readonly=False,
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
        precompute=True,
        readonly=False,
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
    # Indexed: deleting any to-do looks for the phases to unlink from it.
    at_risk_activity_id = fields.Many2one(
        comodel_name="mail.activity",
        string="At-Risk To-Do",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        help="The to-do the escalation job gave when the phase came at risk: "
        "marked done when the phase is done, replaced by the escalation when "
        "the deadline is breached.",
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
        # Its other branches: phases at risk, and breached without the alert
        # (a few, where the state index would read every breached phase).
        create_index(
            self.env.cr,
            "customer_complaint_phase_to_alert_index",
            self._table,
            ["complaint_id"],
            where="state = 'at_risk' "
            "OR (state = 'breached' AND (alert IS NULL OR alert <> 'breached'))",
        )
        return result

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("phase", "round")
    def _compute_display_name(self):
        labels = dict(self._fields["phase"]._description_selection(self.env))
        for phase in self:
            phase.display_name = self._phase_name(labels, phase.phase, phase.round)

    @api.model
    def _phase_name(self, labels, kind, number):
        """The display name of a phase of kind ``kind``, decision round
        ``number``; ``labels``: the kinds' labels in the user's language."""
        label = labels.get(kind, "")
        if kind == "decision" and number > 1:
            label = self.env._("%(phase)s (round %(round)s)", phase=label, round=number)
        return label

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
        result = super().write(vals)
        if vals.get("date_done"):
            self._close_at_risk_todos()
        return result

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
        return expression.AND(
            [[("complaint_id.active", "=", True)], self._escalation_phase_domain(now)]
        )

    @api.model
    def _escalation_phase_domain(self, now):
        """_escalation_domain on the phase alone (its partial indexes)."""
        return [
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
    def _cron_escalate(self, batch_size=ESCALATION_BATCH):
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
        # The complaints to handle: their ids from the phases' partial indexes
        # (few rows), then the active ones among them, instead of a search of
        # every complaint with a subquery on its phases per batch (in one
        # query, PostgreSQL reads every active complaint to join them). Each
        # batch searches its phases again, so a phase another transaction
        # handled meanwhile is left alone.
        query = self._search(self._escalation_phase_domain(now))
        complaint_ids = self.env.execute_query(
            query.select(
                SQL("DISTINCT %s", SQL.identifier(self._table, "complaint_id"))
            )
        )
        Complaint = self.env["customer.complaint"]
        if complaint_ids:
            query = Complaint._search([("id", "in", [row[0] for row in complaint_ids])])
            complaint_ids = self.env.execute_query(query.select())

        def process(complaints):
            # only the columns the alerts read, in the search itself, in id
            # order (the alerts group the phases by complaint): no join of the
            # complaints for the phases' default order
            self.search_fetch(
                expression.AND([domain, [("complaint_id", "in", complaints.ids)]]),
                ESCALATION_PHASE_FIELDS,
                order="id",
            )._process_deadline_alerts(now)

        return Complaint._run_batch_job_on_ids(
            [row[0] for row in complaint_ids], process, batch_size=batch_size
        )

    def _process_deadline_alerts(self, now):
        """Store the state of the phases of self at ``now`` and alert on those
        newly at risk or breached, for a batch at once.

        At risk: a to-do for the handler. Breached: the complaint's escalation
        level + 1 per phase breached (however many runs saw the breaches), a
        to-do for the team leader (the managers from level 2), a chatter note;
        the at-risk to-do of the phase is removed, the escalation replaces it
        (_replace_at_risk_todos). The states, levels, to-dos, followers and
        notes of the batch are written in one statement each
        (_write_alert_states, _log_alerts): the cost per complaint stays flat
        however many phases changed.
        """
        _ = self.env._
        # the phases' names from the labels, not display_name computed and
        # cached record by record
        labels = dict(self._fields["phase"]._description_selection(self.env))
        managers_by_company = {}
        # the to-dos' summaries (breached or not, phases) and the deadlines as
        # written, each translated or formatted once per batch
        summaries = {}
        deadlines = {}
        phase_rows = []
        levels = {}
        todos = []
        bodies = {}
        stored = {}
        # complaint id: its phases' rows newly at risk and their to-do's key
        at_risk_rows = {}
        # at-risk to-do id: complaint id, of the phases breached now
        replaced = {}
        # The phases' columns a list each (mapped reads the cache in bulk),
        # grouped by complaint in deadline order: reading them record by
        # record costs more than the rest of the loop.
        by_complaint = {}
        for values in zip(
            self,
            *(
                self.mapped(name)
                for name in ("phase", "round", "date_deadline", "alert")
            ),
            # ids, not records (mapped gives a many2one's union)
            [phase.at_risk_activity_id.id for phase in self],
            strict=True,
        ):
            by_complaint.setdefault(values[0].complaint_id, []).append(values)
        # only the columns the alerts read, not the whole complaint
        self.complaint_id.fetch(ESCALATION_COMPLAINT_FIELDS)
        for complaint, phases in by_complaint.items():
            if complaint.is_closed:
                # Closing completes every phase: no alert, just that.
                complaint._phases_sync_stamps({"date_closed"})
                continue
            stored[complaint.id] = complaint.deadline_state
            at_risk, breached = [], []
            level = complaint.escalation_level
            if len(phases) > 1:
                phases.sort(key=lambda values: (values[3] or now, values[0].id))
            for phase, kind, number, deadline, alert, todo in phases:
                # (id, state, alert given, escalation_level, at-risk to-do),
                # None: kept
                row = [phase.id, phase._state_at(now), None, None, None]
                if row[1] == "at_risk" and not alert:
                    row[2] = "at_risk"
                    at_risk.append(self._phase_name(labels, kind, number))
                    at_risk_rows.setdefault(complaint.id, [[], None])[0].append(row)
                elif row[1] == "breached" and alert != "breached":
                    # One level per phase breached, seen in one run or several.
                    level += 1
                    row[2:4] = "breached", level
                    breached.append(
                        (self._phase_name(labels, kind, number), deadline, level)
                    )
                    if todo:
                        replaced[todo] = complaint.id
                phase_rows.append(row)
            if at_risk:
                phase_names = ", ".join(at_risk)
                if (False, phase_names) not in summaries:
                    summaries[False, phase_names] = _(
                        "Deadline at risk: %(phases)s", phases=phase_names
                    )
                user = complaint.user_id or complaint.team_id.user_id
                summary = summaries[False, phase_names]
                todos.append((complaint, user, summary))
                at_risk_rows[complaint.id][1] = (complaint.id, user.id, summary)
            if not breached:
                continue
            levels[complaint.id] = level
            if level <= 1 and complaint.team_id.user_id:
                users = complaint.team_id.user_id
            else:
                company = complaint.company_id
                if company not in managers_by_company:
                    managers_by_company[company] = complaint._get_complaint_managers()
                users = managers_by_company[company]
            phase_names = ", ".join(name for name, _deadline, _level in breached)
            if (True, phase_names) not in summaries:
                summaries[True, phase_names] = _(
                    "Deadline breached: %(phases)s", phases=phase_names
                )
            todos.append((complaint, users, summaries[True, phase_names]))
            bodies[complaint.id] = [
                _(
                    "The %(phase)s deadline (%(deadline)s) was breached: "
                    "escalated to level %(level)s.",
                    phase=name,
                    deadline=self._format_deadline(deadline, deadlines),
                    level=phase_level,
                )
                for name, deadline, phase_level in breached
            ]
        self._store_alerts(
            phase_rows, levels, stored, now, todos, bodies, at_risk_rows, replaced
        )

    def _store_alerts(
        self, phase_rows, levels, stored, now, todos, bodies, at_risk_rows, replaced
    ):
        """Store what _process_deadline_alerts decided for a batch: the
        at-risk to-dos the breaches replace removed (``replaced``), the new
        to-dos and notes (_log_alerts), then the phases' states
        (_write_alert_states), the phases newly at risk (``at_risk_rows``:
        complaint id to their rows and their to-do's key) linked to their
        to-do."""
        breached_ids = [row[0] for row in phase_rows if row[2] == "breached"]
        for complaint_id in self._replace_at_risk_todos(replaced, breached_ids):
            bodies[complaint_id].append(
                self.env._("The at-risk to-do is closed: this escalation replaces it.")
            )
        # Pending ORM writes must not overwrite ours later.
        self.env.flush_all()
        # The to-dos first: the phases' rows link those given for them.
        created = self._log_alerts(todos, bodies)
        for rows, key in at_risk_rows.values():
            for row in rows:
                row[4] = created.get(key)
        self._write_alert_states(phase_rows, levels, stored, now)

    def _replace_at_risk_todos(self, todos, breached_ids):
        """Remove the at-risk to-dos ``todos`` (to-do id: complaint id) of the
        phases of ``breached_ids``, breached by this batch, that no phase
        still at risk shares: the breach's escalation replaces them. Returns
        the ids of the complaints whose to-do was removed."""
        if not todos:
            return set()
        still_needed = self.search_fetch(
            [
                ("at_risk_activity_id", "in", list(todos)),
                ("state", "=", "at_risk"),
                ("id", "not in", breached_ids),
            ],
            ["at_risk_activity_id"],
        ).at_risk_activity_id
        # those still open: a to-do done by hand (archived) stays as it is
        removed = self.env["mail.activity"].search(
            [("id", "in", list(set(todos) - set(still_needed.ids)))]
        )
        complaint_ids = {todos[todo.id] for todo in removed}
        removed.unlink()
        return complaint_ids

    def _close_at_risk_todos(self):
        """Mark done the at-risk to-dos of the phases of self, just done, that
        no phase still at risk shares: what the handler was asked to hurry is
        done, in the chatter as a to-do marked done."""
        # sudo: the process just completed these phases (write checked
        # _check_phase_process): their to-dos follow, whoever may read them.
        phases = self.sudo()
        todos = phases.at_risk_activity_id
        if not todos:
            return
        still_needed = phases.search(
            [("at_risk_activity_id", "in", todos.ids), ("state", "=", "at_risk")]
        ).at_risk_activity_id
        todos = (todos - still_needed).filtered("active")
        if not self.env.user._is_internal():
            # a complainant's answer closing the complaint does not mark a
            # handler's to-do done in the complainant's name
            todos = todos.with_user(SUPERUSER_ID)
        labels = dict(self._fields["phase"]._description_selection(self.env))
        by_feedback = {}
        for todo in todos:
            names = ", ".join(
                self._phase_name(labels, phase.phase, phase.round)
                for phase in phases
                if phase.at_risk_activity_id == todo
            )
            feedback = self.env._(
                "%(phases)s done: the deadline is no longer at risk.", phases=names
            )
            by_feedback[feedback] = by_feedback.get(feedback, todos.browse()) | todo
        for feedback, group in by_feedback.items():
            group.action_feedback(feedback=feedback)

    def _write_alert_states(self, phase_rows, levels, stored, now):
        """Store the phases' states and alerts (``phase_rows``: id, state,
        alert given at ``now``, escalation level, at-risk to-do; None keeps
        the value), then the complaints' escalation levels (``levels``:
        complaint id to level) and deadline states (_deadline_state_of their
        phases' states; ``stored``: complaint id to the one stored until
        now), one UPDATE each: the bulk path of the escalation job, as the
        process's writes and the recompute would store them (not tracked, as
        before: the chatter note says why and when). The ORM cache is
        invalidated and the fields depending on them marked to recompute."""
        if not phase_rows:
            return
        # Pending ORM writes of these columns must not overwrite ours later.
        self.env.flush_all()
        Complaint = self.env["customer.complaint"]
        uid, stamp = self.env.uid, self.env.cr.now()
        ids, states, alerts, phase_levels, todo_ids = map(
            list, zip(*phase_rows, strict=True)
        )
        phases = self.browse(ids)
        complaints = Complaint.browse(list(stored))
        self.env.execute_query(
            SQL(
                """
                UPDATE customer_complaint_phase p
                   SET state = v.state,
                       alert = COALESCE(v.alert, p.alert),
                       date_alert = CASE WHEN v.alert IS NULL THEN p.date_alert
                                         ELSE %s END,
                       escalation_level = COALESCE(v.level, p.escalation_level),
                       at_risk_activity_id = COALESCE(v.todo,
                                                      p.at_risk_activity_id),
                       write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::int[],
                              %s::int[])
                       AS v(id, state, alert, level, todo)
                 WHERE p.id = v.id
                """,
                now,
                uid,
                stamp,
                int_array(ids),
                states,
                alerts,
                int_array(phase_levels),
                int_array(todo_ids),
            )
        )
        written = [
            "state",
            "alert",
            "date_alert",
            "escalation_level",
            "at_risk_activity_id",
        ]
        phases.invalidate_recordset([*written, "write_uid", "write_date"])
        phases.modified(written)
        # The deadline states, from every phase of the complaints, stored
        # below instead of recomputed record by record.
        deadline_states = {
            complaint_id: Complaint._deadline_state_of(set(complaint_states))
            for complaint_id, complaint_states in self.env.execute_query(
                SQL(
                    "SELECT complaint_id, array_agg(state) "
                    "FROM customer_complaint_phase "
                    "WHERE complaint_id = ANY(%s::int[]) GROUP BY complaint_id",
                    int_array(complaints.ids),
                )
            )
        }
        self.env.remove_to_compute(Complaint._fields["deadline_state"], complaints)
        changed = {
            complaint_id
            for complaint_id, state in deadline_states.items()
            if state != stored[complaint_id]
        } | set(levels)
        if not changed:
            return
        changed = sorted(changed)
        self.env.execute_query(
            SQL(
                """
                UPDATE customer_complaint c
                   SET escalation_level = COALESCE(v.level, c.escalation_level),
                       deadline_state = v.deadline_state,
                       write_uid = %s, write_date = %s
                  FROM unnest(%s::int[], %s::int[], %s::varchar[])
                       AS v(id, level, deadline_state)
                 WHERE c.id = v.id
                """,
                uid,
                stamp,
                int_array(changed),
                int_array(levels.get(complaint_id) for complaint_id in changed),
                [deadline_states[complaint_id] for complaint_id in changed],
            )
        )
        complaints = Complaint.browse(changed)
        complaints.invalidate_recordset(
            ["escalation_level", "deadline_state", "write_uid", "write_date"]
        )
        complaints.modified(["escalation_level", "deadline_state"])

    def _log_alerts(self, todos, bodies):
        """The to-dos (``todos``: complaint, users, summary), their users
        following the complaint, and the chatter notes (``bodies``: complaint
        id to body) of a batch, one INSERT each: the bulk path of the
        escalation job. They hold what mail.activity's create (quick update:
        no assignment email) and _message_log_batch would store; the users
        are told their activities changed, as the web client expects.

        :return: the ids of the to-dos created, by (complaint id, user id,
            summary)
        """
        Complaint = self.env["customer.complaint"]
        uid, stamp = self.env.uid, self.env.cr.now()
        # a few users for the whole batch: read once each
        user_tzs = {
            user.id: user.tz or None
            for user in self.env["res.users"].union(*(users for _c, users, _s in todos))
        }
        rows = [
            (complaint.id, complaint.display_name, summary, user_id, user_tzs[user_id])
            for complaint, users, summary in todos
            for user_id in users.ids
        ]
        created = {}
        if rows:
            res_ids, names, summaries, user_ids, tzs = map(
                list, zip(*rows, strict=True)
            )
            created = self.env.execute_query(
                SQL(
                    """
                    INSERT INTO mail_activity (
                        res_model_id, res_model, res_id, res_name,
                        activity_type_id, summary, user_id, user_tz,
                        date_deadline, active,
                        create_uid, create_date, write_uid, write_date)
                    SELECT %s, %s, v.res_id, v.res_name, %s, v.summary,
                           v.user_id, v.user_tz, %s, TRUE, %s, %s, %s, %s
                      FROM unnest(%s::int[], %s::varchar[], %s::varchar[],
                                  %s::int[], %s::varchar[])
                           WITH ORDINALITY
                           AS v(res_id, res_name, summary, user_id, user_tz, n)
                     ORDER BY v.n
                 RETURNING res_id, user_id, summary, id
                    """,
                    self.env["ir.model"]._get_id(Complaint._name),
                    Complaint._name,
                    self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mail_activity_data_todo"
                    ),
                    fields.Date.context_today(self),
                    uid,
                    stamp,
                    uid,
                    stamp,
                    int_array(res_ids),
                    names,
                    summaries,
                    int_array(user_ids),
                    tzs,
                )
            )
            created = {tuple(key): todo_id for *key, todo_id in created}
            alerted = self.env["res.users"].browse(set(user_ids))
            partners = {user.id: user.partner_id.id for user in alerted}
            self._subscribe_alerted(
                {
                    (res_id, partners[user_id])
                    for res_id, user_id in zip(res_ids, user_ids, strict=True)
                }
            )
            self.env["mail.activity"].invalidate_model()
            Complaint.invalidate_model(["activity_ids"])
            # The to-dos are due today: their users' activity counters change.
            alerted._bus_send("mail.activity/updated", {"activity_created": True})
        if bodies:
            self._log_alert_notes(bodies)
        return created

    def _subscribe_alerted(self, pairs):
        """Make the partners of ``pairs`` (complaint id, partner id) followers
        of the complaints, with the default subtypes, those who follow already
        left as they are: what message_subscribe does for the users of new
        to-dos, for the whole batch in one INSERT."""
        model = "customer.complaint"
        Followers = self.env["mail.followers"]
        res_ids = sorted({res_id for res_id, _pid in pairs})
        partner_ids = sorted({pid for _res_id, pid in pairs})
        existing = {
            (rid, pid)
            for _fid, rid, pid, _sids in Followers._get_subscription_data(
                [(model, res_ids)], partner_ids
            )
        }
        new = sorted(pairs - existing)
        if not new:
            return
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(model)
        # as _add_default_followers tells customers (external subtypes) apart
        customers = set(
            self.env["res.partner"]
            .search([("id", "in", partner_ids), ("partner_share", "=", True)])
            .ids
        )
        followers = self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT %s, v.res_id, v.partner_id
                  FROM unnest(%s::int[], %s::int[]) WITH ORDINALITY
                       AS v(res_id, partner_id, n)
                 ORDER BY v.n
             RETURNING id, partner_id
                """,
                model,
                int_array(res_id for res_id, _pid in new),
                int_array(pid for _res_id, pid in new),
            )
        )
        links = [
            (fid, sid)
            for fid, pid in followers
            for sid in (external if pid in customers else default).ids
        ]
        if links:
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO mail_followers_mail_message_subtype_rel
                           (mail_followers_id, mail_message_subtype_id)
                    SELECT * FROM unnest(%s::int[], %s::int[])
                    """,
                    int_array(fid for fid, _sid in links),
                    int_array(sid for _fid, sid in links),
                )
            )
        Followers.invalidate_model()
        self.env[model].invalidate_model(["message_follower_ids"])

    def _log_alert_notes(self, bodies):
        """The chatter notes ``bodies`` (complaint id to its lines of text) as
        _message_log_batch stores them (author, reply-to, one message id for
        the batch, the lines joined by line breaks: _alert_notes_html), in
        one INSERT."""
        Complaint = self.env["customer.complaint"]
        Message = self.env["mail.message"]
        author_id, email_from = Complaint._message_compute_author(
            None, None, raise_on_email=False
        )
        res_ids = list(bodies)
        html = self._alert_notes_html(bodies)
        uid, stamp = self.env.uid, self.env.cr.now()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_message (
                    model, res_id, body, author_id, email_from, reply_to,
                    message_id, message_type, subtype_id, is_internal,
                    email_add_signature, date,
                    create_uid, create_date, write_uid, write_date)
                SELECT %s, v.res_id, v.body, %s, %s, %s, %s, 'notification',
                       %s, TRUE, FALSE, %s, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::text[]) WITH ORDINALITY
                       AS v(res_id, body, n)
                 ORDER BY v.n
                """,
                Complaint._name,
                author_id,
                email_from,
                self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False],
                generate_tracking_message_id("message-notify"),
                self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                fields.Datetime.now(),
                uid,
                stamp,
                uid,
                stamp,
                int_array(res_ids),
                [html[res_id] for res_id in res_ids],
            )
        )
        Message.invalidate_model()
        # as mail.message's create does for the documents of new messages
        Complaint.invalidate_model(
            ["message_ids", "message_needaction", "message_needaction_counter"]
        )

    def _alert_notes_html(self, bodies):
        """The bodies of the notes ``bodies`` (complaint id to its lines of
        text): the lines escaped, joined by line breaks in a paragraph. Safe
        as built (our own text, escaped, and no markup but the paragraph and
        the breaks): the sanitizer, which cost more per note than the rest of
        the job, would only write a few characters otherwise (entities), not
        change what a reader sees."""
        return {
            res_id: str(Markup("<p>%s</p>") % Markup("<br>").join(lines))
            for res_id, lines in bodies.items()
        }

    @api.model
    def _format_deadline(self, deadline, formatted):
        """``deadline`` as format_datetime writes it (medium, the user's time
        zone and language). Formatting costs more than the rest of a note:
        the language, time zone and the locale's patterns are looked up once
        per batch (in ``formatted`` under None), each value formatted once,
        with the two patterns babel's format_datetime would apply."""
        if deadline not in formatted:
            if None not in formatted:
                try:
                    tz = pytz.timezone(self.env.user.tz or "UTC")
                except pytz.UnknownTimeZoneError:
                    tz = pytz.utc
                locale = babel_locale_parse(get_lang(self.env).code)
                formatted[None] = (
                    tz,
                    locale,
                    babel.dates.get_datetime_format("medium", locale).replace("'", ""),
                    babel.dates.parse_pattern(
                        babel.dates.get_date_format("medium", locale)
                    ),
                    babel.dates.parse_pattern(
                        babel.dates.get_time_format("medium", locale)
                    ),
                )
            tz, locale, pattern, date_pattern, time_pattern = formatted[None]
            local = pytz.utc.localize(deadline).astimezone(tz)
            # Deadlines share days: each day is formatted once, each time of
            # day once per UTC offset (pytz has a tzinfo per offset).
            day, clock = ("day", local.date()), ("time", local.time(), local.tzinfo)
            if day not in formatted:
                formatted[day] = date_pattern.apply(local.date(), locale)
            if clock not in formatted:
                formatted[clock] = time_pattern.apply(local.timetz(), locale)
            formatted[deadline] = pattern.replace("{0}", formatted[clock]).replace(
                "{1}", formatted[day]
            )
        return formatted[deadline]
