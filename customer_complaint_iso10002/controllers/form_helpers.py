# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal, the public page and the portal chatter share to read a
complaint form: uploads and their limits, text cleaning, the NUL check, and
posting as the caller (a visitor without a contact)."""

from odoo import _
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import formataddr, plaintext2html

MAX_SUBJECT_LENGTH = 200
MAX_TEXT_LENGTH = 20000
# What we keep of each field the forms send (MAX_TEXT_LENGTH for the others):
# a longer one is refused with the form, never stored cut short.
FIELD_LENGTHS = {
    "partner_name": 200,
    "email_from": 200,
    "partner_phone": 50,
    "name": MAX_SUBJECT_LENGTH,
    "customer_order_reference": 100,
    "requested_remedy_details": 2000,
    "comment": 5000,
}


class ComplaintFormMixin:
    """Helpers shared by the customer portal, the public complaint page and
    the portal chatter's routes on complaints."""

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    @staticmethod
    def _complaint_int_params(**defaults):
        """Integer settings ``customer_complaint_iso10002.<name>``, in the order
        given, each falling back to its default when unset or not a number."""
        # sudo: reads configuration parameters, nothing the caller owns.
        params = request.env["ir.config_parameter"].sudo()
        values = []
        for name, default in defaults.items():
            try:
                key = f"customer_complaint_iso10002.{name}"
                values.append(int(params.get_param(key, default)))
            except ValueError:
                values.append(default)
        return tuple(values)

    # ------------------------------------------------------------------
    # Uploads
    # ------------------------------------------------------------------

    def _complaint_upload_values(self, company):
        """The upload limits shown next to the file fields, the company's
        rule (res.company._complaint_upload_limits)."""
        # sudo: the upload limits, shown to anyone who may upload.
        return (company or request.env.company).sudo()._complaint_upload_limits()

    @staticmethod
    def _complaint_upload_limit_error(company, complaint, sizes):
        """The message refusing files of these ``sizes`` (bytes) for
        ``complaint`` (empty for a new one), or None if they are accepted.

        The limits and the count are the company's rule
        (res.company._complaint_check_uploads).
        """
        try:
            # sudo: the company's limits and the complaint's file count; the
            # caller's right to the complaint, if any, was checked before.
            (company or request.env.company).sudo()._complaint_check_uploads(
                complaint, sizes
            )
        except UserError as error:
            return error.args[0]
        return None

    @staticmethod
    def _complaint_upload_type_error(file):
        """The message refusing the uploaded ``file`` (within the size limit,
        read whole) if it is not evidence we accept, else None; the file is
        left to be read again."""
        content = file.read()
        file.seek(0)
        try:
            request.env["ir.attachment"]._complaint_evidence_mimetype(
                file.filename, content
            )
        except UserError as error:
            return error.args[0]
        return None

    def _complaint_read_uploads(
        self, company, complaint=None, field_name="attachments"
    ):
        """Read the uploaded files, checking count and size per request, their
        type (ir.attachment._complaint_evidence_mimetype) and the limits of
        ``company`` for ``complaint`` (empty for a new one).

        :return: (list of (filename, bytes, mimetype), error message or None)
        """
        files = [
            file
            for file in request.httprequest.files.getlist(field_name)
            if file and file.filename
        ]
        # Checked here too, before reading: a file past the limit is not read.
        limits = self._complaint_upload_values(company)
        max_count, max_mb = limits["max_attachments"], limits["max_attachment_mb"]
        if len(files) > max_count:
            return [], _(
                "You can attach at most %(count)s files at a time; you chose "
                "%(chosen)s. Nothing was sent: please choose fewer files.",
                count=max_count,
                chosen=len(files),
            )
        uploads = []
        for file in files:
            content = file.read(max_mb * 1024 * 1024 + 1)
            if len(content) > max_mb * 1024 * 1024:
                return [], _(
                    "The file %(name)s is larger than %(size)s MB. Nothing was "
                    "sent: please attach a smaller file.",
                    name=file.filename,
                    size=max_mb,
                )
            try:
                # the type judged on the content, not the browser's claim
                mimetype = request.env["ir.attachment"]._complaint_evidence_mimetype(
                    file.filename, content
                )
            except UserError as error:
                return [], error.args[0]
            uploads.append((file.filename, content, mimetype))
        error = self._complaint_upload_limit_error(
            company, complaint, [len(content) for __, content, __ in uploads]
        )
        if error:
            return [], error
        return uploads, None

    def _complaint_attach(self, complaint_sudo, uploads):
        """Create the attachments on the given complaint.

        Only call with a complaint the caller was checked on: the attachments go
        to that complaint and nowhere else.
        """
        if not uploads:
            return request.env["ir.attachment"]
        # sudo: portal users and visitors cannot create attachments on
        # complaints; the caller's right to this complaint was checked before.
        # sudo() keeps the requesting user: the attachments are theirs (as the
        # message that links them, see _complaint_post_message). Pages and
        # images a browser runs are refused before (_complaint_read_uploads);
        # should one get through, it is stored as text/plain
        # (attachments_mime_plainxml): never served as a page from our site.
        return (
            request.env["ir.attachment"]
            .sudo()
            .with_context(attachments_mime_plainxml=True)
            .create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "mimetype": mimetype,
                        # pending, like the chatter's uploads: message_post
                        # moves them onto this complaint.
                        "res_model": "mail.compose.message",
                        "res_id": 0,
                    }
                    for name, content, mimetype in uploads
                ]
            )
        )

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------

    def _complaint_post_message(self, complaint_sudo, body_html, attachments):
        """Post what the caller (checked on ``complaint_sudo`` before) wrote or
        sent: as their own contact when logged in, without any contact for a
        visitor (see _complaint_visitor_author)."""
        user = request.env.user
        if user._is_public():
            author = self._complaint_visitor_author(complaint_sudo)
        else:
            author = {"author_id": user.partner_id.id, "email_from": False}
        # sudo: portal users and visitors only read complaints; the caller's
        # right to this complaint was checked by the route before. Posted as
        # the caller (sudo keeps them): message_post links only the pending
        # attachments its own user created (_complaint_attach).
        complaint_sudo.with_user(user).sudo().with_context(
            mail_create_nosubscribe=True
        ).message_post(
            body=body_html,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments.ids,
            **author,
        )

    @staticmethod
    def _complaint_visitor_author(complaint_sudo):
        """Author values of a message from a visitor (not logged in) on
        ``complaint_sudo``: no contact, only the name and address the
        complainant typed. Anyone can type an address: it is never used to
        find a contact to post as."""
        email = complaint_sudo.email_from
        return {
            "author_id": False,
            "email_from": formataddr((complaint_sudo.partner_name or "", email))
            if email
            else False,
        }

    # ------------------------------------------------------------------
    # Typed text
    # ------------------------------------------------------------------

    @staticmethod
    def _complaint_form_error():
        return _(
            "Your complaint was not sent yet: please correct the fields marked below."
        )

    @staticmethod
    def _complaint_clean_text(value):
        # NUL characters cannot be stored: the text is kept without them when
        # a form is shown again (see _complaint_input_error, which also refuses
        # a text too long: it is shown again whole, to be shortened).
        return (value or "").replace("\x00", "").strip()

    @staticmethod
    def _complaint_input_error():
        """The message refusing this request if a field or a file name holds a
        NUL character (the database cannot store it) or a field is longer than
        we keep (FIELD_LENGTHS), else None: nothing is cut silently."""
        httprequest = request.httprequest
        fields = [
            *httprequest.args.items(multi=True),
            *httprequest.form.items(multi=True),
        ]
        names = [
            file.filename or "" for __, file in httprequest.files.items(multi=True)
        ]
        if any("\x00" in text for text in [value for __, value in fields] + names):
            return _(
                "Your text contains an invalid character (NUL) that we cannot "
                "store. Nothing was sent: please remove it and try again."
            )
        for name, value in fields:
            limit = FIELD_LENGTHS.get(name, MAX_TEXT_LENGTH)
            if len(value.strip()) > limit:
                limit = f"{limit:,}"
                return _(
                    "A text you typed is longer than the %(max)s characters we "
                    "keep. Nothing was sent: please shorten it, or attach the "
                    "rest as a file.",
                    max=limit,
                )
        return None

    @staticmethod
    def _complaint_text_to_html(text):
        # plaintext2html escapes everything the user typed: no markup survives.
        return plaintext2html(text) if text else False

    @staticmethod
    def _complaint_int(value):
        try:
            return int(value) if value else False
        except (TypeError, ValueError):
            return False
