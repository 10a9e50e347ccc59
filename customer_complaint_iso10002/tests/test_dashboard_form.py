# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from lxml import html as lxml_html

from odoo.tests import tagged

from .test_reporting import ComplaintReportingCommon


@tagged("post_install", "-at_install")
class TestDashboardForm(ComplaintReportingCommon):
    """The KPI dashboard (Reporting > Dashboard) against the previous period."""

    def _previous_column(self, date_from, date_to):
        dashboard = (
            self.env["customer.complaint.dashboard"]
            .with_user(self.manager)
            .create({"date_from": date_from, "date_to": date_to})
        )
        tree = lxml_html.fromstring(str(dashboard.dashboard_html))
        rows = tree.xpath("//table[contains(@class, 'o_complaint_kpi_table')]/tbody/tr")
        self.assertTrue(rows)
        return {
            row[0].text_content().strip(): row[2].text_content().strip() for row in rows
        }

    def test_previous_period_without_data_shows_dashes(self):
        # The first complaint ever (the demo's and the other tests' are later).
        self._complaint(datetime(1990, 2, 5, 9), ack_hours=1, close_hours=8)
        previous = self._previous_column(date(1990, 2, 1), date(1990, 2, 28))
        self.assertEqual(set(previous.values()), {"–"})
        # A month later, February is there to compare with.
        previous = self._previous_column(date(1990, 3, 1), date(1990, 3, 31))
        self.assertEqual(previous["Complaints received"], "1")
        self.assertEqual(previous["On time: acknowledgement"], "100.0 %")
