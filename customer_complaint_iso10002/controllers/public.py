# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, http
from odoo.http import request

from .form_helpers import ComplaintFormMixin

RATE_LIMIT_EMAIL_DEFAULT = 3
RATE_LIMIT_IP_DEFAULT = 10
# The hidden trap field: people never see it, form-filling robots fill it.
HONEYPOT_FIELD = "contact_website"


class ComplaintPublic(ComplaintFormMixin, http.Controller):
    def _complaint_company(self, company_id=None):
        # sudo: the company's public complaint page text and name are public
        # information; nothing else of the company is shown.
        Company = request.env["res.company"].sudo()
        company = Company.browse(company_id).exists() if company_id else Company
        return company or request.env.company.sudo()

    def _complaint_targets(self, company_sudo):
        """Target times shown to the public, from the company's default policy
        (the built-in targets without one), decisions in working days of the
        company's calendar."""
        Policy = request.env["customer.complaint.deadline.policy"]
        return Policy._public_targets(company_sudo)

    def _complaint_public_values(self, company_sudo, form=None, error=None, **kw):
        return {
            "company": company_sudo,
            "targets": self._complaint_targets(company_sudo),
            "form": form or {},
            "error": error,
            "errors": kw.get("errors") or {},
            "honeypot_field": HONEYPOT_FIELD,
            "page_name": "complaint_public",
            **self._complaint_upload_values(company_sudo),
        }

    @http.route(
        ["/complaints", "/complaints/<int:company_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=True,
    )
    def complaints_public_page(self, company_id=None, **kw):
        company_sudo = self._complaint_company(company_id)
        return request.render(
            "customer_complaint_iso10002.complaint_public_page",
            self._complaint_public_values(company_sudo),
        )

    def _complaint_rate_limits(self):
        return self._complaint_int_params(
            public_form_limit_email=RATE_LIMIT_EMAIL_DEFAULT,
            public_form_limit_ip=RATE_LIMIT_IP_DEFAULT,
        )

    def _complaint_public_refusal(self, company_sudo, form):
        """A function answering the public page again with what was typed,
        the error and the fields in error (shared by complaint and feedback)."""

        def refuse(error, errors=None, status=400):
            return request.render(
                "customer_complaint_iso10002.complaint_public_page",
                self._complaint_public_values(
                    company_sudo, form=form, error=error, errors=errors
                ),
                status=status,
            )

        return refuse

    def _complaint_public_screen(self, kw, refuse, trap_message):
        """The refusal of a robot (trap field filled), of NUL characters or
        of a text too long, else None: before anything typed is read
        further."""
        if kw.get(HONEYPOT_FIELD):
            return refuse(trap_message)
        input_error = self._complaint_input_error()
        return refuse(input_error) if input_error else None

    def _complaint_public_log(self, company_sudo, email):
        """Log one visitor submission; False when the address or the network
        sent too many in the last hour (then nothing is logged)."""
        # sudo: the submission log is technical: counted and added to here only.
        return (
            request.env["customer.complaint.web.submission"]
            .sudo()
            .with_company(company_sudo)
            ._log_within_limits(
                email,
                request.httprequest.remote_addr or "",
                *self._complaint_rate_limits(),
            )
        )

    @http.route(
        ["/complaints/submit"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def complaints_public_submit(self, **kw):
        company_sudo = self._complaint_company(
            self._complaint_int(kw.get("company_id"))
        )
        form = {
            "partner_name": self._complaint_clean_text(kw.get("partner_name")),
            "email_from": self._complaint_clean_text(kw.get("email_from")),
            "partner_phone": self._complaint_clean_text(kw.get("partner_phone")),
            "name": self._complaint_clean_text(kw.get("name")),
            "description": self._complaint_clean_text(kw.get("description")),
            "customer_order_reference": self._complaint_clean_text(
                kw.get("customer_order_reference")
            ),
            # the complainant's choice (privacy mixin)
            "non_disclosure": bool(kw.get("non_disclosure")),
        }

        refuse = self._complaint_public_refusal(company_sudo, form)
        screened = self._complaint_public_screen(
            kw,
            refuse,
            _(
                "Your complaint could not be accepted automatically. Please "
                "write to us by email or call us instead."
            ),
        )
        if screened:
            return screened
        # Checked once, in the model, as for the portal form.
        Complaint = request.env["customer.complaint"]
        vals, errors = Complaint._intake_values(form, "web_form", company_sudo)
        uploads, upload_error = self._complaint_read_uploads(company_sudo)
        if upload_error:
            errors["attachments"] = upload_error
        if errors:
            return refuse(self._complaint_form_error(), errors)
        if not self._complaint_public_log(company_sudo, vals["email_from"]):
            return refuse(
                _(
                    "We have received several complaints from this address or "
                    "network in the last hour. Please try again later, or write to "
                    "us by email or call us."
                ),
                status=429,
            )
        # sudo: visitors cannot create complaints. The visitor passed the trap
        # field and the rate limit just above; the complaint gets no contact
        # (none is created or guessed), only the name and address typed.
        complaint_sudo = (
            Complaint.sudo()
            .with_company(company_sudo)
            .with_context(mail_create_nosubscribe=True)
            .create(vals)
        )
        # The complaint was created just above by this request.
        attachments = self._complaint_attach(complaint_sudo, uploads)
        if attachments:
            self._complaint_post_message(
                complaint_sudo,
                Markup("<p>%s</p>") % _("Documents sent with the complaint."),
                attachments,
            )
        complaint_sudo._portal_ensure_token()
        return request.render(
            "customer_complaint_iso10002.complaint_public_thanks",
            {
                "company": company_sudo,
                "complaint": complaint_sudo,
                "tracking_url": complaint_sudo.get_base_url()
                + complaint_sudo.get_portal_url(),
                "page_name": "complaint_public",
            },
        )
