# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged, users, warmup

from .common import ComplaintCommon, count_queries

_logger = logging.getLogger(__name__)


def view_spec(env, model, view_type):
    """What the web client reads for ``model``'s default view of
    ``view_type``: the view's fields, the display name of relations and the
    colour of tags."""
    result = env[model].get_views([(False, view_type)])
    spec = {}
    for name, info in result["models"][model]["fields"].items():
        if info["type"] not in ("many2one", "one2many", "many2many"):
            spec[name] = {}
            continue
        sub = {"display_name": {}}
        if "color" in env[info["relation"]]._fields and info["type"] == "many2many":
            sub["color"] = {}
        spec[name] = {"fields": sub}
        if info["type"] != "many2one":
            spec[name]["limit"] = 40
    return spec


@tagged("post_install", "-at_install", "complaint_performance")
class TestComplaintPerformance(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Perf customer {i}", "email": f"perf.{i}@example.com"}
                for i in range(50)
            ]
        )
        cls.tags = cls.env["customer.complaint.tag"].create(
            [{"name": f"Perf tag {i}", "color": i} for i in range(5)]
        )
        cls.products = cls.env["product.product"].create(
            [{"name": f"Perf product {i}"} for i in range(10)]
        )
        # every card different: customer, product, tags, handler, stage
        cls.complaints = cls._create_many(
            [
                (partner, i * 3 + n)
                for i, partner in enumerate(cls.partners)
                for n in range(1 + i % 3)
            ]
        )

    @classmethod
    def _create_many(cls, rows):
        stages = cls.stage_new | cls.stage_assessment
        handlers = cls.user_complaint | cls.user_complaint_b
        return (
            cls.env["customer.complaint"]
            .with_context(complaint_skip_acknowledgement=True, tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Perf complaint {index}",
                        "partner_id": partner.id,
                        "team_id": cls.team_a.id,
                        "user_id": handlers[index % 2].id,
                        "stage_id": stages[index % 2].id,
                        "severity": "2",
                        "impact": "2",
                        "product_id": cls.products[index % 10].id,
                        "tag_ids": [Command.set(cls.tags[: index % 4].ids)],
                    }
                    for partner, index in rows
                ]
            )
        )

    @users("cc_user_a")
    @warmup
    def test_create_one_complaint_query_budget(self):
        partner = self.customer.with_env(self.env)
        team = self.team_a.with_env(self.env)
        # 75 measured (cold record cache after warmup): complaint, reference,
        # deadlines, creation message and the team leader's notification,
        # acknowledgement rendered and queued.
        with self.mock_mail_gateway(), self.assertQueryCount(cc_user_a=78):
            complaint = self.env["customer.complaint"].create(
                {
                    "name": "Query budget",
                    "partner_id": partner.id,
                    "team_id": team.id,
                    "channel": "phone",
                }
            )
            self.env.flush_all()
        # The budget includes the acknowledgement.
        self.assertTrue(complaint.date_acknowledged)
        self.assertEqual(len(self._ack_mails(complaint)), 1)

    @users("cc_user_a")
    @warmup
    def test_partner_smart_button_query_budget(self):
        partners = self.partners.with_env(self.env)
        # access check + one grouped count per field, whatever the batch size
        with self.assertQueryCount(cc_user_a=4):
            counts = partners.mapped("complaint_count")
        self.assertEqual(counts, [1 + i % 3 for i in range(50)])

    def test_partner_smart_button_does_not_grow_per_partner(self):
        partners = self.partners.with_user(self.user_complaint)
        # warm the ormcaches (access rules, groups)
        partners.mapped("complaint_count")
        few = count_queries(self.env, lambda: partners[:10].mapped("complaint_count"))
        many = count_queries(self.env, lambda: partners.mapped("complaint_count"))
        _logger.info("Partner smart button: %s queries for 10, %s for 50", few, many)
        self.assertEqual(few, many, "one grouped query per batch, not per partner")
        self.assertEqual(partners[0].complaint_count, 1)
        self.assertEqual(partners[2].complaint_count, 3)

    # ------------------------------------------------------------------
    # Flat query counts: the web client's kanban cards and list page, the
    # smart buttons. The same number of queries for a small and a full page,
    # and after many more complaints: no query per record.
    # ------------------------------------------------------------------

    def _more_complaints(self):
        more = self.env["res.partner"].create(
            [
                {"name": f"More customer {i}", "email": f"more.{i}@example.com"}
                for i in range(60)
            ]
        )
        self._create_many([(partner, 1000 + i) for i, partner in enumerate(more)])

    def _assert_flat(self, label, read, small, large, budget):
        """``read(size)`` costs at most ``budget`` queries and the same for
        ``small`` and ``large`` sizes, before and after 60 more complaints."""
        read(small)  # warm the ormcaches (rules, views, groups)
        counts = []
        for size in (small, large):
            self.env.invalidate_all()
            with self.assertQueryCount(budget):
                result = read(size)
            counts.append(count_queries(self.env, lambda size=size: read(size)))
            self.assertEqual(len(result), size, f"{label}: a full page of {size}")
        self._more_complaints()
        read(large)
        counts.append(count_queries(self.env, lambda: read(large)))
        _logger.info(
            "%s: %s queries for %s records, %s for %s, %s with 60 more complaints",
            label,
            counts[0],
            small,
            counts[1],
            large,
            counts[2],
        )
        self.assertEqual(len(set(counts)), 1, f"{label}: {counts} queries, not flat")

    def test_kanban_cards_query_count_flat(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        spec = view_spec(Complaint.env, Complaint._name, "kanban")
        self.assertIn("tag_ids", spec, "the kanban's own fields are read")
        # one column of the kanban, as the web client loads it
        domain = [("stage_id", "=", self.stage_assessment.id)]

        def read(size):
            return Complaint.web_search_read(
                domain, spec, limit=size, count_limit=10001
            )["records"]

        self._assert_flat("kanban cards", read, 5, 40, 13)

    def test_list_page_query_count_flat(self):
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        spec = view_spec(Complaint.env, Complaint._name, "list")
        self.assertIn("partner_id", spec)

        def read(size):
            result = Complaint.web_search_read([], spec, limit=size, count_limit=10001)
            self.assertGreater(result["length"], size)
            return result["records"]

        self._assert_flat("list page", read, 10, 80, 19)

    def test_smart_buttons_query_count_flat(self):
        """The complaint counts on customers and products: one grouped query
        per batch of records, whatever their number."""
        user = self.user_complaint

        def partners(size):
            records = self.partners[:size].with_user(user)
            records.mapped("complaint_count")
            return records

        self._assert_flat("customer smart button", partners, 10, 50, 4)

        def products(size):
            records = self.products.product_tmpl_id[:size].with_user(user)
            records.mapped("complaint_count")
            return records

        self._assert_flat("product smart button", products, 3, 10, 5)

    def test_read_checks_rules_in_one_query(self):
        """Reading complaints already fetched checks their record rules in one
        query (customer.complaint.sql.access.mixin), and still refuses a
        confidential complaint to a team member who does not handle it."""
        secret = self._create_complaint(
            user_id=self.user_complaint_b.id, confidential=True, name="Secret"
        )
        member = self.user_complaint
        visible = self.complaints.with_user(member)
        visible.mapped("name")  # warm the ormcaches
        self.env.invalidate_all()
        visible.mapped("name")
        self.env.flush_all()
        with self.assertQueryCount(1):
            visible.check_access("read")
        with self.assertRaises(AccessError):
            (visible[:3] | secret.with_user(member)).check_access("read")
        with self.assertRaises(AccessError):
            secret.with_user(member).read(["name"])
        # its handler reads it
        self.assertEqual(
            secret.with_user(self.user_complaint_b).read(["name"])[0]["name"], "Secret"
        )

    def test_acknowledgements_queued_in_bulk_leave_at_once(self):
        """A batch of complaints: one acknowledgement each, queued in one
        batch, and the mail queue job triggered now, once for the batch (not
        at its next hourly run, not once per mail)."""
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        complaints = (
            self.env["customer.complaint"]
            .with_user(self.user_complaint)
            .create(
                [
                    {
                        "name": f"Bulk {i}",
                        "partner_id": partner.id,
                        "team_id": self.team_a.id,
                    }
                    for i, partner in enumerate(self.partners[:3])
                ]
            )
        )
        self.env.flush_all()
        mails = self.env["mail.mail"].search(
            [("model", "=", "customer.complaint"), ("res_id", "in", complaints.ids)]
        )
        self.assertEqual(sorted(mails.mapped("res_id")), sorted(complaints.ids))
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        new = Trigger.search([("cron_id", "=", cron.id)]) - triggers
        self.assertEqual(len(new), 1, "the queue job is called once for the batch")
        self.assertLessEqual(new.call_at, fields.Datetime.now())

    def test_default_order_has_its_index(self):
        """The default order of complaints (lists, kanban columns) has its
        index, in that order, so the first page of a large list is read from
        it instead of sorting every complaint (the benchmark's list figure)."""
        Complaint = self.env["customer.complaint"]
        self.assertEqual(Complaint._order, "priority desc, date_received desc, id desc")
        self.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["customer_complaint_order_index"],
        )
        (definition,) = self.cr.fetchone()
        self.assertIn("(priority DESC, date_received DESC, id DESC)", definition)


