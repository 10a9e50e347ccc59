# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

RATING_VALUES = [(str(value), str(value)) for value in range(1, 6)]


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # What a visitor typed as order reference on the public form: never a link.
    customer_order_reference = fields.Char(
        string="Order Reference (as given)",
        help="Order reference typed by the complainant on the public form. It is "
        "not checked and never linked to an order automatically.",
    )

    # Satisfaction with the complaint handling (clause 8.3), set from the portal.
    handling_rating_speed = fields.Integer(
        string="Speed Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_clarity = fields.Integer(
        string="Clarity Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_fairness = fields.Integer(
        string="Fairness Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_overall = fields.Integer(
        string="Overall Rating", readonly=True, copy=False, aggregator="avg"
    )
    handling_rating_comment = fields.Text(
        string="Rating Comment", readonly=True, copy=False
    )
    date_handling_rated = fields.Datetime(string="Rated on", readonly=True, copy=False)

    @api.constrains(
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_overall",
    )
    def _check_handling_rating(self):
        for complaint in self:
            values = (
                complaint.handling_rating_speed,
                complaint.handling_rating_clarity,
                complaint.handling_rating_fairness,
                complaint.handling_rating_overall,
            )
            if any(value and not 1 <= value <= 5 for value in values):
                raise ValidationError(self.env._("Handling ratings go from 1 to 5."))

    # ------------------------------------------------------------------
    # Portal helpers
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Complaint %(ref)s", ref=self.reference)

    def _portal_value(self, field_name):
        """Value of a field that another issue may not have added yet."""
        self.ensure_one()
        return self[field_name] if field_name in self._fields else False

    def _portal_decision_communicated(self):
        self.ensure_one()
        return bool(self._portal_value("date_decision_communicated"))

    def _portal_can_answer_decision(self):
        """Whether the complainant may still accept or contest the decision."""
        self.ensure_one()
        return (
            self._portal_decision_communicated()
            and not self.is_closed
            and self._portal_value("complainant_answer")
            not in ("accepted", "contested")
            and hasattr(self, "_action_accept_decision")
            and hasattr(self, "_action_contest_decision")
        )

    def _portal_can_rate(self):
        self.ensure_one()
        return self.is_closed and not self.date_handling_rated

    def _portal_timeline(self):
        """The phases of the handling with the date reached and the date promised.

        Dates that belong to the process issue are read only when the fields exist.
        """
        self.ensure_one()
        value = self._portal_value
        ack_promise = value("date_ack_deadline")
        if not ack_promise and self.date_received:
            ack_promise = self.date_received + timedelta(days=1)
        phases = [
            ("received", self.env._("Received"), self.date_received, False),
            (
                "acknowledged",
                self.env._("Acknowledged"),
                self.date_acknowledged,
                ack_promise,
            ),
            (
                "assessed",
                self.env._("Assessed"),
                value("date_assessed"),
                value("date_assessment_deadline"),
            ),
            (
                "decided",
                self.env._("Decision communicated"),
                value("date_decision_communicated"),
                value("date_decision_deadline") or self.date_response_due,
            ),
            (
                "closed",
                self.env._("Closed"),
                self.date_closed if self.is_closed else False,
                value("date_closure_deadline"),
            ),
        ]
        if "date_assessed" not in self._fields:
            phases = [phase for phase in phases if phase[0] != "assessed"]
        now = fields.Datetime.now()
        return [
            {
                "key": key,
                "label": label,
                "date_done": done,
                "date_promised": promised,
                "late": bool(promised and not done and promised < now),
            }
            for key, label, done, promised in phases
        ]

    @api.model
    def _portal_rating_selection(self):
        return RATING_VALUES


class CustomerComplaintWebSubmission(models.Model):
    """One line per public form submission, for the rate limit only.

    Keeps no content: the address and the IP are compared with recent lines and
    old lines are removed by the autovacuum.
    """

    _name = "customer.complaint.web.submission"
    _description = "Public Complaint Form Submission"
    _log_access = True

    email = fields.Char(index=True)
    ip_address = fields.Char(index=True)

    @api.model
    def _count_recent(self, email=None, ip_address=None, hours=1):
        since = fields.Datetime.now() - timedelta(hours=hours)
        domain = [("create_date", ">=", since)]
        if email:
            domain.append(("email", "=", email))
        if ip_address:
            domain.append(("ip_address", "=", ip_address))
        return self.search_count(domain)

    @api.autovacuum
    def _gc_old_submissions(self):
        self.search(
            [("create_date", "<", fields.Datetime.now() - timedelta(days=2))]
        ).unlink()
