# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Feedback that is not a complaint (ISO 10002 4.11): compliments,
suggestions and enquiries, received by the complaint channels, acknowledged,
routed, answered, counted apart from complaints, with no complaint deadline,
and turned into a complaint, thread included, when staff find it is one."""

import uuid

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from .customer_complaint_constants import CHANNELS, HANDLER_GROUP, INTERNAL
from .customer_complaint_retention_mixin import RETENTION_FIELDS

FEEDBACK_TYPES = [
    ("compliment", "Compliment"),
    ("suggestion", "Suggestion"),
    ("enquiry", "Enquiry"),
]


class CustomerComplaintFeedback(models.Model):
    _name = "customer.complaint.feedback"
    _description = "Customer Feedback"
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "customer.complaint.mail.once.mixin",
        "customer.complaint.retention.mixin",
    ]
    _order = "date_received desc, id desc"
    _rec_names_search = ["reference", "name"]
    _check_company_auto = True
    _primary_email = "email_from"
    _mail_post_access = "write"
    # stamps of the handling, set by its actions only (4.9, 4.12)
    _process_fields = frozenset(
        {
            "state",
            "date_acknowledged",
            "date_answered",
            "answered_by_id",
            "complaint_id",
            "date_converted",
        }
        | RETENTION_FIELDS
    )
    _given_once_fields = frozenset({"reference", "access_token"})
    # Personal data of the customer (retention, 8.1): their text emptied,
    # tracked values removed; the answer kept, their details scrubbed from it.
    _personal_text_fields = ("description",)
    _personal_tracked_fields = ("partner_id", "partner_name", "email_from")

    reference = fields.Char(required=True, readonly=True, copy=False, default="/")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_style=True)
    feedback_type = fields.Selection(
        selection=FEEDBACK_TYPES,
        string="Type",
        required=True,
        default="enquiry",
        tracking=True,
    )
    channel = fields.Selection(
        selection=CHANNELS, required=True, default="phone", tracking=True
    )
    date_received = fields.Datetime(
        string="Received on",
        required=True,
        default=fields.Datetime.now,
        index=True,
        copy=False,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", index=True, tracking=True
    )
    partner_name = fields.Char(string="Name")
    email_from = fields.Char(string="Email")
    team_id = fields.Many2one(
        comodel_name="customer.complaint.team",
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Assigned to",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    state = fields.Selection(
        selection=[
            ("new", "New"),
            ("answered", "Answered"),
            ("closed", "Closed"),
            ("converted", "Converted to complaint"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged on", readonly=True, copy=False
    )
    answer = fields.Html(
        sanitize=True, help="Sent to the customer with the Send Answer button."
    )
    date_answered = fields.Datetime(string="Answered on", readonly=True, copy=False)
    answered_by_id = fields.Many2one(
        comodel_name="res.users", string="Answered by", readonly=True, copy=False
    )
    complaint_id = fields.Many2one(
        comodel_name="customer.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The complaint this feedback turned out to be.",
    )
    date_converted = fields.Datetime(string="Converted on", readonly=True, copy=False)

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for feedback in self:
            feedback.display_name = f"{feedback.reference} {feedback.name or ''}"

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            self._check_process_fields(vals)
            vals.setdefault("access_token", str(uuid.uuid4()))
        # sudo: drawing numbers from the sequence is part of the creation the
        # caller may make (checked by create itself).
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("reference", "/") == "/":
                vals["reference"] = sequence.next_by_code(
                    "customer.complaint.feedback"
                ) or self.env._("New")
        feedbacks = super().create(vals_list)
        feedbacks._route()
        if not self.env.context.get("complaint_skip_acknowledgement"):
            feedbacks._acknowledge()
        return feedbacks

    def write(self, vals):
        self._check_process_fields(vals)
        self._check_given_once(vals)
        if not self._in_process():
            done = self.filtered(lambda f: f.state == "converted")
            if done:
                raise UserError(
                    self.env._(
                        "%(refs)s became a complaint: follow it up there.",
                        refs=", ".join(done.mapped("reference")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Retention (4.10, 8.1): customer.complaint.retention.mixin
    # ------------------------------------------------------------------

    def _retention_expired_domain(self, limit):
        # handled (answered, closed or converted) and untouched since
        return [
            ("state", "!=", "new"),
            ("date_received", "<", limit),
            "|",
            ("date_answered", "=", False),
            ("date_answered", "<", limit),
            "|",
            ("date_converted", "=", False),
            ("date_converted", "<", limit),
        ]

    def _anonymized_values(self):
        # Kept: reference, subject, type, channel, dates, team, state: every
        # figure of the feedback counted apart from complaints.
        return {
            "partner_id": False,
            "partner_name": self.env._("Anonymized customer"),
            "email_from": False,
        }

    # ------------------------------------------------------------------
    # Receipt: routing and acknowledgement
    # ------------------------------------------------------------------

    def _route(self):
        """Route to the company's first complaint team and, when it assigns
        its complaints, to the handler it would pick."""
        Team = self.env["customer.complaint.team"]
        for feedback in self:
            if not feedback.team_id:
                # sudo: routing reads the configuration only.
                team = (
                    Team.sudo().search(
                        [("company_id", "=", feedback.company_id.id)], limit=1
                    )
                ).with_env(self.env)
                feedback.team_id = team
            team = feedback.team_id.sudo()
            if not feedback.user_id and team and team.assignment_method != "none":
                feedback.user_id = team._pick_handler()

    def _acknowledge(self):
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_feedback_acknowledgement",
            raise_if_not_found=False,
        )
        return self._send_once(template, "date_acknowledged")

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Feedback by the feedback alias (mail gateway)."""
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        name, email = tools.parse_contact_from_email(msg_dict.get("email_from") or "")
        values.setdefault("channel", "email")
        values.setdefault("name", msg_dict.get("subject") or self.env._("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        if partner:
            values.setdefault("partner_id", partner.id)
        values.setdefault("partner_name", name or email)
        values.setdefault("email_from", email)
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _create_from_intake(self, vals, feedback_type):
        """Feedback from the values the public or portal complaint form
        checked (customer.complaint._intake_values)."""
        if feedback_type not in dict(FEEDBACK_TYPES):
            raise UserError(
                self.env._("Choose a compliment, a suggestion or a question.")
            )
        keep = ("name", "description", "channel", "partner_id", "partner_name")
        values = {key: vals[key] for key in keep if vals.get(key)}
        values.update(
            feedback_type=feedback_type,
            company_id=vals.get("company_id") or self.env.company.id,
            email_from=vals.get("email_from")
            or self.env["res.partner"].browse(vals.get("partner_id")).email,
        )
        return self.create(values)

    @api.model
    def _set_feedback_alias(self, company, name):
        """Create, rename or switch off (no name) ``company``'s feedback
        alias; the settings call it, as the administrator."""
        name = (name or "").strip() or False
        alias = company.complaint_feedback_alias_id
        if alias:
            alias.alias_name = name
        elif name:
            company.complaint_feedback_alias_id = self.env["mail.alias"].create(
                {
                    "alias_name": name,
                    "alias_model_id": self.env["ir.model"]._get_id(self._name),
                    "alias_defaults": repr({"company_id": company.id}),
                    "alias_contact": "everyone",
                    "alias_domain_id": company.alias_domain_id.id,
                }
            )

    # ------------------------------------------------------------------
    # Handling
    # ------------------------------------------------------------------

    def _check_open(self):
        for feedback in self:
            if feedback.state not in ("new", "answered"):
                raise UserError(
                    self.env._(
                        "%(ref)s is %(state)s.",
                        ref=feedback.reference,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[feedback.state],
                    )
                )

    def action_send_answer(self):
        """Send the answer to the customer, kept in the thread."""
        self.check_access("write")
        self._check_open()
        for feedback in self:
            if tools.is_html_empty(feedback.answer):
                raise UserError(
                    self.env._(
                        "Write the answer to %(ref)s before sending it.",
                        ref=feedback.reference,
                    )
                )
            partner = feedback.partner_id
            if not partner and feedback.email_from:
                # sudo: the customer's contact, made for the answer by who may
                # write the feedback (checked above); complaints users create
                # no contacts otherwise.
                partner = (
                    feedback.sudo()
                    ._mail_find_partner_from_emails(
                        # with the name given, which the contact takes
                        [
                            tools.formataddr(
                                (feedback.partner_name, feedback.email_from)
                            )
                        ],
                        records=feedback,
                        force_create=True,
                    )[0]
                    .with_env(self.env)
                )
            if not partner:
                raise UserError(
                    self.env._(
                        "%(ref)s has no customer email to answer to.",
                        ref=feedback.reference,
                    )
                )
            feedback.message_post(
                body=feedback.answer,
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                subject=self.env._("Re: %(subject)s", subject=feedback.name),
            )
            feedback._process_env().write(
                {
                    "partner_id": partner.id,
                    "state": "answered",
                    "date_answered": fields.Datetime.now(),
                    "answered_by_id": self.env.uid,
                }
            )
        return True

    def action_close(self):
        """Close feedback that needs no answer (a compliment passed on)."""
        self.check_access("write")
        self._check_open()
        self._process_env().write({"state": "closed"})
        return True

    def action_reopen(self):
        self.check_access("write")
        for feedback in self:
            if feedback.state != "closed":
                raise UserError(
                    self.env._(
                        "Only closed feedback is reopened (%(ref)s).",
                        ref=feedback.reference,
                    )
                )
        self._process_env().write({"state": "new"})
        return True

    def action_convert_to_complaint(self):
        """Staff found it is a complaint: create it (acknowledged, with its
        deadlines, from the date the feedback was received) and move the
        thread there; both keep a link to the other."""
        self.ensure_one()
        if not self.env.user.has_group(HANDLER_GROUP):
            raise AccessError(
                self.env._("Only complaints users turn feedback into a complaint.")
            )
        self.check_access("write")
        self._check_open()
        values = {
            "name": self.name,
            "description": self.description,
            "channel": self.channel,
            "date_received": self.date_received,
            "company_id": self.company_id.id,
            "team_id": self.team_id.id,
        }
        if self.partner_id:
            values["partner_id"] = self.partner_id.id
        else:
            values.update(partner_name=self.partner_name, email_from=self.email_from)
        complaint = self.env["customer.complaint"].create(values)
        self._copy_thread_to(complaint)
        self._process_env().write(
            {
                "state": "converted",
                "complaint_id": complaint.id,
                "date_converted": fields.Datetime.now(),
            }
        )
        complaint.message_post(
            body=Markup(self.env._("Converted from the feedback %(link)s."))
            % {"link": self._get_html_link(title=self.reference)},
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=Markup(self.env._("Converted into the complaint %(link)s."))
            % {"link": complaint._get_html_link(title=complaint.reference)},
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _copy_thread_to(self, complaint):
        """Copy the messages (mails, comments and notes, attachments
        included) of the feedback to the complaint, oldest first, keeping
        their author and date."""
        self.ensure_one()
        # sudo: mail.message is written by the mail framework only; the
        # caller was checked on both records (write on the feedback, create of
        # the complaint).
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "in", ("email", "comment", "email_outgoing")),
                ],
                order="date asc, id asc",
            )
        )
        self._copy_messages(messages, complaint)

    @api.model
    def _copy_messages(self, messages, complaint):
        """Copies of ``messages`` (sudo, checked by the caller) and their
        attachments on ``complaint``."""
        for message in messages:
            attachments = message.attachment_ids.copy(
                {"res_model": complaint._name, "res_id": complaint.id}
            )
            message.copy(
                {
                    "model": complaint._name,
                    "res_id": complaint.id,
                    "date": message.date,
                    "attachment_ids": [fields.Command.set(attachments.ids)],
                }
            )

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # A customer's reply to a feedback that became a complaint reaches the
        # complaint too, where it is handled.
        if (
            len(self) == 1
            and self.state == "converted"
            and self.complaint_id
            and message.message_type == "email"
        ):
            # sudo: the gateway posted the reply on the feedback; its copy
            # goes to the complaint the feedback became, nowhere else.
            self._copy_messages(message.sudo(), self.complaint_id.sudo())
        return message


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # the feedback a complaint came from (4.11), the other side of its link
    feedback_ids = fields.One2many(
        comodel_name="customer.complaint.feedback",
        inverse_name="complaint_id",
        string="From Feedback",
        groups=INTERNAL,
    )
