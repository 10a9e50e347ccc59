# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def unlink(self):
        self._check_complaint_files_kept()
        return super().unlink()

    def _check_complaint_files_kept(self):
        """The files on a complaint are part of its record (ISO 10002 4.9,
        7.2): a complainant (portal user or visitor) never deletes them, which
        would also free room under the upload limits. Checked on the user,
        not on sudo: mail's routes delete a message author's files in sudo.
        Files not yet sent (still pending on the composer) may go."""
        if self.env.user._is_internal():
            return
        # sudo: only which model each file is on, to decide.
        if any(file.res_model == "customer.complaint" for file in self.sudo()):
            raise UserError(
                self.env._(
                    "Files sent with a complaint are kept with it and cannot be "
                    "deleted. If you sent a file by mistake, please tell us in a "
                    "message."
                )
            )
