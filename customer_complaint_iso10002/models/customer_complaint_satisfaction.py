# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's satisfaction with the handling (ISO 10002 8.3): asked
once when the complaint is closed with a decision, given once on the portal.
Inherited by the complaint."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_complaint_constants import INTERNAL

CRITERIA = ("speed", "clarity", "fairness", "overall")

# Written only by the complainant's rating (_rate_handling) and the request
# for it, never by staff.
RATING_FIELDS = frozenset(
    {
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_overall",
        "handling_rating_comment",
        "date_handling_rated",
        "date_rating_requested",
    }
)


class CustomerComplaintSatisfaction(models.AbstractModel):
    _name = "customer.complaint.satisfaction"
    _description = "Complainant's rating of the handling"

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
    date_rating_requested = fields.Datetime(
        string="Rating Requested on",
        readonly=True,
        copy=False,
        help="When the complainant was asked, once the complaint was closed, to "
        "rate how it was handled (ISO 10002 8.3).",
        groups=INTERNAL,
    )

    @api.constrains(*(f"handling_rating_{key}" for key in CRITERIA))
    def _check_handling_rating(self):
        for complaint in self:
            values = [complaint[f"handling_rating_{key}"] for key in CRITERIA]
            if any(value and not 1 <= value <= 5 for value in values):
                raise ValidationError(self.env._("Handling ratings go from 1 to 5."))

    def _request_handling_rating(self):
        """Ask the complainants of self, once, to rate how their complaint,
        closed with a decision, was handled. Not-admissible ones are not
        asked: their complainant just got the reason. The KPIs' response rate
        is ratings ÷ these requests."""
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_rating_request",
            raise_if_not_found=False,
        )
        self.filtered(lambda c: not c.date_handling_rated)._send_once(
            template, "date_rating_requested"
        )

    def _portal_can_rate(self):
        self.ensure_one()
        return self.is_closed and not self.date_handling_rated

    def _rate_handling(self, ratings, comment=None):
        """The complainant rates how their closed complaint was handled,
        once: ``ratings`` maps speed, clarity, fairness and overall to 1-5. The
        only way the ratings are written (the portal route, after checking
        the caller is the complainant)."""
        self.ensure_one()
        _ = self.env._
        if not self._portal_can_rate():
            raise UserError(
                _("You have already rated the handling of this complaint.")
                if self.date_handling_rated
                else _("You can rate the handling once the complaint is closed.")
            )
        if set(ratings) != set(CRITERIA) or any(
            value not in range(1, 6) for value in ratings.values()
        ):
            raise UserError(_("Please give each aspect a rating from 1 to 5."))
        vals = {f"handling_rating_{key}": ratings[key] for key in CRITERIA}
        vals.update(
            handling_rating_comment=(comment or "").strip() or False,
            date_handling_rated=fields.Datetime.now(),
        )
        self._process_env().write(vals)
        return True
