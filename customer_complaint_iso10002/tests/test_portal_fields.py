# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a portal user (a complainant) reads over JSON-RPC of the four models
the portal shows: an allowlist per model, every other field refused by its
groups (record rules decide which records, groups which fields), the staff
still reading them, and the portal pages reading what they need."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_portal import ComplaintPortalCase

# The fields a portal user is given, per model. A field added later without
# groups fails test_portal_is_offered_the_allowlist_only: give it groups, or
# add it here if the complainant is shown it (portal page, public policy
# page, their mails, their PDF).
PORTAL_FIELDS = {
    # their own complaint: what the portal page, the record PDF and the copy
    # of their personal data show them
    "customer.complaint": {
        "id",
        "display_name",
        "reference",
        "name",
        "description",
        "channel",
        "active",
        "company_id",
        "create_date",
        "date_received",
        "date_acknowledged",
        "partner_id",
        "commercial_partner_id",
        "partner_name",
        "email_from",
        "email_cc",
        "partner_phone",
        "lang",
        "sale_order_id",
        "sale_line_id",
        "product_id",
        "invoice_id",
        "customer_order_reference",
        "requested_remedy",
        "requested_remedy_details",
        "category_id",
        "stage_id",
        "is_closed",
        "date_last_stage_update",
        "date_closed",
        "deadline_state",
        "date_response_due",
        "date_first_communicated",
        "rejection_reason",
        "rejection_details",
        "appeal_count",
        "adr_date_referred",
        "adr_reference",
        "adr_outcome",
        "adr_date_outcome",
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_overall",
        "handling_rating_comment",
        "date_handling_rated",
        "non_disclosure",
        "date_non_disclosure",
        "date_non_disclosure_withdrawn",
        "complainant_pseudonym",
        "identity_hidden",
        "privacy_statement",
        "privacy_statement_shown",
        "date_privacy_statement",
        "anonymized",
        "date_anonymized",
        "access_url",
    },
    # the status of a complaint, and the order of the statuses (the list
    # sorts by it)
    "customer.complaint.stage": {
        "id",
        "display_name",
        "name",
        "sequence",
        "active",
        "fold",
        "is_closed",
        "is_rejected",
    },
    # a category by its full name (the form, the list's grouping)
    "customer.complaint.category": {
        "id",
        "display_name",
        "name",
        "complete_name",
        "active",
    },
    # what the public policy page prints
    "customer.complaint.policy": {
        "id",
        "display_name",
        "name",
        "company_id",
        "version",
        "state",
        "content",
        "approver_id",
        "date_approved",
        "date_published",
    },
}


