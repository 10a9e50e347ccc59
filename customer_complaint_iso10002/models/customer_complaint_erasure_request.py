# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's request to have their personal data erased (GDPR 17):
answered within a month, by anonymizing the complaint now or by a refusal
that states its legal ground."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_complaint_constants import MANAGER_GROUP

STATES = [
    ("open", "Open"),
    ("done", "Erased"),
    ("refused", "Refused"),
]

# The grounds GDPR 17(3) gives for keeping the data.
REFUSAL_GROUNDS = [
    ("legal_obligation", "A legal obligation to keep them (GDPR 17(3)(b))"),
    ("legal_claims", "Legal claims: establishing, exercising or defending them"),
    ("public_interest", "Public interest or official authority (GDPR 17(3)(b))"),
    ("archiving", "Archiving or statistics in the public interest (GDPR 17(3)(d))"),
]

# Written only by the answer to the request.
ANSWER_FIELDS = frozenset({"state", "decided_by_id", "date_decided"})


class CustomerComplaintErasureRequest(models.Model):
    _name = "customer.complaint.erasure.request"
    _description = "Complaint Personal Data Erasure Request"
    # Whoever may read (write) the complaint reads (answers) its requests.
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.complaint.process.mixin",
        "customer.complaint.part.mixin",
    ]
    _order = "date_requested desc, id desc"
    _check_company_auto = True
    _process_fields = ANSWER_FIELDS

    complaint_id = fields.Many2one(
        comodel_name="customer.complaint",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="complaint_id.company_id",
        store=True,
        index=True,
    )
    date_requested = fields.Datetime(
        string="Requested on",
        required=True,
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
    )
    date_deadline = fields.Date(
        string="Answer Due",
        compute="_compute_date_deadline",
        store=True,
        help="One month after the request (GDPR 12(3)).",
    )
    channel = fields.Selection(
        selection=[("portal", "Portal"), ("staff", "Recorded by staff")],
        default="staff",
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        selection=STATES,
        string="Status",
        default="open",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    reason = fields.Text(
        tracking=True,
        help="Why the data are erased now (for a manager's anonymization "
        "without a request, what prompted it).",
    )
    refusal_ground = fields.Selection(
        selection=REFUSAL_GROUNDS, string="Legal Ground", tracking=True
    )
    refusal_details = fields.Text(
        tracking=True, help="Why this ground applies, as the complainant is told."
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Answered by", readonly=True, copy=False
    )
    date_decided = fields.Datetime(string="Answered on", readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("date_requested")
    def _compute_date_deadline(self):
        for request in self:
            request.date_deadline = (
                fields.Date.to_date(request.date_requested) + relativedelta(months=1)
                if request.date_requested
                else False
            )

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state == "open"
                and request.date_deadline
                and request.date_deadline < today
            )

    @api.depends("complaint_id.reference")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Erasure request %(ref)s", ref=request.complaint_id.reference or ""
            )

    @api.constrains("state", "refusal_ground", "refusal_details")
    def _check_refusal_ground(self):
        for request in self:
            if request.state == "refused" and not (
                request.refusal_ground and (request.refusal_details or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "An erasure request is refused only on a stated legal "
                        "ground, with the reasons it applies."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_process_fields(vals)
            if not self._is_process():
                vals.pop("channel", None)
        requests = super().create(vals_list)
        requests._schedule_answer()
        for request in requests:
            request.complaint_id.sudo().message_post(
                body=self.env._(
                    "Erasure of the complainant's personal data requested; "
                    "answer due by %(date)s.",
                    date=request.date_deadline,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return requests

    def _schedule_answer(self):
        """A to-do for the company's complaint managers, due by the deadline
        (sudo: whoever records the request, the managers answer it)."""
        group = self.env.ref(MANAGER_GROUP)
        for request in self.sudo():
            managers = group.users.filtered(
                lambda u, request=request: not u.share
                and request.company_id in u.company_ids
            )
            for user in managers:
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=request.date_deadline,
                    summary=self.env._("Answer the erasure request"),
                    user_id=user.id,
                )

    def write(self, vals):
        self._check_process_fields(vals)
        if not self._is_process() and any(r.state != "open" for r in self):
            raise UserError(
                self.env._("An answered erasure request is kept as it was answered.")
            )
        return super().write(vals)

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only complaint managers answer erasure requests.")
            )
        self.check_access("write")
        if any(request.state != "open" for request in self):
            raise UserError(self.env._("This erasure request was already answered."))

    def action_anonymize_now(self):
        """Anonymize the complaints now, with the reason in their chatter."""
        self._check_manager()
        for request in self:
            if not (request.reason or "").strip():
                raise UserError(
                    self.env._(
                        "Say why the personal data are erased now (Reason): it "
                        "is recorded on the complaint."
                    )
                )
            complaint = request.complaint_id
            complaint._anonymize()
            # read again: the anonymization removed any name it quoted
            request.invalidate_recordset(["reason"])
            reason = request.reason.strip()
            # sudo: a manager, checked just above, answers; the note goes on
            # a complaint whose data they just anonymized.
            complaint.sudo().message_post(
                body=self.env._(
                    "Personal data anonymized on request by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
            request.sudo().activity_unlink(["mail.mail_activity_data_todo"])
            request._process_env().write(
                {
                    "state": "done",
                    "decided_by_id": self.env.uid,
                    "date_decided": fields.Datetime.now(),
                }
            )
        return True

    def action_refuse(self):
        """Refuse, on the legal ground stated on the request."""
        self._check_manager()
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        self._process_env().write(
            {
                "state": "refused",
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        for request in self:
            request.complaint_id.sudo().message_post(
                body=self.env._(
                    "Erasure request refused: %(ground)s. %(details)s",
                    ground=dict(
                        self._fields["refusal_ground"]._description_selection(self.env)
                    ).get(request.refusal_ground),
                    details=request.refusal_details,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _portal_request(self, complaint_sudo):
        """The complainant asks for erasure on the portal (the route checked
        they are the complainant): one open request at a time."""
        open_request = self.sudo().search(
            [("complaint_id", "=", complaint_sudo.id), ("state", "=", "open")],
            limit=1,
        )
        if open_request:
            return open_request
        # sudo: portal users create no records; the route checked the caller.
        return (
            self.sudo()
            ._process_env()
            .create({"complaint_id": complaint_sudo.id, "channel": "portal"})
        )
