# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints-handling policy (ISO 10002 4.2, 5.3): drafted, approved by
top management, published; linked from the public page, the portal and the
acknowledgement; each role acting as itself."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon
from .common_portal import ComplaintPortalCase

POLICY_TEXT = "<p>We welcome complaints and answer each one fairly.</p>"


def _policy_form(env, text=POLICY_TEXT):
    with Form(env["customer.complaint.policy"]) as form:
        form.name = "Complaints-handling policy"
        form.content = text
    return form.record


@tagged("post_install", "-at_install")
class TestComplaintPolicy(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["customer.complaint.policy"]
        cls.user_ceo = new_test_user(
            cls.env,
            login="cc_ceo",
            name="Cecile CEO",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _versions(self):
        return self.Policy.search([("company_id", "=", self.company.id)])

    def test_manager_approves_then_publishes_versions(self):
        Policy = self.Policy.with_user(self.user_manager)
        first = _policy_form(Policy.env)
        self.assertEqual(first.state, "draft")
        self.assertEqual(first.version, max(self._versions().mapped("version")))
        # Refused without a named approver.
        with self.assertRaisesRegex(UserError, "Name the member of top management"):
            first.action_approve()
        # Nor published before it is approved.
        with self.assertRaisesRegex(UserError, "must approve it first"):
            first.action_publish()
        # The approver is top management: a complaints manager.
        with self.assertRaises(ValidationError):
            first.approver_id = self.user_complaint
        first.approver_id = self.user_ceo
        first.action_approve()
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.date_approved, fields.Date.context_today(first))
        self.assertEqual(first.approved_by_id, self.user_manager)
        # The approved text is frozen, in the model.
        with self.assertRaisesRegex(UserError, "never changes"):
            first.content = "<p>Something else</p>"
        with self.assertRaisesRegex(UserError, "never changes"):
            first.approver_id = self.user_manager
        # Nobody writes the stamps directly (what JSON-RPC gives anyone).
        with self.assertRaises(AccessError):
            first.write({"state": "published"})
        first.action_publish()
        self.assertEqual(first.state, "published")
        self.assertEqual(self.company.complaint_policy_id, first)

        second = first.with_user(self.user_manager).action_new_version()
        second = Policy.browse(second["res_id"])
        self.assertEqual(second.version, first.version + 1)
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.approver_id)
        second.write(
            {"content": "<p>Version two.</p>", "approver_id": self.user_ceo.id}
        )
        second.action_approve()
        # Approved but not yet published: the first is still the current one.
        self.company.invalidate_recordset(["complaint_policy_id"])
        self.assertEqual(self.company.complaint_policy_id, first)
        second.action_publish()
        self.assertEqual(first.state, "superseded")
        self.assertEqual(second.state, "published")
        self.company.invalidate_recordset(["complaint_policy_id"])
        self.assertEqual(self.company.complaint_policy_id, second)
        # Earlier versions stay as they were, and are kept.
        with self.assertRaisesRegex(UserError, "never changes"):
            first.name = "Rewritten"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            first.unlink()
        self.assertIn("We welcome complaints", first.content)

    def test_user_and_auditor_cannot_approve_or_publish(self):
        draft = _policy_form(self.Policy.with_user(self.user_manager).env)
        draft.approver_id = self.user_ceo
        for user in (self.user_complaint, self.user_auditor):
            policy = draft.with_user(user)
            self.assertEqual(policy.content, draft.content, "they read it")
            with self.assertRaisesRegex(UserError, "Only complaints managers"):
                policy.action_approve()
            with self.assertRaises(AccessError):
                policy.write({"content": "<p>Mine</p>"})
            with self.assertRaises(AccessError):
                self.Policy.with_user(user).create({"content": "<p>Mine</p>"})
        self.assertEqual(draft.state, "draft")
        draft.with_user(self.user_manager).action_approve()
        for user in (self.user_complaint, self.user_auditor):
            with self.assertRaisesRegex(UserError, "Only complaints managers"):
                draft.with_user(user).action_publish()
        self.assertEqual(draft.state, "approved")

    def test_drafts_hidden_from_other_employees(self):
        draft = _policy_form(self.Policy.with_user(self.user_manager).env)
        self.assertFalse(
            self.Policy.with_user(self.user_internal).search([("id", "=", draft.id)])
        )
        draft.approver_id = self.user_ceo
        draft.with_user(self.user_manager).action_approve()
        draft.with_user(self.user_manager).action_publish()
        self.assertEqual(
            self.Policy.with_user(self.user_internal).search([("id", "=", draft.id)]),
            draft,
        )

    def test_acknowledgement_links_the_published_version(self):
        policy = _policy_form(self.Policy.with_user(self.user_manager).env)
        policy.approver_id = self.user_ceo
        policy.with_user(self.user_manager).action_approve()
        policy.with_user(self.user_manager).action_publish()
        with self.mock_mail_gateway():
            complaint = self._create_complaint(env=self.env(user=self.user_complaint))
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        self.assertIn(f"/complaints/policy/{policy.id}", ack.body_html)
        self.assertIn(f"version {policy.version}", " ".join(ack.body_html.split()))


