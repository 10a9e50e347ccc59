# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints-handling policy of a company (ISO 10002 4.2, 5.3).

Versioned: a draft is approved by top management (a named approver and the
date), then published, which retires the version published before it. Only
drafts change: an approved or published version is the record of what was
committed to, so the published versions stay readable as they were.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_complaint_constants import (
    MANAGER_GROUP,
    STAFF,
    log_access_field,
)

POLICY_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("published", "Published"),
    ("superseded", "Superseded"),
]
# What the approval covers: frozen once the draft is approved.
CONTENT_FIELDS = frozenset({"name", "content", "company_id", "approver_id"})
# Set by the approval and publication steps only.
PROCESS_FIELDS = frozenset(
    {"version", "state", "date_approved", "approved_by_id", "date_published"}
)


class CustomerComplaintPolicy(models.Model):
    _name = "customer.complaint.policy"
    _description = "Complaints-Handling Policy"
    _inherit = [
        "customer.complaint.staff.chatter.mixin",
        "customer.complaint.process.mixin",
    ]
    _order = "company_id, version desc"
    _check_company_auto = True
    _process_fields = PROCESS_FIELDS

    # The public page prints the title, company, version, text, approval
    # (approver and date) and publication, and says whether the version is
    # still in force (state): those stay readable. Who recorded the approval,
    # the log-access fields and the chatter are for staff (groups=STAFF).
    name = fields.Char(
        string="Title",
        required=True,
        translate=True,
        default=lambda self: self.env._("Complaints-handling policy"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    version = fields.Integer(readonly=True, copy=False, default=0)
    state = fields.Selection(
        selection=POLICY_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    content = fields.Html(
        translate=True,
        sanitize=True,
        help="The policy as the public reads it: commitment to complaints "
        "handling, objectives, responsibilities.",
    )
    approver_id = fields.Many2one(
        comodel_name="res.users",
        string="Approved by (Top Management)",
        tracking=True,
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref(MANAGER_GROUP).ids),
        ],
        help="The member of top management who approves this version: a "
        "complaints manager.",
    )
    date_approved = fields.Date(string="Approved on", readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Approval Recorded by",
        readonly=True,
        copy=False,
        groups=STAFF,
    )
    date_published = fields.Date(
        string="Published on", readonly=True, copy=False, tracking=True
    )
    create_uid = log_access_field("create_uid")
    create_date = log_access_field("create_date")
    write_uid = log_access_field("write_uid")
    write_date = log_access_field("write_date")

    _sql_constraints = [
        (
            "version_company_uniq",
            "unique (company_id, version)",
            "A company has one policy per version number.",
        ),
    ]

    @api.depends("name", "version")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = self.env._(
                "%(name)s, version %(version)s",
                name=policy.name or "",
                version=policy.version,
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_process_fields(vals)
        policies = super().create(vals_list)
        # Numbered in order of creation per company; a draft keeps its number.
        for policy in policies:
            # sudo: the numbering counts every version of the company.
            last = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", policy.company_id.id),
                        ("id", "!=", policy.id),
                    ],
                    order="version desc",
                    limit=1,
                )
            )
            policy._process_env().write({"version": last.version + 1})
        return policies

    def write(self, vals):
        if not self._in_process():
            self._check_process_fields(vals)
            frozen = self.filtered(lambda p: p.state != "draft")
            if frozen and CONTENT_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "%(policies)s was approved: it is kept as approved and "
                        "published, and never changes. Start a new version to "
                        "change the policy.",
                        policies=", ".join(frozen.mapped("display_name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda p: p.state != "draft")
        if kept:
            raise UserError(
                self.env._(
                    "%(policies)s was approved and is part of the record: it "
                    "cannot be deleted.",
                    policies=", ".join(kept.mapped("display_name")),
                )
            )

    @api.constrains("approver_id")
    def _check_approver_is_manager(self):
        for policy in self:
            approver = policy.approver_id
            if approver and (approver.share or not approver._has_group(MANAGER_GROUP)):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot approve the complaints-handling policy: "
                        "top management approves it, and must be a complaints "
                        "manager.",
                        user=approver.name,
                    )
                )

    # ------------------------------------------------------------------
    # Approval and publication
    # ------------------------------------------------------------------

    def _check_manager(self, doing):
        if not self.env.user._has_group(MANAGER_GROUP):
            raise UserError(
                self.env._(
                    "Only complaints managers can %(doing)s the complaints-"
                    "handling policy.",
                    doing=doing,
                )
            )

    def action_approve(self):
        """Top management approves the draft: the named approver and the date
        are recorded, and the text is frozen."""
        self._check_manager(self.env._("approve"))
        self.check_access("write")
        for policy in self:
            if policy.state != "draft":
                raise UserError(
                    self.env._(
                        "%(policy)s is not a draft: only drafts are approved.",
                        policy=policy.display_name,
                    )
                )
            if not policy.approver_id:
                raise UserError(
                    self.env._(
                        "Name the member of top management who approves "
                        "%(policy)s before approving it.",
                        policy=policy.display_name,
                    )
                )
            if not policy.content or not policy.content.striptags().strip():
                raise UserError(
                    self.env._(
                        "%(policy)s has no text: write the policy before it is "
                        "approved.",
                        policy=policy.display_name,
                    )
                )
            policy._check_approver_is_manager()
            policy._process_env().write(
                {
                    "state": "approved",
                    "date_approved": fields.Date.context_today(self),
                    "approved_by_id": self.env.uid,
                }
            )
        return True

    def action_publish(self):
        """Publish an approved version: it becomes the current policy of its
        company, shown on the public page, the portal and acknowledgements;
        the version published before it is superseded (kept, read-only)."""
        self._check_manager(self.env._("publish"))
        self.check_access("write")
        if len(self.company_id) != len(self):
            raise UserError(
                self.env._("Publish one version of the policy per company at a time.")
            )
        for policy in self:
            if policy.state != "approved" or not policy.approver_id:
                raise UserError(
                    self.env._(
                        "%(policy)s cannot be published: top management must "
                        "approve it first (a named approver and the date).",
                        policy=policy.display_name,
                    )
                )
            current = self.search(
                [
                    ("company_id", "=", policy.company_id.id),
                    ("state", "=", "published"),
                ]
            )
            current._process_env().write({"state": "superseded"})
            policy._process_env().write(
                {
                    "state": "published",
                    "date_published": fields.Date.context_today(self),
                }
            )
        return True

    def action_new_version(self):
        """A new draft from this version's text, to change the policy."""
        self.ensure_one()
        self._check_manager(self.env._("change"))
        draft = self.copy({"approver_id": False})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": draft.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # The current version
    # ------------------------------------------------------------------

    @api.model
    def _current_for(self, company):
        """The published version of ``company``'s policy (empty if none),
        as superuser: a published policy is public."""
        # sudo: the published version is public (website, portal, emails);
        # drafts and approved versions are not returned.
        return self.sudo().search(
            [("company_id", "=", company.id), ("state", "=", "published")],
            limit=1,
        )

    def _public_url(self):
        self.ensure_one()
        return f"/complaints/policy/{self.id}"
