# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, freeze_time, new_test_user, tagged

MODULE = "customer_complaint_iso10002"


class ComplaintReportingCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                complaint_skip_acknowledgement=True,
                mail_create_nolog=True,
                tz="UTC",
            )
        )
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="cc_rep_manager",
            groups=f"{MODULE}.group_complaint_manager",
            tz="UTC",
        )
        cls.auditor = new_test_user(
            cls.env,
            login="cc_rep_auditor",
            groups=f"{MODULE}.group_complaint_auditor",
            tz="UTC",
        )
        cls.handler = new_test_user(
            cls.env,
            login="cc_rep_handler",
            groups=f"{MODULE}.group_complaint_user",
            tz="UTC",
        )
        cls.team = cls.env["customer.complaint.team"].create(
            {"name": "Reporting team", "assignment_method": "none"}
        )
        cls.cat_quality = cls.env["customer.complaint.category"].create(
            {"name": "Quality (rep)"}
        )
        cls.cat_delivery = cls.env["customer.complaint.category"].create(
            {"name": "Delivery (rep)"}
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Ada Complainer", "email": "ada@example.com", "phone": "+3212"}
        )
        cls.stage_closed = cls.env.ref(f"{MODULE}.stage_closed")
        cls.stage_new = cls.env.ref(f"{MODULE}.stage_new")

    @classmethod
    def _complaint(cls, received, ack_hours=None, close_hours=None, **vals):
        outcome = vals.pop("decision_outcome", "upheld")
        values = {
            "name": vals.pop("name", "Broken kettle"),
            "partner_id": cls.partner.id,
            "date_received": received,
            "team_id": cls.team.id,
            "category_id": cls.cat_quality.id,
            "channel": "email",
        }
        values.update(vals)
        complaint = cls.env["customer.complaint"].create(values)
        complaint = complaint._process_env()
        write = {}
        if ack_hours is not None:
            write["date_acknowledged"] = received + _hours(ack_hours)
        if close_hours is not None:
            closed = received + _hours(close_hours)
            # Decided, communicated and accepted (round 1), then closed.
            cls.env["customer.complaint.decision"].create(
                {
                    "complaint_id": complaint.id,
                    "outcome": outcome,
                    "reasons": "Checked",
                    "state": "accepted",
                    "answer": "accepted",
                    "date_communicated": closed,
                    "date_answer": closed,
                }
            )
            closing = {"stage_id": cls.stage_closed.id}
            if not complaint.severity:
                closing.update(
                    severity="1", impact="1", date_assessed=received + _hours(1)
                )
            complaint.write(closing)
            write["date_closed"] = closed
        if write:
            complaint.write(write)
        return complaint


def _hours(n):
    return timedelta(hours=n)


@tagged("post_install", "-at_install")
class TestComplaintRegister(ComplaintReportingCommon):
    def test_register_xlsx(self):
        c1 = self._complaint(
            datetime(2025, 3, 3, 9, 0), ack_hours=2, close_hours=50, name="Leaking"
        )
        c2 = self._complaint(
            datetime(2025, 3, 4, 10, 30),
            ack_hours=4,
            category_id=self.cat_delivery.id,
            name="Late parcel",
        )
        output = io.BytesIO()
        rows = (
            self.env["customer.complaint.register"]
            .with_user(self.auditor)
            .with_context(tz="UTC")
            ._write_register(output, [("id", "in", (c1 | c2).ids)])
        )
        self.assertEqual(rows, 2)
        book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        self.assertEqual(book.sheetnames[:2], ["Register", "KPIs"])
        sheet = book["Register"]
        header = [cell.value for cell in sheet[1]]
        self.assertIn("Reference", header)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref.startswith("A1:"))
        col = {name: idx for idx, name in enumerate(header)}
        first = [cell.value for cell in sheet[2]]
        second = [cell.value for cell in sheet[3]]
        self.assertEqual(first[col["Reference"]], c1.reference)
        # The closed one was asked to rate its handling (8.3), the open one not.
        self.assertIsInstance(first[col["Rating Requested on"]], datetime)
        self.assertIsNone(second[col["Rating Requested on"]])
        self.assertEqual(first[col["Subject"]], "Leaking")
        self.assertEqual(first[col["Received on"]], datetime(2025, 3, 3, 9, 0))
        self.assertIsInstance(first[col["Closed on"]], datetime)
        self.assertEqual(first[col["Category"]], "Quality (rep)")
        self.assertEqual(first[col["Channel"]], "Email")
        self.assertEqual(second[col["Category"]], "Delivery (rep)")
        self.assertIsNone(second[col["Closed on"]])
        kpis = {
            row[0].value: row[1].value
            for row in book["KPIs"].iter_rows()
            if row[0].value
        }
        self.assertEqual(kpis["Complaints in the register"], 2)
        self.assertEqual(kpis["Closed"], 1)
        self.assertEqual(kpis["Hours to acknowledge: median"], 3)

    def test_register_respects_record_rules(self):
        mine = self._complaint(datetime(2025, 3, 3, 9, 0), user_id=self.handler.id)
        other = self._complaint(
            datetime(2025, 3, 3, 9, 0), team_id=False, user_id=self.manager.id
        )
        output = io.BytesIO()
        rows = (
            self.env["customer.complaint.register"]
            .with_user(self.handler)
            ._write_register(output, [("id", "in", (mine | other).ids)])
        )
        self.assertEqual(rows, 1)


