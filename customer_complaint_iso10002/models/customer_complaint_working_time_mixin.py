# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, models


class CustomerComplaintWorkingTimeMixin(models.AbstractModel):
    """Working time on a complaint's calendar (the team's, else the
    company's, public holidays out): the deadlines of the phases and the
    working-time durations of the complaint are measured the same way."""

    _name = "customer.complaint.working.time.mixin"
    _description = "Complaint working time"

    def _get_deadline_calendar(self):
        """The calendar the record's time is measured on."""
        raise NotImplementedError()

    @api.model
    def _plan_working_hours(self, calendar, hours, start):
        """``hours`` working hours after ``start`` on ``calendar``, public
        holidays (global leaves of the calendar) excluded."""
        if not calendar:
            return start + timedelta(hours=hours)
        return calendar._complaint_plan_hours(hours, start) or (
            start + timedelta(hours=hours)
        )

    @api.model
    def _work_hours(self, calendar, start, end):
        """Working hours between two UTC datetimes on a calendar (holidays out)."""
        if not start or not end or end <= start:
            return 0.0
        if not calendar:
            return (end - start).total_seconds() / 3600.0
        return calendar._complaint_work_hours(start, end)