@tagged("post_install", "-at_install")
class TestComplaintPolicyPublic(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_ceo = new_test_user(
            cls.env,
            login="cc_ceo_public",
            name="Cecile CEO",
            groups="customer_complaint_iso10002.group_complaint_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Policy = cls.env["customer.complaint.policy"]

    def _published(self, text):
        policy = _policy_form(self.Policy.with_user(self.user_ceo).env, text)
        policy.approver_id = self.user_ceo
        policy.with_user(self.user_ceo).action_approve()
        policy.with_user(self.user_ceo).action_publish()
        return policy

    def test_visitor_reads_the_published_version_only(self):
        draft = _policy_form(
            self.Policy.with_user(self.user_ceo).env, "<p>Secret draft</p>"
        )
        self.authenticate(None, None)
        self.assertEqual(
            self.url_open(f"/complaints/policy/{draft.id}").status_code, 404
        )
        # no link where no version is published (the demo publishes one for
        # the main company)
        other = self.env["res.company"].create({"name": "No Policy Company"})
        page = self.url_open(f"/complaints/{other.id}")
        self.assertNotIn("o_complaint_policy_link", page.text)

        first = self._published("<p>Version one words.</p>")
        page = self.url_open("/complaints")
        self.assertIn(f'href="/complaints/policy/{first.id}"', page.text)
        self.assertIn(
            f'<span class="o_complaint_policy_version">{first.version}</span>',
            page.text,
        )
        response = self.url_open(f"/complaints/policy/{first.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Version one words.", response.text)
        self.assertIn("Cecile CEO", response.text, "the approver is named")
        self.assertIn("Version one words.", self.url_open("/complaints/policy").text)

        second = self._published("<p>Version two words.</p>")
        self.assertEqual(first.state, "superseded")
        old = self.url_open(f"/complaints/policy/{first.id}")
        self.assertEqual(old.status_code, 200, "earlier versions stay readable")
        self.assertIn("o_complaint_policy_superseded", old.text)
        self.assertIn(f'href="/complaints/policy/{second.id}"', old.text)
        self.assertIn("Version two words.", self.url_open("/complaints/policy").text)
        # The draft still is not public.
        self.assertEqual(
            self.url_open(f"/complaints/policy/{draft.id}").status_code, 404
        )
        self.assertEqual(self.url_open("/complaints/policy/999999").status_code, 404)

    def test_portal_and_public_page_show_policy_and_representative(self):
        policy = self._published("<p>Our policy.</p>")
        self.company.write(
            {
                "complaint_representative_id": self.user_ceo.id,
                "complaint_representative_deputy_id": self.env.ref(
                    "base.user_admin"
                ).id,
            }
        )
        self.authenticate("portal", "portal")
        page = self.url_open("/my/complaints")
        self.assertIn(f'href="/complaints/policy/{policy.id}"', page.text)
        self.authenticate(None, None)
        page = self.url_open("/complaints")
        self.assertIn("o_complaint_representative", page.text)
        self.assertIn("Cecile CEO", page.text)
        self.assertIn(self.env.ref("base.user_admin").name, page.text)

    def test_public_targets_in_working_days_of_the_calendar(self):
        calendar = self.env["resource.calendar"].create(
            {"name": "Short days", "company_id": self.company.id}
        )
        calendar.hours_per_day = 5.0
        self.company.resource_calendar_id = calendar
        default = self.env["customer.complaint.deadline.policy"].search(
            [("company_id", "=", self.company.id), ("is_default", "=", True)]
        )
        default.write({"decision_hours": 50.0, "closure_hours": 100.0})
        targets = self.env["customer.complaint.deadline.policy"]._public_targets(
            self.company
        )
        self.assertEqual(targets["decision_days"], 10.0)
        self.assertEqual(targets["closure_days"], 20.0)
        self.authenticate(None, None)
        page = self.url_open("/complaints")
        self.assertIn("A decision within 10 working days", page.text)
        self.assertIn("Closed within 20 working days", page.text)