@tagged("post_install", "-at_install")
class TestComplaintRegisterRoute(HttpCase):
    def test_register_route(self):
        complaint = (
            self.env["customer.complaint"]
            .with_context(complaint_skip_acknowledgement=True)
            .create({"name": "Route test", "partner_name": "Bob"})
        )
        action = complaint.action_export_register()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.authenticate("admin", "admin")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        values = [row for row in book["Register"].iter_rows(values_only=True)]
        self.assertEqual(len(values), 2)
        self.assertIn(complaint.reference, values[1])
        # Internal users without a complaint group are refused.
        new_test_user(self.env, login="cc_rep_nobody", password="cc_rep_nobody1")
        self.authenticate("cc_rep_nobody", "cc_rep_nobody1")
        url = "/customer_complaint/register.xlsx?" + urlencode(
            {"domain": json.dumps([])}
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 403)


@tagged("post_install", "-at_install")
class TestComplaintRecordReport(ComplaintReportingCommon):
    def test_record_report_html_backend_and_portal(self):
        complaint = self._complaint(
            datetime(2025, 3, 3, 9, 0),
            ack_hours=1,
            name="Scratched table",
            user_id=self.handler.id,
        )
        complaint.message_post(
            body="Internal: supplier batch 42 suspected",
            subtype_xmlid="mail.mt_note",
            message_type="comment",
        )
        complaint.message_post(
            body="Dear Ada, we are looking into it",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        report = self.env["ir.actions.report"]
        ref = f"{MODULE}.report_complaint"
        html = report.with_user(self.manager)._render_qweb_html(ref, complaint.ids)[0]
        html = html.decode()
        self.assertIn(complaint.reference, html)
        self.assertIn("Scratched table", html)
        self.assertIn("supplier batch 42", html)
        self.assertIn("Dear Ada", html)
        self.assertIn(self.handler.name, html)
        portal_html = (
            report.with_context(complaint_portal=True)
            ._render_qweb_html(ref, complaint.ids)[0]
            .decode()
        )
        self.assertIn(complaint.reference, portal_html)
        self.assertIn("Dear Ada", portal_html)
        self.assertNotIn("supplier batch 42", portal_html)
        self.assertNotIn(self.handler.name, portal_html)

    def test_record_report_real_pdf(self):
        complaint = self._complaint(datetime(2025, 3, 3, 9, 0), name="PDF check")
        # wkhtmltopdf fetches the report's stylesheets over HTTP: from the
        # server these tests run with (on a free port), not from web.base.url's
        # port 8069, which another Odoo (the run command's) or anything else may
        # hold, busy or not. As in HttpCase, that server works in this test's
        # transaction: in its own, it would wait for this one's locks.
        if HttpCase.http_port():
            self.registry.enter_test_mode(self.cr)
            self.addCleanup(self.registry.leave_test_mode)
            self.env["ir.config_parameter"].set_param("report.url", HttpCase.base_url())
        action = self.env.ref(f"{MODULE}.action_report_complaint")
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        html = report._render_qweb_html(action.report_name, complaint.ids)[0]
        self.assertIn(complaint.reference, html.decode())
        pdf, fmt = report._render_qweb_pdf(action.report_name, complaint.ids)
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        import PyPDF2

        # With the report's own web fonts, Debian's wkhtmltopdf (unpatched Qt)
        # draws the text as outlines: no text to extract, the HTML above is
        # what it printed.
        self.assertTrue(PyPDF2.PdfReader(io.BytesIO(pdf)).pages)


@tagged("post_install", "-at_install")
class TestComplaintRetention(ComplaintReportingCommon):
    def _figures(self, complaints):
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        domain = [("id", "in", complaints.ids)]
        figures = {
            "groups": Complaint._read_group(
                domain,
                ["category_id", "stage_id", "team_id", "product_id", "channel"],
                ["__count"],
            ),
            "dates": complaints.read(
                ["date_received", "date_acknowledged", "date_closed", "reference"]
            ),
        }
        if "customer.complaint.kpi" in self.env:
            figures["kpis"] = self.env["customer.complaint.kpi"]._compute_kpis(
                datetime(2020, 1, 1).date(), datetime(2030, 1, 1).date(), self.company
            )
        if "customer.complaint.report" in self.env:
            figures["analysis"] = self.env["customer.complaint.report"].search_read(
                [("complaint_id", "in", complaints.ids)], order="complaint_id"
            )
        return figures

    def test_anonymize_after_retention(self):
        self.company.complaint_retention_months = 12
        old = self._complaint(
            datetime(2023, 1, 2, 9, 0),
            ack_hours=1,
            close_hours=5,
            name="Old one",
            channel="phone",
        )
        old = old._process_env()
        old.write(
            {"date_closed": datetime(2023, 2, 1), "description": "<p>I am Ada</p>"}
        )
        old.message_post(
            body="My address is 1 Main Street",
            author_id=self.partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.txt",
                "raw": b"photo",
                "res_model": "customer.complaint",
                "res_id": old.id,
            }
        )
        recent = self._complaint(datetime.now(), ack_hours=1, close_hours=2)
        before = self._figures(old | recent)
        self.env["customer.complaint"]._cron_anonymize_expired()
        self.assertTrue(old.anonymized)
        self.assertTrue(old.date_anonymized)
        self.assertFalse(recent.anonymized)
        self.assertFalse(old.partner_id)
        self.assertFalse(old.email_from)
        self.assertFalse(old.partner_phone)
        self.assertFalse(old.description)
        self.assertNotIn("Ada", old.partner_name)
        self.assertFalse(attachment.exists())
        bodies = " ".join(old.message_ids.mapped("body"))
        self.assertNotIn("Main Street", bodies)
        self.assertEqual(recent.partner_id, self.partner)
        after = self._figures(old | recent)
        # The customer link is personal data and leaves with the contact, so
        # repeat complainants cannot be counted any more; every other figure stays.
        for figures in (before, after):
            figures.get("kpis", {}).pop("repeat_customers", None)
        if "analysis" in before:
            for rows in (before["analysis"], after["analysis"]):
                for row in rows:
                    row.pop("partner_id", None)
                    row.pop("commercial_partner_id", None)
                    row.pop("anonymized", None)
        self.assertEqual(before, after)


