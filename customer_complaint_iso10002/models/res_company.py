# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEGABYTE = 1024 * 1024


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
        help="Months after closing after which the complainant's personal data "
        "(name, email, phone, free text, attachments, messages) are anonymized. "
        "Figures used by reports are kept. 0 keeps personal data.",
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

    def _complaint_check_uploads(self, complaint, new_files):
        """Refuse files beyond this company's limits per complaint.

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
