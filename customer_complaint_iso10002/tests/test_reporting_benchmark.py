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
                date_response_due, date_assessed,
                rejection_reason, date_closed, escalation_level, reopen_count,
                handling_rating_overall, handling_rating_speed,
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
                   received + interval '14 days',
                   CASE WHEN kind <> 'open' THEN received + interval '1 day' END,
                   CASE WHEN kind = 'rejected' THEN 'out_of_scope' END,
                   CASE WHEN kind <> 'open' THEN closed_on END,
                   CASE WHEN mod(i, 17) = 0 THEN 2 ELSE mod(i, 2) END,
                   CASE WHEN mod(i, 50) = 0 THEN 1 ELSE 0 END,
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
        self._seed_rounds()
        self._seed_phases()
        env.cr.execute("ANALYZE customer_complaint")
        env.cr.execute("ANALYZE customer_complaint_decision")
        env.cr.execute("ANALYZE customer_complaint_phase")
        env.invalidate_all()

    def _seed_rounds(self):
        """The decision rounds of the closed benchmark complaints (one in 40
        appealed: a contested round 1, an accepted round 2) and what the
        complaints store of them (benchmark data only)."""
        env = self.env
        env.cr.execute(
            SQL(
                """
            WITH c AS (
                SELECT id, company_id, date_received AS received,
                       substring(reference FROM 7)::int AS i
                  FROM customer_complaint
                 WHERE reference LIKE %(pattern)s AND is_closed
                   AND rejection_reason IS NULL
            ), r AS (
                SELECT c.id AS complaint_id, c.company_id, k.round,
                       CASE WHEN k.round = 1 AND mod(c.i, 40) = 0
                            THEN 'contested' ELSE 'accepted' END AS state,
                       (ARRAY['upheld', 'partly_upheld', 'not_upheld'])
                           [1 + mod(c.i + k.round - 1, 3)] AS outcome,
                       (ARRAY['refund', 'replacement', 'explanation'])
                           [1 + mod(c.i, 3)] AS resolution_type,
                       (mod(c.i, 300))::numeric AS remedy_cost,
                       c.received + (20 + mod(c.i, 500)) * interval '1 hour'
                           + (k.round - 1) * interval '3 days' AS decided_on
                  FROM c CROSS JOIN (VALUES (1), (2)) AS k(round)
                 WHERE k.round = 1 OR mod(c.i, 40) = 0
            )
            INSERT INTO customer_complaint_decision (
                complaint_id, company_id, round, state, outcome, reasons,
                resolution_type, remedy_cost, approval_required, decided_by_id,
                date_decision, date_communicated, answer, date_answer,
                create_uid, write_uid, create_date, write_date
            )
            SELECT complaint_id, company_id, round, state, outcome,
                   'Bench reasons', resolution_type, remedy_cost, FALSE, %(uid)s,
                   decided_on, decided_on + interval '2 hours', state,
                   decided_on + interval '1 day', %(uid)s, %(uid)s,
                   now() at time zone 'UTC', now() at time zone 'UTC'
              FROM r
            """,
                pattern="BENCH/%",
                uid=env.uid,
            )
        )
        env.cr.execute(
            SQL(
                """
            UPDATE customer_complaint c
               SET current_decision_id = last.id,
                   decision_outcome = last.outcome,
                   decision_state = last.state,
                   appeal_count = last.round - 1,
                   date_first_decision = first.date_decision,
                   date_first_communicated = first.date_communicated
              FROM customer_complaint_decision first,
                   customer_complaint_decision last
             WHERE c.reference LIKE %(pattern)s
               AND first.complaint_id = c.id AND first.round = 1
               AND last.complaint_id = c.id
               AND last.round = (SELECT MAX(d.round)
                                   FROM customer_complaint_decision d
                                  WHERE d.complaint_id = c.id)
            """,
                pattern="BENCH/%",
            )
        )

    def _seed_phases(self):
        """The four phases of every benchmark complaint, their stored states
        as of now, and the complaints' worst open one (benchmark data only)."""
        env = self.env
        env.cr.execute(
            SQL(
                """
            WITH c AS (
                SELECT id, company_id, date_received AS received,
                       date_acknowledged AS ack, date_closed AS closed_on,
                       CASE WHEN NOT is_closed THEN 'open'
                            WHEN rejection_reason IS NOT NULL THEN 'rejected'
                            ELSE 'closed' END AS kind,
                       substring(reference FROM 7)::int AS i
                  FROM customer_complaint WHERE reference LIKE %(pattern)s
            ), p AS (
                SELECT c.id AS complaint_id, c.company_id, k.phase, k.round,
                       c.received AS date_start,
                       c.received + k.deadline AS date_deadline,
                       c.received + k.risk AS date_at_risk,
                       CASE k.phase
                           WHEN 'ack' THEN c.ack
                           WHEN 'assessment' THEN CASE WHEN c.kind <> 'open'
                               THEN c.received + interval '1 day' END
                           WHEN 'decision' THEN CASE c.kind
                               WHEN 'closed' THEN c.received
                                   + (22 + mod(c.i, 500)) * interval '1 hour'
                               WHEN 'rejected' THEN c.closed_on END
                           ELSE c.closed_on END AS date_done,
                       k.phase = 'decision' AND c.kind = 'rejected'
                           AS done_at_closing
                  FROM c CROSS JOIN (VALUES
                      ('ack', 0, interval '2 days', interval '36 hours'),
                      ('assessment', 0, interval '5 days', interval '90 hours'),
                      ('decision', 1, interval '14 days', interval '252 hours'),
                      ('closure', 0, interval '30 days', interval '540 hours')
                  ) AS k(phase, round, deadline, risk)
            )
            INSERT INTO customer_complaint_phase (
                complaint_id, company_id, phase, round, date_start,
                date_deadline, date_at_risk, date_done, done_at_closing, state,
                create_uid, write_uid, create_date, write_date
            )
            SELECT complaint_id, company_id, phase, round, date_start,
                   date_deadline, date_at_risk, date_done, done_at_closing,
                   CASE WHEN date_done IS NOT NULL THEN
                            CASE WHEN date_done <= date_deadline
                                 THEN 'met' ELSE 'met_late' END
                        WHEN %(now)s > date_deadline THEN 'breached'
                        WHEN %(now)s >= date_at_risk THEN 'at_risk'
                        ELSE 'pending' END,
                   %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM p
            """,
                pattern="BENCH/%",
                now=fields.Datetime.now(),
                uid=env.uid,
            )
        )
        env.cr.execute(
            SQL(
                """
            UPDATE customer_complaint c
               SET deadline_state = worst.state
              FROM (SELECT complaint_id,
                           CASE WHEN bool_or(state = 'breached') THEN 'breached'
                                WHEN bool_or(state = 'at_risk') THEN 'at_risk'
                                ELSE 'on_time' END AS state
                      FROM customer_complaint_phase GROUP BY complaint_id) worst
             WHERE worst.complaint_id = c.id AND c.reference LIKE %s
            """,
                "BENCH/%",
            )
        )

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
        """The register's bulk recurrence flag agrees with the ORM compute, and
        its phase columns (one lateral join) with the phase records, on a
        sample of the benchmark complaints; the stored phase states agree with
        their dates."""
        Complaint = env["customer.complaint"]
        Register = env["customer.complaint.register"]
        recurring = Register._recurring_ids()
        sample = Complaint.search([("reference", "=like", "BENCH/%")], order="id")[
            ::500
        ]
        self.assertTrue(any(c.id in recurring for c in sample))
        self.assertFalse(all(c.id in recurring for c in sample))
        env.cr.execute(
            SQL(
                "SELECT c.id, ph.* FROM customer_complaint c %s WHERE c.id = ANY(%s)",
                Register._phase_join(),
                sample.ids,
            )
        )
        columns = [desc[0] for desc in env.cr.description]
        rows = {
            row[0]: dict(zip(columns, row, strict=True)) for row in env.cr.fetchall()
        }
        now = fields.Datetime.now()
        for complaint in sample:
            self.assertEqual(complaint.id in recurring, complaint.is_recurring)
            for phase in complaint.phase_ids:
                prefix = f"phase_{phase.phase}_"
                self.assertEqual(rows[complaint.id][prefix + "state"], phase.state)
                self.assertEqual(
                    rows[complaint.id][prefix + "date_deadline"], phase.date_deadline
                )
                self.assertEqual(phase._state_at(now), phase.state)
