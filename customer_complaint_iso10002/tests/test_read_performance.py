# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the form, the kanban and the portal list read, and what they no
longer read: the timeline and the similar complaints when their page is
shown only, the recurring flag without the list, masking without a second
fetch, the portal list narrowed to what the portal rule grants, the kanban
served by its index and counted without joining the stages. Each as the role
that uses it."""

import logging

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import ComplaintCommon
from .test_performance import view_spec

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "complaint_performance")
class TestReadPerformance(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Perf kettle"})
        cls.category = cls.env["customer.complaint.category"].create(
            {"name": "Perf leaks", "company_id": cls.company.id}
        )
        Complaint = cls.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True, tracking_disable=True
        )
        cls.similar = Complaint.create(
            [
                {
                    "name": f"Similar {i}",
                    "partner_id": cls.customer.id,
                    "team_id": cls.team_a.id,
                    "user_id": cls.user_complaint.id,
                    "product_id": cls.product.id,
                }
                for i in range(3)
            ]
        )
        cls.complaint = cls.similar[0]

    def _form_read(self, complaint, spec):
        self.env.invalidate_all()
        return complaint.web_read(spec)[0]

    def test_form_reads_neither_timeline_nor_similar_complaints(self):
        """The form's fields leave out the timeline and the similar
        complaints (read by their pages' widgets), and opening it costs the
        same queries with 2 or 20 similar complaints."""
        complaint = self.complaint.with_user(self.user_complaint)
        spec = view_spec(complaint.env, complaint._name, "form")
        self.assertNotIn("timeline_html", spec)
        self.assertNotIn("similar_complaint_ids", spec)
        # the recurring alert and flag are still there
        self.assertIn("is_recurring", spec)
        arch = complaint.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="complaint_timeline"', arch)
        self.assertIn('name="complaint_similar"', arch)
        self._form_read(complaint, spec)  # warm the ormcaches
        with self.assertQueryCount(25):
            values = self._form_read(complaint, spec)
        self.assertEqual(values["product_id"]["id"], self.product.id)
        self.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True, tracking_disable=True
        ).create(
            [
                {
                    "name": f"More similar {i}",
                    "partner_id": self.customer.id,
                    "team_id": self.team_a.id,
                    "product_id": self.product.id,
                }
                for i in range(18)
            ]
        )
        with self.assertQueryCount(25):
            self._form_read(complaint, spec)

    def test_similar_complaints_of_a_complaint_not_saved_yet(self):
        """A new complaint's form lists the complaints similar to the values
        typed so far, as the onchange did when the list was a field."""
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        values = {
            "company_id": self.company.id,
            "product_id": self.product.id,
            "date_received": "2026-01-01 10:00:00",
        }
        self.similar.write({"date_received": "2026-01-01 09:00:00"})
        result = Complaint.get_similar_complaints(values=values)
        self.assertEqual(result["total"], 3)
        self.assertEqual(
            {row["id"] for row in result["records"]}, set(self.similar.ids)
        )
        # no criterion typed yet: nothing is similar
        empty = Complaint.get_similar_complaints(values={"company_id": self.company.id})
        self.assertEqual(empty["total"], 0)
        with self.assertRaises(UserError):
            Complaint.get_similar_complaints(values={"product_id": "kettle"})
        with self.assertRaises(UserError):
            Complaint.get_similar_complaints(limit=-1, values=values)
        portal = self.env["customer.complaint"].with_user(self.user_portal_cc)
        with self.assertRaises(AccessError):
            portal.get_similar_complaints(values=values)

    def test_similar_complaints_page_read_on_demand(self):
        """The page's widget gets the similar complaints' columns and rows,
        paged, as the user reads them: a confidential one of someone else is
        left out, an undisclosed complainant is masked."""
        secret = self._create_complaint(
            product_id=self.product.id,
            user_id=self.user_complaint_b.id,
            team_id=self.team_b.id,
            confidential=True,
        )
        # nobody's yet: any complaints user reads it, with the pseudonym
        undisclosed = self._create_complaint(
            product_id=self.product.id,
            partner_id=self.customer_2.id,
            team_id=False,
            non_disclosure=True,
        )
        complaint = self.complaint.with_user(self.user_complaint)
        result = complaint.get_similar_complaints()
        self.assertEqual(
            [column["name"] for column in result["columns"]],
            [
                "reference",
                "name",
                "partner_id",
                "product_id",
                "category_id",
                "date_received",
                "stage_id",
            ],
        )
        self.assertEqual(result["columns"][2]["string"], "Complainant")
        rows = {row["id"]: row for row in result["records"]}
        self.assertEqual(result["total"], 3)
        self.assertEqual(set(rows), set((self.similar[1:] | undisclosed).ids))
        self.assertNotIn(secret.id, rows)
        self.assertEqual(
            rows[self.similar[1].id]["partner_id"]["display_name"],
            self.customer.display_name,
        )
        self.assertEqual(rows[self.similar[1].id]["product_id"]["id"], self.product.id)
        # Alice does not handle it: no contact for her
        self.assertFalse(rows[undisclosed.id]["partner_id"])
        # paged as the list was
        page = complaint.get_similar_complaints(offset=2, limit=2)
        self.assertEqual(page["total"], 3)
        self.assertEqual(len(page["records"]), 1)
        # what the timeline widget reads, for users of the form only
        html = complaint.web_read({"timeline_html": {}})[0]["timeline_html"]
        self.assertIn("o_complaint_phase_received", html)

    def test_recurring_flag_without_the_list(self):
        """The recurring flag counts up to the threshold, without listing
        nor access-checking the similar complaints; none without a threshold."""
        complaint = self.complaint.with_user(self.user_complaint)
        complaint.read(["product_id", "category_id", "is_recurring"])  # warm
        complaint.invalidate_recordset(["is_recurring"])
        with self.assertQueryCount(0):
            self.assertFalse(complaint.is_recurring, "no category, no threshold")
        self.category.recurring_threshold = 2
        complaint.sudo().category_id = self.category
        complaint.invalidate_recordset(["is_recurring"])
        self.assertTrue(complaint.is_recurring, "2 similar reach 2")
        self.assertFalse(
            self.env.cache.contains(
                complaint, complaint._fields["similar_complaint_ids"]
            ),
            "the flag does not list the similar complaints",
        )
        self.category.recurring_threshold = 3
        complaint.invalidate_recordset(["is_recurring"])
        self.assertFalse(complaint.is_recurring)

    def test_masking_fetches_its_flag_with_the_identity(self):
        """Reading the complainant of a page of complaints reads whether
        they chose non-disclosure in the same query: one fetch, not a second
        one of every column."""
        complaints = self.similar.with_user(self.user_complaint)
        complaints.read(["partner_name"])  # warm the ormcaches
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            values = complaints.read(["partner_name", "email_from"])
        self.assertEqual(values[0]["partner_name"], self.customer.name)
        undisclosed = self._create_complaint(team_id=False, non_disclosure=True)
        self.env.invalidate_all()
        values = undisclosed.with_user(self.user_complaint).read(
            ["partner_name", "email_from"]
        )[0]
        self.assertEqual(values["partner_name"], undisclosed.complainant_pseudonym)
        self.assertFalse(values["email_from"])

    def test_kanban_columns_in_the_stages_order(self):
        """Counted by stage without joining the stages, the columns (and the
        groups of a list) still come in the stages' order, either way, the
        complaints without stage last (first in descending order)."""
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        stages = self.env["customer.complaint.stage"].search([])
        # another order than their ids
        stages[0].sequence = max(stages.mapped("sequence")) + 1
        # in SQL: the constraints of the stages (a rejection reason) aside
        for complaint, stage_id in zip(
            self.similar, [None, stages[0].id, stages[-1].id], strict=True
        ):
            self.env.cr.execute(
                "UPDATE customer_complaint SET stage_id = %s WHERE id = %s",
                [stage_id, complaint.id],
            )
        self.env.invalidate_all()
        expected_order = stages.sorted(lambda s: (s.sequence, s.id)).ids
        for order in ("stage_id", "stage_id asc", "stage_id desc"):
            rows = Complaint._read_group([], ["stage_id"], ["__count"], order=order)
            ids = [stage.id for stage, _count in rows]
            present = [i for i in expected_order if i in ids] + [False]
            if order.endswith("desc"):
                present.reverse()
            self.assertEqual(ids, present, order)
        groups = Complaint.web_read_group([], ["stage_id"], ["stage_id"])["groups"]
        self.assertEqual(
            [group["stage_id"] and group["stage_id"][0] for group in groups],
            [*expected_order, False],
        )

    def test_kanban_index(self):
        """The kanban's columns are counted and filled from one index: by
        stage in the default order, with the columns the complaints users'
        rules and the Open filter test, for active complaints."""
        self.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["customer_complaint_stage_index"],
        )
        (definition,) = self.cr.fetchone()
        self.assertIn(
            "(stage_id, priority DESC, date_received DESC, id DESC)", definition
        )
        self.assertIn(
            "INCLUDE (company_id, user_id, team_id, confidential, is_closed)",
            definition,
        )
        self.assertIn("WHERE active", definition)
        # The column counts as a complaints user runs them (record rules
        # included) are served by that index alone, without the table.
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint)
        query = Complaint._search([])
        query.groupby = SQL("%s", SQL.identifier(query.table, "stage_id"))
        self.cr.execute("SET LOCAL enable_seqscan = off")
        self.cr.execute("SET LOCAL enable_bitmapscan = off")
        self.cr.execute(
            SQL(
                "EXPLAIN %s",
                query.select(SQL.identifier(query.table, "stage_id"), SQL("COUNT(*)")),
            )
        )
        plan = "\n".join(row[0] for row in self.cr.fetchall())
        self.assertIn(
            "Index Only Scan using customer_complaint_stage_index", plan, plan
        )


@tagged("post_install", "-at_install", "complaint_performance")
class TestPortalListPerformance(HttpCase, ComplaintCommon):
    def test_portal_list_reach(self):
        """The portal list is narrowed to the complaints the portal rule may
        grant: filed by the user, followed, or of their customer when the
        company shares them; never more than the rules allow."""
        portal = self.user_portal_cc
        Complaint = self.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True, tracking_disable=True
        )
        own = Complaint.create(
            {
                "name": "Own",
                "partner_id": portal.partner_id.id,
                "team_id": self.team_a.id,
            }
        )
        followed = Complaint.create(
            {
                "name": "Followed",
                "partner_id": self.customer.id,
                "team_id": self.team_a.id,
            }
        )
        followed.message_subscribe(partner_ids=portal.partner_id.ids)
        colleague = self.env["res.partner"].create(
            {"name": "Colleague", "parent_id": self.customer_company.id}
        )
        portal.partner_id.parent_id = self.customer_company
        of_company = Complaint.create(
            {
                "name": "Colleague's",
                "partner_id": colleague.id,
                "team_id": self.team_a.id,
            }
        )
        other = Complaint.create(
            {
                "name": "Other",
                "partner_id": self.customer_2.id,
                "team_id": self.team_a.id,
            }
        )
        self.authenticate(portal.login, portal.login)
        html = self.url_open("/my/complaints").text
        self.assertIn(own.reference, html)
        self.assertIn(followed.reference, html)
        # the company does not share its customers' complaints
        self.company.complaint_portal_share_commercial = False
        self.assertNotIn(of_company.reference, self.url_open("/my/complaints").text)
        self.company.complaint_portal_share_commercial = True
        html = self.url_open("/my/complaints").text
        self.assertIn(of_company.reference, html)
        self.assertIn(other.reference, html, "of the same customer company")


@tagged("post_install", "-at_install", "complaint_performance")
class TestOnDemandTour(HttpCase, ComplaintCommon):
    def test_timeline_and_similar_pages_in_the_browser(self):
        """The form's Timeline and Similar Complaints pages load when shown,
        and a similar complaint opens from its row."""
        # A favourite, listed first by the product autocomplete whichever of
        # its searches it shows last: Odoo's autocomplete may show its
        # on-focus search (empty) after the typed one, under load.
        product = self.env["product.product"].create(
            {"name": "Tour kettle", "is_favorite": True}
        )
        first, second = (
            self.env["customer.complaint"]
            .with_context(complaint_skip_acknowledgement=True)
            .create(
                [
                    {
                        "name": f"Tour complaint {i}",
                        "partner_id": self.customer.id,
                        "team_id": self.team_a.id,
                        "user_id": self.user_complaint.id,
                        "product_id": product.id,
                        "tag_ids": [Command.clear()],
                    }
                    for i in range(2)
                ]
            )
        )
        self.start_tour(
            f"/odoo/action-customer_complaint_iso10002.customer_complaint_action/{first.id}",
            "complaint_on_demand_pages",
            login=self.user_complaint.login,
        )
        self.assertTrue(second.reference)
