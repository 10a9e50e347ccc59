# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import mimetypes
import os
from operator import itemgetter
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq, formataddr, plaintext2html
from odoo.tools import groupby as groupbyelem

from odoo.addons.portal.controllers.attachment import PortalAttachmentController
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.portal.controllers.thread import ThreadController

MAX_ATTACHMENTS_DEFAULT = 5
MAX_ATTACHMENT_MB_DEFAULT = 10
MAX_SUBJECT_LENGTH = 200
MAX_TEXT_LENGTH = 20000


class ComplaintPortalMixin:
    """Helpers shared by the customer portal and the public complaint page."""

    # ------------------------------------------------------------------
    # Input handling
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

    def _complaint_attachment_limits(self):
        return self._complaint_int_params(
            portal_max_attachments=MAX_ATTACHMENTS_DEFAULT,
            portal_max_attachment_mb=MAX_ATTACHMENT_MB_DEFAULT,
        )

    def _complaint_upload_values(self, company):
        """The upload limits shown next to the file fields."""
        max_count, max_mb = self._complaint_attachment_limits()
        # sudo: the company's upload limits, shown to anyone who may upload.
        company = (company or request.env.company).sudo()
        return {
            "max_attachments": max_count,
            "max_attachment_mb": max_mb,
            "complaint_max_files": company.complaint_upload_max_count,
            "complaint_max_mb": company.complaint_upload_max_mb,
        }

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

    def _complaint_read_uploads(
        self, company, complaint=None, field_name="attachments"
    ):
        """Read the uploaded files, checking count and size per request and
        the limits of ``company`` for ``complaint`` (empty for a new one).

        :return: (list of (filename, bytes, mimetype), error message or None)
        """
        files = [
            file
            for file in request.httprequest.files.getlist(field_name)
            if file and file.filename
        ]
        max_count, max_mb = self._complaint_attachment_limits()
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
            mimetype = (
                file.mimetype
                or mimetypes.guess_type(file.filename)[0]
                or "application/octet-stream"
            )
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
        # message that links them, see _complaint_post_message), and HTML, SVG
        # and other XML-like files are stored as text/plain
        # (attachments_mime_plainxml): never served as pages from our site.
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

    def _complaint_check_form(self, form, errors, company):
        """Check the subject and description typed in a complaint form and read
        its uploads for a new complaint of ``company``; the problems go into
        ``errors`` (field: message).

        :return: the uploads (see _complaint_read_uploads)
        """
        if not form["name"]:
            errors["name"] = _("Please give your complaint a subject.")
        if not form["description"]:
            errors["description"] = _("Please describe what went wrong.")
        uploads, upload_error = self._complaint_read_uploads(company)
        if upload_error:
            errors["attachments"] = upload_error
        return uploads

    @staticmethod
    def _complaint_form_error():
        return _(
            "Your complaint was not sent yet: please correct the fields marked below."
        )

    @staticmethod
    def _complaint_clean_text(value, max_length=MAX_TEXT_LENGTH):
        # NUL characters cannot be stored: the text is kept without them when
        # a form is shown again (see _complaint_nul_error).
        return (value or "").replace("\x00", "").strip()[:max_length]

    @staticmethod
    def _complaint_nul_error():
        """The message refusing this request if a field or a file name holds a
        NUL character (the database cannot store it), else None."""
        httprequest = request.httprequest
        texts = [
            *(value for __, value in httprequest.args.items(multi=True)),
            *(value for __, value in httprequest.form.items(multi=True)),
            *(file.filename or "" for __, file in httprequest.files.items(multi=True)),
        ]
        if any("\x00" in text for text in texts):
            return _(
                "Your text contains an invalid character (NUL) that we cannot "
                "store. Nothing was sent: please remove it and try again."
            )
        return None

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