@tagged("post_install", "-at_install")
class TestPortalFields(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.staff = new_test_user(
            cls.env,
            login="hp_fields_handler",
            name="Hana Handler",
            groups="customer_complaint_iso10002.group_complaint_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="hp_fields_manager",
            name="Max Manager",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        Category = cls.env["customer.complaint.category"].with_user(cls.manager)
        cls.parent_category = Category.create({"name": "Appliances"})
        cls.category = Category.create(
            {
                "name": "Kettles",
                "parent_id": cls.parent_category.id,
                "recurring_threshold": 7,
                "description": "Internal: route to the small appliances team",
            }
        ).with_env(cls.env)
        cls.complaint.category_id = cls.category
        cls.stage = cls.complaint.stage_id
        with Form(cls.env["customer.complaint.policy"].with_user(cls.manager)) as form:
            form.content = "<p>We answer every complaint fairly.</p>"
            form.approver_id = cls.manager
        policy = form.record
        policy.action_approve()
        policy.action_publish()
        cls.policy = policy.with_env(cls.env)
        cls.records = {
            "customer.complaint": cls.complaint,
            "customer.complaint.stage": cls.stage,
            "customer.complaint.category": cls.category,
            "customer.complaint.policy": cls.policy,
        }

    def _as(self, user, model):
        return self.records[model].with_user(user)

    def _hidden(self, model):
        """Every field of ``model`` outside the portal's allowlist."""
        return sorted(set(self.env[model]._fields) - PORTAL_FIELDS[model])

    # ------------------------------------------------------------------
    # The allowlist
    # ------------------------------------------------------------------

    def test_portal_is_offered_the_allowlist_only(self):
        for model, allowed in PORTAL_FIELDS.items():
            with self.subTest(model=model):
                offered = set(
                    self.env[model].with_user(self.user_portal).fields_get([], ["type"])
                )
                self.assertEqual(
                    sorted(offered - allowed), [], "internal fields offered"
                )
                self.assertEqual(sorted(allowed - offered), [], "allowlist too wide")

    def test_portal_reads_the_allowed_fields(self):
        for model, allowed in PORTAL_FIELDS.items():
            with self.subTest(model=model):
                [values] = self._as(self.user_portal, model).read(sorted(allowed))
                self.assertEqual(set(values), allowed)
        [complaint] = self._as(self.user_portal, "customer.complaint").read(
            ["reference", "stage_id", "category_id"]
        )
        self.assertEqual(complaint["reference"], self.complaint.reference)
        self.assertEqual(complaint["stage_id"][1], self.stage.name)
        self.assertEqual(complaint["category_id"][1], "Appliances / Kettles")
        # searched in their default orders (stage: sequence; policy: version)
        for model, domain in (
            ("customer.complaint", [("id", "=", self.complaint.id)]),
            ("customer.complaint.stage", []),
            ("customer.complaint.category", [("id", "=", self.category.id)]),
            ("customer.complaint.policy", [("id", "=", self.policy.id)]),
        ):
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.user_portal)
                rows = Model.search_read(domain)
                self.assertTrue(rows)
                self.assertLessEqual(set(rows[0]), PORTAL_FIELDS[model])
        stages = self.env["customer.complaint.stage"].with_user(self.user_portal)
        self.assertIn(self.stage, stages.search([]))

    # ------------------------------------------------------------------
    # Every other field refused, the staff still reading them
    # ------------------------------------------------------------------

    def test_portal_reads_no_other_field(self):
        for model in PORTAL_FIELDS:
            record = self._as(self.user_portal, model)
            for fname in self._hidden(model):
                with self.subTest(model=model, field=fname):
                    with self.assertRaises(AccessError):
                        record.read([fname])
        # nor through search_read, web_read (a nested spec too) or a search
        Complaint = self.env["customer.complaint"].with_user(self.user_portal)
        with self.assertRaises(AccessError):
            Complaint.search_read([("id", "=", self.complaint.id)], ["write_uid"])
        with self.assertRaises(AccessError):
            Complaint.browse(self.complaint.id).web_read(
                {"stage_id": {"fields": {"mail_template_id": {}}}}
            )
        with self.assertRaises(AccessError):
            Complaint.search([("create_uid", "=", self.env.uid)])
        Stage = self.env["customer.complaint.stage"].with_user(self.user_portal)
        with self.assertRaises(AccessError):
            Stage.search([("iso_step", "=", "closed")])

    def test_portal_reads_no_other_field_over_jsonrpc(self):
        self.authenticate("portal", "portal")

        def call(model, method, *args):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {"model": model, "method": method, "args": list(args), "kwargs": {}},
            )

        offered = call("customer.complaint.stage", "fields_get")
        self.assertNotIn("mail_template_id", offered)
        for model, fname in (
            ("customer.complaint", "create_uid"),
            ("customer.complaint.stage", "mail_template_id"),
            ("customer.complaint.category", "recurring_threshold"),
            ("customer.complaint.policy", "approved_by_id"),
        ):
            with (
                self.subTest(model=model),
                self.assertRaisesRegex(
                    Exception, "AccessError|not allowed|do not have enough rights"
                ),
            ):
                call(model, "read", self.records[model].ids, [fname])
        [stage] = call("customer.complaint.stage", "read", self.stage.ids, ["name"])
        self.assertEqual(stage["name"], self.stage.name)

    def test_staff_read_the_hidden_fields(self):
        # (a complaint of no team: the managers read it)
        self.complaint.with_user(self.manager).write({"name": "Kettle leaks badly"})
        complaint = self._as(self.manager, "customer.complaint")
        [values] = complaint.read(
            [
                "create_uid",
                "write_uid",
                "write_date",
                "activity_exception_decoration",
                "message_ids",
                "message_has_error",
            ]
        )
        # The redeclared magic fields are still the ORM's: filled by it.
        self.assertEqual(values["create_uid"][0], self.env.uid)
        self.assertEqual(values["write_uid"][0], self.manager.id)
        self.assertTrue(values["write_date"])
        # and the handling data (the computes read as the staff)
        complaint.read(
            ["allowed_product_ids", "duration_tracking", "work_hours_to_ack"]
        )
        category = self._as(self.staff, "customer.complaint.category")
        [values] = category.read(
            ["create_uid", "write_uid", "recurring_threshold", "parent_id"]
        )
        self.assertEqual(values["create_uid"][0], self.manager.id)
        self.assertEqual(values["recurring_threshold"], 7)
        self.assertEqual(values["parent_id"][0], self.parent_category.id)
        stage = self._as(self.staff, "customer.complaint.stage")
        stage.read(["iso_step", "mail_template_id", "team_ids", "requires_assessment"])
        self.policy.message_post(body="Approved at the board meeting.")
        policy = self._as(self.staff, "customer.complaint.policy")
        [values] = policy.read(["approved_by_id", "create_uid", "message_ids"])
        self.assertEqual(values["approved_by_id"][0], self.manager.id)
        self.assertTrue(values["message_ids"])
        for model in PORTAL_FIELDS:
            with self.subTest(model=model):
                offered = self.env[model].with_user(self.staff).fields_get([], ["type"])
                self.assertIn("create_uid", offered)
                self.assertIn("write_uid", offered)

    # ------------------------------------------------------------------
    # The portal and public pages still read what they need
    # ------------------------------------------------------------------

    def test_portal_pages_read_through_the_groups(self):
        self.complaint.message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.authenticate("portal", "portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["complaint_count"]}
        )
        own = self.env["customer.complaint"].with_user(self.user_portal)
        self.assertEqual(
            counters["complaint_count"], own.search_count([("active", "=", True)])
        )
        self.assertTrue(counters["complaint_count"])
        # the list sorted and grouped by status (the stages' order) and by
        # category, as the portal user
        for query in (
            "sortby=stage&groupby=stage",
            "groupby=category",
            "sortby=reference",
        ):
            with self.subTest(query=query):
                page = self.url_open(f"/my/complaints?{query}")
                self.assertEqual(page.status_code, 200)
                self.assertIn("o_complaint_row", page.text)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.stage.name, page.text)
        self.assertIn("Kettles", page.text)
        report = self.url_open(f"/my/complaints/{self.complaint.id}?report_type=html")
        self.assertEqual(report.status_code, 200)
        self.assertIn(self.complaint.reference, report.text)
        # mail's portal chatter, logged in and as a visitor with the token
        chatter = {"thread_model": "customer.complaint", "thread_id": self.complaint.id}
        self.make_jsonrpc_request("/portal/chatter_init", chatter)
        fetched = self.make_jsonrpc_request("/mail/chatter_fetch", chatter)
        self.assertIn("We are looking into it.", str(fetched))
        self.authenticate(None, None)
        token = {"token": self.complaint.access_token}
        self.make_jsonrpc_request("/portal/chatter_init", dict(chatter, **token))
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch", dict(chatter, **token)
        )
        self.assertIn("We are looking into it.", str(fetched))
        page = self.url_open(
            f"/my/complaints/{self.complaint.id}?access_token={token['token']}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.complaint.reference, page.text)
        # the public policy page prints the approval
        page = self.url_open(f"/complaints/policy/{self.policy.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Max Manager", page.text)
        self.assertIn("We answer every complaint fairly.", page.text)
