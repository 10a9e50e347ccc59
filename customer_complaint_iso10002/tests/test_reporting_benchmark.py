# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reporting benchmark, excluded from normal runs.

Run: --test-tags complaint_benchmark (COMPLAINT_BENCH_N sets the size, 100000
by default). Prints lines starting with "BENCH": time, Python peak (tracemalloc,
optional with COMPLAINT_BENCH_TRACE=1, it slows everything down) and the peak
resident memory of the whole Odoo process (``ru_maxrss``).
"""

import logging
import os
import resource
import tempfile
import time
import tracemalloc
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.customer_complaint import phase_deadline_state

_logger = logging.getLogger(__name__)
MODULE = "customer_complaint_iso10002"


def _current_rss_mb():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


@tagged("complaint_benchmark", "post_install", "-at_install", "-standard")
class TestComplaintReportingBenchmark(TransactionCase):
    def _bench(self, label, func):
        trace = os.environ.get("COMPLAINT_BENCH_TRACE") == "1"
        if trace:
            tracemalloc.start()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        current_before = _current_rss_mb()
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        python_peak = ""
        if trace:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            python_peak = f", python peak {peak / 2**20:.1f} MB"
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _logger.info(
            "BENCH %s: %.2f s%s, process peak RSS %.1f MB (was %.1f MB, "
            "RSS before %.1f MB, now %.1f MB)",
            label,
            elapsed,
            python_peak,
            rss_after,
            rss_before,
            current_before,
            _current_rss_mb(),
        )
        return result, elapsed

    def _seed(self, n):
        """Insert ``n`` complaints in one statement (benchmark data only): dates
        spread over the last 24 months, categories, products, customers, teams,
        handlers, open and closed stages, decisions, ratings and tags."""
        env = self.env
        categories = env["customer.complaint.category"].create(
            [
                {
                    "name": f"Bench category {i}",
                    # Half the categories track recurrence, at volume-scaled
                    # thresholds (similar complaints within 90 days).
                    "recurring_threshold": 300 + 100 * (i % 3) if i % 2 == 0 else 0,
                }
                for i in range(10)
            ]
        )
        partners = env["res.partner"].create(
            [
                {"name": f"Bench customer {i}", "email": f"b{i}@example.com"}
                for i in range(200)
            ]
        )
        tags = env["customer.complaint.tag"].create(
            [{"name": f"Bench tag {i}"} for i in range(5)]
        )
        products = env["product.product"].search([], limit=20)
        users = env["res.users"].search([("share", "=", False)], limit=5)
        teams = env["customer.complaint.team"].search([])
        stage = {
            xmlid: env.ref(f"{MODULE}.stage_{xmlid}").id
            for xmlid in (
                "new",
                "assessment",
                "investigation",
                "response",
                "awaiting_customer",
                "closed",
                "rejected",
            )
        }
        open_stages = [
            stage[x]
            for x in (
                "new",
                "assessment",
                "investigation",
                "response",
                "awaiting_customer",
            )
        ]
        start = datetime.combine(
            date.today().replace(day=1) - relativedelta(months=24), datetime.min.time()
        )
        env.flush_all()
        env.cr.execute(
            SQL(
                """
            WITH s AS (
                SELECT i,
                       %(start)s::timestamp
                         + (i::float / %(n)s * 730) * interval '1 day'
                         + (mod(i, 9)) * interval '1 hour' AS received,
                       CASE WHEN mod(i, 10) = 9 THEN 'rejected'
                            WHEN mod(i, 3) <> 0 OR i > %(n)s * 0.97 THEN 'open'
                            ELSE 'closed' END AS kind,
                       (%(partners)s::int[])[1 + mod(i, %(n_partners)s)] AS partner_id
                  FROM generate_series(0, %(n)s - 1) AS i
            ), t AS (
                SELECT s.*,
                       received + (1 + mod(i, 60)) * interval '1 hour' AS ack,
                       received + (30 + mod(i, 700)) * interval '1 hour' AS closed_on,
                       received + (20 + mod(i, 500)) * interval '1 hour' AS decided_on
                  FROM s
            )
            INSERT INTO customer_complaint (
                company_id, reference, name, channel, kanban_state, priority,
                active, confidential, anonymized, safety_related, is_closed,
                date_received, date_last_stage_update, date_acknowledged,
                partner_id, commercial_partner_id, partner_name, email_from,
                category_id, product_id, team_id, user_id, stage_id,
                severity, impact, complexity, requested_remedy,
                date_ack_deadline, date_assessment_deadline,
                date_decision_deadline, date_closure_deadline, date_response_due,
                date_ack_risk, date_assessment_risk, date_decision_risk,
                date_closure_risk,
                ack_completion, assessment_completion, decision_completion,
                closure_completion, date_assessed,
                date_decision, date_decision_communicated, decision_outcome,
                resolution_type, remedy_cost, complainant_answer, date_answer,
                rejection_reason, date_closed, escalation_level, reopen_count,
                appeal_count, handling_rating_overall, handling_rating_speed,
                handling_rating_clarity, handling_rating_fairness,
                date_handling_rated, work_hours_to_ack, work_hours_to_decision,
                work_hours_to_close, create_uid, write_uid, create_date, write_date
            )
            SELECT %(company)s,
                   'BENCH/' || lpad(i::text, 7, '0'),
                   'Bench complaint ' || i,
                   (ARRAY['portal', 'email', 'phone', 'web_form', 'letter'])
                       [1 + mod(i, 5)],
                   'normal', (mod(i, 4))::text,
                   TRUE, mod(i, 50) = 0, FALSE, mod(i, 97) = 0, kind <> 'open',
                   received, received, ack,
                   partner_id, partner_id, 'Bench customer ' || mod(i, 200),
                   'b' || mod(i, 200) || '@example.com',
                   (%(categories)s::int[])[1 + mod((i * 7), 10)],
                   CASE WHEN mod(i, 3) <> 2
                        THEN (%(products)s::int[])[1 + mod((i * 13), %(n_products)s)]
                   END,
                   (%(teams)s::int[])[1 + mod(i, %(n_teams)s)],
                   (%(users)s::int[])[1 + mod(i, %(n_users)s)],
                   CASE kind WHEN 'rejected' THEN %(stage_rejected)s
                             WHEN 'closed' THEN %(stage_closed)s
                             ELSE (%(open_stages)s::int[])[1 + mod(i, 5)] END,
                   (1 + mod(i, 4))::text, (1 + mod(i, 3))::text,
                   (ARRAY['low', 'medium', 'high'])[1 + mod(i, 3)],
                   (ARRAY['replacement', 'repair', 'refund'])[1 + mod(i, 3)],
                   received + interval '2 days', received + interval '5 days',
                   received + interval '14 days', received + interval '30 days',
                   received + interval '30 days',
                   received + interval '36 hours', received + interval '90 hours',
                   received + interval '252 hours', received + interval '540 hours',
                   CASE WHEN ack <= received + interval '2 days'
                        THEN 'met' ELSE 'met_late' END,
                   CASE WHEN kind = 'open' THEN 'pending' ELSE 'met' END,
                   CASE WHEN kind = 'open' THEN 'pending'
                        WHEN decided_on <= received + interval '14 days'
                        THEN 'met' ELSE 'met_late' END,
                   CASE WHEN kind = 'open' THEN 'pending'
                        WHEN closed_on <= received + interval '30 days'
                        THEN 'met' ELSE 'met_late' END,
                   CASE WHEN kind <> 'open' THEN received + interval '1 day' END,
                   CASE WHEN kind = 'closed' THEN decided_on END,
                   CASE WHEN kind = 'closed' THEN decided_on + interval '2 hours' END,
                   CASE WHEN kind = 'closed'
                        THEN (ARRAY['upheld', 'partly_upheld', 'not_upheld'])
                             [1 + mod(i, 3)] END,
                   CASE WHEN kind = 'closed'
                        THEN (ARRAY['refund', 'replacement', 'explanation'])
                             [1 + mod(i, 3)] END,
                   CASE WHEN kind = 'closed' THEN (mod(i, 300))::numeric END,
                   CASE WHEN kind = 'closed' THEN 'accepted' END,
                   CASE WHEN kind = 'closed' THEN decided_on + interval '1 day' END,
                   CASE WHEN kind = 'rejected' THEN 'out_of_scope' END,
                   CASE WHEN kind <> 'open' THEN closed_on END,
                   CASE WHEN mod(i, 17) = 0 THEN 2 ELSE mod(i, 2) END,
                   CASE WHEN mod(i, 50) = 0 THEN 1 ELSE 0 END,
                   CASE WHEN mod(i, 40) = 0 THEN 1 ELSE 0 END,
                   CASE WHEN kind = 'closed' AND mod(i, 2) = 0 THEN 1 + mod(i, 5) END,
                   CASE WHEN kind = 'closed' AND mod(i, 2) = 0 THEN 1 + mod(i, 4) END,
                   CASE WHEN kind = 'closed' AND mod(i, 2) = 0 THEN 2 + mod(i, 4) END,
                   CASE WHEN kind = 'closed' AND mod(i, 2) = 0 THEN 1 + mod(i, 5) END,
                   CASE WHEN kind = 'closed' AND mod(i, 2) = 0
                        THEN closed_on + interval '1 day' END,
                   EXTRACT(EPOCH FROM ack - received) / 3600 * 0.4,
                   CASE WHEN kind = 'closed'
                        THEN EXTRACT(EPOCH FROM decided_on - received) / 3600 * 0.3
                   END,
                   CASE WHEN kind <> 'open'
                        THEN EXTRACT(EPOCH FROM closed_on - received) / 3600 * 0.3
                   END,
                   %(uid)s, %(uid)s, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM t
            """,
                start=start,
                n=n,
                partners=partners.ids,
                n_partners=len(partners),
                categories=categories.ids,
                products=products.ids,
                n_products=len(products),
                teams=teams.ids,
                n_teams=len(teams),
                users=users.ids,
                n_users=len(users),
                stage_closed=stage["closed"],
                stage_rejected=stage["rejected"],
                open_stages=open_stages,
                company=env.company.id,
                uid=env.uid,
            )
        )
        tag_field = env["customer.complaint"]._fields["tag_ids"]
        env.cr.execute(
            SQL(
                """INSERT INTO %(rel)s (%(col1)s, %(col2)s)
                   SELECT id, (%(tags)s::int[])[1 + mod(id, 5)]
                     FROM customer_complaint
                    WHERE reference LIKE %(pattern)s AND mod(id, 4) = 0""",
                rel=SQL.identifier(tag_field.relation),
                col1=SQL.identifier(tag_field.column1),
                col2=SQL.identifier(tag_field.column2),
                tags=tags.ids,
                pattern="BENCH/%",
            )
        )
        env.cr.execute("ANALYZE customer_complaint")
        env.invalidate_all()

    def test_benchmark(self):
        n = int(os.environ.get("COMPLAINT_BENCH_N", "100000"))
        env = self.env
        today = date.today()
        self._bench(f"insert {n} complaints", lambda: self._seed(n))

        Report = env["customer.complaint.report"]
        groups, pivot_time = self._bench(
            "analysis pivot month x category",
            lambda: Report._read_group(
                [],
                ["date_received:month", "category_id"],
                ["__count", "hours_to_close:avg"],
            ),
        )
        self.assertGreaterEqual(len(groups), 24)

        def dashboard():
            record = env["customer.complaint.dashboard"].create(
                {"date_from": today.replace(day=1), "date_to": today}
            )
            return record.dashboard_html

        _html, dashboard_time = self._bench("dashboard", dashboard)
        date_from, date_to = env["customer.complaint.kpi"]._default_period()
        review, review_time = self._bench(
            "draft review",
            lambda: env["customer.complaint.review"].create(
                {"name": "Bench review", "date_from": date_from, "date_to": date_to}
            ),
        )
        self.assertTrue(review.input_data["kpis"])
        env.invalidate_all()

        def export():
            with tempfile.TemporaryDirectory() as tmpdir:
                path = os.path.join(tmpdir, "register.xlsx")
                rows = env["customer.complaint.register"]._write_register(path, [])
                size = os.path.getsize(path)
            _logger.info("BENCH register: %s rows, %.1f MB file", rows, size / 2**20)
            return rows

        rows, export_time = self._bench("register export", export)
        self.assertGreaterEqual(rows, n)
        self._check_register_flags(env)
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _logger.info(
            "BENCH targets: pivot %.2f s, dashboard %.2f s (< 2), review %.2f s "
            "(< 2), export %.2f s (< 60), process peak RSS %.0f MB (< 300)",
            pivot_time,
            dashboard_time,
            review_time,
            export_time,
            peak_rss_mb,
        )

    def _check_register_flags(self, env):
        """The register's bulk recurrence and deadline states agree with the
        ORM computes on a sample of the benchmark complaints."""
        Complaint = env["customer.complaint"]
        recurring = env["customer.complaint.register"]._recurring_ids()
        sample = Complaint.search([("reference", "=like", "BENCH/%")], order="id")[
            ::500
        ]
        self.assertTrue(any(c.id in recurring for c in sample))
        self.assertFalse(all(c.id in recurring for c in sample))
        now = fields.Datetime.now()
        for complaint in sample:
            self.assertEqual(complaint.id in recurring, complaint.is_recurring)
            for phase in ("ack", "assessment", "decision", "closure"):
                self.assertEqual(
                    phase_deadline_state(
                        complaint[f"{phase}_completion"],
                        complaint[f"date_{phase}_deadline"],
                        complaint[f"date_{phase}_risk"],
                        now,
                    ),
                    complaint[f"{phase}_deadline_state"],
                )
