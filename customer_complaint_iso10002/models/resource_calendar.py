# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import models, tools

# How far ahead planning looks before handing over to the calendar's own search.
MAX_WEEKS = 260


def _naive_utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "customer.complaint.cache.mixin"]

    @tools.ormcache("self.id", "monday")
    def _complaint_week_intervals(self, monday):
        """Working intervals of the UTC week starting ``monday``, public
        holidays out, as ``(start, stop, local day)`` with naive UTC datetimes.

        Every deadline, target date and working-time duration of complaints is
        planned on these: cached per week, a day's complaints cost one
        calendar computation instead of several each. Changes to calendars,
        attendances or leaves clear the cache.
        """
        self.ensure_one()
        start = datetime.combine(monday, time.min).replace(tzinfo=pytz.utc)
        intervals = self._work_intervals_batch(start, start + timedelta(days=7))[False]
        return tuple(
            (_naive_utc(begin), _naive_utc(stop), begin.date())
            for begin, stop, _meta in intervals
        )

    def _complaint_intervals_from(self, start):
        """Working intervals from the naive UTC datetime ``start`` on."""
        monday = start.date() - timedelta(days=start.weekday())
        for week in range(MAX_WEEKS):
            for begin, stop, day in self._complaint_week_intervals(
                monday + timedelta(weeks=week)
            ):
                if stop > start:
                    yield max(begin, start), stop, day

    def _complaint_plan_hours(self, hours, start):
        """The moment ``hours`` working hours after ``start``."""
        self.ensure_one()
        if hours <= 0:
            return start
        remaining = timedelta(hours=hours)
        for begin, stop, _day in self._complaint_intervals_from(start):
            if stop - begin >= remaining:
                return begin + remaining
            remaining -= stop - begin
        return self.plan_hours(hours, start, compute_leaves=True)

    def _complaint_work_hours(self, start, end):
        """Working hours between two naive UTC datetimes."""
        self.ensure_one()
        total = timedelta()
        for begin, stop, _day in self._complaint_intervals_from(start):
            if begin >= end:
                break
            total += min(stop, end) - begin
        return total.total_seconds() / 3600.0
