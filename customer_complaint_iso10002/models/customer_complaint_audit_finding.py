# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# The kind of improvement action a finding calls for (4.13, 8.7).
ACTION_TYPES = {
    "nonconformity": "corrective",
    "observation": "preventive",
    "opportunity": "improvement",
}


class CustomerComplaintAuditFinding(models.Model):
    """A finding of an internal audit (8.5), linked to the improvement action
    that answers it, whose effectiveness a second person verifies (8.7)."""

    _name = "customer.complaint.audit.finding"
    _description = "Complaints-Handling Audit Finding"
    _order = "audit_id, sequence, id"
    _check_company_auto = True

    audit_id = fields.Many2one(
        comodel_name="customer.complaint.audit",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Finding", required=True)
    finding_type = fields.Selection(
        selection=[
            ("nonconformity", "Nonconformity"),
            ("observation", "Observation"),
            ("opportunity", "Opportunity for improvement"),
        ],
        string="Type",
        required=True,
        default="observation",
    )
    clause_id = fields.Many2one(
        comodel_name="customer.complaint.iso.clause",
        string="ISO Clause",
    )
    description = fields.Text()
    action_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Action Owner",
        domain="[('share', '=', False)]",
        help="Who owns the improvement action the finding calls for.",
    )
    action_id = fields.Many2one(
        comodel_name="customer.complaint.action",
        string="Improvement Action",
        check_company=True,
        ondelete="restrict",
    )
    action_state = fields.Selection(related="action_id.state", string="Action Status")
    action_date_due = fields.Date(related="action_id.date_due")

    @api.model_create_multi
    def create(self, vals_list):
        audits = self.env["customer.complaint.audit"].browse(
            [vals["audit_id"] for vals in vals_list if vals.get("audit_id")]
        )
        audits._check_not_done()
        return super().create(vals_list)

    def write(self, vals):
        self.audit_id._check_not_done()
        if vals.get("audit_id"):
            self.env["customer.complaint.audit"].browse(
                vals["audit_id"]
            )._check_not_done()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self.audit_id._check_not_done()

    def action_create_improvement_action(self):
        """Open the improvement action the finding calls for, owned by the
        action owner, its effectiveness to be verified by someone else."""
        self.check_access("write")
        for finding in self:
            if finding.action_id:
                raise UserError(
                    self.env._(
                        "The finding %(name)s already has its improvement action.",
                        name=finding.name,
                    )
                )
            if not finding.action_user_id:
                raise UserError(
                    self.env._(
                        "Name the owner of the improvement action of the finding "
                        "%(name)s first.",
                        name=finding.name,
                    )
                )
        self.audit_id._check_not_done()
        for finding in self:
            # sudo: auditors record findings but create no action themselves
            # (read-only there); the finding's write access was checked above.
            action = (
                self.env["customer.complaint.action"]
                .sudo()
                .create(
                    {
                        "name": finding.name,
                        "action_type": ACTION_TYPES[finding.finding_type],
                        "user_id": finding.action_user_id.id,
                        "company_id": finding.company_id.id,
                        "description": Markup("<p>%s</p><p>%s</p>")
                        % (
                            self.env._(
                                "Finding of the audit %(audit)s",
                                audit=finding.audit_id.name,
                            ),
                            finding.description or "",
                        ),
                    }
                )
            )
            finding.action_id = action
            finding.audit_id.message_post(
                body=self.env._(
                    "Improvement action %(action)s opened for the finding %(name)s.",
                    action=action.name,
                    name=finding.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
