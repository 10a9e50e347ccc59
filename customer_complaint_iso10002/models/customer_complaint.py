# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer complaint and its ISO 10002 handling process.

Receipt and acknowledgement (7.2-7.4), initial assessment (7.5), deadlines and
escalation (4.15, 7.3), objectivity (4.7), investigation (7.6), decision and
its communication (7.7, 7.8), closing, appeal and external referral (7.9),
improvement actions (8.7), the portal's view of it (4.4, 8.3), retention (8.1)
and the complaint record report (8.5).
"""

import json
import logging
import uuid
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import html2plaintext
from odoo.tools.misc import format_amount, format_date, format_datetime

from .customer_complaint_retention_mixin import RETENTION_FIELDS

_logger = logging.getLogger(__name__)

CHANNELS = [
    ("portal", "Portal"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("in_person", "In person"),
    ("letter", "Letter"),
    ("web_form", "Web form"),
    ("social_media", "Social media"),
    ("other", "Other"),
]

REMEDIES = [
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("refund", "Refund"),
    ("credit_note", "Credit note"),
    ("explanation", "Explanation or apology"),
    ("other", "Other"),
]

PRIORITIES = [
    ("0", "Normal"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Urgent"),
]

LEVELS = [("1", "Low"), ("2", "Medium"), ("3", "High"), ("4", "Critical")]

# The stamps of the process that complete a phase (customer_complaint_phase.py);
# a decision phase is completed by the communication of its round.
PHASE_STAMPS = {
    "ack": "date_acknowledged",
    "assessment": "date_assessed",
    "closure": "date_closed",
}

# Fields that cannot be written once a complaint is closed (4.9): its
# description, links and dates (its decision rounds lock themselves, see
# customer_complaint_decision.py). Reopening is the only way back.
LOCKED_FIELDS = {
    "name",
    "description",
    "stage_id",
    "sale_order_id",
    "sale_line_id",
    "product_id",
    "invoice_id",
    "date_received",
    "severity",
    "impact",
    "complexity",
    "safety_related",
    "immediate_action",
    "assessed_by_id",
    "date_assessed",
    "findings",
    "root_cause",
    "cause_code_id",
    "rejection_reason",
    "rejection_details",
    "duplicate_of_id",
}

ASSESSMENT_FIELDS = {"severity", "impact", "safety_related"}

# The complainant's satisfaction with the handling (8.3): written only by
# their rating (_rate_handling) and the request for it, never by staff.
RATING_FIELDS = frozenset(
    {
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_overall",
        "handling_rating_comment",
        "date_handling_rated",
        "date_rating_requested",
    }
)

# Fields the record rules of complaints users read.
REACH_FIELDS = {"user_id", "team_id", "confidential", "involved_user_ids"}

# Sign-off stamps (4.12): who did what and when. Only the process methods set
# them (see customer.complaint.process.mixin).
STAMP_FIELDS = frozenset(
    {
        "date_acknowledged",
        "assessed_by_id",
        "date_assessed",
        "closed_by_id",
        "date_closed",
        "priority_override_by_id",
        "date_priority_override",
    }
)

# Counters the process keeps (reopenings, escalations, progress updates).
COUNTER_FIELDS = frozenset(
    {
        "reopen_count",
        "escalation_level",
        "progress_update_count",
        "date_last_progress_update",
    }
)

# Handling data: complaints users and auditors read it, portal users and
# other employees never (the portal shows what it may through sudo).
INTERNAL = (
    "customer_complaint_iso10002.group_complaint_user,"
    "customer_complaint_iso10002.group_complaint_auditor"
)
MANAGER_GROUP = "customer_complaint_iso10002.group_complaint_manager"


# Fields of the complaint record PDF, per section (the decision rounds have
# theirs, see customer_complaint_decision.py). PORTAL_HIDDEN fields never
# reach the complainant.
REPORT_SECTIONS = {
    "complainant": [
        "partner_name",
        "commercial_partner_id",
        "email_from",
        "partner_phone",
        "lang",
    ],
    "subject": [
        "date_received",
        "channel",
        "received_by_id",
        "sale_order_id",
        "sale_line_id",
        "product_id",
        "invoice_id",
        "customer_order_reference",
        "requested_remedy",
        "requested_remedy_details",
        "category_id",
        "tag_ids",
        "team_id",
        "user_id",
        "priority",
        "confidential",
    ],
    "assessment": [
        "severity",
        "impact",
        "complexity",
        "safety_related",
        "immediate_action",
        "assessed_by_id",
        "date_assessed",
    ],
    "investigation": [
        "findings",
        "root_cause",
        "cause_code_id",
        "is_recurring",
        "similar_complaint_ids",
    ],
    "admissibility": [
        "rejection_reason",
        "rejection_details",
        "duplicate_of_id",
    ],
    "follow_up": [
        "appeal_count",
        "adr_date_referred",
        "adr_reference",
        "adr_outcome",
        "adr_date_outcome",
        "reopen_count",
        "escalation_level",
    ],
    "rating": [
        "handling_rating_overall",
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_comment",
        "date_handling_rated",
    ],
}
PORTAL_HIDDEN = {
    "received_by_id",
    "tag_ids",
    "user_id",
    "priority",
    "confidential",
    "escalation_level",
    "reopen_count",
    "similar_complaint_ids",
    "duplicate_of_id",
}
PORTAL_HIDDEN_SECTIONS = {"assessment", "investigation"}


HANDLER_GROUP = "customer_complaint_iso10002.group_complaint_user"


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "portal.mixin",
        "mail.tracking.duration.mixin",
        "customer.complaint.mail.once.mixin",
        "customer.complaint.retention.mixin",
        # after the mixins above, which build on them
        "customer.complaint.batch.job.mixin",
        "customer.complaint.process.mixin",
    ]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["reference", "name"]
    _check_company_auto = True
    _primary_email = "email_from"
    _track_duration_field = "stage_id"
    _mail_post_access = "write"
    _process_fields = STAMP_FIELDS | RETENTION_FIELDS | RATING_FIELDS | COUNTER_FIELDS
    # Personal data of the complainant (retention, 8.1): free text emptied,
    # tracked values removed.
    _personal_text_fields = (
        "description",
        "requested_remedy_details",
        "customer_order_reference",
        "handling_rating_comment",
        "email_cc",
    )
    _personal_tracked_fields = (
        "partner_id",
        "partner_name",
        "email_from",
        "partner_phone",
    )

    def _default_stage_id(self):
        return self.env["customer.complaint.stage"].browse(
            self.env["customer.complaint.stage"]._first_stage_id()
        )

    # Identification and receipt (clause 7.2)
    reference = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: _("New"),
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_style=True)
    channel = fields.Selection(
        selection=CHANNELS,
        required=True,
        default="phone",
        tracking=True,
    )
    # The dates the KPIs filter periods on are indexed (8.2-8.6).
    date_received = fields.Datetime(
        string="Received on",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        copy=False,
        index=True,
    )
    received_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Received by",
        default=lambda self: self.env.user,
        copy=False,
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged on", readonly=True, copy=False, index=True
    )
    date_response_due = fields.Datetime(
        string="Response Due",
        compute="_compute_date_response_due",
        store=True,
        copy=False,
        help="Date by which the complainant was promised a response: the "
        "deadline of the first decision phase.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # Archived complaints stay in the record and its figures (4.9, 8.1).
    active = fields.Boolean(default=True, tracking=True)

    # Complainant
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Complainant",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    partner_name = fields.Char(
        string="Contact Name",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    email_from = fields.Char(
        string="Email",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    partner_phone = fields.Char(
        string="Phone",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    lang = fields.Selection(
        selection="_get_lang_selection",
        string="Language",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
        precompute=True,
        help="Language the complainant is written to in.",
    )

    # What the complaint is about
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sales Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        domain="[('order_id', '=', sale_order_id)]",
        index="btree_not_null",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        domain="[('id', 'in', allowed_product_ids)] if sale_order_id else []",
    )
    allowed_product_ids = fields.Many2many(
        comodel_name="product.product",
        compute="_compute_allowed_product_ids",
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )

    # What the complainant asks for
    requested_remedy = fields.Selection(selection=REMEDIES, tracking=True)
    requested_remedy_details = fields.Text(string="Remedy Details")

    # Classification and handling
    category_id = fields.Many2one(
        comodel_name="customer.complaint.category",
        tracking=True,
        check_company=True,
        index="btree_not_null",
    )
    tag_ids = fields.Many2many(comodel_name="customer.complaint.tag", string="Tags")
    team_id = fields.Many2one(
        comodel_name="customer.complaint.team",
        default=lambda self: self.env[
            "customer.complaint.team"
        ]._default_team_for_user(),
        tracking=True,
        check_company=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handler",
        tracking=True,
        check_company=True,
        index=True,
        domain=lambda self: self._handler_domain(),
    )
    involved_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="customer_complaint_involved_user_rel",
        column1="complaint_id",
        column2="user_id",
        string="Involved People",
        compute="_compute_involved_user_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="The people the complaint is about: the salespeople of the linked "
        "order and invoice, and those staff name. They neither handle, approve "
        "nor review it, and do not see it when it is confidential.",
        groups=INTERNAL,
    )
    # Follows the assessment; a manager may override it, with a reason.
    priority = fields.Selection(
        selection=PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
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
    stage_id = fields.Many2one(
        comodel_name="customer.complaint.stage",
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        ondelete="restrict",
        tracking=True,
        index=True,
        copy=False,
        domain="['|', ('team_ids', '=', False), ('team_ids', 'in', team_id)]",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    date_last_stage_update = fields.Datetime(
        string="Last Stage Update", default=fields.Datetime.now, copy=False
    )
    date_closed = fields.Datetime(
        string="Closed on", readonly=True, copy=False, index=True
    )
    closed_by_id = fields.Many2one(
        comodel_name="res.users", string="Closed by", readonly=True, copy=False
    )
    kanban_state = fields.Selection(
        selection=[
            ("normal", "In Progress"),
            ("done", "Ready for Next Stage"),
            ("blocked", "Blocked"),
        ],
        default="normal",
        required=True,
        copy=False,
    )
    color = fields.Integer(string="Color Index")
    confidential = fields.Boolean(
        tracking=True,
        help="Only the handler, complaint managers and auditors can see a "
        "confidential complaint.",
    )

    _sql_constraints = [
        (
            "reference_company_uniq",
            "unique (reference, company_id)",
            "A complaint reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.model
    def _get_lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("sale_order_id", "invoice_id")
    def _compute_partner_id(self):
        for complaint in self:
            document = complaint.sale_order_id or complaint.invoice_id
            complaint.partner_id = complaint.partner_id or document.partner_id

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for complaint in self:
            partner = complaint.partner_id
            complaint.partner_name = partner.name or complaint.partner_name
            complaint.email_from = partner.email or complaint.email_from
            complaint.partner_phone = partner.phone or complaint.partner_phone
            complaint.lang = partner.lang or complaint.lang or self.env.lang

    @api.depends("sale_order_id", "sale_line_id", "invoice_id")
    def _compute_involved_user_ids(self):
        """Objectivity (4.7) on every intake channel: the salespeople of the
        linked documents are whom the complaint is likely about. Staff may name
        more people; nobody named is dropped."""
        for complaint in self:
            complaint.involved_user_ids = (
                complaint.involved_user_ids | complaint._document_people()
            )

    def _document_people(self):
        """The salespeople of the order, order line and invoice of self."""
        self.ensure_one()
        # sudo: the salesperson of documents linked to this complaint,
        # whoever files it (portal, email, public form, staff).
        documents = self.sudo()
        people = (
            documents.sale_order_id.user_id
            | documents.sale_line_id.order_id.user_id
            | documents.invoice_id.invoice_user_id
        )
        # inactive users (OdooBot selling through the portal) handle nothing
        return people.filtered(lambda u: u.active and not u.share).with_env(self.env)

    @api.constrains("involved_user_ids", "sale_order_id", "sale_line_id", "invoice_id")
    def _check_document_people_involved(self):
        # nobody takes the salesperson off a complaint about their sale, not
        # even by sending the list over RPC
        for complaint in self:
            missing = complaint._document_people() - complaint.involved_user_ids
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(people)s sold what complaint %(ref)s is about: they "
                        "stay among its involved people.",
                        people=", ".join(missing.mapped("name")),
                        ref=complaint.reference,
                    )
                )

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for complaint in self:
            complaint.product_id = (
                complaint.sale_line_id.product_id or complaint.product_id
            )

    @api.depends("sale_order_id")
    def _compute_allowed_product_ids(self):
        for complaint in self:
            # sudo: only the products of the order linked to this complaint,
            # for its product domain; no order data reaches the user.
            complaint.allowed_product_ids = (
                complaint.sale_order_id.sudo().order_line.product_id
            )

    @api.depends("phase_ids.date_deadline")
    def _compute_date_response_due(self):
        # One source: the phase deadline the acknowledgement promises.
        for complaint in self:
            first = complaint.phase_ids.filtered(
                lambda p: p.phase == "decision" and p.round == 1
            )
            complaint.date_response_due = first.date_deadline

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = (
                f"{complaint.reference} {complaint.name}"
                if complaint.reference and complaint.name
                else complaint.name or complaint.reference
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage shows as a column, even empty ones, so the process is visible.
        team_ids = [
            leaf[2]
            for leaf in domain
            if isinstance(leaf, list | tuple)
            and leaf[0] == "team_id"
            and leaf[1] == "="
            and leaf[2]
        ]
        stage_domain = []
        if team_ids:
            stage_domain = [
                "|",
                ("team_ids", "=", False),
                ("team_ids", "in", team_ids),
            ]
        return stages.search(stage_domain)

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------

    @api.constrains("sale_order_id", "sale_line_id", "product_id")
    def _check_order_consistency(self):
        for complaint in self:
            order = complaint.sale_order_id
            if complaint.sale_line_id and complaint.sale_line_id.order_id != order:
                raise ValidationError(
                    _(
                        "The order line %(line)s does not belong to the order "
                        "%(order)s.",
                        line=complaint.sale_line_id.display_name,
                        order=order.name or _("(none)"),
                    )
                )
            if (
                order
                and complaint.product_id
                and complaint.product_id not in order.order_line.product_id
            ):
                raise ValidationError(
                    _(
                        "The product %(product)s was not ordered on %(order)s.",
                        product=complaint.product_id.display_name,
                        order=order.name,
                    )
                )

    @api.model
    def _handler_domain(self):
        """Competence (4.14): complaints are handled by complaints users."""
        group = self.env.ref(HANDLER_GROUP, raise_if_not_found=False)
        return [("share", "=", False), ("groups_id", "in", group.ids if group else [])]

    @api.constrains("user_id")
    def _check_handler_competence(self):
        for complaint in self:
            if complaint.user_id and not complaint.user_id._has_group(HANDLER_GROUP):
                raise ValidationError(
                    _(
                        "%(user)s is not a complaints user and cannot handle "
                        "complaint %(ref)s: give them the Complaints / User "
                        "access first.",
                        user=complaint.user_id.name,
                        ref=complaint.reference,
                    )
                )

    @api.constrains("user_id", "involved_user_ids")
    def _check_handler_not_involved(self):
        for complaint in self:
            if complaint.user_id and complaint.user_id in complaint.involved_user_ids:
                raise ValidationError(
                    _(
                        "%(user)s is involved in complaint %(ref)s and cannot "
                        "handle it.",
                        user=complaint.user_id.name,
                        ref=complaint.reference,
                    )
                )

    @api.constrains("partner_id", "email_from", "partner_name")
    def _check_complainant(self):
        for complaint in self:
            if not (
                complaint.partner_id or complaint.email_from or complaint.partner_name
            ):
                raise ValidationError(
                    _("A complaint needs a complainant: a contact, a name or an email.")
                )

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if self.sale_line_id and self.sale_line_id.order_id != order:
            self.sale_line_id = False
        if (
            order
            and self.product_id
            and self.product_id not in order.order_line.product_id
        ):
            self.product_id = False

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        # Copies: a caller reusing one dict for several complaints must not get
        # the first complaint's reference back in it.
        vals_list = [dict(vals) for vals in vals_list]
        new_label = _("New")
        to_number = defaultdict(list)
        default_stage = None
        vals_list = [self._filter_caller_vals(vals) for vals in vals_list]
        for vals in vals_list:
            vals.setdefault("access_token", str(uuid.uuid4()))
            if not vals.get("reference") or vals["reference"] == new_label:
                to_number[vals.get("company_id") or self.env.company.id].append(vals)
            if "stage_id" not in vals and "default_stage_id" not in self.env.context:
                if default_stage is None:
                    default_stage = self._default_stage_id()
                vals["stage_id"] = default_stage.id
            if vals.get("stage_id") and "date_last_stage_update" not in vals:
                vals["date_last_stage_update"] = now
            # Assessment and decision made at creation are signed (4.12).
            if vals.get("severity") or vals.get("impact") or vals.get("safety_related"):
                vals.setdefault("assessed_by_id", self.env.user.id)
                vals.setdefault("date_assessed", now)
        for company_id, company_vals in to_number.items():
            references = self._next_references(
                self.env["res.company"].browse(company_id), len(company_vals)
            )
            for vals, reference in zip(company_vals, references, strict=True):
                vals["reference"] = reference
        # mail.thread's creation message comes after the acknowledgement
        log_creation = not (
            self.env.context.get("mail_create_nolog")
            or self.env.context.get("tracking_disable")
        )
        complaints = (
            super(CustomerComplaint, self.with_context(mail_create_nolog=True))
            .create(vals_list)
            .with_env(self.env)
        )
        if not self.env.su:
            for stage in complaints.stage_id.filtered("requires_assessment"):
                complaints.filtered(
                    lambda c, stage=stage: c.stage_id == stage
                    and not (c.severity and c.impact)
                )._raise_not_assessed(stage)
        # The phases and their deadlines (customer_complaint_phase.py); an
        # assessment made at creation completes its phase.
        complaints._phases_plan()
        complaints.filtered(
            lambda c: c.date_acknowledged or c.date_assessed
        )._phases_sync_stamps({"date_acknowledged", "date_assessed"})
        complaints._auto_assign()
        complaints.filtered("is_closed")._process_env().write(
            {"date_closed": now, "closed_by_id": self.env.uid}
        )
        if not self.env.context.get("complaint_skip_acknowledgement"):
            complaints._send_acknowledgement()
        if log_creation:
            complaints._log_creation()
        if not self.env.su:
            complaints.browse(
                complaint.id
                for complaint, vals in zip(complaints, vals_list, strict=True)
                if "priority" in vals
            )._stamp_priority_override()
        complaints.filtered("safety_related")._notify_safety_related()
        return complaints

    # ------------------------------------------------------------------
    # Process rules shared by create and write
    # ------------------------------------------------------------------

    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _filter_caller_vals(self, vals):
        """``vals`` of a create or write, as the caller may give them: stamps
        refused, the priority dropped below manager (it is the assessment's;
        no error, the form sends the value it shows)."""
        self._check_process_fields(vals)
        if (
            "active" in vals
            and not self._is_process()
            and any(bool(vals["active"]) != complaint.active for complaint in self)
        ):
            raise UserError(
                self.env._(
                    "Complaints are archived and restored with the Archive and "
                    "Unarchive actions, by a complaint manager, with a reason."
                )
            )
        if self._is_manager():
            return vals
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

    def _check_write_allowed(self, vals):
        if "reference" in vals and any(
            complaint.reference != vals["reference"] for complaint in self
        ):
            raise UserError(
                _("A complaint reference is given once and cannot be changed.")
            )
        if self._in_process():
            return
        locked = LOCKED_FIELDS & set(vals)
        closed = self.filtered("is_closed")
        if locked and closed:
            raise UserError(
                self.env._(
                    "Complaint %(refs)s is closed and locked: its %(fields)s "
                    "cannot be changed. Reopen it first, with a reason.",
                    refs=", ".join(closed.mapped("reference")),
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(locked)
                    ),
                )
            )

    def _raise_not_assessed(self, stage):
        """The process cannot skip the initial assessment (7.5)."""
        if self:
            raise UserError(
                self.env._(
                    "Record the initial assessment (severity and impact) of "
                    "%(refs)s before moving it to %(stage)s.",
                    refs=", ".join(self.mapped("reference")),
                    stage=stage.name,
                )
            )

    def _prepare_stage_write(self, vals):
        """Check and complete ``vals``, which change the stage of self."""
        Stage = self.env["customer.complaint.stage"]
        stage = Stage.browse(vals["stage_id"])
        # The process rules bind people; sudo callers (portal answers made
        # under the access check, scheduled jobs) follow the process itself.
        if not self.env.su:
            if stage.requires_assessment:
                self.filtered(
                    lambda c: not (
                        (vals.get("severity") or c.severity)
                        and (vals.get("impact") or c.impact)
                    )
                )._raise_not_assessed(stage)
            # Accountability (4.12): a complaint leaves the first stage with a
            # named handler; whoever moves an unassigned one on takes it.
            unassigned = self.filtered(lambda c: not c.user_id)
            if (
                unassigned
                and stage.id != Stage._first_stage_id()
                and not vals.get("user_id")
            ):
                unassigned.write({"user_id": self.env.uid})
        now = fields.Datetime.now()
        vals["date_last_stage_update"] = now
        vals.setdefault("kanban_state", "normal")
        vals["date_closed"] = now if stage.is_closed else False
        vals["closed_by_id"] = self.env.uid if stage.is_closed else False

    def write(self, vals):
        self._check_write_allowed(vals)
        vals = self._filter_caller_vals(vals)
        assessment_changed = ASSESSMENT_FIELDS & set(vals)
        newly_safety = (
            self.filtered(lambda c: not c.safety_related)
            if vals.get("safety_related")
            else self.browse()
        )
        if "stage_id" in vals:
            self._prepare_stage_write(vals)
        result = super().write(vals)
        stamps = set(PHASE_STAMPS.values()) & set(vals)
        if stamps:
            self._phases_sync_stamps(stamps)
        if "stage_id" in vals and vals["stage_id"]:
            template = (
                self.env["customer.complaint.stage"]
                .browse(vals["stage_id"])
                .mail_template_id
            )
            if template:
                self._send_complaint_mail(template)
            closed = self.filtered(lambda c: c.is_closed and not c.stage_id.is_rejected)
            # Closed after the delay to answer (see _closing_blockers).
            closed.current_decision_id._record_no_answer()
            closed._request_handling_rating()
        now = fields.Datetime.now()
        process = self._process_env()
        if assessment_changed:
            process.filtered(lambda c: not c.date_assessed).write(
                {"assessed_by_id": self.env.uid, "date_assessed": now}
            )
        if "user_id" in vals or "involved_user_ids" in vals:
            # Nobody approves a round they handle or are involved in: handed
            # to its approver, a round is approved again by someone else.
            self.current_decision_id.filtered(
                lambda d: d.state == "approved"
                and (d.approved_by_id | d.authority_id) & d._approval_excluded_users()
            )._void_approval()
        if "priority" in vals and not self._is_process():
            self._stamp_priority_override()
        newly_safety._notify_safety_related()
        if not self._is_process() and REACH_FIELDS & set(vals):
            # A user may not write a complaint out of their own reach (say,
            # confidential and handled by someone else): a manager hands it on.
            self.check_access("write")
        return result

    def action_archive(self):
        """Archiving asks for the reason (the web client runs this action)."""
        return self._reason_dialog(
            self.env._("Archive Complaints"),
            "customer.complaint.archive",
            {"default_complaint_ids": self.ids},
        )

    def _action_archive(self, reason):
        """A manager archives complaints, with the reason in their chatter.
        They are retained: the KPIs, the review and the register count them."""
        self._check_archive_rights(reason)
        self._process_env().write({"active": False})
        for complaint in self:
            complaint.message_post(
                body=self.env._("Archived: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_unarchive(self):
        self._check_archive_rights(self.env._("Restored"))
        self._process_env().write({"active": True})
        return True

    def _check_archive_rights(self, reason):
        if not self._is_manager():
            raise UserError(
                self.env._("Only complaint managers archive or restore complaints.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Archiving a complaint needs a reason."))
        self.check_access("write")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_acknowledged(self):
        if any(complaint.date_acknowledged for complaint in self):
            raise UserError(
                _(
                    "An acknowledged complaint is part of the complaint record and "
                    "cannot be deleted. Archive it instead."
                )
            )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%(name)s (copy)", name=vals["name"]))
            for vals in vals_list
        ]

    # ------------------------------------------------------------------
    # Mail gateway (clauses 7.1, 7.2)
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner:
            partners = self._mail_find_partner_from_emails(
                [email_from], force_create=False
            )
            partner = partners[0] if partners and partners[0] else partner
        name, email = tools.parse_contact_from_email(email_from)
        values.setdefault("channel", "email")
        values.setdefault("name", msg_dict.get("subject") or _("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        if partner:
            values.setdefault("partner_id", partner.id)
        else:
            values.setdefault("partner_name", name or email)
            values.setdefault("email_from", email)
        values.setdefault("received_by_id", False)
        complaint = super().message_new(msg_dict, custom_values=values)
        complaint._subscribe_cc_partners(msg_dict.get("cc"))
        return complaint

    def message_update(self, msg_dict, update_vals=None):
        self._subscribe_cc_partners(msg_dict.get("cc"))
        return super().message_update(msg_dict, update_vals=update_vals)

    def _subscribe_cc_partners(self, cc):
        # CC'd people who are already contacts follow the complaint; unknown
        # addresses stay in email_cc, no contact is created behind anyone's back.
        emails = tools.email_split(cc or "")
        if not emails:
            return
        partners = self._mail_find_partner_from_emails(emails, force_create=False)
        partner_ids = [partner.id for partner in partners if partner]
        if partner_ids:
            self.message_subscribe(partner_ids=partner_ids)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for complaint in self:
            if complaint.partner_id:
                complaint._message_add_suggested_recipient(
                    recipients, partner=complaint.partner_id, reason=_("Complainant")
                )
            elif complaint.email_from:
                complaint._message_add_suggested_recipient(
                    recipients, email=complaint.email_from, reason=_("Complainant")
                )
        return recipients

    def _creation_subtype(self):
        return self.env.ref("customer_complaint_iso10002.mt_complaint_new")

    def _log_creation(self):
        """mail.thread's creation message, written after the acknowledgement:
        where the acknowledgement is in the chatter it already records the
        receipt, by whom and when, and a second line would only cost time.
        Posted (notifying) only where someone besides the author follows new
        complaints, e.g. through the team."""
        subtype = self._creation_subtype()
        author = self.env.user.partner_id
        to_post = self.filtered(
            lambda complaint: any(
                subtype in follower.subtype_ids and follower.partner_id != author
                for follower in complaint.message_follower_ids
            )
        )
        for complaint in to_post:
            # sudo: as mail.thread does, the creator may not follow the team
            complaint.sudo().message_post(
                subtype_id=subtype.id,
                author_id=author.id,
                body=Markup('<div summary="o_mail_notification"><p>%s</p></div>')
                % complaint._creation_message(),
            )
        to_log = self - to_post - self.filtered("date_acknowledged")
        if to_log:
            to_log._message_log_batch(
                bodies={
                    complaint.id: complaint._creation_message() for complaint in to_log
                }
            )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("customer_complaint_iso10002.mt_complaint_stage")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Acknowledgement and complainant mail (clauses 7.3, 7.4)
    # ------------------------------------------------------------------

    def _send_acknowledgement(self):
        """Acknowledge receipt once per complaint, with its team's template
        (customer.complaint.mail.once.mixin)."""
        default_template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_acknowledgement",
            raise_if_not_found=False,
        )
        to_ack = self.filtered(
            lambda c: not c.team_id or c.team_id.acknowledgement_enabled
        ).grouped(lambda c: c.team_id.acknowledgement_template_id or default_template)
        for template, complaints in to_ack.items():
            complaints._send_once(template, "date_acknowledged")

    def _auto_assign(self):
        for complaint in self.filtered(
            lambda c: not c.user_id
            and c.team_id
            and c.team_id.assignment_method != "none"
        ):
            handler = complaint.team_id._pick_handler(
                exclude=complaint.involved_user_ids
            )
            if handler:
                complaint.user_id = handler

    @api.model
    def _next_references(self, company, count):
        """``count`` new references of ``company``'s own numbering."""
        # sudo: the numbering is configuration; drawing numbers from it is
        # part of creating the complaints the caller may create.
        company = company.sudo()
        if not company.complaint_sequence_id:
            company._create_complaint_sequence()
        sequence = company.complaint_sequence_id
        return [sequence._next() for _index in range(count)]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_assign_to_me(self):
        self.user_id = self.env.user
        return True

    @api.model
    def _action_for(self, domain, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint_iso10002.customer_complaint_action"
        )
        action["domain"] = domain
        action["context"] = dict(context or {})
        return action

    @api.model
    def _count_by(self, field_name, records):
        """Complaint counts per record of ``records`` in one grouped query."""
        if not records or not self.has_access("read"):
            return {}
        return dict(
            self._read_group(
                [(field_name, "in", records.ids)], [field_name], ["__count"]
            )
        )

    # ------------------------------------------------------------------
    # ISO 10002 handling process (7.5-7.9, 4.7, 4.15, 8.7)
    # ------------------------------------------------------------------

    # Initial assessment (7.5)
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

    # Deadlines and escalation (4.15, 7.3): the phases and their deadlines
    # (customer_complaint_phase.py); the worst open one stored here, read by
    # the kanban, the list and the portal.
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
        ],
        string="Deadlines",
        compute="_compute_deadline_state",
        store=True,
        index=True,
        help="The worst state of the phases still open.",
    )
    escalation_level = fields.Integer(
        readonly=True, copy=False, tracking=True, groups=INTERNAL
    )
    progress_update_count = fields.Integer(
        string="Progress Updates", readonly=True, copy=False
    )
    date_last_progress_update = fields.Datetime(
        string="Last Progress Update", readonly=True, copy=False
    )

    # Investigation (7.6)
    findings = fields.Html(groups=INTERNAL)
    root_cause = fields.Text(tracking=True, groups=INTERNAL)
    cause_code_id = fields.Many2one(
        comodel_name="customer.complaint.cause",
        tracking=True,
        check_company=True,
        index="btree_not_null",
        groups=INTERNAL,
    )
    similar_complaint_ids = fields.Many2many(
        comodel_name="customer.complaint",
        string="Similar Complaints",
        compute="_compute_similar_complaints",
        groups=INTERNAL,
    )
    similar_complaint_count = fields.Integer(
        compute="_compute_similar_complaints", groups=INTERNAL
    )
    is_recurring = fields.Boolean(
        string="Recurring",
        compute="_compute_similar_complaints",
        help="The number of similar complaints reached the threshold set on "
        "the category.",
        groups=INTERNAL,
    )

    # Decision rounds (7.7-7.9): the first decision and one per appeal, each
    # a customer.complaint.decision. What the views, filters and figures read
    # of them is stored here.
    decision_ids = fields.One2many(
        comodel_name="customer.complaint.decision",
        inverse_name="complaint_id",
        string="Decisions",
        groups=INTERNAL,
    )
    current_decision_id = fields.Many2one(
        comodel_name="customer.complaint.decision",
        compute="_compute_decision_rounds",
        store=True,
        index="btree_not_null",
        groups=INTERNAL,
    )
    decision_outcome = fields.Selection(
        related="current_decision_id.outcome",
        string="Decision",
        store=True,
        groups=INTERNAL,
    )
    decision_state = fields.Selection(
        related="current_decision_id.state",
        string="Decision Status",
        store=True,
        groups=INTERNAL,
    )
    date_first_decision = fields.Datetime(
        string="First Decided on",
        compute="_compute_decision_rounds",
        store=True,
        index=True,
        groups=INTERNAL,
    )
    date_first_communicated = fields.Datetime(
        string="First Decision Communicated on",
        compute="_compute_decision_rounds",
        store=True,
        index=True,
        help="When the complainant got the first decision: the response they "
        "were promised.",
    )
    appeal_count = fields.Integer(
        string="Appeals", compute="_compute_decision_rounds", store=True
    )
    is_complaint_manager = fields.Boolean(
        compute="_compute_is_complaint_manager",
        help="Whether the current user is a complaint manager (may set the "
        "priority by hand).",
    )

    # Not admissible
    rejection_reason = fields.Selection(
        selection=[
            ("not_complaint", "Not a complaint"),
            ("duplicate", "Duplicate"),
            ("out_of_scope", "Out of scope"),
        ],
        string="Not Admissible Because",
        tracking=True,
        copy=False,
    )
    rejection_details = fields.Text(copy=False)
    duplicate_of_id = fields.Many2one(
        comodel_name="customer.complaint",
        string="Duplicate of",
        check_company=True,
        copy=False,
    )

    # External referral (7.9, ISO 10003)
    adr_date_referred = fields.Date(string="Referred to ADR on", copy=False)
    adr_reference = fields.Char(string="ADR Reference", copy=False)
    adr_outcome = fields.Text(string="ADR Outcome", copy=False)
    adr_date_outcome = fields.Date(string="ADR Outcome on", copy=False)
    reopen_count = fields.Integer(
        string="Reopened", readonly=True, copy=False, tracking=True
    )
    timeline_html = fields.Html(
        string="Timeline",
        compute="_compute_timeline_html",
        sanitize=False,
        groups=INTERNAL,
    )

    # Improvement (8.7)
    action_ids = fields.Many2many(
        comodel_name="customer.complaint.action",
        relation="customer_complaint_action_rel",
        column1="complaint_id",
        column2="action_id",
        string="Improvement Actions",
        check_company=True,
        groups=INTERNAL,
    )
    action_count = fields.Integer(compute="_compute_action_count", groups=INTERNAL)

    # ------------------------------------------------------------------
    # Computes of the handling process
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

    @api.depends("phase_ids.state")
    def _compute_deadline_state(self):
        for complaint in self:
            states = set(complaint.phase_ids.mapped("state"))
            complaint.deadline_state = next(
                (state for state in ("breached", "at_risk") if state in states),
                "on_time",
            )

    def _get_deadline_calendar(self):
        self.ensure_one()
        if self.team_id:
            return self.team_id._get_working_calendar()
        return self.company_id.resource_calendar_id

    @api.model
    def _plan_working_hours(self, calendar, hours, start):
        """``hours`` working hours after ``start`` on ``calendar``, public
        holidays (global leaves of the calendar) excluded."""
        if not calendar:
            return start + timedelta(hours=hours)
        return calendar._complaint_plan_hours(hours, start) or (
            start + timedelta(hours=hours)
        )

    # ------------------------------------------------------------------
    # Phases (customer_complaint_phase.py): planned at creation, completed
    # by the process, escalated by the job
    # ------------------------------------------------------------------

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
        """An appeal opens the decision phase of the next round (that of
        ``decision``, a customer.complaint.decision), which runs from ``date``
        (default: now)."""
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

    def _similar_domain(self):
        self.ensure_one()
        days = self.company_id.complaint_similar_days or 90
        date = self.date_received or fields.Datetime.now()
        criteria = []
        if self.product_id:
            criteria.append([("product_id", "=", self.product_id.id)])
        if self.category_id and self.commercial_partner_id:
            criteria.append(
                [
                    ("category_id", "=", self.category_id.id),
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ]
            )
        if not criteria:
            return None
        return expression.AND(
            [
                [
                    ("id", "!=", self._origin.id or 0),
                    ("company_id", "=", self.company_id.id),
                    ("date_received", ">=", date - timedelta(days=days)),
                    ("date_received", "<=", date + timedelta(days=days)),
                ],
                expression.OR(criteria),
            ]
        )

    @api.depends("product_id", "category_id", "commercial_partner_id", "date_received")
    def _compute_similar_complaints(self):
        for complaint in self:
            domain = complaint._similar_domain()
            # sudo: recurrence is counted over every complaint, confidential
            # ones included; only the accessible ones are listed below.
            similar = self.sudo().search(domain) if domain else self.browse()
            threshold = complaint.category_id._get_recurring_threshold()
            complaint.is_recurring = bool(threshold and len(similar) >= threshold)
            visible = similar.with_env(self.env)._filtered_access("read")
            complaint.similar_complaint_ids = visible
            complaint.similar_complaint_count = len(visible)

    @api.depends(
        "decision_ids.round",
        "decision_ids.date_decision",
        "decision_ids.date_communicated",
    )
    def _compute_decision_rounds(self):
        for complaint in self:
            rounds = complaint.decision_ids.sorted("round")
            complaint.current_decision_id = rounds[-1:]
            complaint.appeal_count = max(len(rounds) - 1, 0)
            # The time to decision and the response promised: the first round.
            complaint.date_first_decision = rounds[:1].date_decision
            complaint.date_first_communicated = rounds[:1].date_communicated

    @api.depends_context("uid")
    def _compute_is_complaint_manager(self):
        self.is_complaint_manager = self.env.user.has_group(
            "customer_complaint_iso10002.group_complaint_manager"
        )

    @api.depends("action_ids")
    def _compute_action_count(self):
        for complaint in self:
            complaint.action_count = len(complaint.action_ids)

    @api.depends(
        "date_received",
        "date_acknowledged",
        "date_assessed",
        "decision_ids.date_decision",
        "decision_ids.date_communicated",
        "decision_ids.date_answer",
        "date_closed",
        "is_closed",
        "phase_ids.date_deadline",
        "phase_ids.state",
    )
    def _compute_timeline_html(self):
        QWeb = self.env["ir.qweb"]
        for complaint in self:
            complaint.timeline_html = QWeb._render(
                "customer_complaint_iso10002.complaint_timeline_table",
                {"timeline": complaint._get_timeline(), "portal_view": False},
            )

    def _get_timeline(self, portal=False):
        """The phases of the handling (7.3), for the form, the portal and the PDF.

        One dict per phase (received, acknowledged, assessed, then decision,
        communicated and answered for every decision round, closed): ``key``
        (``decision``, ``decision_2``...), ``label``, ``date_done`` (date
        reached), ``date_deadline`` (deadline, the date promised to the
        complainant), ``state`` and ``state_label`` (deadline state) and
        ``late`` (deadline passed, phase not reached). For the complainant
        (``portal``) the internal information stays out: the decision date
        before it is communicated and the deadline states.
        """
        self.ensure_one()
        _ = self.env._
        Phase = self.env["customer.complaint.phase"]
        states = dict(Phase._fields["state"]._description_selection(self.env))
        ack = self._phase_of("ack")
        assessment = self._phase_of("assessment")
        closure = self._phase_of("closure")
        # key, label, date reached, deadline, deadline state, internal
        phases = [
            ("received", _("Received"), self.date_received, False, False, False),
            (
                "acknowledged",
                _("Acknowledged"),
                self.date_acknowledged,
                ack.date_deadline,
                ack.state,
                False,
            ),
            (
                "assessed",
                _("Assessed"),
                self.date_assessed,
                assessment.date_deadline,
                assessment.state,
                False,
            ),
            *self._timeline_rounds(portal),
            (
                "closed",
                _("Closed"),
                self.date_closed if self.is_closed else False,
                closure.date_deadline,
                closure.state,
                False,
            ),
        ]
        now = fields.Datetime.now()
        timeline = []
        for key, label, done, deadline, state, internal in phases:
            if portal and internal:
                continue
            if portal or not deadline:
                state = False
            timeline.append(
                {
                    "key": key,
                    "label": label,
                    "date_done": done,
                    "date_deadline": deadline,
                    "state": state,
                    "state_label": states.get(state, "") if state else "",
                    "late": bool(deadline and not done and deadline < now),
                }
            )
        return timeline

    def _phase_of(self, kind, number=None):
        """The phase ``kind`` of the complaint (of round ``number`` for a
        decision, default the first)."""
        self.ensure_one()
        number = number or (1 if kind == "decision" else 0)
        matching = self.phase_ids.filtered(
            lambda p: p.phase == kind and p.round == number
        )
        return matching[:1]

    def _timeline_rounds(self, portal):
        """The decision, communication and answer of every round (of the
        first, still to come, when there is none yet), for _get_timeline."""
        _ = self.env._
        rounds = self.decision_ids.sorted("round") or [
            self.env["customer.complaint.decision"]
        ]
        phases = []
        for decision in rounds:
            number = decision.round or 1
            suffix = "" if number == 1 else f"_{number}"
            labels = [
                _("Decision"),
                _("Decision communicated") if portal else _("Communicated"),
                _("Answered"),
            ]
            if number > 1:
                labels = [
                    _("%(phase)s (round %(round)s)", phase=label, round=number)
                    for label in labels
                ]
            # Each round's communication has its decision phase's deadline.
            phase = self._phase_of("decision", number)
            deadline, state = phase.date_deadline, phase.state
            done = (
                decision.date_decision,
                decision.date_communicated,
                decision.date_answer,
            )
            phases += [
                (f"decision{suffix}", labels[0], done[0], False, False, True),
                (f"communicated{suffix}", labels[1], done[1], deadline, state, False),
                (f"answered{suffix}", labels[2], done[2], False, False, False),
            ]
        return phases

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("root_cause", "severity")
    def _check_root_cause(self):
        """A severe complaint is decided on its root cause (also checked when
        a round records its outcome)."""
        for complaint in self:
            required_from = complaint.company_id.complaint_root_cause_severity
            if (
                complaint.decision_ids.filtered("outcome")
                and required_from
                and complaint.severity
                and complaint.severity >= required_from
                and not (complaint.root_cause or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s is severe: record its root cause before "
                        "the decision.",
                        ref=complaint.reference,
                    )
                )

    @api.constrains("rejection_reason", "duplicate_of_id", "stage_id")
    def _check_rejection(self):
        for complaint in self:
            if complaint.duplicate_of_id == complaint:
                raise ValidationError(
                    self.env._("A complaint cannot be a duplicate of itself.")
                )
            if (
                complaint.rejection_reason == "duplicate"
                and not complaint.duplicate_of_id
            ):
                raise ValidationError(
                    self.env._(
                        "Link the duplicate %(ref)s to its original complaint.",
                        ref=complaint.reference,
                    )
                )
            if complaint.stage_id.is_rejected and not complaint.rejection_reason:
                raise ValidationError(
                    self.env._(
                        "Say why complaint %(ref)s is not admissible.",
                        ref=complaint.reference,
                    )
                )

    @api.constrains("stage_id", "action_ids")
    def _check_closing(self):
        for complaint in self:
            if complaint.stage_id.is_closed and not complaint.stage_id.is_rejected:
                blockers = complaint._closing_blockers()
                if blockers:
                    raise ValidationError("\n".join(blockers))

    def _closing_blockers(self):
        """Reasons why this complaint cannot be closed (empty if it can)."""
        self.ensure_one()
        _ = self.env._
        blockers = []
        if not (self.severity and self.impact):
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed without its initial "
                    "assessment.",
                    ref=self.reference,
                )
            )
        decision = self.current_decision_id
        if decision.state not in ("communicated", "accepted", "no_answer"):
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed without a decision "
                    "communicated to the complainant.",
                    ref=self.reference,
                )
            )
        elif decision.state == "communicated" and not decision._answer_overdue():
            blockers.append(
                _(
                    "Complaint %(ref)s cannot be closed before the complainant "
                    "answers the decision (or lets the delay to answer, %(days)s "
                    "days in the settings, pass).",
                    ref=self.reference,
                    days=self.company_id.complaint_answer_days,
                )
            )
        if self.is_recurring and not self.action_ids.filtered(
            lambda a: a.action_type in ("corrective", "preventive")
        ):
            blockers.append(
                _(
                    "Complaint %(ref)s is recurring: it needs a corrective or "
                    "preventive action before it is closed.",
                    ref=self.reference,
                )
            )
        return blockers

    # ------------------------------------------------------------------
    # Assessment (7.5)
    # ------------------------------------------------------------------

    def _get_complaint_managers(self):
        self.ensure_one()
        group = self.env.ref("customer_complaint_iso10002.group_complaint_manager")
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

    # ------------------------------------------------------------------
    # Decision (7.7, 7.8) and objectivity (4.7)
    # ------------------------------------------------------------------

    def _get_stage(self, xmlid, fallback_domain):
        stage = self.env.ref(f"customer_complaint_iso10002.{xmlid}", False)
        if not stage or not stage.active:
            stage = self.env["customer.complaint.stage"].search(
                fallback_domain, limit=1
            )
        return stage

    def _closed_stage(self):
        return self._get_stage(
            "stage_closed", [("is_closed", "=", True), ("is_rejected", "=", False)]
        )

    def action_open_decision(self):
        """The current decision round, or a new first one to record."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Decision"),
            "res_model": "customer.complaint.decision",
            "view_mode": "form",
            "context": {"default_complaint_id": self.id},
        }
        if self.current_decision_id:
            action["res_id"] = self.current_decision_id.id
        return action

    def action_reject_not_admissible(self):
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_not_admissible"
        )
        for complaint in self:
            if not complaint.rejection_reason:
                raise UserError(
                    self.env._(
                        "Say why complaint %(ref)s is not admissible first.",
                        ref=complaint.reference,
                    )
                )
        stage = self._get_stage("stage_rejected", [("is_rejected", "=", True)])
        # Entering the stage sends its template (see write); without one, the
        # complainant is still told with the standard not-admissible email.
        self.write({"stage_id": stage.id})
        if not stage.mail_template_id:
            self._send_complaint_mail(template)
        return True

    # ------------------------------------------------------------------
    # Closing and appeal (7.9)
    # ------------------------------------------------------------------

    def _close_if_possible(self, note=None):
        stage = self._closed_stage()
        for complaint in self:
            blockers = complaint._closing_blockers()
            if blockers:
                complaint.message_post(
                    body=self.env._(
                        "Not closed automatically: %(why)s", why=" ".join(blockers)
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            complaint.write({"stage_id": stage.id})
            if note:
                complaint.message_post(body=note, subtype_xmlid="mail.mt_note")

    def action_open_reopen_wizard(self):
        self.ensure_one()
        return self._reason_dialog(
            self.env._("Reopen Complaint"),
            "customer.complaint.reopen",
            {"default_complaint_id": self.id},
        )

    def _action_reopen(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Reopening a complaint needs a reason."))
        stage = self._get_stage("stage_investigation", [("is_closed", "=", False)])
        for complaint in self:
            if not complaint.is_closed:
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s is not closed.", ref=complaint.reference
                    )
                )
            complaint._process_env().write(
                {
                    "stage_id": stage.id,
                    "reopen_count": complaint.reopen_count + 1,
                }
            )
            complaint.message_post(
                body=self.env._("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_complaint_iso10002.customer_complaint_action_action"
        )
        action["domain"] = [("complaint_ids", "in", self.ids)]
        action["context"] = {
            "default_complaint_ids": [self.id],
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Scheduled jobs (4.15, 7.3, 7.9), in batches
    # (customer.complaint.batch.job.mixin)
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate_deadlines(self, batch_size=200):
        """Phases at risk or breached as time passes: alerts and escalation
        levels (customer.complaint.phase._cron_escalate)."""
        return self.env["customer.complaint.phase"]._cron_escalate(batch_size)

    @api.model
    def _cron_progress_updates(self, batch_size=200):
        """Tell complainants who heard nothing for N days where things stand.
        Returns the number of complaints looked at."""
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_progress",
            raise_if_not_found=False,
        )
        teams = self.env["customer.complaint.team"].search(
            [("progress_update_days", ">", 0)]
        )
        if not template or not teams:
            return 0
        now = fields.Datetime.now()
        silent = []
        for team in teams:
            since = now - timedelta(days=team.progress_update_days)
            silent.append(
                [
                    ("team_id", "=", team.id),
                    ("date_received", "<", since),
                    "|",
                    "&",
                    ("date_last_progress_update", "=", False),
                    ("date_acknowledged", "<", since),
                    ("date_last_progress_update", "<", since),
                ]
            )
        domain = expression.AND(
            [
                [("is_closed", "=", False), ("date_first_communicated", "=", False)],
                expression.OR(silent),
            ]
        )
        return self._run_batch_job(
            domain,
            lambda complaints: complaints._send_once(
                template,
                "date_last_progress_update",
                count_field="progress_update_count",
            ),
            batch_size,
        )

    @api.model
    def _cron_auto_close_unanswered(self, batch_size=200):
        """No answer N days after the decision was communicated: record it on
        the round and close (7.9). Returns the number of complaints handled."""
        Decision = self.env["customer.complaint.decision"]
        unanswered = []
        for company in self.env["res.company"].search([]):
            limit = Decision._answer_limit(company)
            if limit:
                unanswered.append(
                    [
                        ("company_id", "=", company.id),
                        ("current_decision_id.date_communicated", "<", limit),
                    ]
                )
        if not unanswered:
            return 0
        domain = expression.AND(
            [
                [("is_closed", "=", False), ("decision_state", "=", "communicated")],
                expression.OR(unanswered),
            ]
        )
        return self._run_batch_job(
            domain, lambda complaints: complaints._close_unanswered(), batch_size
        )

    def _close_unanswered(self):
        """The current rounds of self went unanswered: record it, close."""
        for company, complaints in self.grouped("company_id").items():
            unanswered = complaints.current_decision_id._record_no_answer()
            unanswered.complaint_id._close_if_possible(
                note=self.env._(
                    "Closed automatically: no answer to the decision within "
                    "%(days)s days.",
                    days=company.complaint_answer_days,
                )
            )

    # ------------------------------------------------------------------
    # Portal view and handling satisfaction (4.4, 8.3)
    # ------------------------------------------------------------------

    # What a visitor typed as order reference on the public form: never a link.
    customer_order_reference = fields.Char(
        string="Order Reference (as given)",
        help="Order reference typed by the complainant on the public form. It is "
        "not checked and never linked to an order automatically.",
    )

    # Satisfaction with the complaint handling (clause 8.3), set from the portal.
    handling_rating_speed = fields.Integer(
        string="Speed Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_clarity = fields.Integer(
        string="Clarity Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_fairness = fields.Integer(
        string="Fairness Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_overall = fields.Integer(
        string="Overall Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_comment = fields.Text(
        string="Rating Comment", readonly=True, copy=False
    )
    date_handling_rated = fields.Datetime(string="Rated on", readonly=True, copy=False)
    date_rating_requested = fields.Datetime(
        string="Rating Requested on",
        readonly=True,
        copy=False,
        help="When the complainant was asked, once the complaint was closed, to "
        "rate how it was handled (ISO 10002 8.3).",
    )

    @api.constrains(
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_overall",
    )
    def _check_handling_rating(self):
        for complaint in self:
            values = (
                complaint.handling_rating_speed,
                complaint.handling_rating_clarity,
                complaint.handling_rating_fairness,
                complaint.handling_rating_overall,
            )
            if any(value and not 1 <= value <= 5 for value in values):
                raise ValidationError(self.env._("Handling ratings go from 1 to 5."))

    # ------------------------------------------------------------------
    # Portal helpers
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Complaint %(ref)s", ref=self.reference)

    def _portal_decisions(self):
        """The rounds the complainant was told, first to last."""
        self.ensure_one()
        return self.decision_ids.filtered("date_communicated").sorted("round")

    def _portal_decision_communicated(self):
        self.ensure_one()
        return bool(self._portal_decisions())

    def _portal_can_answer_decision(self):
        """Whether the complainant may still accept or contest the decision."""
        self.ensure_one()
        return not self.is_closed and self.current_decision_id.state == "communicated"

    def _request_handling_rating(self):
        """Ask the complainants of self, once, to rate how their complaint,
        closed with a decision, was handled (8.3). Not-admissible ones are not
        asked: their complainant just got the reason. The KPIs' response rate
        is ratings ÷ these requests."""
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_rating_request",
            raise_if_not_found=False,
        )
        self.filtered(lambda c: not c.date_handling_rated)._send_once(
            template, "date_rating_requested"
        )

    def _portal_can_rate(self):
        self.ensure_one()
        return self.is_closed and not self.date_handling_rated

    def _rate_handling(self, ratings, comment=None):
        """The complainant rates how their closed complaint was handled (8.3),
        once: ``ratings`` maps speed, clarity, fairness and overall to 1-5. The
        only way the ratings are written (the portal route, after checking
        the caller is the complainant)."""
        self.ensure_one()
        _ = self.env._
        if not self._portal_can_rate():
            raise UserError(
                _("You have already rated the handling of this complaint.")
                if self.date_handling_rated
                else _("You can rate the handling once the complaint is closed.")
            )
        criteria = ("speed", "clarity", "fairness", "overall")
        if set(ratings) != set(criteria) or any(
            value not in range(1, 6) for value in ratings.values()
        ):
            raise UserError(_("Please give each aspect a rating from 1 to 5."))
        vals = {f"handling_rating_{key}": ratings[key] for key in criteria}
        vals.update(
            handling_rating_comment=(comment or "").strip() or False,
            date_handling_rated=fields.Datetime.now(),
        )
        self._process_env().write(vals)
        return True

    # ------------------------------------------------------------------
    # Working-time durations and the record report (8.5)
    # ------------------------------------------------------------------

    # Working-time durations (team calendar, else company calendar), stored
    # so that the analysis can aggregate them in SQL.
    work_hours_to_ack = fields.Float(
        string="Working Hours to Acknowledge",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
    )
    work_hours_to_decision = fields.Float(
        string="Working Hours to Decision",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
    )
    work_hours_to_close = fields.Float(
        string="Working Hours to Close",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
    )

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

    @api.model
    def _work_hours(self, calendar, start, end):
        """Working hours between two UTC datetimes on a calendar (holidays out)."""
        if not start or not end or end <= start:
            return 0.0
        if not calendar:
            return (end - start).total_seconds() / 3600.0
        return calendar._complaint_work_hours(start, end)

    # ------------------------------------------------------------------
    # Retention (4.10, 8.1): customer.complaint.retention.mixin
    # ------------------------------------------------------------------

    def _retention_expired_domain(self, limit):
        return [("is_closed", "=", True), ("date_closed", "<", limit)]

    def _anonymized_values(self):
        # Kept: reference, subject, dates, stage, category, product, team,
        # handler, outcome, costs and ratings: every reported figure.
        return {
            "partner_id": False,
            "partner_name": self.env._("Anonymized complainant"),
            "email_from": False,
            "partner_phone": False,
        }

    def _anonymize_parts(self):
        self.decision_ids._anonymize()

    # ------------------------------------------------------------------
    # Complaint record PDF
    # ------------------------------------------------------------------

    def _report_is_portal(self):
        """Whether the record is printed for the complainant (portal) side."""
        return bool(self.env.context.get("complaint_portal") or self.env.user.share)

    def _report_section(self, section):
        """(label, text) of the filled fields of a section of the record PDF."""
        self.ensure_one()
        portal = self._report_is_portal()
        if portal and section in PORTAL_HIDDEN_SECTIONS:
            return []
        rows = []
        for fname in REPORT_SECTIONS.get(section, []):
            field = self._fields[fname]
            if portal and fname in PORTAL_HIDDEN:
                continue
            text = self._report_format(field, self[fname])
            if text:
                rows.append((field._description_string(self.env), text))
        return rows

    def _report_decisions(self):
        """[(round, rows)] of the record PDF: every round for staff, the
        communicated ones without internal fields for the complainant."""
        self.ensure_one()
        portal = self._report_is_portal()
        rounds = (
            self._portal_decisions() if portal else self.decision_ids.sorted("round")
        )
        return [(decision, decision._report_rows(portal)) for decision in rounds]

    def _report_format(self, field, value):
        env = self.env
        if field.type == "boolean":
            return env._("Yes") if value else ""
        if not value and field.type not in ("integer", "float", "monetary"):
            return ""
        if field.type in ("integer", "float") and not value:
            return ""
        if field.type == "datetime":
            return format_datetime(env, value, tz=self.env.user.tz or "UTC")
        if field.type == "date":
            return format_date(env, value)
        if field.type == "monetary":
            return format_amount(env, value, self.company_id.currency_id)
        if field.type == "selection":
            return dict(field._description_selection(env)).get(value, value)
        if field.type in ("many2one", "many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "html":
            return html2plaintext(value)
        return str(value)

    def _report_actions(self):
        self.ensure_one()
        if self._report_is_portal():
            return self.env["customer.complaint"].browse()
        return self.action_ids

    def _report_messages(self):
        """Chatter messages for the record: internal notes only for employees."""
        self.ensure_one()
        domain = [
            ("model", "=", self._name),
            ("res_id", "=", self.id),
            ("message_type", "in", ("comment", "email", "email_outgoing")),
        ]
        if self._report_is_portal():
            domain += [("is_internal", "=", False), ("subtype_id.internal", "=", False)]
        self.check_access("read")
        # sudo: after the read check on the complaint just above; portal
        # readers only get the public messages filtered by the domain.
        return self.env["mail.message"].sudo().search(domain, order="date, id")

    # ------------------------------------------------------------------
    # Register export
    # ------------------------------------------------------------------

    @api.model
    def _action_export_register_url(self, domain, date_from=None, date_to=None):
        params = {"domain": json.dumps(domain or [])}
        if date_from and date_to:
            params.update(date_from=str(date_from), date_to=str(date_to))
        return {
            "type": "ir.actions.act_url",
            "url": f"/customer_complaint/register.xlsx?{urlencode(params)}",
            "target": "download",
        }

    def action_export_register(self):
        """Register of the selected complaints, or of the current search."""
        domain = self.env.context.get("active_domain")
        if self:
            domain = [("id", "in", self.ids)]
        return self._action_export_register_url(domain or [])
