# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import math
import re
from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.customer_complaint_iso10002.tests.test_reporting import (
    ComplaintReportingCommon,
    _hours,
)

MODULE = "customer_complaint_iso10002_dashboard"
DASH = "–"
PIVOT_FORMULA = re.compile(r'PIVOT\.(VALUE|HEADER)\((\d+),"([^"]*)"')

# The dashboard's cells and the KPI (customer.complaint.kpi._compute_kpis) each
# shows.
KPI_CELLS = {
    "volume": "B4",
    "recurrence_rate": "B5",
    "on_time_ack": "B6",
    "on_time_assessment": "B7",
    "on_time_decision": "B8",
    "on_time_closure": "B9",
    "satisfaction_avg": "B11",
    "satisfaction_share_4_5": "B12",
    "cost_total": "B13",
    "cost_per_complaint": "B14",
}
BACKLOG_CELLS = {
    "total": "B17",
    "age_0_7": "B18",
    "age_8_30": "B19",
    "age_31": "B20",
    "overdue": "B21",
}


class Number(float):
    """A pivot value: dividing by zero gives NaN (the spreadsheet's #DIV/0),
    which the formulas' IF(... = 0, "–", ...) never shows."""

    def __truediv__(self, other):
        if not other:
            return Number(math.nan)
        return Number(float(self) / other)


