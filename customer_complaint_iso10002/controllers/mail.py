# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal chatter on a complaint (mail's routes): the company's upload
limits per complaint, and a visitor posting without a contact."""

import os

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.attachment import PortalAttachmentController
from odoo.addons.portal.controllers.thread import ThreadController

from .form_helpers import ComplaintFormMixin


class ComplaintChatterAttachment(ComplaintFormMixin, PortalAttachmentController):
    """The portal chatter's upload, on a complaint: the company's limits per
    complaint and the evidence types apply to portal users and visitors as on
    the complaint page."""

    @http.route()
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        if thread_model == "customer.complaint" and not request.env.user._is_internal():
            Complaint = request.env[thread_model]
            complaint = Complaint._get_thread_with_access(
                self._complaint_int(thread_id),
                mode=Complaint._mail_post_access,
                **kwargs,
            )
            if complaint:
                ufile.stream.seek(0, os.SEEK_END)
                size = ufile.stream.tell()
                ufile.stream.seek(0)
                error = self._complaint_upload_limit_error(
                    complaint.company_id, complaint, [size]
                ) or self._complaint_upload_type_error(ufile)
                if error:
                    return request.make_json_response({"error": error})
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )


class ComplaintChatterThread(ComplaintFormMixin, ThreadController):
    """The portal chatter's messages, on a complaint: a visitor holding the
    tracking link posts without a contact (_complaint_visitor_author), and the
    files a portal user or visitor links count against the company's limits
    per complaint."""

    @http.route()
    def mail_message_post(
        self, thread_model, thread_id, post_data, context=None, **kwargs
    ):
        attachment_ids = post_data.get("attachment_ids")
        if (
            thread_model == "customer.complaint"
            and attachment_ids
            and not request.env.user._is_internal()
        ):
            Complaint = request.env[thread_model]
            complaint = Complaint._get_thread_with_access(
                self._complaint_int(thread_id),
                mode=Complaint._mail_post_access,
                **kwargs,
            )
            if complaint:
                # sudo: sizes of the files to link, counted before Odoo checks
                # they are the caller's own; files already on this complaint
                # are counted there.
                new_files = (
                    request.env["ir.attachment"]
                    .sudo()
                    .browse(attachment_ids)
                    .exists()
                    .filtered(
                        lambda a: (a.res_model, a.res_id)
                        != (complaint._name, complaint.id)
                    )
                )
                error = self._complaint_upload_limit_error(
                    complaint.company_id, complaint, new_files.mapped("file_size")
                )
                if error:
                    raise UserError(error)
        return super().mail_message_post(
            thread_model, thread_id, post_data, context=context, **kwargs
        )

    def _prepare_post_data(self, post_data, thread, **kwargs):
        post_data = super()._prepare_post_data(post_data, thread, **kwargs)
        if thread._name == "customer.complaint" and request.env.user._is_public():
            # sudo: the complainant's typed name and address; the thread was
            # checked (token) by mail_message_post before.
            post_data.update(self._complaint_visitor_author(thread.sudo()))
        return post_data