class ComplaintPortal(ComplaintPortalMixin, CustomerPortal):
    # ------------------------------------------------------------------
    # /my home tile
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["customer.complaint"]
            values["complaint_count"] = (
                Complaint.search_count(self._complaint_portal_domain())
                if Complaint.has_access("read")
                else 0
            )
        return values

    def _complaint_portal_domain(self):
        # Record rules do the filtering; this only hides archived complaints.
        return [("active", "=", True)]

    # ------------------------------------------------------------------
    # List
    # ------------------------------------------------------------------

    def _complaint_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "date_received desc, id desc"},
            "reference": {"label": _("Reference"), "order": "reference desc, id desc"},
            "name": {"label": _("Subject"), "order": "name, id desc"},
            "stage": {"label": _("Status"), "order": "stage_id, id desc"},
        }

    def _complaint_searchbar_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": _("Closed"), "domain": [("is_closed", "=", True)]},
        }

    def _complaint_searchbar_groupby(self):
        return {
            "none": {"label": _("None"), "field": False},
            "stage": {"label": _("Status"), "field": "stage_id"},
            "category": {"label": _("Category"), "field": "category_id"},
        }

    def _complaint_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _("Search in All")},
            "reference": {"input": "reference", "label": _("Search in Reference")},
            "name": {"input": "name", "label": _("Search in Subject")},
        }

    def _complaint_search_domain(self, search_in, search):
        if not search:
            return []
        if search_in == "reference":
            return [("reference", "ilike", search)]
        if search_in == "name":
            return [("name", "ilike", search)]
        return ["|", ("reference", "ilike", search), ("name", "ilike", search)]

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(
        self,
        page=1,
        sortby=None,
        filterby=None,
        groupby=None,
        search=None,
        search_in="all",
        **kw,
    ):
        # auth="user" and no sudo: the record rules decide what is listed.
        Complaint = request.env["customer.complaint"]
        values = self._prepare_portal_layout_values()
        sortings = self._complaint_searchbar_sortings()
        filters = self._complaint_searchbar_filters()
        groupbys = self._complaint_searchbar_groupby()
        inputs = self._complaint_searchbar_inputs()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        groupby = groupby if groupby in groupbys else "none"
        search_in = search_in if search_in in inputs else "all"
        nul_error = self._complaint_nul_error()
        if nul_error:
            return self._complaint_error_page(nul_error, 400)
        search = (search or "").strip()[:100]
        domain = expression.AND(
            [
                self._complaint_portal_domain(),
                filters[filterby]["domain"],
                self._complaint_search_domain(search_in, search),
            ]
        )
        order = sortings[sortby]["order"]
        group_field = groupbys[groupby]["field"]
        if group_field:
            order = f"{group_field}, {order}"
        complaints_count = (
            Complaint.search_count(domain) if Complaint.has_access("read") else 0
        )
        pager = portal_pager(
            url="/my/complaints",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "groupby": groupby,
                "search": search,
                "search_in": search_in,
            },
            total=complaints_count,
            page=page,
            step=self._items_per_page,
        )
        complaints = (
            Complaint.search(
                domain,
                order=order,
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if complaints_count
            else Complaint
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        if group_field:
            grouped_complaints = [
                Complaint.concat(*group)
                for __, group in groupbyelem(complaints, itemgetter(group_field))
            ]
        else:
            grouped_complaints = [complaints] if complaints else []
        values.update(
            {
                "complaints": complaints,
                "grouped_complaints": grouped_complaints,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "searchbar_groupby": groupbys,
                "searchbar_inputs": inputs,
                "sortby": sortby,
                "filterby": filterby,
                "groupby": groupby,
                "search": search,
                "search_in": search_in,
            }
        )
        return request.render(
            "customer_complaint_iso10002.portal_my_complaints", values
        )

    # ------------------------------------------------------------------
    # Detail, PDF
    # ------------------------------------------------------------------

    def _complaint_check_access(self, complaint_id, access_token=None):
        """The complaint the caller may read, sudoed, or None.

        Record rules for logged-in users, otherwise a valid access token.
        """
        try:
            return self._document_check_access(
                "customer.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return None

    def _complaint_is_complainant(self, complaint_sudo, access_token=None):
        """Only the complainant answers a decision or rates the handling: the
        logged-in contact who filed it, or whoever holds its access token (the
        link sent to the complainant). Followers and colleagues only read and
        write messages."""
        if (
            access_token
            and complaint_sudo.access_token
            and consteq(complaint_sudo.access_token, access_token)
        ):
            return True
        user = request.env.user
        return (
            not user._is_public()
            and bool(complaint_sudo.partner_id)
            and complaint_sudo.partner_id == user.partner_id
        )

    def _complaint_denied(self):
        return self._complaint_error_page(
            _(
                "This complaint does not exist or you are not allowed to see it. "
                "If you received a link by email, please open that link again."
            ),
            403,
        )

    def _complaint_error_page(self, error, status):
        return request.render(
            "customer_complaint_iso10002.portal_complaint_denied",
            {"page_name": "complaint", "complaint": False, "error": error},
            status=status,
        )

    def _complaint_url(self, complaint_sudo, access_token=None, **params):
        url = f"/my/complaints/{complaint_sudo.id}"
        query = dict(params)
        if access_token:
            query["access_token"] = access_token
        if query:
            url += "?" + urlencode(query)
        return url

    def _complaint_public_attachments(self, complaint_sudo):
        """Attachments of the messages the complainant can see."""
        messages = complaint_sudo.message_ids.filtered(
            lambda m: (
                m.message_type in ("comment", "email")
                and not m.is_internal
                and not m.subtype_id.internal
            )
        )
        attachments = messages.attachment_ids
        attachments.generate_access_token()
        return attachments

    def _complaint_detail_values(self, complaint_sudo, access_token, **kw):
        messages = {
            "sent": _("Your message was sent."),
            "uploaded": _("Your documents were added."),
            "accepted": _("Thank you: you accepted our decision."),
            "contested": _(
                "Your objection was recorded. The decision will be reviewed by "
                "someone who did not take it."
            ),
            "rated": _("Thank you for rating how we handled your complaint."),
            "created": _(
                "Your complaint was received under reference %(ref)s. We have sent "
                "you an acknowledgement.",
                ref=complaint_sudo.reference,
            ),
        }
        values = {
            "complaint": complaint_sudo,
            "page_name": "complaint",
            "timeline": complaint_sudo._get_timeline(portal=True),
            "public_attachments": self._complaint_public_attachments(complaint_sudo),
            "can_answer": complaint_sudo._portal_can_answer_decision()
            and self._complaint_is_complainant(complaint_sudo, access_token),
            "can_rate": complaint_sudo._portal_can_rate()
            and self._complaint_is_complainant(complaint_sudo, access_token),
            "rating_values": range(1, 6),
            "success": messages.get(kw.get("message")),
            "error": kw.get("error"),
            "form": kw.get("form") or {},
            "report_type": "html",
            "disable_composer": True,
            **self._complaint_upload_values(complaint_sudo.company_id),
        }
        return self._get_page_view_values(
            complaint_sudo, access_token, values, "my_complaints_history", False
        )

    def _complaint_render_detail(self, complaint_sudo, access_token, status=200, **kw):
        values = self._complaint_detail_values(complaint_sudo, access_token, **kw)
        return request.render(
            "customer_complaint_iso10002.portal_my_complaint", values, status=status
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_complaint(
        self, complaint_id, access_token=None, report_type=None, download=False, **kw
    ):
        # Record rules for users, or the access token for anyone.
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=complaint_sudo,
                report_type=report_type,
                report_ref="customer_complaint_iso10002.action_report_complaint",
                download=download,
            )
        return self._complaint_render_detail(
            complaint_sudo, access_token, message=kw.get("message")
        )

    # ------------------------------------------------------------------
    # Messages and documents
    # ------------------------------------------------------------------

    @http.route(
        ["/my/complaints/<int:complaint_id>/message"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_message(
        self, complaint_id, access_token=None, body=None, **kw
    ):
        # Access check first: record rules for users, the token for visitors.
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        text = self._complaint_clean_text(body)
        form = {"body": text}
        error = self._complaint_nul_error()
        if not error and not text:
            error = _("Please write a message before sending it.")
        if not error:
            uploads, error = self._complaint_read_uploads(
                complaint_sudo.company_id, complaint_sudo
            )
        if error:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=error, form=form
            )
        # The complaint was checked just above.
        attachments = self._complaint_attach(complaint_sudo, uploads)
        self._complaint_post_message(
            complaint_sudo, self._complaint_text_to_html(text), attachments
        )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="sent")
            + "#complaint_chat"
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/upload"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_upload(self, complaint_id, access_token=None, **kw):
        # Access check first: record rules for users, the token for visitors.
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        error = self._complaint_nul_error()
        if not error:
            uploads, error = self._complaint_read_uploads(
                complaint_sudo.company_id, complaint_sudo
            )
        if not error and not uploads:
            error = _("Please choose at least one file to add.")
        if error:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=error
            )
        # The complaint was checked just above.
        attachments = self._complaint_attach(complaint_sudo, uploads)
        self._complaint_post_message(
            complaint_sudo,
            Markup("<p>%s</p>") % _("Documents added by the complainant."),
            attachments,
        )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="uploaded")
        )

    # ------------------------------------------------------------------
    # Answer the decision, rate the handling
    # ------------------------------------------------------------------

    def _complaint_check_complainant(self, complaint_id, access_token):
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if complaint_sudo is None or not self._complaint_is_complainant(
            complaint_sudo, access_token
        ):
            return None
        return complaint_sudo

    @http.route(
        ["/my/complaints/<int:complaint_id>/accept"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_accept(self, complaint_id, access_token=None, **kw):
        # Access check first: readable by the caller AND the caller is the
        # complainant (or holds the complainant's token).
        complaint_sudo = self._complaint_check_complainant(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        if not complaint_sudo._portal_can_answer_decision():
            return self._complaint_render_detail(
                complaint_sudo,
                access_token,
                status=400,
                error=_("There is no decision waiting for your answer."),
            )
        try:
            # sudo: complainants cannot write complaints; checked just above.
            complaint_sudo.current_decision_id._accept()
        except (UserError, ValidationError) as exc:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=str(exc)
            )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="accepted")
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/contest"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_contest(
        self, complaint_id, access_token=None, reason=None, **kw
    ):
        # Access check first: readable by the caller AND the caller is the
        # complainant (or holds the complainant's token).
        complaint_sudo = self._complaint_check_complainant(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        reason = self._complaint_clean_text(reason)
        form = {"reason": reason}
        nul_error = self._complaint_nul_error()
        if nul_error:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=nul_error, form=form
            )
        if not complaint_sudo._portal_can_answer_decision():
            return self._complaint_render_detail(
                complaint_sudo,
                access_token,
                status=400,
                error=_("There is no decision waiting for your answer."),
                form=form,
            )
        if not reason:
            return self._complaint_render_detail(
                complaint_sudo,
                access_token,
                status=400,
                error=_("Please tell us why you contest the decision."),
                form=form,
            )
        try:
            # sudo: complainants cannot write complaints; checked just above.
            complaint_sudo.current_decision_id._contest(reason)
        except (UserError, ValidationError) as exc:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=str(exc), form=form
            )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="contested")
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/rate"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_rate(self, complaint_id, access_token=None, **kw):
        # Access check first: readable by the caller AND the caller is the
        # complainant (or holds the complainant's token).
        complaint_sudo = self._complaint_check_complainant(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        criteria = ("speed", "clarity", "fairness", "overall")
        comment = self._complaint_clean_text(kw.get("comment"), 5000)
        form = {key: kw.get(key) for key in criteria}
        form["comment"] = comment
        ratings = {key: self._complaint_int(kw.get(key)) for key in criteria}
        nul_error = self._complaint_nul_error()
        if nul_error:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=nul_error, form=form
            )
        try:
            # sudo: the ratings are the complainant's alone; the caller was
            # checked just above as the complainant of this complaint.
            complaint_sudo._rate_handling(ratings, comment)
        except (UserError, ValidationError) as exc:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=str(exc), form=form
            )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="rated")
        )

    # ------------------------------------------------------------------
    # New complaint
    # ------------------------------------------------------------------

    def _complaint_check_document(self, model_name, record_id):
        """The record if the current user may read it, else an empty recordset."""
        record = (
            request.env[model_name].browse(record_id).exists() if record_id else None
        )
        if not record:
            return request.env[model_name], bool(record_id)
        if not record.has_access("read"):
            return request.env[model_name], True
        return record, False

    def _complaint_new_form_values(self, form, error=None, errors=None):
        # Categories the user may read (record rules apply), no sudo.
        Category = request.env["customer.complaint.category"]
        categories = Category.search([]) if Category.has_access("read") else Category
        Complaint = request.env["customer.complaint"]
        remedies = Complaint._fields["requested_remedy"]._description_selection(
            request.env
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "form": form,
                "error": error,
                "errors": errors or {},
                "categories": categories,
                "remedies": remedies,
                "orders": self._complaint_own_orders(),
                "invoices": self._complaint_own_invoices(),
                **self._complaint_upload_values(request.env.user.company_id),
            }
        )
        return values

    def _complaint_own_orders(self):
        SaleOrder = request.env["sale.order"]
        if not SaleOrder.has_access("read"):
            return SaleOrder
        # Record rules restrict the search to the caller's own orders.
        return SaleOrder.search(
            [("state", "=", "sale")], order="date_order desc", limit=50
        )

    def _complaint_own_invoices(self):
        Move = request.env["account.move"]
        if not Move.has_access("read"):
            return Move
        # Record rules restrict the search to the caller's own invoices.
        return Move.search(
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ],
            order="invoice_date desc, id desc",
            limit=50,
        )

    def _complaint_validate_documents(self, form):
        """Check that order, invoice and product are the caller's own.

        :return: (values for create, dict of field errors)
        """
        errors = {}
        vals = {}
        order, refused = self._complaint_check_document(
            "sale.order", self._complaint_int(form.get("sale_order_id"))
        )
        if refused:
            errors["sale_order_id"] = _(
                "This order is not one of yours. Please choose one of your orders."
            )
            form["sale_order_id"] = ""
        elif order:
            vals["sale_order_id"] = order.id
        invoice, refused = self._complaint_check_document(
            "account.move", self._complaint_int(form.get("invoice_id"))
        )
        if refused or (
            invoice and invoice.move_type not in ("out_invoice", "out_refund")
        ):
            errors["invoice_id"] = _(
                "This invoice is not one of yours. Please choose one of your invoices."
            )
            form["invoice_id"] = ""
        elif invoice:
            vals["invoice_id"] = invoice.id
        product_id = self._complaint_int(form.get("product_id"))
        if product_id:
            product = self._complaint_own_product(product_id, order)
            if product:
                vals["product_id"] = product.id
            else:
                errors["product_id"] = _(
                    "This product is not on one of your orders. Please choose a "
                    "product you ordered."
                )
                form["product_id"] = ""
        return vals, errors

    def _complaint_own_product(self, product_id, order):
        Line = request.env["sale.order.line"]
        if not Line.has_access("read"):
            return request.env["product.product"]
        domain = [("product_id", "=", product_id)]
        if order:
            domain.append(("order_id", "=", order.id))
        else:
            domain.append(("order_id.state", "=", "sale"))
        # Record rules restrict the search to lines of the caller's own orders;
        # sudo: reading the product of such a line (portal users cannot).
        return Line.search(domain, limit=1).sudo().product_id

    def _complaint_product_choices(self, order):
        if not order:
            return request.env["product.product"]
        # sudo: portal users cannot read products; order was checked with
        # has_access just before, so these are the products the caller ordered.
        return order.order_line.product_id.sudo()

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_complaint_new(self, **kw):
        form = {
            key: kw.get(key, "")
            for key in ("sale_order_id", "invoice_id", "product_id")
        }
        __, errors = self._complaint_validate_documents(form)
        values = self._complaint_new_form_values(
            form,
            error=_(
                "Some of the documents in the link are not yours and were left out."
            )
            if errors
            else None,
            errors=errors,
        )
        values["products"] = self._complaint_products_for_form(form)
        return request.render(
            "customer_complaint_iso10002.portal_complaint_new", values
        )

    def _complaint_products_for_form(self, form):
        order, __ = self._complaint_check_document(
            "sale.order", self._complaint_int(form.get("sale_order_id"))
        )
        if order:
            return self._complaint_product_choices(order)
        Line = request.env["sale.order.line"]
        if not Line.has_access("read"):
            return request.env["product.product"]
        # Record rules restrict the search to lines of the caller's own orders;
        # sudo: reading the products of these lines (portal users cannot).
        lines = Line.search([("order_id.state", "=", "sale")], limit=200)
        return lines.sudo().product_id

    def _complaint_render_new(self, form, error, errors):
        """The new complaint form again, with what was typed, refused (400)."""
        values = self._complaint_new_form_values(form, error=error, errors=errors)
        values["products"] = self._complaint_products_for_form(form)
        return request.render(
            "customer_complaint_iso10002.portal_complaint_new", values, status=400
        )

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_create(self, **kw):
        form = {
            "name": self._complaint_clean_text(kw.get("name"), MAX_SUBJECT_LENGTH),
            "description": self._complaint_clean_text(kw.get("description")),
            "category_id": kw.get("category_id", ""),
            "requested_remedy": kw.get("requested_remedy", ""),
            "requested_remedy_details": self._complaint_clean_text(
                kw.get("requested_remedy_details"), 2000
            ),
            "sale_order_id": kw.get("sale_order_id", ""),
            "invoice_id": kw.get("invoice_id", ""),
            "product_id": kw.get("product_id", ""),
        }
        nul_error = self._complaint_nul_error()
        if nul_error:
            return self._complaint_render_new(form, nul_error, {})
        vals, errors = self._complaint_validate_documents(form)
        user = request.env.user
        document = request.env["sale.order"].browse(vals.get("sale_order_id")) or (
            request.env["account.move"].browse(vals.get("invoice_id"))
        )
        company = document.company_id if document else user.company_id
        uploads = self._complaint_check_form(form, errors, company)
        category_id = self._complaint_int(form["category_id"])
        if category_id:
            category, refused = self._complaint_check_document(
                "customer.complaint.category", category_id
            )
            if refused:
                errors["category_id"] = _("Please choose a category from the list.")
                form["category_id"] = ""
            else:
                vals["category_id"] = category.id
        remedies = dict(
            request.env["customer.complaint"]
            ._fields["requested_remedy"]
            ._description_selection(request.env)
        )
        if form["requested_remedy"] and form["requested_remedy"] not in remedies:
            errors["requested_remedy"] = _("Please choose a remedy from the list.")
            form["requested_remedy"] = ""
        if errors:
            return self._complaint_render_new(
                form, self._complaint_form_error(), errors
            )
        vals.update(
            {
                "name": form["name"],
                "description": self._complaint_text_to_html(form["description"]),
                "requested_remedy": form["requested_remedy"] or False,
                "requested_remedy_details": form["requested_remedy_details"] or False,
                "partner_id": user.partner_id.id,
                "channel": "portal",
                "received_by_id": False,
                "company_id": company.id,
            }
        )
        # sudo: portal users cannot create complaints directly. The caller is
        # logged in (auth="user"), files as themselves, and every linked order,
        # invoice, product and category was checked above with their own rights.
        complaint_sudo = (
            request.env["customer.complaint"].sudo().with_company(company).create(vals)
        )
        attachments = self._complaint_attach(complaint_sudo, uploads)
        if attachments:
            self._complaint_post_message(
                complaint_sudo,
                Markup("<p>%s</p>") % _("Documents sent with the complaint."),
                attachments,
            )
        return request.redirect(self._complaint_url(complaint_sudo, message="created"))


class ComplaintChatterAttachment(ComplaintPortalMixin, PortalAttachmentController):
    """The portal chatter's upload, on a complaint: the company's limits per
    complaint apply to portal users and visitors as on the complaint page.
    (Odoo already stores their HTML and SVG files as text/plain.)"""

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
                )
                if error:
                    return request.make_json_response({"error": error})
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )


class ComplaintChatterThread(ComplaintPortalMixin, ThreadController):
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
