# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _has_unsafe_expression_template_qweb(self, template_src, model):
        # Complaint mails always go through full QWeb, compiled once (see
        # ir_qweb.py): probing whether the cheaper regex mode would do costs a
        # compile of its own on every mail, for nothing.
        if self.env.context.get("complaint_qweb_cache"):
            return True
        return super()._has_unsafe_expression_template_qweb(template_src, model)
