# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import mimetypes

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
# What a complainant may send as evidence: photos, PDF, text, office
# documents and emails. Nothing a browser would run or render as a page.
EVIDENCE_MIMETYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "text/csv",
        "message/rfc822",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        OOXML + "wordprocessingml.document",
        OOXML + "spreadsheetml.sheet",
        OOXML + "presentationml.presentation",
        ODF + "text",
        ODF + "spreadsheet",
        ODF + "presentation",
    }
)
# Generic types a content sniffer may give an office document or an email (a
# zip, an OLE file, text): the file name then says which one it is.
EVIDENCE_REFINED = {
    "application/zip": {OOXML, ODF},
    "application/x-ole-storage": {"application/vnd.ms", "application/msword"},
    "application/CDFV2": {"application/vnd.ms", "application/msword"},
    "text/plain": {"text/csv", "message/rfc822"},
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _complaint_evidence_mimetype(self, filename, content):
        """The type of a file a complainant sends with a complaint (bytes
        ``content``, named ``filename``), judged on its content, or a
        UserError if it is not evidence we accept (EVIDENCE_MIMETYPES). The
        name alone never makes a file acceptable, and a name of a refused
        type (page.html holding plain text) refuses it."""
        mimetype = guess_mimetype(content or b"", default="application/octet-stream")
        named = mimetypes.guess_type(filename or "")[0]
        if named and any(
            named.startswith(prefix) for prefix in EVIDENCE_REFINED.get(mimetype, ())
        ):
            mimetype = named
        if mimetype in EVIDENCE_MIMETYPES and (
            not named or named in EVIDENCE_MIMETYPES
        ):
            return mimetype
        raise UserError(
            self.env._(
                "The file %(name)s cannot be sent: we accept photos (JPEG, PNG, "
                "GIF, WebP), PDF, text, office documents (Word, Excel, "
                "PowerPoint, OpenDocument) and emails (.eml). Nothing was sent: "
                "please attach the file in one of these formats.",
                name=filename,
            )
        )

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
