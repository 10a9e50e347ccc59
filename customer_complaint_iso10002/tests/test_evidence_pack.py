# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import date, datetime, timedelta

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

MODULE = "customer_complaint_iso10002"


def _hours(n):
    return timedelta(hours=n)


@tagged("post_install", "-at_install", "complaint_evidence")
class TestEvidencePack(TransactionCase):
    """The evidence pack on a fixed data set of a company of its own (no demo
    record in its figures), every expected figure computed by hand below."""

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
        cls.company = cls.env["res.company"].create(
            {"name": "Evidence Co", "complaint_retention_months": 24}
        )

        def user(login, group):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"{MODULE}.{group}",
                tz="UTC",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.manager = user("ev_manager", "group_complaint_manager")
        cls.auditor = user("ev_auditor", "group_complaint_auditor")
        cls.handler = user("ev_handler", "group_complaint_user")
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "UTC 8-12 13-17",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
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
        cls.team = cls.env["customer.complaint.team"].create(
            {
                "name": "Evidence team",
                "company_id": cls.company.id,
                "assignment_method": "none",
                "resource_calendar_id": calendar.id,
                "member_ids": [Command.set(cls.handler.ids)],
            }
        )
        category = cls.env["customer.complaint.category"].create(
            {"name": "Quality (ev)", "company_id": cls.company.id}
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Eva Complainer", "email": "eva@example.com"}
        )
        stage_closed = cls.env.ref(f"{MODULE}.stage_closed")

        def complaint(received, ack_hours, close_hours=None, **vals):
            values = {
                "name": "Broken kettle",
                "partner_id": cls.partner.id,
                "date_received": received,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "category_id": category.id,
                "channel": "email",
                "user_id": cls.handler.id,
            }
            values.update(vals)
            record = cls.env["customer.complaint"].create(values)._process_env()
            record.date_acknowledged = received + _hours(ack_hours)
            if close_hours is not None:
                closed = received + _hours(close_hours)
                cls.env["customer.complaint.decision"].create(
                    {
                        "complaint_id": record.id,
                        "outcome": vals.get("name") == "c2"
                        and "not_upheld"
                        or "upheld",
                        "reasons": "Checked",
                        "state": "accepted",
                        "answer": "accepted",
                        "date_communicated": closed,
                        "date_answer": closed,
                    }
                )
                record.write(
                    {
                        "stage_id": stage_closed.id,
                        "severity": "1",
                        "impact": "1",
                        "date_assessed": received + _hours(1),
                    }
                )
                record.date_closed = closed
            return record

        # Monday 8 to Thursday 11 January 2024, 09:00 UTC.
        cls.c1 = complaint(datetime(2024, 1, 8, 9), 1, 10, name="c1")
        cls.c2 = complaint(datetime(2024, 1, 9, 9), 3, 20, name="c2")
        cls.c3 = complaint(
            datetime(2024, 1, 10, 9),
            2,
            30,
            name="c3",
            channel="phone",
            confidential=True,
            category_id=False,
        )
        # Acknowledged Friday 15:00: 13 working hours, over the 8 of the
        # company's default deadline policy (met late). No handler.
        cls.c4 = complaint(
            datetime(2024, 1, 11, 9), 30, name="c4", channel="web_form", user_id=False
        )
        # Rounds: decided 5, 10, 15 h after receipt, costs 100, 0, 50; round 1
        # of c1 approved by the manager (independent), of c2 by its own
        # decider (an exception); the appeal of c3 reviewed by the manager
        # (not involved), of c2 by the handler who decided it (an exception).
        for record, hours, cost in (
            (cls.c1, 5, 100),
            (cls.c2, 10, 0),
            (cls.c3, 15, 50),
        ):
            record.current_decision_id._process_env().write(
                {
                    "date_decision": record.date_received + _hours(hours),
                    "remedy_cost": cost,
                    "decided_by_id": cls.handler.id,
                    "handler_id": cls.handler.id,
                }
            )
        cls.c1.current_decision_id._process_env().write(
            {"approval_required": True, "approved_by_id": cls.manager.id}
        )
        cls.c2.current_decision_id._process_env().write(
            {
                "approval_required": True,
                "approved_by_id": cls.handler.id,
                "reviewer_id": cls.handler.id,
            }
        )
        cls.c3.current_decision_id._process_env().reviewer_id = cls.manager
        cls.c2.reopen_count = 1
        cls.c3.adr_date_referred = date(2024, 1, 15)
        cls.c3.date_anonymized = datetime(2024, 1, 20, 12)
        cls.c1.sudo().handling_rating_overall = 5
        cls.c2.sudo().handling_rating_overall = 3
        # Feedback: two compliments and an enquiry (answered) in January, a
        # suggestion in February (outside the period).
        Feedback = cls.env["customer.complaint.feedback"]
        feedback = Feedback.create(
            [
                {
                    "name": name,
                    "feedback_type": kind,
                    "date_received": received,
                    "company_id": cls.company.id,
                    "partner_id": cls.partner.id,
                }
                for name, kind, received in (
                    ("Great service", "compliment", datetime(2024, 1, 3, 10)),
                    ("Thanks", "compliment", datetime(2024, 1, 4, 10)),
                    ("Opening hours?", "enquiry", datetime(2024, 1, 5, 10)),
                    ("Add a chat", "suggestion", datetime(2024, 2, 5, 10)),
                )
            ]
        )
        feedback[2].answer = "<p>9 to 5.</p>"
        feedback[2].with_user(cls.handler).action_send_answer()
        # An internal audit completed in January: a nonconformity and an
        # observation, each with its action owned by the handler; the first
        # done and verified effective by the manager, the second open, due 10
        # January (overdue at the end of the period).
        clauses = cls.env["customer.complaint.iso.clause"].search(
            [("code", "in", ("7.4", "8.5"))]
        )
        Audit = cls.env["customer.complaint.audit"].with_user(cls.auditor)
        cls.audit = Audit.create(
            {
                "name": "Audit 2024",
                "company_id": cls.company.id,
                "date_planned": date(2024, 1, 15),
                "date_from": date(2023, 1, 1),
                "date_to": date(2023, 12, 31),
                "clause_ids": [Command.set(clauses.ids)],
                "finding_ids": [
                    Command.create(
                        {
                            "name": "Late acknowledgements",
                            "finding_type": "nonconformity",
                            "clause_id": clauses.filtered(lambda c: c.code == "7.4").id,
                            "action_user_id": cls.handler.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Sample too small",
                            "finding_type": "observation",
                            "action_user_id": cls.handler.id,
                        }
                    ),
                ],
            }
        )
        cls.audit.action_start()
        cls.audit.finding_ids.action_create_improvement_action()
        cls.audit.action_done()
        cls.audit._process_env().date_done = date(2024, 1, 20)
        first, second = cls.audit.finding_ids.sorted("id").action_id
        first.with_user(cls.handler).action_done()
        first.with_user(cls.manager).action_mark_effective()
        second.sudo().date_due = date(2024, 1, 10)
        # A management review confirmed in January: one of its two decisions
        # carried out.
        review = (
            cls.env["customer.complaint.review"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Review Q4 2023",
                    "company_id": cls.company.id,
                    "date_from": date(2023, 10, 1),
                    "date_to": date(2023, 12, 31),
                    "decision_ids": [
                        Command.create({"name": "Train handlers", "done": True}),
                        Command.create({"name": "Publish the policy"}),
                    ],
                }
            )
        )
        review.action_confirm()
        review._process_env().date_confirmed = datetime(2024, 1, 25, 10)
        cls.period = (date(2024, 1, 1), date(2024, 1, 31))

    def _data(self, user, **kw):
        Evidence = self.env["customer.complaint.evidence"].with_user(user)
        return Evidence._evidence_data(*self.period, self.company, **kw)

    def _assert_figures(self, data):
        f = data["figures"]
        self.assertEqual(f["received"], 4)
        self.assertEqual(f["closed"], 3)
        self.assertEqual(f["channels"], {"email": 2, "phone": 1, "web_form": 1})
        self.assertEqual(f["acknowledged"], 4)
        self.assertEqual(f["with_handler"], 3)
        self.assertEqual(f["categorised"], 3)
        self.assertEqual(f["confidential"], 1)
        self.assertEqual(f["anonymized"], 1)
        self.assertEqual(f["retention_months"], 24)
        # Acknowledgement: 3 met, 1 late; assessment, decision and closure met
        # by the three closed complaints (c4's are still pending: not counted).
        self.assertEqual(
            (f["phases"]["ack"]["met"], f["phases"]["ack"]["met_late"]), (3, 1)
        )
        self.assertEqual(f["phases"]["ack"]["on_time"], 75.0)
        for kind in ("assessment", "decision", "closure"):
            self.assertEqual(f["phases"][kind]["met"], 3, kind)
            self.assertEqual(f["phases"][kind]["on_time"], 100.0, kind)
        # Objectivity
        self.assertEqual(f["rounds"], 3)
        self.assertEqual(f["rounds_to_approve"], 2)
        self.assertEqual(f["rounds_approved_independently"], 1)
        self.assertEqual(
            f["rounds_approval_exceptions"], [self.c2.current_decision_id.display_name]
        )
        self.assertEqual(f["appeals"], 2)
        self.assertEqual(f["appeals_reviewed_independently"], 1)
        self.assertEqual(
            f["appeal_exceptions"], [self.c2.current_decision_id.display_name]
        )
        self.assertEqual(f["outcomes"], {"upheld": 2, "not_upheld": 1})
        self.assertEqual(f["remedy_cost"], 150)
        self.assertEqual(f["communicated"], 3)
        # Closing and satisfaction: three asked, two rated (5 and 3)
        self.assertEqual(f["reopened"], 1)
        self.assertEqual(f["adr_referred"], 1)
        self.assertEqual(f["rating_requested"], 3)
        self.assertEqual(f["rated"], 2)
        self.assertEqual(f["rating_response_rate"], 66.7)
        self.assertEqual(f["rating_average"], 4.0)
        self.assertEqual(f["rating_share_4_5"], 50.0)
        # Feedback, counted apart from complaints
        self.assertEqual(f["feedback"], {"compliment": 2, "enquiry": 1})
        self.assertEqual(f["feedback_answered"], 1)
        # Audits, reviews, actions
        self.assertEqual(f["audits"], 1)
        self.assertEqual(f["audits_planned"], 0)
        self.assertEqual(f["audited_clauses"], ["7.4", "8.5"])
        self.assertEqual(f["findings"], {"nonconformity": 1, "observation": 1})
        self.assertEqual(f["findings_with_action"], 2)
        self.assertEqual(f["findings_effective"], 1)
        self.assertEqual(f["reviews"], 1)
        self.assertEqual((f["review_decisions_done"], f["review_decisions"]), (1, 2))
        self.assertEqual(f["actions"], 2)
        self.assertEqual(f["actions_open"], 1)
        self.assertEqual(f["actions_overdue"], 1)
        self.assertEqual(f["actions_effective_rate"], 100.0)
        self.assertEqual(f["teams"], 1)
        self.assertEqual(f["team_aliases"], 0)
        self.assertEqual(f["handlers"], 1)
        self.assertEqual(f["kpi_targets"], 0)
        # Status per clause, with the gaps
        clauses = {c["code"]: c for c in data["clauses"]}
        self.assertEqual(clauses["4.2"]["code"], data["clauses"][0]["code"])
        self.assertEqual(data["clauses"][-1]["code"], "8.7")
        expected = {
            "4.2": "missing",  # no published policy in this company
            "4.5": "partial",  # no team alias
            "4.6": "partial",  # one acknowledgement late
            "4.7": "partial",  # two exceptions
            "4.10": "present",
            "4.11": "present",
            "4.12": "partial",  # c4 has no handler
            "6.2": "missing",  # no KPI target
            "8.2": "partial",  # c3 has no category
            "8.3": "present",
            "8.5": "partial",  # no audit planned ahead
            "8.6": "partial",  # a review decision not carried out
            "8.7": "partial",  # an overdue action
        }
        self.assertEqual({code: clauses[code]["status"] for code in expected}, expected)
        self.assertEqual(len(clauses["4.7"]["gaps"]), 2)
        self.assertTrue(
            all(c["gaps"] for c in data["clauses"] if c["status"] != "present")
        )
        self.assertEqual(sum(data["summary"].values()), len(data["clauses"]))

    def test_figures_as_manager(self):
        self._assert_figures(self._data(self.manager))

    def test_figures_as_auditor(self):
        self._assert_figures(self._data(self.auditor))

    def test_user_is_refused(self):
        with self.assertRaises(AccessError):
            self._data(self.handler)
        with self.assertRaises(AccessError):
            self.env["customer.complaint.evidence.pack"].with_user(self.handler).create(
                {"company_id": self.company.id}
            )

    def test_sample_per_phase(self):
        data = self._data(self.auditor, sample_size=2, seed=7)
        samples = {s["phase"]: s for s in data["samples"]}
        all_refs = {self.c1.reference, self.c2.reference, self.c3.reference}
        self.assertEqual(samples["ack"]["population"], 4)
        self.assertEqual(samples["closure"]["population"], 3)
        for kind, sample in samples.items():
            self.assertEqual(len(sample["references"]), 2, kind)
            self.assertLessEqual(
                set(sample["references"]), all_refs | {self.c4.reference}
            )
        self.assertLessEqual(set(samples["closure"]["references"]), all_refs)
        # the same seed draws the same sample
        self.assertEqual(
            self._data(self.manager, sample_size=2, seed=7)["samples"], data["samples"]
        )

    def test_wizard_pdf_and_xlsx(self):
        wizard = (
            self.env["customer.complaint.evidence.pack"]
            .with_user(self.auditor)
            .create(
                {
                    "company_id": self.company.id,
                    "date_from": self.period[0],
                    "date_to": self.period[1],
                    "seed": 3,
                }
            )
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.auditor)
            ._render_qweb_html(f"{MODULE}.report_evidence_pack", wizard.ids)[0]
            .decode()
        )
        self.assertIn("8.5", html)
        self.assertIn("75.0 %", html)  # acknowledgement on time
        self.assertIn('data-status="missing"', html)
        self.assertIn(self.c1.reference, html)  # sampled: 2 of 3-4 per phase
        report = wizard.action_print_pdf()
        self.assertEqual(report["report_name"], f"{MODULE}.report_evidence_pack")
        wizard.date_from, wizard.date_to = self.period[1], self.period[0]
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            wizard.action_print_pdf()
        wizard.date_from, wizard.date_to = self.period
        action = wizard.action_export_xlsx()
        self.assertIn("field=xlsx_file", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        self.assertEqual(
            book.sheetnames[:5],
            ["Clauses", "Figures", "Deadlines per phase", "Sample", "Complaints"],
        )
        figures = {
            row[0]: row[1] for row in book["Figures"].iter_rows(values_only=True)
        }
        self.assertEqual(figures["received"], 4)
        self.assertEqual(figures["rating_response_rate"], 66.7)
        refs = [
            row[0] for row in book["Complaints"].iter_rows(min_row=2, values_only=True)
        ]
        self.assertEqual(
            refs,
            [
                self.c1.reference,
                self.c2.reference,
                self.c3.reference,
                self.c4.reference,
            ],
        )
        findings = list(book["Audit findings"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(findings), 2)

    def test_published_policy_and_non_disclosure(self):
        policy = (
            self.env["customer.complaint.policy"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Complaints policy",
                    "company_id": self.company.id,
                    "content": "<p>We listen.</p>",
                    "approver_id": self.manager.id,
                }
            )
        )
        policy.action_approve()
        policy.action_publish()
        self.c1.non_disclosure = True
        data = self._data(self.auditor)
        clauses = {c["code"]: c for c in data["clauses"]}
        self.assertEqual(clauses["4.2"]["status"], "present")
        self.assertEqual(clauses["5.3"]["status"], "present")
        self.assertIn(self.manager.name, clauses["4.2"]["evidence"][0][1])
        self.assertEqual(data["figures"]["policy"]["version"], policy.version)
        self.assertEqual(data["figures"]["non_disclosure"], 1)

    def test_company_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.company.partner_id.lang = "fr_FR"
        clause = self.env.ref(f"{MODULE}.iso_clause_4_2")
        clause.with_context(lang="fr_FR").name = "Engagement"
        # the manager works in English: the pack is in the company's language
        self.manager.lang = "en_US"
        data = self._data(self.manager)
        self.assertEqual(data["lang"], "fr_FR")
        self.assertEqual(data["date_to"], "31/01/2024")
        self.assertEqual(data["clauses"][0]["title"], "Engagement")
        wizard = (
            self.env["customer.complaint.evidence.pack"]
            .with_user(self.manager)
            .create(
                {
                    "company_id": self.company.id,
                    "date_from": self.period[0],
                    "date_to": self.period[1],
                }
            )
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(f"{MODULE}.report_evidence_pack", wizard.ids)[0]
            .decode()
        )
        self.assertIn("4.2 Engagement", " ".join(html.split()))
