# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The initial assessment of a complaint (ISO 10002 7.5): severity, impact,
complexity and safety, the priority they give (which only a complaint manager
overrides, with a reason) and the safety alert. Inherited by the complaint,
the way mail splits mail.thread.cc off mail.thread."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_complaint_constants import INTERNAL, LEVELS, MANAGER_GROUP, PRIORITIES

# Changing them signs the assessment (4.12).
ASSESSMENT_FIELDS = frozenset({"severity", "impact", "safety_related"})


class CustomerComplaintAssessment(models.AbstractModel):
    _name = "customer.complaint.assessment"
    _description = "Initial assessment of a complaint"

    severity = fields.Selection(selection=LEVELS, tracking=True, groups=INTERNAL)
    impact = fields.Selection(selection=LEVELS, tracking=True, groups=INTERNAL)
    complexity = fields.Selection(
        selection=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
        tracking=True,
        groups=INTERNAL,
    )
    safety_related = fields.Boolean(
        tracking=True,
        help="Health or safety is at stake: the complaint becomes urgent and "
        "the team leader and the complaint managers are alerted at once.",
        groups=INTERNAL,
    )
    immediate_action = fields.Text(
        help="What was done at once to contain the problem.",
        groups=INTERNAL,
    )
    assessed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Assessed by",
        copy=False,
        tracking=True,
        groups=INTERNAL,
    )
    date_assessed = fields.Datetime(string="Assessed on", copy=False, groups=INTERNAL)
    # Follows the assessment; a manager may override it, with a reason.
    priority = fields.Selection(
        selection=PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        groups=INTERNAL,
    )
    priority_override_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Priority Set by",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The complaint manager who set the priority by hand, overriding "
        "the one the assessment gives.",
    )
    date_priority_override = fields.Datetime(
        string="Priority Set on", readonly=True, copy=False, groups=INTERNAL
    )
    priority_override_reason = fields.Char(copy=False, tracking=True, groups=INTERNAL)
    is_complaint_manager = fields.Boolean(
        compute="_compute_is_complaint_manager",
        help="Whether the current user is a complaint manager (may set the "
        "priority by hand).",
        groups=INTERNAL,
    )

    # ------------------------------------------------------------------
    # ORM: an assessment is signed, its gate kept, a manager's priority
    # stamped, a safety issue alerted, whoever writes it
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            self._sign_assessment_vals(vals, now)
        records = super().create(vals_list)
        if not self.env.su:
            for stage, staged in records.grouped("stage_id").items():
                staged._check_assessed_for(stage)
            records.browse(
                record.id
                for record, vals in zip(records, vals_list, strict=True)
                if "priority" in vals
            )._stamp_priority_override()
        records.filtered("safety_related")._notify_safety_related()
        return records

    def write(self, vals):
        newly_safety = (
            self.filtered(lambda c: not c.safety_related)
            if vals.get("safety_related")
            else self.browse()
        )
        result = super().write(vals)
        if ASSESSMENT_FIELDS & set(vals):
            self._process_env().filtered(lambda c: not c.date_assessed).write(
                {"assessed_by_id": self.env.uid, "date_assessed": fields.Datetime.now()}
            )
        if "priority" in vals and not self._is_process():
            self._stamp_priority_override()
        newly_safety._notify_safety_related()
        return result

    # ------------------------------------------------------------------
    # Priority: severity x impact, overridden by a manager only
    # ------------------------------------------------------------------

    def _get_assessed_priority(self):
        """Priority from the assessment: severity x impact; safety is urgent."""
        self.ensure_one()
        if self.safety_related:
            return "3"
        if not (self.severity and self.impact):
            return "0"
        score = int(self.severity) * int(self.impact)
        if score >= 12:
            return "3"
        if score >= 6:
            return "2"
        if score >= 3:
            return "1"
        return "0"

    @api.depends("severity", "impact", "safety_related")
    def _compute_priority(self):
        for complaint in self:
            # sudo: whether a manager overrode the priority decides the value
            # for whoever triggers the compute (portal intake included).
            if complaint.sudo().priority_override_by_id and complaint.priority:
                complaint.priority = complaint.priority
            else:
                complaint.priority = complaint._get_assessed_priority()

    @api.depends_context("uid")
    def _compute_is_complaint_manager(self):
        self.is_complaint_manager = self.env.user.has_group(MANAGER_GROUP)

    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _filter_priority_vals(self, vals):
        """``vals`` without the priority below manager: it is the
        assessment's. The value a form sends back as it shows it is dropped
        (a new complaint's form sends the computed one); another one, on an
        existing complaint, is refused."""
        if self._is_manager():
            return vals
        if not self._is_process():
            for fname in ("priority", "priority_override_reason"):
                if fname not in vals:
                    continue
                changed = self.filtered(
                    lambda complaint, fname=fname: (complaint[fname] or False)
                    != (vals[fname] or False)
                )
                if changed:
                    raise UserError(
                        self.env._(
                            "The priority of %(refs)s follows from its "
                            "assessment (severity, impact, safety): only a "
                            "complaint manager sets it by hand, with a reason.",
                            refs=", ".join(changed.mapped("reference")),
                        )
                    )
        return {
            key: val
            for key, val in vals.items()
            if key not in ("priority", "priority_override_reason")
        }

    def _stamp_priority_override(self):
        """A manager set the priority of self by hand: record who, when and
        why where it differs from the assessment's, forget it where not."""
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.priority == complaint._get_assessed_priority():
                vals = {
                    "priority_override_by_id": False,
                    "date_priority_override": False,
                    "priority_override_reason": False,
                }
            elif not (complaint.priority_override_reason or "").strip():
                raise UserError(
                    self.env._(
                        "The priority of %(ref)s follows from its assessment. "
                        "Say why you set it by hand (Priority Override Reason).",
                        ref=complaint.reference,
                    )
                )
            else:
                vals = {
                    "priority_override_by_id": self.env.uid,
                    "date_priority_override": now,
                }
            complaint._process_env().write(vals)

    # ------------------------------------------------------------------
    # The assessment gate (7.5): written once, used by create, the stage
    # change and the closing
    # ------------------------------------------------------------------

    def _not_assessed(self, vals=None):
        """The complaints of self without their initial assessment (severity
        and impact), as the write of ``vals`` in progress would leave them."""
        vals = vals or {}
        return self.filtered(
            lambda c: not (
                (vals.get("severity") or c.severity)
                and (vals.get("impact") or c.impact)
            )
        )

    def _check_assessed_for(self, stage, vals=None):
        """The process cannot skip the initial assessment: refuse to put the
        unassessed complaints of self in ``stage`` if it requires it."""
        if not stage.requires_assessment:
            return
        missing = self._not_assessed(vals)
        if missing:
            raise UserError(
                self.env._(
                    "Record the initial assessment (severity and impact) of "
                    "%(refs)s before moving it to %(stage)s.",
                    refs=", ".join(missing.mapped("reference")),
                    stage=stage.name,
                )
            )

    def _sign_assessment_vals(self, vals, now):
        """An assessment given in the values of a create is signed (4.12)."""
        if any(vals.get(fname) for fname in ASSESSMENT_FIELDS):
            vals.setdefault("assessed_by_id", self.env.user.id)
            vals.setdefault("date_assessed", now)

    # ------------------------------------------------------------------
    # Safety alert
    # ------------------------------------------------------------------

    def _get_complaint_managers(self):
        self.ensure_one()
        group = self.env.ref(MANAGER_GROUP)
        return group.users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids
        )

    def _schedule_alert(self, users, summary, note=""):
        """A to-do for ``users``; ``note`` is plain text (it may quote the
        complainant): escaped, never kept as HTML with outside links."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        note = Markup("<p>%s</p>") % note if note else ""
        for user in users:
            self.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=user.id,
                date_deadline=today,
            )

    def _notify_safety_related(self):
        for complaint in self:
            users = complaint.team_id.user_id | complaint._get_complaint_managers()
            complaint._schedule_alert(
                users,
                self.env._("Safety-related complaint: act now"),
                self.env._(
                    "Complaint %(ref)s was assessed as safety related.",
                    ref=complaint.reference,
                ),
            )
