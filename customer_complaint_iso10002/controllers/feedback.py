# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Compliments, suggestions and enquiries sent with the public and portal
complaint forms (ISO 10002 4.11): the form's choice sends them here, they
become feedback records, not complaints."""

from markupsafe import Markup

from odoo import _, http
from odoo.http import request

from ..models.customer_complaint_feedback import FEEDBACK_TYPES
from .portal_form import ComplaintPortalForm
from .public import ComplaintPublic

FEEDBACK_CODES = {code for code, _label in FEEDBACK_TYPES}


class FeedbackAttachMixin:
    def _feedback_attach(self, feedback_sudo, uploads):
        """The files sent with the form, in a message of the feedback just
        created by this request (nothing sent is lost)."""
        attachments = self._complaint_attach(feedback_sudo, uploads)
        if attachments:
            self._complaint_post_message(
                feedback_sudo,
                Markup("<p>%s</p>") % _("Documents sent with the message."),
                attachments,
            )


class ComplaintPublicFeedback(FeedbackAttachMixin, ComplaintPublic):
    @http.route()
    def complaints_public_submit(self, **kw):
        feedback_type = kw.get("feedback_type")
        if feedback_type not in FEEDBACK_CODES:
            return super().complaints_public_submit(**kw)
        company_sudo = self._complaint_company(
            self._complaint_int(kw.get("company_id"))
        )
        form = {
            "feedback_type": feedback_type,
            "partner_name": self._complaint_clean_text(kw.get("partner_name")),
            "email_from": self._complaint_clean_text(kw.get("email_from")),
            "name": self._complaint_clean_text(kw.get("name")),
            "description": self._complaint_clean_text(kw.get("description")),
        }

        refuse = self._complaint_public_refusal(company_sudo, form)
        screened = self._complaint_public_screen(
            kw,
            refuse,
            _(
                "Your message could not be accepted automatically. Please "
                "write to us by email or call us instead."
            ),
        )
        if screened:
            return screened
        # the same checks as a complaint's (name, address, subject, text)
        vals, errors = request.env["customer.complaint"]._intake_values(
            form, "web_form", company_sudo
        )
        uploads, upload_error = self._complaint_read_uploads(company_sudo)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            return refuse(
                _(
                    "Your message was not sent yet: please correct the fields "
                    "marked below."
                ),
                errors,
            )
        if not self._complaint_public_log(company_sudo, vals["email_from"]):
            return refuse(
                _(
                    "We have received several messages from this address or "
                    "network in the last hour. Please try again later."
                ),
                status=429,
            )
        # sudo: visitors cannot create feedback; the visitor passed the trap
        # field, the checks and the rate limit just above.
        feedback_sudo = (
            request.env["customer.complaint.feedback"]
            .sudo()
            .with_company(company_sudo)
            ._create_from_intake(vals, feedback_type)
        )
        self._feedback_attach(feedback_sudo, uploads)
        return request.render(
            "customer_complaint_iso10002.complaint_feedback_thanks",
            {"feedback": feedback_sudo, "back_url": "/complaints"},
        )


class ComplaintPortalFormFeedback(FeedbackAttachMixin, ComplaintPortalForm):
    @http.route()
    def portal_complaint_create(self, **kw):
        feedback_type = kw.get("feedback_type")
        if feedback_type not in FEEDBACK_CODES:
            return super().portal_complaint_create(**kw)
        form = {
            "feedback_type": feedback_type,
            "name": self._complaint_clean_text(kw.get("name")),
            "description": self._complaint_clean_text(kw.get("description")),
        }
        input_error = self._complaint_input_error()
        if input_error:
            return self._complaint_render_new(form, input_error, {})
        # the caller files as their own contact (checked with their rights)
        vals, errors = request.env["customer.complaint"]._intake_values(form, "portal")
        company = request.env["res.company"].browse(vals["company_id"])
        uploads, upload_error = self._complaint_read_uploads(company)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            return self._complaint_render_new(
                form,
                _(
                    "Your message was not sent yet: please correct the fields "
                    "marked below."
                ),
                errors,
            )
        # sudo: portal users cannot create feedback directly; the caller is
        # logged in (auth="user") and files as their own contact.
        feedback_sudo = (
            request.env["customer.complaint.feedback"]
            .sudo()
            .with_company(company)
            ._create_from_intake(vals, feedback_type)
        )
        self._feedback_attach(feedback_sudo, uploads)
        return request.render(
            "customer_complaint_iso10002.complaint_feedback_thanks",
            {"feedback": feedback_sudo, "back_url": "/my"},
        )
