# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer complaint (ISO 10002): identification and receipt (7.2), the
complainant, what it is about, its classification, assignment (4.7, 4.14),
the mail gateway and acknowledgement (7.3), investigation (7.6), rejection,
reopening and the timeline of its phases and rounds.

The rest of the process is inherited from abstract models in their own files:
the initial assessment (customer_complaint_assessment.py), the phases and
deadlines (customer_complaint_deadlines.py), decision rounds and closing
(customer_complaint_resolution.py), progress updates
(customer_complaint_progress.py), the rating of the handling
(customer_complaint_satisfaction.py) and recurrence
(customer_complaint_recurrence.py); the record PDF is a report model
(report/customer_complaint_record.py).
"""

import json
import logging
import uuid
from collections import defaultdict
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

# The parts the complaint inherits: defined before it, whichever file
# imports this one first.
from . import (  # noqa: F401
    customer_complaint_progress,
    customer_complaint_recurrence,
    customer_complaint_resolution,
)
from .customer_complaint_constants import (  # noqa: F401 (imported from here too)
    CHANNELS,
    HANDLER_GROUP,
    INTERNAL,
    LEVELS,
    MANAGER_GROUP,
    PRIORITIES,
    STAFF,
    is_blank,
    log_access_field,
)
from .customer_complaint_deadlines import PHASE_STAMPS
from .customer_complaint_retention_mixin import RETENTION_FIELDS
from .customer_complaint_satisfaction import RATING_FIELDS

_logger = logging.getLogger(__name__)

REMEDIES = [
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("refund", "Refund"),
    ("credit_note", "Credit note"),
    ("explanation", "Explanation or apology"),
    ("other", "Other"),
]

# What stays writable once a complaint is closed (4.9); every other stored
# field of the complaint is locked (_closed_locked_fields), a field added later
# included: what was received, from whom, about what, who handled it, what was
# asked, assessed and decided is the record. Its decision rounds lock
# themselves (customer_complaint_decision.py); the process writes through
# _process_env (closing stamps, reopening, archiving, ratings, anonymization).
CLOSED_WRITABLE_FIELDS = frozenset(
    {
        # archived and restored by the process only (_filter_caller_vals)
        "active",
        # the portal link's key (portal.mixin creates it on demand)
        "access_token",
        # a card's colour in the kanban
        "color",
        # who may see it: restricting a closed complaint protects the record
        "confidential",
        # the complainant's choice, withdrawn or asked for after the closing
        # (the privacy mixin's rules)
        "non_disclosure",
        # a reply to a closed complaint may copy someone (mail.thread.cc)
        "email_cc",
        # improvement (8.7) and external dispute resolution come after closing
        "action_ids",
        "adr_date_referred",
        "adr_reference",
        "adr_outcome",
        "adr_date_outcome",
    }
)

# Fields the record rules of complaints users read.
REACH_FIELDS = {"user_id", "team_id", "confidential", "involved_user_ids"}

# Context of the mail gateway's message_new (fields_get below).
GATEWAY_NEW_CONTEXT = "complaint_gateway_new"

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


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread.cc",
        "customer.complaint.staff.chatter.mixin",
        "mail.activity.mixin",
        "portal.mixin",
        "mail.tracking.duration.mixin",
        "customer.complaint.mail.once.mixin",
        # before the retention mixin, which it builds on
        "customer.complaint.privacy.mixin",
        "customer.complaint.retention.mixin",
        "customer.complaint.intake",
        # after the mixins above, which build on them
        "customer.complaint.batch.job.mixin",
        "customer.complaint.process.mixin",
        # the parts of the process, each in its own file
        "customer.complaint.assessment",
        "customer.complaint.deadlines",
        "customer.complaint.resolution",
        "customer.complaint.progress",
        "customer.complaint.satisfaction",
        "customer.complaint.recurrence",
        "customer.complaint.competence",
        # record rules checked in one query on reads
        "customer.complaint.sql.access.mixin",
    ]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["reference", "name"]
    _check_company_auto = True
    _primary_email = "email_from"
    _track_duration_field = "stage_id"
    _mail_post_access = "write"
    _process_fields = STAMP_FIELDS | RETENTION_FIELDS | RATING_FIELDS | COUNTER_FIELDS
    # The access token is the complainant's key to their page: no one on
    # staff sets it to a value they know (given once, as the reference).
    _given_once_fields = frozenset({"reference", "access_token"})
    _process_rating_fields = RATING_FIELDS - {"date_rating_requested"}
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
        groups=INTERNAL,
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged on", readonly=True, copy=False, index=True
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
    # The complainant's documents only (_check_documents_of_complainant)
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sales Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id)] "
        "if commercial_partner_id else []",
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
        groups=INTERNAL,
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_refund'))] + "
        "([('commercial_partner_id', '=', commercial_partner_id)] "
        "if commercial_partner_id else [])",
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
    tag_ids = fields.Many2many(
        comodel_name="customer.complaint.tag", string="Tags", groups=INTERNAL
    )
    team_id = fields.Many2one(
        comodel_name="customer.complaint.team",
        default=lambda self: self.env[
            "customer.complaint.team"
        ]._default_team_for_user(),
        tracking=True,
        check_company=True,
        index=True,
        groups=INTERNAL,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handler",
        tracking=True,
        check_company=True,
        index=True,
        domain=lambda self: self._handler_offer_domain(),
        groups=INTERNAL,
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
        comodel_name="res.users",
        string="Closed by",
        readonly=True,
        copy=False,
        groups=INTERNAL,
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
        groups=INTERNAL,
    )
    color = fields.Integer(string="Color Index", groups=INTERNAL)
    # mail's time spent per stage: a handling figure, not the complainant's
    duration_tracking = fields.Json(groups=INTERNAL)
    confidential = fields.Boolean(
        tracking=True,
        groups=INTERNAL,
        help="Only the handler, complaint managers and auditors can see a "
        "confidential complaint.",
    )

    # What the complainant never reads, even of their own complaint (the
    # portal shows their complaint, its public messages and documents through
    # sudo after its access check): who on staff created or last changed it,
    # and when it last changed; the staff's to-dos; the chatter's backend
    # data (customer.complaint.staff.chatter.mixin). The access token too:
    # the complainant's key to their page (answering the decision, rating,
    # their data), which a colleague or a follower reading the complaint must
    # not take (_get_access_action links them without it).
    create_uid = log_access_field("create_uid")
    write_uid = log_access_field("write_uid")
    write_date = log_access_field("write_date")
    activity_exception_decoration = fields.Selection(groups=STAFF)
    activity_exception_icon = fields.Char(groups=STAFF)
    activity_type_icon = fields.Char(groups=STAFF)
    access_warning = fields.Text(groups=STAFF)
    access_token = fields.Char(groups=STAFF)

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
            # Without linked documents nobody can be missing: the involved
            # people, just written, are not read again (two queries per intake).
            people = complaint._document_people()
            missing = people and people - complaint.involved_user_ids
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

    @api.constrains("partner_id", "sale_order_id", "sale_line_id", "invoice_id")
    def _check_documents_of_complainant(self):
        """The order, order line and invoice are the complainant's company's
        (a contact's of the same company too). A complaint without a contact
        (a visitor's, or anonymized when its retention ran) is not checked:
        the staff form sets the contact from the document it links, and the
        public form and the mail gateway link none."""
        # sudo: whether they have a contact (see _foreign_document)
        for complaint in self.sudo().filtered("partner_id").with_env(self.env):
            # (the order line is its order's: _check_order_consistency)
            document = complaint._foreign_document(
                complaint.sale_order_id, complaint.invoice_id
            )
            if document:
                # named by the document, never by the complainant (who may be
                # hidden from the caller)
                raise ValidationError(
                    self.env._(
                        "%(document)s is not the complainant's: complaint "
                        "%(ref)s is linked to its complainant's (or their "
                        "company's) orders and invoices only.",
                        document=document.display_name,
                        ref=complaint.reference,
                    )
                )
        # the remedies of its decisions too (another complainant's credit note)
        self.decision_ids._check_remedy_documents()

    def _foreign_document(self, *documents):
        """The first of ``documents`` (sales orders, invoices, credit notes)
        that is another customer's than the complainant's company (self, one
        complaint), sudoed; None when all are theirs. Both customers are read
        as superuser, only to be compared: the caller may have no sales or
        invoicing rights, or read the complainant as the pseudonym."""
        self.ensure_one()
        customer = self.sudo().partner_id.commercial_partner_id
        return next(
            (
                document.sudo()
                for document in documents
                if document
                and document.sudo().partner_id.commercial_partner_id != customer
            ),
            None,
        )

    @api.model
    def _handler_domain(self):
        """Competence (4.14): complaints are handled by complaints users."""
        # the group's id (cached), not the group: no query to check it exists
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(
            HANDLER_GROUP, raise_if_not_found=False
        )
        return [
            ("share", "=", False),
            ("groups_id", "in", [group_id] if group_id else []),
        ]

    @api.constrains("user_id", "category_id", "severity")
    def _check_handler_competence(self):
        # qualifications the category or severity requires (4.14)
        self.env["customer.complaint.qualification"]._check_handlers_qualified(self)
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

    @api.onchange("partner_id")
    def _onchange_partner_id_documents(self):
        """Another complainant: the documents of the previous one leave the
        form (_check_documents_of_complainant would refuse them on save)."""
        if not self.partner_id:
            return
        if self._foreign_document(self.sale_order_id):
            self.sale_order_id = False
            self.sale_line_id = False
        if self._foreign_document(self.invoice_id):
            self.invoice_id = False

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    def init(self):
        result = super().init()
        # The default order (lists, kanban columns): the first page is read
        # from the index instead of sorting every complaint.
        tools.sql.create_index(
            self.env.cr,
            "customer_complaint_order_index",
            self._table,
            ["priority DESC", "date_received DESC", "id DESC"],
        )
        # The kanban (grouped by stage): the column counts and each column's
        # first cards read from this index alone, the columns the record rules
        # of complaints users test (and the Open filter) included, instead of
        # the whole table.
        if not tools.sql.index_exists(self.env.cr, "customer_complaint_stage_index"):
            self.env.cr.execute(
                tools.SQL(
                    "CREATE INDEX %s ON %s (stage_id, priority DESC, "
                    "date_received DESC, id DESC) INCLUDE (company_id, user_id, "
                    "team_id, confidential, is_closed) WHERE active",
                    tools.SQL.identifier("customer_complaint_stage_index"),
                    tools.SQL.identifier(self._table),
                )
            )
        # A customer's complaints are found by these columns (portal list):
        # statistics of every customer up to a thousand, not an average that
        # makes a customer with few complaints look like one with thousands,
        # read backwards through the date index instead of by their own.
        for column in ("partner_id", "commercial_partner_id"):
            self.env.cr.execute(
                tools.SQL(
                    "ALTER TABLE %s ALTER COLUMN %s SET STATISTICS 1000",
                    tools.SQL.identifier(self._table),
                    tools.SQL.identifier(column),
                )
            )
        return result

    @api.model
    def web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        # The kanban's columns count every complaint of few columns each:
        # PostgreSQL's JIT compiled those plans for longer than they ran.
        with self.env["customer.complaint.kpi"]._without_jit():
            return super().web_read_group(
                domain, fields, groupby, limit, offset, orderby, lazy
            )

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        # Grouped by stage in the stages' order (kanban columns, grouped
        # lists): counted by stage alone, then put in that order here. Sorting
        # in SQL joined every complaint to its stage, a third of the count's
        # time at 1,000,000 complaints, for a few rows.
        direction = (order or "").lower().split()
        stage_order = self.env["customer.complaint.stage"]._order
        if (
            tuple(groupby) != ("stage_id",)
            or direction[:1] != ["stage_id"]
            or direction[1:] not in ([], ["asc"], ["desc"])
            or having
            or offset
            or limit
            or stage_order != "sequence, id"
        ):
            return super()._read_group(
                domain, groupby, aggregates, having, offset, limit, order
            )
        rows = super()._read_group(domain, groupby, aggregates)
        # sudo: only the order of the stages of the groups the caller read
        # (super checked their access), as the SQL join sorted them.
        descending = direction[1:] == ["desc"]
        return sorted(
            rows,
            key=lambda row: (
                # no stage: last ascending, first descending (PostgreSQL's nulls)
                not row[0],
                row[0].sudo().sequence,
                row[0].id,
            ),
            reverse=descending,
        )

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # The default order starts with the priority, which only staff read
        # (groups): a portal user searching their complaints gets them newest
        # first instead of an access error.
        if not order and not self._fields["priority"].is_accessible(self.env):
            order = "date_received desc, id desc"
        return super().search_fetch(domain, field_names, offset, limit, order)

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        # Copies: a caller reusing one dict for several complaints must not get
        # the first complaint's reference back in it.
        vals_list = [dict(vals) for vals in vals_list]
        new_label = _("New")
        to_number = defaultdict(list)
        default_stage = None
        # Refused before drawing references: an auditor's create or a refused
        # submission leaves no gap in the register. Checks that fail after the
        # insert (constraints) still use their number: the sequence allows
        # gaps by design (no_gap would lock every concurrent intake).
        self.check_access("create")
        vals_list = [self._filter_caller_vals(vals) for vals in vals_list]
        for vals in vals_list:
            self._check_subject(vals, creating=True)
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
        return complaints

    # ------------------------------------------------------------------
    # Process rules shared by create and write
    # ------------------------------------------------------------------

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
        return self._filter_priority_vals(vals)

    def _check_subject(self, vals, creating=False):
        """A complaint has a subject: required lets an empty or blank one
        through (JSON-RPC)."""
        if (creating or "name" in vals) and is_blank(vals.get("name")):
            raise ValidationError(
                self.env._("A complaint needs a subject: say what it is about.")
            )

    def _check_write_allowed(self, vals):
        self._check_given_once(vals)
        self._check_subject(vals)
        if self._in_process():
            return
        locked = self._closed_locked_fields() & set(vals)
        closed = locked and self.filtered("is_closed")
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

    @tools.ormcache()
    def _closed_locked_fields(self):
        """The fields no user writes on a closed complaint: every stored one
        but CLOSED_WRITABLE_FIELDS. One2many parts lock themselves; the ORM's
        log columns and the fields only the process writes (stamps, counters,
        ratings, computed ones: _check_process_fields) have their own rule."""
        return frozenset(
            name
            for name, field in self._fields.items()
            if field.store
            and field.type != "one2many"
            and name not in models.MAGIC_COLUMNS
            and name not in CLOSED_WRITABLE_FIELDS
            and name not in self._process_fields
        )

    def _prepare_stage_write(self, vals):
        """Check and complete ``vals``, which change the stage of self."""
        Stage = self.env["customer.complaint.stage"]
        stage = Stage.browse(vals["stage_id"])
        # The process rules bind people; sudo callers (portal answers made
        # under the access check, scheduled jobs) follow the process itself.
        if not self.env.su:
            self._check_assessed_for(stage, vals)
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
        if "user_id" in vals or "involved_user_ids" in vals:
            # Nobody approves a round they handle or are involved in: handed
            # to its approver, a round is approved again by someone else.
            self.current_decision_id.filtered(
                lambda d: d.state == "approved"
                and (d.approved_by_id | d.authority_id) & d._approval_excluded_users()
            )._void_approval()
        if not self._is_process() and REACH_FIELDS & set(vals):
            # A user may not write a complaint out of their own reach (say,
            # confidential and handled by someone else): a manager hands it on.
            # They wrote it, so they had access: the record rules, read again
            # on the new values, now refusing it means this write took it away
            # (the exception rolls the write back).
            self._check_reach_kept(REACH_FIELDS & set(vals))
        return result

    def _check_reach_kept(self, fnames):
        """Refuse, clearly, a write that takes self out of the writer's reach
        (Odoo's own access error only says the record is out of reach)."""
        lost = self - self._filtered_access("write")
        if lost:
            raise UserError(
                self.env._(
                    "You would no longer see complaint %(refs)s after changing "
                    "its %(fields)s: you see only your teams' complaints and the "
                    "confidential ones you handle. Ask a complaint manager to "
                    "hand it on.",
                    # sudo: the references of what they just wrote (they had
                    # access), which the rules now hide
                    refs=", ".join(lost.sudo().mapped("reference")),
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in fnames
                        )
                    ),
                )
            )

    def action_archive(self):
        """Archiving asks for the reason (the web client runs this action),
        of a manager: others are told so before the dialog opens."""
        self._check_archive_manager()
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

    def _check_archive_manager(self):
        if not self._is_manager():
            raise UserError(
                self.env._("Only complaint managers archive or restore complaints.")
            )

    def _check_archive_rights(self, reason):
        self._check_archive_manager()
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

    def copy(self, default=None):
        # A complaint is the record of what a customer told us (4.9): a copy
        # would be acknowledged to them again and carry another complaint's
        # assessment stamps.
        if self:
            raise UserError(
                self.env._(
                    "A complaint is not duplicated: it records what a customer "
                    "told us. Create a new complaint instead."
                )
            )
        return super().copy(default=default)

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
        if not (values.get("name") or "").strip():
            values["name"] = (msg_dict.get("subject") or "").strip() or (
                self._subject_from_body(msg_dict.get("body"))
            )
        values.setdefault("description", msg_dict.get("body"))
        if partner:
            values.setdefault("partner_id", partner.id)
        else:
            values.setdefault("partner_name", name or email)
            values.setdefault("email_from", email)
        values.setdefault("received_by_id", False)
        complaint = super(
            CustomerComplaint, self.with_context(**{GATEWAY_NEW_CONTEXT: True})
        ).message_new(msg_dict, custom_values=values)
        complaint = complaint.with_env(self.env)
        complaint._subscribe_cc_partners(msg_dict.get("cc"))
        return complaint

    @api.model
    def _subject_from_body(self, body):
        """A mail without a subject: the first words of its text, else
        "(no subject)"."""
        words = tools.html2plaintext(body or "").split()
        subject = " ".join(words[:10])
        if len(words) > 10:
            subject += "…"
        return subject or self.env._("(no subject)")

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # mail.thread's message_new describes every field (130 of them, a few
        # ms per mail) only to learn whether the model has a name field; ours
        # has one, always filled (message_new above).
        if (
            allfields is None
            and attributes is None
            and self.env.context.get(GATEWAY_NEW_CONTEXT)
        ):
            allfields = [self._rec_name or "name"]
        return super().fields_get(allfields=allfields, attributes=attributes)

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
            if complaint.identity_hidden:
                # whoever reads the pseudonym is not offered their address
                continue
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
        # The id from the ormcache: env.ref would query its existence at
        # every complaint created.
        return self.env["mail.message.subtype"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "customer_complaint_iso10002.mt_complaint_new"
            )
        )

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

    def _check_can_update_message_content(self, messages):
        # What the complainant sent is part of the record (4.9): they add a
        # message, never rewrite or empty one (mail's edit route lets a
        # message's author do it).
        if not self.env.user._is_internal():
            raise UserError(
                self.env._(
                    "Messages on a complaint are kept as they were sent. Please "
                    "send a new message instead."
                )
            )
        return super()._check_can_update_message_content(messages)

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
        # The id from the ormcache: env.ref would query its existence at
        # every intake.
        default_template = self.env["mail.template"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "customer_complaint_iso10002.mail_template_complaint_acknowledgement",
                raise_if_not_found=False,
            )
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
            team = complaint.team_id
            qualified = self.env["customer.complaint.qualification"]._qualified_users(
                complaint, team.user_id | team.member_ids
            )
            handler = team._pick_handler(
                exclude=complaint.involved_user_ids
                | (team.user_id | team.member_ids) - qualified
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
        if (
            count == 1
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            return [sequence._next() for _index in range(count)]
        # A batch (bulk intake, import): its numbers drawn from the numbering's
        # PostgreSQL sequence in one query instead of one nextval each, and
        # formatted as ir.sequence._next formats them.
        self.env.cr.execute(
            tools.SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [
            sequence.get_next_char(number)
            for number in sorted(number for (number,) in self.env.cr.fetchall())
        ]

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
    # Investigation (7.6), admissibility, reopening, improvement (8.7)
    # ------------------------------------------------------------------

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
    # similar_complaint_ids, is_recurring: customer.complaint.recurrence

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
        groups=INTERNAL,
    )

    reopen_count = fields.Integer(
        string="Reopened", readonly=True, copy=False, tracking=True, groups=INTERNAL
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
    # Computes of the investigation and the timeline
    # ------------------------------------------------------------------

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
    # The dates are written in the reader's time zone (the context's, else
    # their preference's) and the labels in their language: a value rendered
    # for one reader is not shown to another of the same transaction.
    @api.depends_context("uid", "tz", "lang")
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

    # ------------------------------------------------------------------
    # Stages: looked up by the ISO step they represent
    # ------------------------------------------------------------------

    def _stage_of_step(self, step):
        """The stage of the ISO ``step`` for the complaint's team."""
        self.ensure_one()
        return self.env["customer.complaint.stage"]._stage_for(step, self.team_id)

    # ------------------------------------------------------------------
    # Rejection and reopening
    # ------------------------------------------------------------------

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
        Stage = self.env["customer.complaint.stage"]
        for team, complaints in self.grouped("team_id").items():
            stage = Stage._stage_for("rejected", team)
            # Entering the stage sends its template (see write); without one,
            # the complainant is still told with the standard email.
            complaints.write({"stage_id": stage.id})
            if not stage.mail_template_id:
                complaints._send_complaint_mail(template)
        return True

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
        for complaint in self:
            if not complaint.is_closed:
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s is not closed.", ref=complaint.reference
                    )
                )
            complaint._process_env().write(
                {
                    "stage_id": complaint._stage_of_step("investigation").id,
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
    # Portal view (4.4)
    # ------------------------------------------------------------------

    # What a visitor typed as order reference on the public form: never a link.
    customer_order_reference = fields.Char(
        string="Order Reference (as given)",
        help="Order reference typed by the complainant on the public form. It is "
        "not checked and never linked to an order automatically.",
    )

    # ------------------------------------------------------------------
    # Portal helpers
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Complaint %(ref)s", ref=self.reference)

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
