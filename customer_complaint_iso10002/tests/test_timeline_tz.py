# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint's timeline shows its dates in the reader's time zone."""

import re
from datetime import datetime

from odoo.tests import tagged

from .common import ComplaintCommon

# Monday 5 January 2026, 08:00 UTC: 09:00 in Paris (CET)
RECEIVED = datetime(2026, 1, 5, 8, 0)


@tagged("post_install", "-at_install")
class TestTimelineTz(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_complaint.tz = "UTC"
        cls.user_manager.tz = "Europe/Paris"
        cls.complaint = cls._create_complaint(
            env=cls.env(context=dict(cls.env.context, tz=None)),
            date_received=RECEIVED,
            user_id=cls.user_complaint.id,
        )

    def _received_as_read_by(self, user):
        """The 'Received' date of the timeline as the form's Timeline page
        reads it (web_read of timeline_html) for ``user``."""
        [values] = self.complaint.with_user(user).web_read({"timeline_html": {}})
        row = re.search(
            r'o_complaint_phase_received">.*?</tr>', values["timeline_html"], re.S
        )
        self.assertTrue(row, values["timeline_html"])
        return re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", row.group()).group()

    def test_dates_in_each_readers_time_zone(self):
        # the handler (UTC) opens the timeline, then the team leader (Paris)
        # in the same transaction: each reads the dates in their own zone
        self.assertEqual(
            self._received_as_read_by(self.user_complaint), "01/05/2026 08:00:00"
        )
        self.assertEqual(
            self._received_as_read_by(self.user_manager), "01/05/2026 09:00:00"
        )
        self.assertEqual(
            self._received_as_read_by(self.user_complaint), "01/05/2026 08:00:00"
        )

    def test_context_time_zone_first(self):
        """The web client's context says the zone to show dates in."""
        self.assertEqual(
            self._received_as_read_by(self.user_complaint), "01/05/2026 08:00:00"
        )
        [values] = (
            self.complaint.with_user(self.user_complaint)
            .with_context(tz="Europe/Paris")
            .web_read({"timeline_html": {}})
        )
        self.assertIn("01/05/2026 09:00:00", values["timeline_html"])
