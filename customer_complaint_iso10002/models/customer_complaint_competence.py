# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerComplaintCompetence(models.AbstractModel):
    """Who may handle a complaint (4.14): the handlers the complaint offers
    are those holding the qualifications its category and severity require
    (customer.complaint.qualification); the complaint's handler check refuses
    the others."""

    _name = "customer.complaint.competence"
    _description = "Complaint handler competence"

    handler_allowed_ids = fields.Many2many(
        comodel_name="res.users",
        string="Qualified Handlers",
        compute="_compute_handler_allowed_ids",
        groups="base.group_user",
        help="The complaints users of the company who hold, valid, every "
        "qualification this complaint's category and severity require.",
    )

    @api.depends("company_id", "category_id", "severity")
    def _compute_handler_allowed_ids(self):
        Qualification = self.env["customer.complaint.qualification"]
        # sudo: the list of possible handlers, offered in the handler field;
        # complaints users may not read every user's groups.
        handlers = self.env["res.users"].sudo().search(self._handler_domain())
        # the required types read once for the batch, not once per complaint
        types = self.env["customer.complaint.qualification.type"]._requiring_types(
            self.company_id
        )
        for complaint in self:
            users = handlers.filtered(
                lambda user, complaint=complaint: not complaint.company_id
                or complaint.company_id in user.company_ids
            )
            complaint.handler_allowed_ids = Qualification._qualified_users(
                complaint, users, types
            )

    @api.model
    def _handler_offer_domain(self):
        """Domain of the handler field: the qualified handlers only."""
        return "[('id', 'in', handler_allowed_ids)]"
