# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reporting at volume: the dashboard and the register cost a number of
queries that does not grow with the number of complaints, and what they show
stays right (record rules, figures, cells)."""

import io
from datetime import date, datetime, timedelta

import openpyxl

from odoo.tests import tagged

from .common import count_queries
from .test_reporting import ComplaintReportingCommon

# Query budgets, whatever the number of complaints (see the tests).
DASHBOARD_QUERIES = 74
KPI_VOLUME_QUERIES = 2
REGISTER_QUERIES = 19
# the backlog of two periods in one query; their recurrence in two (the
# flags, the repeat customers) after reading the categories' thresholds and
# the companies' windows
BACKLOG_QUERIES = 1
RECURRENCE_QUERIES = 4


@tagged("post_install", "-at_install", "complaint_performance")
class TestReportingPerformance(ComplaintReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.period = (today.replace(day=1), today)
        cls.received = datetime.combine(cls.period[0], datetime.min.time())

    def _add(self, count, **vals):
        # A customer each: not recurring, so closing needs no action.
        partners = self.env["res.partner"].create(
            [{"name": f"Perf customer {i}"} for i in range(count)]
        )
        return self.env["customer.complaint"].concat(
            *(
                self._complaint(
                    self.received + timedelta(hours=i),
                    ack_hours=2,
                    partner_id=partner.id,
                    **vals,
                )
                for i, partner in enumerate(partners)
            )
        )

    def _count(self, user, domain):
        """What the ORM counts of the period, as ``user``."""
        start = self.received
        end = datetime.combine(self.period[1] + timedelta(days=1), datetime.min.time())
        return (
            self.env["customer.complaint"]
            .with_user(user)
            .with_context(active_test=False)
            .search_count(
                [
                    ("company_id", "=", self.env.company.id),
                    ("date_received", ">=", start),
                    ("date_received", "<", end),
                    *domain,
                ]
            )
        )

    def _dashboard(self):
        return (
            self.env["customer.complaint.dashboard"]
            .with_user(self.manager)
            .create({"date_from": self.period[0], "date_to": self.period[1]})
        )

    def _kpi(self, code, user=None):
        dashboard = self._dashboard()
        Kpi = self.env["customer.complaint.kpi"].with_user(user or self.manager)
        return Kpi._compute_kpis(*self.period, dashboard.company_id)[code]

    def test_dashboard_queries_flat(self):
        """The dashboard reads the period's complaints in SQL, a fixed number
        of queries whatever their number; its figures are those of the
        complaints (the volume, the open ones and their age)."""
        self._add(2)
        # Once to warm the caches (templates, rules).
        self.assertTrue(self._dashboard().dashboard_html)
        small = count_queries(self.env, lambda: self._dashboard().dashboard_html)
        self._add(8, close_hours=30)
        large = count_queries(self.env, lambda: self._dashboard().dashboard_html)
        self.assertEqual(small, large)
        with self.assertQueryCount(DASHBOARD_QUERIES):
            html = self._dashboard().dashboard_html
        self.assertIn("Complaints received", html)
        self.assertEqual(self._kpi("volume"), self._count(self.manager, []))
        open_now = self.env["customer.complaint"].search_count(
            [("company_id", "=", self.env.company.id), ("date_closed", "=", False)]
        )
        self.assertEqual(self._kpi("backlog"), open_now)

    def test_kpi_respects_record_rules(self):
        """The period's rows and the record rules are read in one scan of the
        complaints: a handler counts the complaints he may read, no more."""
        handler_before = self._count(self.handler, [])
        manager_before = self._count(self.manager, [])
        self._add(2, user_id=self.handler.id)
        self._add(3, team_id=False, user_id=self.manager.id)
        self.assertEqual(self._count(self.handler, []), handler_before + 2)
        self.assertEqual(self._count(self.manager, []), manager_before + 5)
        Kpi = self.env["customer.complaint.kpi"].with_user(self.handler)
        company = self.env.company
        Kpi.kpi_volume(*self.period, company)  # warm the rules' cache
        with self.assertQueryCount(KPI_VOLUME_QUERIES):
            volume = Kpi.kpi_volume(*self.period, company)
        self.assertEqual(volume, handler_before + 2)
        self.assertEqual(self._kpi("volume", self.handler), handler_before + 2)
        self.assertEqual(self._kpi("volume"), manager_before + 5)

    def test_dashboard_periods_read_together(self):
        """The backlog and the recurrence of the period and the previous one
        are read in one query each, and each period's figures are those it
        has alone, as a manager and as a handler whose record rules hide
        complaints from him."""
        Kpi = self.env["customer.complaint.kpi"]
        current = (date(2025, 3, 1), date(2025, 3, 31))
        previous = (date(2025, 2, 1), date(2025, 2, 28))
        # four of the same customer and category (threshold 3): recurring,
        # in both periods; the handler reads two of them
        for day, user in (
            (datetime(2025, 2, 20), self.handler),
            (datetime(2025, 2, 25), self.manager),
            (datetime(2025, 3, 3), self.handler),
            (datetime(2025, 3, 10), self.manager),
        ):
            self._complaint(day, ack_hours=2, user_id=user.id)
        # open at the end of February, closed in March (13 days old then)
        self._complaint(
            datetime(2025, 2, 15),
            ack_hours=2,
            close_hours=24 * 20,
            partner_id=self.env["res.partner"].create({"name": "Bo"}).id,
            user_id=self.handler.id,
        )
        self._complaint(
            datetime(2025, 3, 30),
            ack_hours=2,
            partner_id=self.env["res.partner"].create({"name": "Cy"}).id,
            user_id=self.manager.id,
            team_id=False,
        )
        company = self.env.company
        figures = {}
        for user in (self.manager, self.handler):
            UserKpi = Kpi.with_user(user)
            together = UserKpi._compute_kpis_periods([current, previous], company)
            alone = [
                UserKpi._compute_kpis(*current, company),
                UserKpi._compute_kpis(*previous, company),
            ]
            self.assertEqual(together, alone)
            figures[user] = together
            # warm the rules' and thresholds' caches, then count
            UserKpi._backlogs([current[1], previous[1]], company)
            with self.assertQueryCount(BACKLOG_QUERIES):
                backlogs = UserKpi._backlogs([current[1], previous[1]], company)
            self.assertEqual(
                [row["total"] for row in backlogs],
                [together[0]["backlog"], together[1]["backlog"]],
            )
            UserKpi._recurrences([current, previous], company)
            with self.assertQueryCount(RECURRENCE_QUERIES):
                UserKpi._recurrences([current, previous], company)
        manager, handler = figures[self.manager], figures[self.handler]
        # open at the end of February: two of the four and the one closed in
        # March; at the end of March: the four and the one of March 30
        self.assertEqual(manager[0]["backlog"] - manager[1]["backlog"], 5 - 3)
        self.assertEqual(manager[0]["recurrence_rate"], 2 / 3)
        self.assertEqual(manager[1]["recurrence_rate"], 2 / 3)
        self.assertEqual(manager[0]["repeat_customers"], 1 / 2)
        self.assertLess(handler[0]["volume"], manager[0]["volume"])
        self.assertEqual(handler[0]["recurrence_rate"], 1.0)
        self.assertEqual(handler[1]["backlog"], 2)

    def test_register_queries_flat(self):
        """The register reads its rows in batches: a fixed number of queries
        whatever the number of complaints, and its cells as xlsxwriter writes
        them (text escaped, spaces kept, numbers, booleans, dates)."""
        Register = self.env["customer.complaint.register"].with_user(self.auditor)
        first = self._add(1, name="  Kettle & <lid> _x0041_ ") | self._add(
            1, close_hours=30
        )
        Register._write_register(io.BytesIO(), [("id", "in", first.ids)])
        small = count_queries(
            self.env,
            lambda: Register._write_register(io.BytesIO(), [("id", "in", first.ids)]),
        )
        every = first | self._add(4) | self._add(4, close_hours=30)
        domain = [("id", "in", every.ids)]
        large = count_queries(
            self.env, lambda: Register._write_register(io.BytesIO(), domain)
        )
        self.assertEqual(small, large)
        output = io.BytesIO()
        with self.assertQueryCount(REGISTER_QUERIES):
            rows = Register._write_register(output, domain)
        self.assertEqual(rows, 10)
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["Register"]
        header = [cell.value for cell in sheet[1]]
        col = {name: idx for idx, name in enumerate(header)}
        cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(len(cells), 10)
        # Escaped as xlsxwriter does: Excel reads "_x005F_" as "_".
        self.assertEqual(cells[0][col["Subject"]], "  Kettle & <lid> _x005F_x0041_ ")
        self.assertEqual(cells[0][col["Received on"]], self.received)
        self.assertIs(cells[0][col["Closing Stage"]], False)
        self.assertIs(cells[-1][col["Closing Stage"]], True)
        self.assertEqual(cells[-1][col["Reopened"]], 0)
        self.assertEqual(
            [row[col["Reference"]] for row in cells],
            every.sorted("id").mapped("reference"),
        )
