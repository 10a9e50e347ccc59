# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Qualification records of complaint handlers (ISO 10002 4.14): what, when
obtained, until when, with the evidence. A category or a severity can require
a qualification (customer.complaint.qualification.type); the complaint offers
and accepts as handler only people who hold it, valid."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint_constants import HANDLER_GROUP

# A qualification expiring within this many days is brought to the attention
# of the handler's manager (scheduled job).
EXPIRY_NOTICE_DAYS = 30


class CustomerComplaintQualification(models.Model):
    _name = "customer.complaint.qualification"
    _description = "Complaint Handler Qualification Record"
    _inherit = [
        "customer.complaint.auditor.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.complaint.batch.job.mixin",
    ]
    _order = "user_id, date_obtained desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handler",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain=[("share", "=", False)],
    )
    type_id = fields.Many2one(
        comodel_name="customer.complaint.qualification.type",
        string="Qualification",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_obtained = fields.Date(
        string="Obtained on",
        required=True,
        tracking=True,
        default=fields.Date.context_today,
    )
    date_expiry = fields.Date(
        string="Expires on",
        tracking=True,
        compute="_compute_date_expiry",
        store=True,
        readonly=False,
        index=True,
        help="Empty: does not expire.",
    )
    evidence = fields.Binary(
        attachment=True,
        help="The certificate, attendance sheet or other proof.",
    )
    evidence_filename = fields.Char()
    notes = fields.Text()
    status = fields.Selection(
        selection=[
            ("valid", "Valid"),
            ("expiring", "Expiring soon"),
            ("expired", "Expired"),
            ("future", "Not yet valid"),
        ],
        compute="_compute_status",
    )
    # Set once the handler's manager was told of the coming expiry; a new
    # expiry date asks again.
    expiry_notified = fields.Boolean(
        compute="_compute_expiry_notified", store=True, readonly=True
    )

    @api.depends("type_id", "date_obtained")
    def _compute_date_expiry(self):
        for qualification in self:
            months = qualification.type_id.validity_months
            if months and qualification.date_obtained:
                qualification.date_expiry = qualification.date_obtained + relativedelta(
                    months=months
                )
            else:
                qualification.date_expiry = qualification.date_expiry

    @api.depends("date_expiry")
    def _compute_expiry_notified(self):
        self.expiry_notified = False

    @api.depends("date_obtained", "date_expiry")
    @api.depends_context("date")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for qualification in self:
            qualification.status = qualification._status_on(today)

    def _status_on(self, date):
        self.ensure_one()
        if self.date_obtained and self.date_obtained > date:
            return "future"
        if self.date_expiry and self.date_expiry < date:
            return "expired"
        if self.date_expiry and self.date_expiry <= date + relativedelta(
            days=EXPIRY_NOTICE_DAYS
        ):
            return "expiring"
        return "valid"

    @api.depends("user_id", "type_id")
    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"{record.user_id.name or ''}: {record.type_id.name or ''}"
            )

    @api.constrains("date_obtained", "date_expiry")
    def _check_dates(self):
        for qualification in self:
            if (
                qualification.date_expiry
                and qualification.date_expiry < qualification.date_obtained
            ):
                raise ValidationError(
                    self.env._(
                        "The qualification %(name)s cannot expire before it was "
                        "obtained.",
                        name=qualification.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Who is qualified
    # ------------------------------------------------------------------

    @api.model
    def _valid_types_by_user(self, users, date=None):
        """{user: qualification types they hold, valid on ``date``}."""
        date = date or fields.Date.context_today(self)
        # sudo: whether people are qualified is read by the process that
        # assigns complaints, whoever assigns them.
        records = self.sudo().search(
            [
                ("user_id", "in", users.ids),
                ("date_obtained", "<=", date),
                "|",
                ("date_expiry", "=", False),
                ("date_expiry", ">=", date),
            ]
        )
        held = {
            user: self.env["customer.complaint.qualification.type"] for user in users
        }
        for record in records:
            held[record.user_id.with_env(self.env)] |= record.type_id.with_env(self.env)
        return held

    @api.model
    def _qualified_users(self, complaint, users, types=None):
        """Those of ``users`` who hold every qualification ``complaint``
        requires, valid today. ``types``: as for _required_for."""
        required = self.env["customer.complaint.qualification.type"]._required_for(
            complaint, types
        )
        if not required:
            return users
        held = self._valid_types_by_user(users)
        return users.filtered(lambda user: not (required - held[user]))

    @api.model
    def _unqualified_handlers(self, complaints):
        """[(complaint, missing qualification types)] for the complaints of
        ``complaints`` whose handler lacks a qualification they require."""
        result = []
        Type = self.env["customer.complaint.qualification.type"]
        complaints = complaints.filtered("user_id")
        # One read of the requirements for all: none, no check (most companies).
        types = Type._requiring_types(complaints.company_id) if complaints else Type
        if not types:
            return result
        for complaint in complaints:
            required = Type._required_for(complaint, types)
            if not required:
                continue
            missing = (
                required
                - self._valid_types_by_user(complaint.user_id)[complaint.user_id]
            )
            if missing:
                result.append((complaint, missing))
        return result

    @api.model
    def _check_handlers_qualified(self, complaints):
        """Competence (4.14): refuse a handler who lacks a qualification the
        complaint's category or severity requires. Called by the complaint's
        handler check."""
        for complaint, missing in self._unqualified_handlers(complaints):
            raise ValidationError(
                self.env._(
                    "%(user)s cannot handle complaint %(ref)s: it requires "
                    "%(missing)s, which they do not hold valid. Assign a "
                    "qualified handler, or record their qualification first.",
                    user=complaint.user_id.name,
                    ref=complaint.reference or complaint.name,
                    missing=", ".join(missing.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Training status (management review, evidence pack)
    # ------------------------------------------------------------------

    @api.model
    def _training_status(self, company, date=None):
        """Training status of the complaint handlers of ``company`` on
        ``date`` (today by default), for the management review and the
        evidence pack.

        Returns a dict: ``handlers`` (one dict per complaints user: ``user``,
        ``qualifications`` [(type, date_obtained, date_expiry, status)],
        ``missing`` (required types they do not hold valid), ``status``
        'qualified' / 'expiring' / 'missing'), the counts ``total``,
        ``qualified``, ``expiring``, ``missing``, ``required`` (the types some
        category or severity requires) and ``records`` (qualification
        records in force).
        """
        date = date or fields.Date.context_today(self)
        group = self.env.ref(HANDLER_GROUP)
        # sudo: the list of handlers and their training is what the review
        # and the evidence pack report to managers and auditors.
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("groups_id", "in", group.ids),
                    ("company_ids", "in", company.ids),
                ],
                order="name, id",
            )
        )
        required = self.env["customer.complaint.qualification.type"]._requiring_types(
            company
        )
        records = self.sudo().search(
            [
                ("user_id", "in", users.ids),
                ("date_obtained", "<=", date),
                ("company_id", "=", company.id),
            ]
        )
        handlers = []
        counts = {"qualified": 0, "expiring": 0, "missing": 0}
        for user in users:
            mine = records.filtered(lambda r, user=user: r.user_id == user)
            rows = [
                (r.type_id, r.date_obtained, r.date_expiry, r._status_on(date))
                for r in mine
            ]
            valid = mine.filtered(lambda r: r._status_on(date) in ("valid", "expiring"))
            missing = required - valid.type_id
            if missing:
                status = "missing"
            elif valid.filtered(lambda r: r._status_on(date) == "expiring"):
                status = "expiring"
            else:
                status = "qualified"
            counts[status] += 1
            handlers.append(
                {
                    "user": user,
                    "qualifications": rows,
                    "missing": missing,
                    "status": status,
                }
            )
        return {
            "handlers": handlers,
            "total": len(users),
            "required": required,
            "records": records.filtered(lambda r: r._status_on(date) != "expired"),
            **counts,
        }

    @api.model
    def _training_summary(self, company, date=None):
        """The counts of _training_status, for the management review inputs
        (stored as JSON with the review)."""
        status = self._training_status(company, date)
        return {
            "handlers": status["total"],
            "qualified": status["qualified"],
            "expiring": status["expiring"],
            "missing": status["missing"],
            "gaps": [
                {
                    "user": handler["user"].name,
                    "missing": handler["missing"].mapped("name"),
                }
                for handler in status["handlers"]
                if handler["status"] == "missing"
            ],
        }

    # ------------------------------------------------------------------
    # Expiry notice (scheduled job)
    # ------------------------------------------------------------------

    @api.model
    def _cron_notify_expiring(self):
        """An activity for the handler's manager for every qualification
        expiring within EXPIRY_NOTICE_DAYS days (or expired) that nobody was
        told about yet and that the handler has not renewed."""
        limit = fields.Date.context_today(self) + relativedelta(days=EXPIRY_NOTICE_DAYS)
        domain = [
            ("date_expiry", "!=", False),
            ("date_expiry", "<=", limit),
            ("expiry_notified", "=", False),
        ]
        return self._run_batch_job(domain, lambda records: records._notify_expiring())

    def _notify_expiring(self):
        for qualification in self:
            renewed = self.search_count(
                [
                    ("user_id", "=", qualification.user_id.id),
                    ("type_id", "=", qualification.type_id.id),
                    ("id", "!=", qualification.id),
                    "|",
                    ("date_expiry", "=", False),
                    ("date_expiry", ">", qualification.date_expiry),
                ]
            )
            if not renewed:
                qualification.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=qualification.date_expiry,
                    summary=self.env._("Renew a complaint-handling qualification"),
                    note=self.env._(
                        "%(qualification)s of %(user)s expires on %(date)s.",
                        qualification=qualification.type_id.name,
                        user=qualification.user_id.name,
                        date=qualification.date_expiry,
                    ),
                    user_id=qualification._manager_to_notify().id,
                )
            qualification.expiry_notified = True

    def _manager_to_notify(self):
        """The handler's manager: their manager in Employees when that app
        is installed, else the leader of a complaint team they belong to,
        else the company's complaints management representative or deputy,
        else a complaints manager."""
        self.ensure_one()
        user = self.user_id
        if "employee_parent_id" in user._fields:
            manager = user.employee_parent_id.user_id
            if manager and manager.active:
                return manager
        leaders = (
            self.env["customer.complaint.team"]
            .sudo()
            .search(
                [
                    ("member_ids", "in", user.ids),
                    ("company_id", "=", self.company_id.id),
                ]
            )
            .user_id
        )
        leaders = leaders.filtered(lambda u: u != user and u.active)
        if leaders:
            return leaders[0]
        company = self.company_id
        for representative in (
            company.complaint_representative_id,
            company.complaint_representative_deputy_id,
        ):
            if representative and representative != user and representative.active:
                return representative
        managers = self.env.ref(
            "customer_complaint_iso10002.group_complaint_manager"
        ).users.filtered(
            lambda u: u != user
            and not u.share
            and u.active
            and company in u.company_ids
        )
        return managers.sorted("id")[:1] or user