@tagged("post_install", "-at_install")
class TestComplaintKpi(ComplaintReportingCommon):
    """KPIs on a small fixed data set, expected values computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "UTC 8-12 13-17",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                            "day_period": "morning" if start == 8 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        cls.team.resource_calendar_id = cls.calendar
        # Mon 8 - Thu 11 January 2024, 09:00 UTC.
        cls.c1 = cls._complaint(datetime(2024, 1, 8, 9), ack_hours=1, close_hours=10)
        cls.c2 = cls._complaint(
            datetime(2024, 1, 9, 9),
            ack_hours=3,
            close_hours=20,
            decision_outcome="not_upheld",
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
        cls.c2._process_env().reopen_count = 1
        cls.c3._process_env().escalation_level = 2
        cls.c1.sudo().handling_rating_overall = 5
        cls.c2.sudo().handling_rating_overall = 3
        # Closing asked all three to rate; say c2 rated before being asked
        # (straight from the portal): ratings ÷ requests leaves it out.
        cls.c2.sudo().date_rating_requested = False
        product = cls.env["product.product"].create(
            {"name": "Kettle", "list_price": 10}
        )
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": cls.partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(2)
            ]
        )
        orders.action_confirm()
        orders.date_order = datetime(2024, 1, 15, 12)
        cls.kpis = cls.env["customer.complaint.kpi"]._compute_kpis(
            date(2024, 1, 1), date(2024, 1, 31), cls.company
        )

    def test_volume_and_rate(self):
        self.assertEqual(self.kpis["volume"], 4)
        self.assertAlmostEqual(self.kpis["rate_per_1000_orders"], 4 / 2 * 1000)

    def test_durations(self):
        kpis = self.kpis
        # Acknowledgement 1, 3, 2, 4 h: median (2 + 3) / 2, P90 3 + 0.7 * (4 - 3)
        self.assertAlmostEqual(kpis["ack_median"], 2.5)
        self.assertAlmostEqual(kpis["ack_p90"], 3.7)
        # Working hours 9-10, 9-12, 9-11, 9-13 (lunch 12-13): 1, 3, 2, 3
        self.assertAlmostEqual(kpis["ack_work_median"], 2.5)
        # Closure 10, 20, 30 h: median 20, P90 20 + 0.8 * 10
        self.assertAlmostEqual(kpis["close_median"], 20)
        self.assertAlmostEqual(kpis["close_p90"], 28)
        # Working: Mon 9-19 = 3 + 4; Tue 9 - Wed 5 = 7; Wed 9 - Thu 15 = 7 + 6
        self.assertAlmostEqual(kpis["close_work_median"], 7)
        self.assertAlmostEqual(kpis["decision_median"], 10)
        self.assertAlmostEqual(kpis["decision_p90"], 14)

    def test_backlog(self):
        # c4 is open at 1 February 00:00, received 11 January: 20.6 days old.
        self.assertEqual(self.kpis["backlog"], 1)
        self.assertEqual(self.kpis["backlog_8_30"], 1)
        self.assertEqual(self.kpis["backlog_0_7"], 0)
        self.assertEqual(self.kpis["backlog_31"], 0)

    def test_backlog_overdue_counts_every_phase(self):
        """Overdue: open with any phase past its deadline, the decision
        (the response promised) as much as the closure."""
        end = datetime(2024, 2, 1)
        phases = {p.phase: p for p in self.c4.sudo().phase_ids}
        # c4: its response was due in January, its closure is not yet
        self.assertLess(phases["decision"].date_deadline, end)
        self.assertGreater(phases["closure"].date_deadline, end)
        self.assertFalse(phases["decision"].date_done)
        # received on the last day, acknowledged: nothing due yet
        on_time = self._complaint(datetime(2024, 1, 31, 9), ack_hours=1)
        self.assertTrue(
            all(
                p.date_deadline > end
                for p in on_time.sudo().phase_ids
                if not p.date_done
            )
        )
        Kpi = self.env["customer.complaint.kpi"].with_user(self.manager)
        backlog = Kpi.kpi_backlog(date(2024, 1, 1), date(2024, 1, 31), self.company)
        self.assertEqual(backlog["total"], 2)
        self.assertEqual(backlog["overdue"], 1)
        # Per day, at its end: on 11 January c4 was just received.
        first, last = Kpi._backlogs(
            [date(2024, 1, 11), date(2024, 1, 31)], self.company
        )
        self.assertEqual((first["total"], first["overdue"]), (1, 0))
        self.assertEqual((last["total"], last["overdue"]), (2, 1))
        # the dashboard's and the management review's figure
        self.assertEqual(self.kpis["backlog_overdue"], 1)

    def test_backlog_overdue_not_before_the_deadline(self):
        """On the day a deadline falls, the complaint is overdue once it has
        passed, not from the morning (the kanban's Breached)."""
        # c4's first missed deadline
        deadline = min(
            phase.date_deadline
            for phase in self.c4.sudo().phase_ids
            if not phase.date_done or phase.date_done > phase.date_deadline
        )
        Kpi = self.env["customer.complaint.kpi"].with_user(self.manager)

        def overdue_at(moment):
            with freeze_time(moment):
                return Kpi.kpi_backlog(date(2024, 1, 1), deadline.date(), self.company)[
                    "overdue"
                ]

        before = overdue_at(deadline - timedelta(minutes=30))
        self.assertEqual(overdue_at(deadline + timedelta(minutes=1)), before + 1)

    def test_process_rates(self):
        kpis = self.kpis
        self.assertAlmostEqual(kpis["reopen_rate"], 1 / 3)
        self.assertAlmostEqual(kpis["escalation_rate"], 1 / 3)
        self.assertAlmostEqual(kpis["outcome_upheld"], 2 / 3)
        self.assertAlmostEqual(kpis["outcome_not_upheld"], 1 / 3)
        self.assertAlmostEqual(kpis["outcome_partly_upheld"], 0)
        self.assertAlmostEqual(kpis["cost_total"], 150)
        self.assertAlmostEqual(kpis["cost_per_complaint"], 50)

    def test_on_time_rates(self):
        # Company default targets in working hours: acknowledge 8, assess 16,
        # decide 80, close 160 (days of 8 h). Every acknowledgement (1-4 h) and
        # every closure (at most 30 calendar hours) is within them; a phase not
        # reached counts as done when the complaint closed, and the open c4
        # counts only for its acknowledgement.
        for phase in ("ack", "assessment", "decision", "closure"):
            self.assertAlmostEqual(self.kpis[f"on_time_{phase}"], 1.0, msg=phase)
        # Acknowledged on Friday 12 January 10:00 instead, c1 (received Monday
        # 9:00, due Tuesday 9:00) is late: 3 of 4 acknowledgements on time.
        self.c1._process_env().date_acknowledged = datetime(2024, 1, 12, 10)
        kpis = self.env["customer.complaint.kpi"]._compute_kpis(
            date(2024, 1, 1), date(2024, 1, 31), self.company
        )
        self.assertAlmostEqual(kpis["on_time_ack"], 3 / 4)
        self.assertAlmostEqual(kpis["on_time_closure"], 1.0)

    def test_recurrence(self):
        # Four complaints of one customer and category within days of each
        # other: each has three similar ones, the default threshold (3).
        self.assertTrue(self.c1.is_recurring)
        self.assertAlmostEqual(self.kpis["recurrence_rate"], 1.0)
        self.assertAlmostEqual(self.kpis["repeat_customers"], 1.0)
        rows = self.env["customer.complaint.report"].search(
            [("complaint_id", "in", (self.c1 | self.c4).ids)]
        )
        self.assertEqual(rows.mapped("is_recurring"), [True, True])
        # Raised to 4, nobody reaches the threshold any more.
        self.cat_quality.recurring_threshold = 4
        self.env.invalidate_all()
        self.assertFalse(self.c1.is_recurring)
        kpis = self.env["customer.complaint.kpi"]._compute_kpis(
            date(2024, 1, 1), date(2024, 1, 31), self.company
        )
        self.assertAlmostEqual(kpis["recurrence_rate"], 0.0)

    def test_satisfaction(self):
        self.assertAlmostEqual(self.kpis["satisfaction_avg"], 4)
        self.assertAlmostEqual(self.kpis["satisfaction_share_4_5"], 0.5)
        self.assertTrue(self.c1.date_rating_requested, "asked when closed")
        # ratings ÷ requests: c1 of c1 and c3
        self.assertAlmostEqual(self.kpis["satisfaction_response_rate"], 1 / 2)

    def test_analysis_pivot(self):
        groups = self.env["customer.complaint.report"]._read_group(
            [("complaint_id", "in", (self.c1 | self.c2 | self.c3 | self.c4).ids)],
            ["date_received:month", "category_id"],
            ["__count", "hours_to_close:avg"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0][2], 4)
        self.assertAlmostEqual(groups[0][3], 20)


@tagged("post_install", "-at_install")
class TestComplaintReview(ComplaintReportingCommon):
    def test_confirmed_review_is_frozen(self):
        self._complaint(datetime(2024, 2, 5, 9), ack_hours=1, close_hours=8)
        self._complaint(datetime(2024, 2, 6, 9), ack_hours=2)
        Review = self.env["customer.complaint.review"].with_user(self.manager)
        review = Review.create(
            {
                "name": "Review 2024-02",
                "date_from": date(2024, 2, 1),
                "date_to": date(2024, 2, 29),
                "attendee_ids": [Command.link(self.manager.id)],
                "decision_ids": [
                    Command.create(
                        {"name": "Train the team", "user_id": self.manager.id}
                    )
                ],
            }
        )
        volume = {k["code"]: k["value"] for k in review.input_data["kpis"]}["volume"]
        self.assertEqual(volume, 2)
        self.assertEqual(review.input_data["pareto"]["categories"][0]["count"], 2)
        review.action_confirm()
        frozen = review.input_data
        self._complaint(datetime(2024, 2, 7, 9), ack_hours=1)
        review.action_refresh_inputs()
        review.invalidate_recordset()
        self.assertEqual(review.input_data, frozen)
        # A draft of the same period sees the new complaint.
        draft = Review.create(
            {
                "name": "Redo",
                "date_from": date(2024, 2, 1),
                "date_to": date(2024, 2, 29),
            }
        )
        volume = {k["code"]: k["value"] for k in draft.input_data["kpis"]}["volume"]
        self.assertEqual(volume, 3)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(f"{MODULE}.report_complaint_review", review.ids)[0]
            .decode()
        )
        self.assertIn("Review 2024-02", html)
        self.assertIn("<svg", html)
        self.assertIn("Train the team", html)
        review.decision_ids.action_create_improvement_action()
        self.assertTrue(review.decision_ids.action_ref)
        follow = Review.create(
            {
                "name": "Next",
                "date_from": date(2024, 3, 1),
                "date_to": date(2024, 3, 31),
            }
        )
        self.assertEqual(follow.previous_review_id, review)
        self.assertEqual(
            follow.input_data["previous_decisions"][0]["name"], "Train the team"
        )

    def test_confirmed_review_refuses_every_change(self):
        Review = self.env["customer.complaint.review"].with_user(self.manager)
        review = Review.create(
            {
                "name": "Review 2024-02",
                "date_from": date(2024, 2, 1),
                "date_to": date(2024, 2, 29),
                "notes": "<p>Fine</p>",
                "decision_ids": [Command.create({"name": "Train the team"})],
            }
        )
        # the state and the inputs move only through the actions
        with self.assertRaises(AccessError):
            review.write({"state": "confirmed"})
        with self.assertRaises(AccessError):
            Review.create(
                {
                    "name": "Pre-confirmed",
                    "date_from": date(2024, 3, 1),
                    "date_to": date(2024, 3, 31),
                    "state": "confirmed",
                }
            )
        review.action_confirm()
        line = review.decision_ids
        for vals in (
            {"notes": "<p>Rewritten</p>"},
            {"audit_findings": "<p>None</p>"},
            {"name": "Renamed"},
            {"attendee_ids": [Command.link(self.manager.id)]},
            {"decision_ids": [Command.create({"name": "Added later"})]},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "frozen"):
                review.write(vals)
        with self.assertRaises(AccessError):
            review.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "frozen"):
            line.write({"name": "Changed"})
        with self.assertRaisesRegex(UserError, "frozen"):
            line.with_user(self.manager).create(
                {"review_id": review.id, "name": "Sneaked in"}
            )
        with self.assertRaisesRegex(UserError, "frozen"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            review.unlink()
        self.assertEqual(review.notes, "<p>Fine</p>")
        # reopening: a manager's action, with a reason, in the chatter
        with self.assertRaisesRegex(UserError, "reason"):
            review._action_reopen(" ")
        with self.assertRaises(UserError):
            review.with_user(self.auditor)._action_reopen("Typo")
        self.env["customer.complaint.review.reopen"].with_user(self.manager).create(
            {"review_id": review.id, "reason": "Figures corrected"}
        ).action_reopen()
        self.assertEqual(review.state, "draft")
        self.assertIn("Figures corrected", " ".join(review.message_ids.mapped("body")))
        review.write({"notes": "<p>Corrected</p>"})
        self.assertEqual(review.notes, "<p>Corrected</p>")
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            review.unlink()

    def test_monthly_cron_and_dashboard(self):
        # A company of its own: the demo data holds last month's review of the
        # main company, which the job rightly leaves alone.
        company = self.env["res.company"].create({"name": "Monthly Review Co"})
        self.manager.company_ids |= company
        Review = self.env["customer.complaint.review"]
        Review._cron_draft_monthly_review()
        date_from, _date_to = self.env["customer.complaint.kpi"]._default_period()
        review = Review.search(
            [("company_id", "=", company.id), ("date_from", "=", date_from)]
        )
        self.assertEqual(len(review), 1)
        self.assertTrue(review.activity_ids)
        Review._cron_draft_monthly_review()
        self.assertEqual(
            Review.search_count(
                [("company_id", "=", company.id), ("date_from", "=", date_from)]
            ),
            1,
        )
        dashboard = (
            self.env["customer.complaint.dashboard"].with_user(self.manager).create({})
        )
        self.assertIn("<svg", str(dashboard.dashboard_html))
