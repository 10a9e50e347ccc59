# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import uuid
from collections import defaultdict
from datetime import UTC, timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

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


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "portal.mixin",
        "mail.tracking.duration.mixin",
    ]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["reference", "name"]
    _check_company_auto = True
    _primary_email = "email_from"
    _track_duration_field = "stage_id"
    _mail_post_access = "read"

    def _default_stage_id(self):
        return self.env["customer.complaint.stage"].search([], limit=1)

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
    date_received = fields.Datetime(
        string="Received on",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        copy=False,
    )
    received_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Received by",
        default=lambda self: self.env.user,
        copy=False,
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged on", readonly=True, copy=False
    )
    date_response_due = fields.Datetime(
        string="Response Due",
        copy=False,
        help="Date by which the complainant was promised a response.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)

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
        string="Product",
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
        string="Invoice",
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
        string="Category",
        tracking=True,
        check_company=True,
        index="btree_not_null",
    )
    tag_ids = fields.Many2many(comodel_name="customer.complaint.tag", string="Tags")
    team_id = fields.Many2one(
        comodel_name="customer.complaint.team",
        string="Team",
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
        domain="[('share', '=', False)]",
    )
    involved_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="customer_complaint_involved_user_rel",
        column1="complaint_id",
        column2="user_id",
        string="Involved People",
        help="The people the complaint is about. They cannot handle it.",
    )
    priority = fields.Selection(
        selection=PRIORITIES, default="0", index=True, tracking=True
    )
    stage_id = fields.Many2one(
        comodel_name="customer.complaint.stage",
        string="Stage",
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
    date_closed = fields.Datetime(string="Closed on", readonly=True, copy=False)
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

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for complaint in self:
            complaint.product_id = (
                complaint.sale_line_id.product_id or complaint.product_id
            )

    @api.depends("sale_order_id")
    def _compute_allowed_product_ids(self):
        for complaint in self:
            complaint.allowed_product_ids = (
                complaint.sale_order_id.order_line.product_id
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
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

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
        if order and order.user_id and order.user_id not in self.involved_user_ids:
            # The salesperson is whom the complaint is likely about (objectivity).
            self.involved_user_ids |= order.user_id

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
        complaints = super().create(vals_list)
        complaints._auto_assign()
        complaints._set_response_due_date()
        complaints.filtered("is_closed").date_closed = now
        if not self.env.context.get("complaint_skip_acknowledgement"):
            complaints._send_acknowledgement()
        return complaints

    def write(self, vals):
        if "reference" in vals and any(
            complaint.reference != vals["reference"] for complaint in self
        ):
            raise UserError(
                _("A complaint reference is given once and cannot be changed.")
            )
        if "stage_id" in vals:
            now = fields.Datetime.now()
            vals["date_last_stage_update"] = now
            vals.setdefault("kanban_state", "normal")
            stage = self.env["customer.complaint.stage"].browse(vals["stage_id"])
            vals["date_closed"] = now if stage.is_closed else False
        result = super().write(vals)
        if "stage_id" in vals and vals["stage_id"]:
            template = (
                self.env["customer.complaint.stage"]
                .browse(vals["stage_id"])
                .mail_template_id
            )
            if template:
                self._send_complaint_mail(template)
        return result

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
        return [dict(vals, name=_("%s (copy)", vals["name"])) for vals in vals_list]

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

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("customer_complaint_iso10002.mt_complaint_stage")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Acknowledgement and complainant mail (clauses 7.3, 7.4)
    # ------------------------------------------------------------------

    def _send_acknowledgement(self):
        """Acknowledge receipt once per complaint, stamping the date."""
        default_template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_acknowledgement",
            raise_if_not_found=False,
        )
        to_ack = self.filtered(
            lambda c: not c.date_acknowledged
            and (not c.team_id or c.team_id.acknowledgement_enabled)
        )._filter_mailable()
        by_template = {}
        for complaint in to_ack:
            template = complaint.team_id.acknowledgement_template_id or default_template
            if template:
                by_template.setdefault(template, self.browse())
                by_template[template] |= complaint
        now = fields.Datetime.now()
        for template, complaints in by_template.items():
            complaints._send_template_mail(template)
            complaints.date_acknowledged = now

    def _can_mail_complainant(self):
        """Whether the complainant's address may receive automatic mail.

        Never write to mailer daemons, no-reply addresses or this database's
        own aliases: an automatic answer to them starts a mail loop.
        """
        self.ensure_one()
        return bool(self._filter_mailable())

    def _filter_mailable(self):
        """The complaints of self whose complainant may get automatic mail,
        checked for the whole batch at once (see _can_mail_complainant)."""
        emails = {
            complaint: tools.email_normalize(
                complaint.partner_id.email or complaint.email_from or ""
            )
            for complaint in self
        }
        robots = self.env["mail.thread"]._complaint_robot_addresses(
            {email for email in emails.values() if email}
        )
        return self.filtered(
            lambda complaint: emails[complaint] and emails[complaint] not in robots
        )

    def _send_complaint_mail(self, template):
        """Send a template to the complainants of self and keep it in the chatter.

        Goes through mail.mail (not the composer) so that a complainant who is
        not a contact gets the mail at their address without a contact being
        created for them.
        """
        return self._filter_mailable()._send_template_mail(template)

    def _send_template_mail(self, template):
        """Send ``template`` to the complainants of self, already checked with
        _filter_mailable."""
        if not self:
            return self.env["mail.mail"]
        for complaint in self.filtered(lambda c: not c.access_token):
            complaint._portal_ensure_token()
        # sudo: mail.mail and template rendering are restricted models; the
        # caller was checked on the complaints themselves (create or write).
        return template.sudo().send_mail_batch(
            self.ids,
            email_layout_xmlid="mail.mail_notification_light",
        )

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

    def _set_response_due_date(self):
        planned = {}  # complaints of a batch mostly share calendar and start
        for complaint in self.filtered(lambda c: not c.date_response_due):
            days = complaint.team_id.response_days or 10
            calendar = (
                complaint.team_id._get_working_calendar()
                if complaint.team_id
                else complaint.company_id.resource_calendar_id
            )
            key = (calendar, complaint.date_received, days)
            if key not in planned:
                planned[key] = (
                    self._plan_working_days(calendar, complaint.date_received, days + 1)
                    if calendar
                    else False
                )
            complaint.date_response_due = planned[key] or (
                complaint.date_received + timedelta(days=days)
            )

    @api.model
    def _plan_working_days(self, calendar, start, days):
        """Same result as ``calendar.plan_days(days, start, compute_leaves=True)``
        but reading the working intervals of one wide window at once instead of
        a window of 14 days at a time."""
        aware = start if start.tzinfo else start.replace(tzinfo=UTC)
        window = timedelta(days=days * 2 + 14)
        found = set()
        for interval_start, interval_stop, _meta in calendar._work_intervals_batch(
            aware, aware + window
        )[False]:
            found.add(interval_start.date())
            if len(found) == days:
                return interval_stop.astimezone(UTC).replace(tzinfo=None)
        # Long closures: let the calendar search further.
        return calendar.plan_days(days, start, compute_leaves=True)

    @api.model
    def _next_references(self, company, count):
        """``count`` new references of ``company``'s numbering, looking the
        sequence up once for the whole batch."""
        sequence = (
            self.env["ir.sequence"]
            .with_company(company)
            .search(
                [
                    ("code", "=", "customer.complaint"),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return [self._next_reference(company) for _index in range(count)]
        return [sequence._next() for _index in range(count)]

    @api.model
    def _next_reference(self, company):
        sequence_model = self.env["ir.sequence"].with_company(company)
        reference = sequence_model.next_by_code("customer.complaint")
        if not reference:
            company.sudo()._create_complaint_sequence()
            reference = sequence_model.next_by_code("customer.complaint")
        return reference

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_assign_to_me(self):
        self.user_id = self.env.user

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
