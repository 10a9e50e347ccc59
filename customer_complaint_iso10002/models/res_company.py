# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEGABYTE = 1024 * 1024
# What one upload may carry (system parameters customer_complaint_iso10002.*),
# whatever the company: files at a time, megabytes per file.
UPLOAD_REQUEST_LIMITS = {"portal_max_attachments": 5, "portal_max_attachment_mb": 10}


class ResCompany(models.Model):
    _inherit = "res.company"

    # Process
    complaint_sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Complaint Numbering",
        readonly=True,
        copy=False,
    )
    complaint_at_risk_share = fields.Float(
        string="Complaint At-Risk Share",
        default=0.75,
        help="Share of the time to a deadline after which a phase is at risk.",
    )
    complaint_root_cause_severity = fields.Selection(
        selection=[("1", "Low"), ("2", "Medium"), ("3", "High"), ("4", "Critical")],
        string="Root Cause Required from Severity",
        default="3",
        help="From this severity upward, no decision without a root cause.",
    )
    complaint_answer_days = fields.Integer(
        string="Days to Answer a Decision",
        default=14,
        help="Without an answer from the complainant this many days after the "
        "decision was communicated, the complaint is closed automatically. "
        "0 disables it.",
    )
    complaint_similar_days = fields.Integer(
        string="Similar Complaints Window (days)",
        default=90,
    )
    complaint_adr_name = fields.Char(
        string="Dispute Resolution Body",
        help="External body a complainant can refer an unresolved complaint "
        "to (ISO 10003).",
    )
    complaint_adr_url = fields.Char(string="Dispute Resolution Website")
    complaint_adr_info = fields.Text(
        string="Dispute Resolution Details",
        translate=True,
        help="How to refer a complaint to the external body, as told to the "
        "complainant in the decision email.",
    )

    # Governance (ISO 10002 5.3, 5.4 and the annex for small organisations)
    complaint_representative_id = fields.Many2one(
        comodel_name="res.users",
        string="Complaints Management Representative",
        domain=[("share", "=", False)],
        help="The member of management responsible for the complaints-handling "
        "process (ISO 10002 5.4); named on the public complaints page.",
    )
    complaint_representative_deputy_id = fields.Many2one(
        comodel_name="res.users",
        string="Deputy Representative",
        domain=[("share", "=", False)],
        help="Stands in for the management representative when they are away.",
    )
    complaint_single_team = fields.Boolean(
        string="Single-Team Mode",
        help="Small organisation: one person may run the whole process. Where "
        "the objectivity rules need a second person (approving a decision, "
        "reviewing an appeal) and nobody else can, an external reviewer or a "
        "self-review with its reason is recorded instead of blocking.",
    )
    complaint_policy_id = fields.Many2one(
        comodel_name="customer.complaint.policy",
        string="Published Complaints Policy",
        compute="_compute_complaint_policy_id",
        help="The published version of the complaints-handling policy.",
    )

    # Feedback that is not a complaint (4.11): its own email alias
    complaint_feedback_alias_id = fields.Many2one(
        comodel_name="mail.alias",
        string="Feedback Alias",
        copy=False,
        help="Emails to this alias become compliments, suggestions or enquiries, "
        "not complaints.",
    )

    # Portal
    complaint_portal_share_commercial = fields.Boolean(
        string="Share Complaints Within Customer Companies",
        help="Portal contacts see all complaints of their customer company, not "
        "only those they filed or follow.",
    )
    complaint_public_page_text = fields.Html(
        string="Public Complaint Page Text",
        translate=True,
        sanitize=True,
        help="Shown on the public /complaints page. Leave empty for the default "
        "text.",
    )
    complaint_upload_max_count = fields.Integer(
        string="Files per Complaint",
        default=10,
        help="Most files a complainant can send with one complaint through the "
        "website (forms, documents and messages), in all. 0: no limit.",
    )
    complaint_upload_max_mb = fields.Integer(
        string="Upload Size per Complaint (MB)",
        default=25,
        help="Most megabytes of files a complainant can send with one complaint "
        "through the website, in all. 0: no limit.",
    )

    # Reporting and retention
    complaint_retention_months = fields.Integer(
        string="Complaint Data Retention (months)",
        default=0,
        help="Months after closing (for feedback: after its receipt, answer or "
        "conversion, whichever is last) after which the customer's personal "
        "data (name, email, phone, free text, attachments, messages) are "
        "anonymized. Figures used by reports are kept. 0 keeps personal data.",
    )

    def _compute_complaint_policy_id(self):
        Policy = self.env["customer.complaint.policy"]
        for company in self:
            company.complaint_policy_id = Policy._current_for(company).id

    @api.constrains("complaint_representative_id", "complaint_representative_deputy_id")
    def _check_complaint_representative(self):
        for company in self:
            people = (
                company.complaint_representative_id
                | company.complaint_representative_deputy_id
            )
            if people.filtered("share"):
                raise ValidationError(
                    self.env._(
                        "The complaints management representative and their "
                        "deputy are employees, not portal users."
                    )
                )
            if (
                company.complaint_representative_id
                and company.complaint_representative_id
                == company.complaint_representative_deputy_id
            ):
                raise ValidationError(
                    self.env._(
                        "The deputy of the complaints management representative "
                        "is someone else than the representative."
                    )
                )

    @api.constrains("complaint_upload_max_count", "complaint_upload_max_mb")
    def _check_complaint_upload_limits(self):
        if any(
            company.complaint_upload_max_count < 0
            or company.complaint_upload_max_mb < 0
            for company in self
        ):
            raise ValidationError(
                self.env._("The upload limits of complaints cannot be negative.")
            )

    def _complaint_upload_limits(self):
        """Every limit on the files complainants send, read in one place (the
        forms show them, the uploads are checked against them): per upload,
        files at a time and megabytes per file (system parameters); per
        complaint, this company's files and megabytes in all (0: none)."""
        self.ensure_one()
        # sudo: configuration parameters, nothing the caller owns.
        params = self.env["ir.config_parameter"].sudo()
        per_upload = {}
        for name, default in UPLOAD_REQUEST_LIMITS.items():
            key = f"customer_complaint_iso10002.{name}"
            try:
                value = int(params.get_param(key, default))
            except ValueError:
                value = default
            per_upload[name] = value
        return {
            "max_attachments": per_upload["portal_max_attachments"],
            "max_attachment_mb": per_upload["portal_max_attachment_mb"],
            "complaint_max_files": self.complaint_upload_max_count,
            "complaint_max_mb": self.complaint_upload_max_mb,
        }

    def _complaint_check_uploads(self, complaint, new_files):
        """Refuse files beyond the limits (_complaint_upload_limits): per
        upload, and this company's per complaint.

        Counted: the files portal users and visitors sent to ``complaint``
        through the website (created by a share user), plus ``new_files``.
        Files of staff and of incoming emails do not count.

        :param complaint: the complaint the files go to; empty for a new one
        :param new_files: sizes in bytes of the files to add
        :raise UserError: the message for the complainant
        """
        self.ensure_one()
        if not new_files:
            return
        limits = self._complaint_upload_limits()
        if len(new_files) > limits["max_attachments"]:
            raise UserError(
                self.env._(
                    "You can attach at most %(count)s files at a time; you chose "
                    "%(chosen)s. Nothing was sent: please choose fewer files.",
                    count=limits["max_attachments"],
                    chosen=len(new_files),
                )
            )
        if max(new_files) > limits["max_attachment_mb"] * MEGABYTE:
            raise UserError(
                self.env._(
                    "A file is larger than %(size)s MB. Nothing was sent: please "
                    "attach a smaller file.",
                    size=limits["max_attachment_mb"],
                )
            )
        count = size = 0
        if complaint:
            # sudo: counts and sizes only, of a complaint the caller was
            # checked on; portal users and visitors cannot read attachments.
            [(count, size)] = (
                self.env["ir.attachment"]
                .sudo()
                ._read_group(
                    [
                        ("res_model", "=", complaint._name),
                        ("res_id", "=", complaint.id),
                        ("create_uid.share", "=", True),
                    ],
                    aggregates=["__count", "file_size:sum"],
                )
            )
        size = size or 0
        max_count = self.complaint_upload_max_count
        if max_count and count + len(new_files) > max_count:
            raise UserError(
                self.env._(
                    "A complaint can receive at most %(max)s files in all "
                    "(%(existing)s already sent); you chose %(chosen)s. Nothing "
                    "was sent: please choose fewer files.",
                    max=max_count,
                    existing=count,
                    chosen=len(new_files),
                )
            )
        max_mb = self.complaint_upload_max_mb
        if max_mb and size + sum(new_files) > max_mb * MEGABYTE:
            raise UserError(
                self.env._(
                    "The files of a complaint can total at most %(max)s MB "
                    "(%(existing)s MB already sent); these files make "
                    "%(chosen)s MB. Nothing was sent: please send smaller or "
                    "fewer files.",
                    max=max_mb,
                    existing=round(size / MEGABYTE, 1),
                    chosen=round(sum(new_files) / MEGABYTE, 1),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_complaint_sequence()
        self.env["customer.complaint.deadline.policy"]._ensure_company_defaults(
            companies
        )
        return companies

    def _create_complaint_sequence(self):
        """Give each company its own complaint numbering (found or created)."""
        sequence_model = self.env["ir.sequence"].sudo()
        existing = {
            sequence.company_id: sequence
            for sequence in sequence_model.search(
                [("code", "=", "customer.complaint"), ("company_id", "in", self.ids)]
            )
        }
        for company in self:
            company.complaint_sequence_id = existing.get(
                company
            ) or sequence_model.create(
                {
                    "name": f"Complaint reference ({company.name})",
                    "code": "customer.complaint",
                    "company_id": company.id,
                    "prefix": "CMP/%(year)s/",
                    "padding": 5,
                    "implementation": "standard",
                }
            )
