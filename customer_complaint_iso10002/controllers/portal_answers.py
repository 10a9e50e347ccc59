# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's answers on the portal (7.8, 7.9, 8.3): accept or
contest the decision, rate the handling. Thin routes: the guard checks the
caller is the complainant, the decision round or the complaint applies the
rule (customer.complaint.decision._accept/_contest,
customer.complaint._rate_handling)."""

from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal import ComplaintPortalBase

RATING_CRITERIA = ("speed", "clarity", "fairness", "overall")


class ComplaintPortalAnswers(ComplaintPortalBase):
    def _complaint_answer(self, complaint_id, access_token, answer, done, form=None):
        """Run ``answer(complaint_sudo)`` for the complainant of the complaint
        and show the page with ``done`` as message, or the refusal (the form
        kept) when the guard, the NUL check or the model refuses."""
        # The guard first: readable by the caller AND the caller is the
        # complainant (or holds the complainant's token).
        complaint_sudo = self._complaint_guard(
            complaint_id, access_token, complainant=True
        )
        if complaint_sudo is None:
            return self._complaint_denied()
        error = self._complaint_input_error()
        if not error:
            try:
                # sudo: complainants cannot write complaints; the guard just
                # checked the caller is this complaint's complainant.
                answer(complaint_sudo)
            except (UserError, ValidationError) as exc:
                error = str(exc)
        if error:
            return self._complaint_render_detail(
                complaint_sudo, access_token, status=400, error=error, form=form
            )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message=done)
        )

    @staticmethod
    def _complaint_current_decision(complaint_sudo):
        """The round waiting for the complainant's answer, refused otherwise."""
        if not complaint_sudo._portal_can_answer_decision():
            raise UserError(_("There is no decision waiting for your answer."))
        return complaint_sudo.current_decision_id

    @http.route(
        ["/my/complaints/<int:complaint_id>/accept"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_accept(self, complaint_id, access_token=None, **kw):
        return self._complaint_answer(
            complaint_id,
            access_token,
            lambda complaint: self._complaint_current_decision(complaint)._accept(),
            "accepted",
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
        reason = self._complaint_clean_text(reason)

        def contest(complaint):
            decision = self._complaint_current_decision(complaint)
            if not reason:
                raise UserError(_("Please tell us why you contest the decision."))
            decision._contest(reason)

        return self._complaint_answer(
            complaint_id, access_token, contest, "contested", form={"reason": reason}
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/rate"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_rate(self, complaint_id, access_token=None, **kw):
        comment = self._complaint_clean_text(kw.get("comment"))
        form = {key: kw.get(key) for key in RATING_CRITERIA}
        form["comment"] = comment
        ratings = {key: self._complaint_int(kw.get(key)) for key in RATING_CRITERIA}
        return self._complaint_answer(
            complaint_id,
            access_token,
            lambda complaint: complaint._rate_handling(ratings, comment),
            "rated",
            form=form,
        )
