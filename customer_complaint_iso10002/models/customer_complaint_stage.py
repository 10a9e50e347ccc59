# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .customer_complaint_constants import STAFF, log_access_field

# The steps of the ISO 10002 process a stage stands for: the process moves
# complaints to the stage of a step, never to a stage found by its XML id.
ISO_STEPS = [
    ("new", "Received"),
    ("assessment", "Assessment"),
    ("investigation", "Investigation"),
    ("decision", "Decision"),
    ("awaiting", "Awaiting the complainant's answer"),
    ("closed", "Closed"),
    ("rejected", "Not admissible"),
]


class CustomerComplaintStage(models.Model):
    _name = "customer.complaint.stage"
    _inherit = ["customer.complaint.cache.mixin"]
    _description = "Complaint Stage"
    _order = "sequence, id"

    # The portal reads a complaint's status (name, fold, closed, not
    # admissible) and sorts by it (sequence, active); the rest configures the
    # process for staff (groups=STAFF).
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, groups=STAFF)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view.",
    )
    iso_step = fields.Selection(
        selection=ISO_STEPS,
        string="ISO Step",
        compute="_compute_iso_step",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        groups=STAFF,
        help="The step of the complaints-handling process this stage stands "
        "for. The process moves complaints to the stage of a step (the team's "
        "own first, then one for every team): closing, not admissible, "
        "awaiting the answer, back to investigation.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Complaints in this stage are closed: handling is finished.",
    )
    is_rejected = fields.Boolean(
        string="Not Admissible",
        help="Complaints in this stage were found not admissible "
        "(not a complaint, duplicate, out of scope).",
    )
    requires_assessment = fields.Boolean(
        string="Needs the Initial Assessment",
        groups=STAFF,
        help="Complaints enter this stage only once their severity and impact "
        "are assessed (ISO 10002 7.5): the process cannot skip the assessment.",
    )
    mail_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Email Template",
        domain=[("model", "=", "customer.complaint")],
        groups=STAFF,
        help="Sent to the complainant when a complaint enters this stage.",
    )
    team_ids = fields.Many2many(
        comodel_name="customer.complaint.team",
        string="Teams",
        groups=STAFF,
        help="Teams using this stage. Leave empty to use it for every team.",
    )
    company_id = fields.Many2one(comodel_name="res.company", groups=STAFF)
    create_uid = log_access_field("create_uid")
    create_date = log_access_field("create_date")
    write_uid = log_access_field("write_uid")
    write_date = log_access_field("write_date")

    @api.depends("is_closed", "is_rejected")
    def _compute_iso_step(self):
        # A closing stage closes or rejects; any other stands for a step of
        # the handling, investigation unless said otherwise.
        for stage in self:
            if stage.is_rejected:
                stage.iso_step = "rejected"
            elif stage.is_closed:
                stage.iso_step = "closed"
            elif stage.iso_step in (False, "closed", "rejected"):
                stage.iso_step = "investigation"
            else:
                stage.iso_step = stage.iso_step

    @api.constrains("iso_step", "is_closed", "is_rejected")
    def _check_iso_step(self):
        for stage in self:
            closing = stage.iso_step in ("closed", "rejected")
            if closing != bool(stage.is_closed) or (
                (stage.iso_step == "rejected") != bool(stage.is_rejected)
            ):
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s: the Closed and Not admissible steps "
                        "are those of closing stages (Closing Stage; Not "
                        "Admissible for the latter), and only they are.",
                        stage=stage.name,
                    )
                )

    @api.model
    def _stage_for(self, step, team=None):
        """The stage of the ISO ``step`` for ``team``: the first (in sequence)
        of the team's own stages, else of the stages of every team."""
        stages = self.search([("iso_step", "=", step)])
        stage = (
            stages.filtered(lambda s: team and team in s.team_ids)[:1]
            or (stages.filtered(lambda s: not s.team_ids)[:1])
        )
        if not stage:
            labels = dict(self._fields["iso_step"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "No active stage stands for the step %(step)s of the "
                    "process: a complaints manager sets one in the stages.",
                    step=labels.get(step, step),
                )
            )
        return stage

    @api.model
    @tools.ormcache("tuple(self.env.companies.ids)")
    def _first_stage_id(self):
        """The stage new complaints start in, cached: every create asks
        (emptied on stage changes by customer.complaint.cache.mixin)."""
        return self.search([], limit=1).id

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # Archived complaints count too: deleting their stage would rewrite history.
        used = (
            self.env["customer.complaint"]
            .with_context(active_test=False)
            .sudo()
            .search_count([("stage_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                _(
                    "A stage that complaints are in or went through cannot be "
                    "deleted. Archive it instead."
                )
            )
