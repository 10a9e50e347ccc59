# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.osv import expression


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
        Users = self.env["res.users"].sudo()
        domain = self._handler_domain()
        # the required types read once for the batch, not once per complaint
        types = self.env["customer.complaint.qualification.type"]._requiring_types(
            self.company_id
        )
        # the handlers of each company in one search, its users only
        handlers = {}
        for complaint in self:
            company = complaint.company_id
            if company not in handlers:
                handlers[company] = Users.search(
                    expression.AND(
                        [
                            domain,
                            [("company_ids", "in", company.ids)] if company else [],
                        ]
                    )
                )
            complaint.handler_allowed_ids = Qualification._qualified_users(
                complaint, handlers[company], types
            )

    @api.model
    def _handler_offer_domain(self):
        """Domain of the handler field: the qualified handlers only."""
        return "[('id', 'in', handler_allowed_ids)]"
