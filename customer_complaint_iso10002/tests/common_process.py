# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import Command

from .common import ComplaintCommon
from .common_decision import DecisionCase


class ProcessCommon(ComplaintCommon, DecisionCase):
    """A fixed working calendar (UTC, Mon-Fri 8-12 and 13-17) and policies;
    decisions on team A's complaints of high priority or more are approved
    by a manager (Mia Manager or the administrator)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Complaints 8-17 UTC",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.team_a.resource_calendar_id = cls.calendar
        cls.Policy = cls.env["customer.complaint.deadline.policy"]
        cls.policy_team_a = cls.Policy.create(
            {
                "name": "Team A",
                "company_id": cls.company.id,
                "team_id": cls.team_a.id,
                "ack_hours": 8,
                "assessment_hours": 16,
                "decision_hours": 40,
                "closure_hours": 80,
            }
        )
        cls.stage_investigation = cls.env.ref(
            "customer_complaint_iso10002.stage_investigation"
        )
        cls.stage_awaiting = cls.env.ref(
            "customer_complaint_iso10002.stage_awaiting_customer"
        )
        cls.stage_rejected = cls.env.ref("customer_complaint_iso10002.stage_rejected")
        cls.user_admin_cc = cls.env.ref("base.user_admin")
        cls.rule_team_a = cls.env["customer.complaint.delegation"].create(
            {
                "name": "Team A: high priority",
                "company_id": cls.company.id,
                "team_id": cls.team_a.id,
                "min_priority": "2",
                "approver_ids": [
                    Command.set((cls.user_manager | cls.user_admin_cc).ids)
                ],
            }
        )
        # Monday 5 January 2026, 08:00 UTC
        cls.monday = datetime(2026, 1, 5, 8, 0)
