# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer portal's complaints: the list under My Account, the page of
one complaint (with its PDF), its messages and documents, and the route guard
every portal route on a complaint goes through."""

from operator import itemgetter
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq
from odoo.tools import groupby as groupbyelem

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .form_helpers import ComplaintFormMixin

# What the portal list shows of each complaint (portal_my_complaints).
PORTAL_LIST_FIELDS = [
    "reference",
    "name",
    "category_id",
    "date_received",
    "deadline_state",
    "is_closed",
    "stage_id",
]


class ComplaintPortalBase(ComplaintFormMixin, CustomerPortal):
    """The route guard and the complaint page, which the portal routes of
    complaints (this file, portal_answers.py, portal_form.py) build on."""

    # ------------------------------------------------------------------
    # Route guard
    # ------------------------------------------------------------------

    def _complaint_guard(self, complaint_id, access_token=None, complainant=False):
        """The complaint, sudoed, if the caller may read it, else None: record
        rules for logged-in users, otherwise a valid access token (the link
        sent to the complainant). With ``complainant``, the caller must also
        be its complainant (see _complaint_is_complainant): only they answer
        a decision or rate the handling.

        Every portal route on a complaint calls this first, and refuses with
        _complaint_denied() on None.
        """
        try:
            complaint_sudo = self._document_check_access(
                "customer.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return None
        if complainant and not self._complaint_is_complainant(
            complaint_sudo, access_token
        ):
            return None
        return complaint_sudo

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

    # ------------------------------------------------------------------
    # The complaint page
    # ------------------------------------------------------------------

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
        values = self._get_page_view_values(
            complaint_sudo, access_token, values, "my_complaints_history", False
        )
        # The pager links the complaints of the user's list with their token:
        # it is their complainant's key to the page (their data, their
        # choices). The user's own access opens those complaints.
        for key in ("prev_record", "next_record"):
            if isinstance(values.get(key), str):
                values[key] = values[key].split("?", 1)[0]
        return values

    def _complaint_render_detail(self, complaint_sudo, access_token, status=200, **kw):
        values = self._complaint_detail_values(complaint_sudo, access_token, **kw)
        return request.render(
            "customer_complaint_iso10002.portal_my_complaint", values, status=status
        )


class ComplaintPortal(ComplaintPortalBase):
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
        # Record rules do the filtering; this hides archived complaints and,
        # for portal users, narrows the search to what the portal rule grants.
        domain = [("active", "=", True)]
        if request.env.user.share:
            domain = expression.AND([domain, self._complaint_portal_reach()])
        return domain

    def _complaint_portal_reach(self):
        """The complaints the portal rule may grant the user (filed, followed,
        of their customer), as the database finds them by index: the rule's
        followers subquery, inside its OR, leaves it no index but the date's,
        read backwards through every complaint to find a customer's few. The
        record rules still apply on top: this never widens what is listed."""
        partner = request.env.user.partner_id
        # the followers condition alone is a join on the followers' index
        followed = (
            request.env["customer.complaint"]
            .search([("message_partner_ids", "in", partner.ids)], order="id")
            .ids
        )
        return [
            "|",
            "|",
            ("partner_id", "=", partner.id),
            ("id", "in", followed),
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
        ]

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
        input_error = self._complaint_input_error()
        if input_error:
            return self._complaint_error_page(input_error, 400)
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
        # the page's complaints with the columns the list shows only
        complaints = (
            Complaint.search_fetch(
                domain,
                PORTAL_LIST_FIELDS,
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
        complaint_sudo = self._complaint_guard(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        if report_type in ("html", "pdf", "text"):
            # Whoever else reads it (a follower, a colleague) reads the
            # pseudonym of a complainant who chose non-disclosure.
            request.update_context(
                complaint_complainant=self._complaint_is_complainant(
                    complaint_sudo, access_token
                )
            )
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
        complaint_sudo = self._complaint_guard(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        text = self._complaint_clean_text(body)
        form = {"body": text}
        error = self._complaint_input_error()
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
        complaint_sudo = self._complaint_guard(complaint_id, access_token)
        if complaint_sudo is None:
            return self._complaint_denied()
        error = self._complaint_input_error()
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