@tagged("post_install", "-at_install", "complaint_performance")
class TestComplaintPortalPerformance(HttpCase, ComplaintCommon):
    def _portal_complaints(self, count, start):
        return (
            self.env["customer.complaint"]
            .with_context(complaint_skip_acknowledgement=True, tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Portal perf {start + i}",
                        "partner_id": self.user_portal_cc.partner_id.id,
                        "team_id": self.team_a.id,
                        "stage_id": (self.stage_new | self.stage_assessment)[i % 2].id,
                        "severity": "2",
                        "impact": "2",
                    }
                    for i in range(count)
                ]
            )
        )

    def _page_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text

    def test_portal_list_query_count_flat(self):
        """The customer's list of complaints costs the same queries for 3
        complaints and for 60 (pages of 80): no query per complaint."""
        few = self._portal_complaints(3, 0)
        self.authenticate(self.user_portal_cc.login, self.user_portal_cc.login)
        self._page_queries()  # warm the caches (routing, rules, templates)
        self._page_queries()
        with self.assertQueryCount(11):
            small, html = self._page_queries()
        for complaint in few:
            self.assertIn(complaint.reference, html)
        many = self._portal_complaints(57, 3)
        large, html = self._page_queries()
        for complaint in many:
            self.assertIn(complaint.reference, html)
        _logger.info(
            "Portal list: %s queries for 3 complaints, %s for 60", small, large
        )
        self.assertEqual(small, large, "the portal list costs no query per complaint")