@tagged("post_install", "-at_install")
class TestComplaintsDashboard(ComplaintReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(f"{MODULE}.spreadsheet_dashboard_complaints")
        # January 2024: four complaints, three closed with a decision, ratings
        # and remedy costs; c4 still open.
        cls.c1 = cls._complaint(datetime(2024, 1, 8, 9), ack_hours=1, close_hours=10)
        cls.c2 = cls._complaint(
            datetime(2024, 1, 9, 9),
            ack_hours=30,
            close_hours=400,
            decision_outcome="not_upheld",
            category_id=cls.cat_delivery.id,
        )
        cls.c3 = cls._complaint(datetime(2024, 1, 10, 9), ack_hours=2, close_hours=30)
        cls.c4 = cls._complaint(datetime(2024, 1, 11, 9), ack_hours=4)
        for complaint, hours, cost in (
            (cls.c1, 5, 100),
            (cls.c2, 10, 0),
            (cls.c3, 15, 50),
        ):
            complaint.current_decision_id._process_env().write(
                {
                    "date_decision": complaint.date_received + _hours(hours),
                    "remedy_cost": cost,
                }
            )
        cls.c1.sudo().handling_rating_overall = 5
        cls.c2.sudo().handling_rating_overall = 3
        cls.period = (date(2024, 1, 1), date(2024, 1, 31))

    def _snapshot(self, user):
        dashboard = self.dashboard.with_user(user)
        data = dashboard.get_readonly_dashboard()
        self.assertNotIn("is_sample", data)
        snapshot = data["snapshot"]
        self.assertEqual(snapshot, json.loads(dashboard.spreadsheet_data) | snapshot)
        return snapshot

    def test_loads_and_points_at_existing_fields(self):
        for user in (self.manager, self.auditor):
            snapshot = self._snapshot(user)
            self.assertEqual(
                self.dashboard.with_user(user).dashboard_group_id.name, "Complaints"
            )
        # Complaints users handle complaints; the figures are the managers'.
        self.assertFalse(
            self.env["spreadsheet.dashboard"]
            .with_user(self.handler)
            .search([("id", "=", self.dashboard.id)])
        )
        filters = {f["id"]: f for f in snapshot["globalFilters"]}
        for flt in filters.values():
            if flt["type"] == "relation":
                self.assertIn(flt["modelName"], self.env)
        pivots = snapshot["pivots"]
        self.assertTrue(pivots)
        for pivot in pivots.values():
            Model = self.env[pivot["model"]].with_user(self.manager)
            for measure in pivot["measures"]:
                if measure["fieldName"] != "__count":
                    self.assertIn(measure["fieldName"], Model._fields)
            for group in pivot["rows"] + pivot["columns"]:
                self.assertIn(group["fieldName"].split(":")[0], Model._fields)
            # an unknown field in the domain raises
            Model.search_count(pivot["domain"])
            self._check_matching(Model, pivot["fieldMatching"], filters)
        sheet = snapshot["sheets"][0]
        for figure in sheet["figures"]:
            chart = figure["data"]
            Model = self.env[chart["metaData"]["resModel"]].with_user(self.manager)
            for group_by in chart["metaData"]["groupBy"]:
                self.assertIn(group_by.split(":")[0], Model._fields)
            Model.search_count(chart["searchParams"]["domain"])
            self._check_matching(Model, chart["fieldMatching"], filters)
        formulas = [c["content"] for c in sheet["cells"].values()]
        references = [m for f in formulas for m in PIVOT_FORMULA.findall(f)]
        self.assertTrue(references)
        for kind, pivot_id, arg in references:
            self.assertIn(pivot_id, pivots)
            if kind == "VALUE":
                measures = {m["fieldName"] for m in pivots[pivot_id]["measures"]}
                self.assertIn(arg, measures)
            else:
                rows = {"#" + r["fieldName"] for r in pivots[pivot_id]["rows"]}
                self.assertIn(arg, rows)

    def _check_matching(self, Model, matching, filters):
        for filter_id, match in matching.items():
            self.assertIn(filter_id, filters)
            field = Model._fields[match["chain"]]
            if filters[filter_id]["type"] == "date":
                self.assertEqual(field.type, match["type"])
            else:
                self.assertEqual(field.comodel_name, filters[filter_id]["modelName"])

    # ------------------------------------------------------------------
    # The cells' figures, computed the way the spreadsheet does: each pivot
    # read from the analysis model with its domain and the period filter on
    # its date field, the cell's formula applied.
    # ------------------------------------------------------------------

    def _pivot_values(self, pivot, date_from, date_to):
        Report = self.env[pivot["model"]].with_user(self.manager)
        domain = list(pivot["domain"])
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        for match in pivot["fieldMatching"].values():
            if match.get("type") == "datetime":
                domain += [(match["chain"], ">=", start), (match["chain"], "<", end)]
        aggregates = [
            "__count"
            if m["fieldName"] == "__count"
            else f"{m['fieldName']}:{Report._fields[m['fieldName']].aggregator}"
            for m in pivot["measures"]
        ]
        names = [m["fieldName"] for m in pivot["measures"]]
        rows = [r["fieldName"] for r in pivot["rows"]]
        values = {}
        for group in Report._read_group(domain, rows, aggregates):
            key = tuple(group[: len(rows)])
            values[key] = dict(zip(names, group[len(rows) :], strict=True))
        total = dict.fromkeys(names, 0)
        for row in values.values():
            for name in names:
                total[name] += row[name] or 0
        if "handling_rating" in names:  # an average, not a sum
            rated = [
                (row["handling_rating"], row["rated_count"])
                for row in values.values()
                if row["rated_count"]
            ]
            weight = sum(count for _avg, count in rated)
            total["handling_rating"] = (
                sum(avg * count for avg, count in rated) / weight if weight else 0
            )
        return values, total

    def _evaluate(self, snapshot, cell, date_from, date_to):
        pivots = snapshot["pivots"]
        cache = {}

        def pivot_value(pivot_id, measure, field=None, value=None):
            pivot_id = str(pivot_id)
            if pivot_id not in cache:
                cache[pivot_id] = self._pivot_values(
                    pivots[pivot_id], date_from, date_to
                )
            values, total = cache[pivot_id]
            if field is None:
                return Number(total[measure] or 0)
            row = values.get((value,))
            return Number(row[measure] or 0 if row else 0)

        formula = snapshot["sheets"][0]["cells"][cell]["content"]
        self.assertTrue(formula.startswith("="), formula)
        expression = (
            formula[1:]
            .replace("PIVOT.VALUE(", "PV(")
            .replace(")=0,", ")==0,")
            .replace('"', "'")
        )
        return safe_eval(
            expression, {"PV": pivot_value, "IF": lambda c, a, b: a if c else b}
        )

    def _assert_same(self, shown, expected, label):
        if expected is None:
            self.assertEqual(shown, DASH, label)
        else:
            self.assertNotEqual(shown, DASH, label)
            self.assertAlmostEqual(float(shown), float(expected), 6, label)

    def test_figures_match_the_kpi_methods(self):
        snapshot = self._snapshot(self.manager)
        Kpi = self.env["customer.complaint.kpi"].with_user(self.manager)
        kpis = Kpi._compute_kpis(*self.period, self.company)
        # the data set gives these figures something to compare
        self.assertEqual(kpis["volume"], 4)
        self.assertAlmostEqual(kpis["satisfaction_avg"], 4.0)
        self.assertAlmostEqual(kpis["cost_total"], 150.0)
        for code, cell in KPI_CELLS.items():
            shown = self._evaluate(snapshot, cell, *self.period)
            self._assert_same(shown, kpis[code], code)
        # The backlog is today's, whatever the period filter says.
        today = fields.Date.context_today(Kpi)
        backlog = Kpi.kpi_backlog(today.replace(day=1), today, self.company)
        self.assertGreaterEqual(backlog["age_31"], 1)  # c4
        for key, cell in BACKLOG_CELLS.items():
            shown = self._evaluate(snapshot, cell, *self.period)
            self._assert_same(shown, backlog[key], key)

    def test_period_without_data_shows_dashes(self):
        snapshot = self._snapshot(self.manager)
        empty = (date(1990, 1, 1), date(1990, 1, 31))
        self.assertEqual(self._evaluate(snapshot, KPI_CELLS["volume"], *empty), 0)
        for code in ("on_time_ack", "satisfaction_avg", "cost_per_complaint"):
            self.assertEqual(
                self._evaluate(snapshot, KPI_CELLS[code], *empty), DASH, code
            )

    def test_backlog_chart_in_age_order(self):
        """The "Backlog by age" chart lists its buckets youngest first, as
        the graph reads them (grouped by the stored value)."""
        now = fields.Datetime.now()
        self._complaint(now - timedelta(days=1))
        self._complaint(now - timedelta(days=10))
        snapshot = self._snapshot(self.manager)
        [chart] = [
            figure["data"]
            for figure in snapshot["sheets"][0]["figures"]
            if figure["data"]["metaData"]["groupBy"] == ["backlog_age"]
        ]
        Report = self.env[chart["metaData"]["resModel"]].with_user(self.manager)
        groups = Report.web_read_group(
            chart["searchParams"]["domain"],
            ["__count"],
            ["backlog_age"],
            lazy=False,
        )["groups"]
        labels = dict(Report._fields["backlog_age"]._description_selection(Report.env))
        self.assertEqual(
            [labels[group["backlog_age"]] for group in groups],
            ["0-7 days", "8-30 days", "More than 30 days"],
        )
