# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The auditor reads the to-dos of the complaints they read and changes none,
and follows no complaint: each call made as the auditor, as the web client or
an RPC script would."""

import json
from contextlib import contextmanager

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import ComplaintCommon
from .test_performance import view_spec

AUDITOR_FOLLOWS = "Auditors read the records of the complaints process"
AUDITOR_TODOS = "change none of them, their to-dos included"


class AuditorMailCommon(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_complaint(user_id=cls.user_complaint.id)
        # the handler plans their own work, as the chatter does
        cls.todo = cls.complaint.with_user(cls.user_complaint).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the complainant back",
            user_id=cls.user_complaint.id,
        )
        cls.complaint_domain = [
            ("res_model", "=", "customer.complaint"),
            ("res_id", "=", cls.complaint.id),
        ]

    @contextmanager
    def assertTodoChangeRefused(self):
        """Refused with the reason, not mail's error naming record ids;
        assertRaises rolls back what was done before (a create)."""
        with self.assertRaises(AccessError) as caught:
            yield
        self.assertIn(AUDITOR_TODOS, str(caught.exception))


@tagged("post_install", "-at_install")
class TestAuditorMail(AuditorMailCommon):
    def test_auditor_reads_the_todos(self):
        complaint = self.complaint.with_user(self.user_auditor)
        # the form's to-dos, as the web client reads them
        values = complaint.web_read(
            {
                "activity_ids": {"fields": {"summary": {}, "user_id": {}}},
                "activity_state": {},
                "activity_summary": {},
            }
        )[0]
        self.assertEqual(
            [(row["id"], row["summary"]) for row in values["activity_ids"]],
            [(self.todo.id, "Call the complainant back")],
        )
        self.assertEqual(values["activity_summary"], "Call the complainant back")
        self.assertTrue(values["activity_state"])
        # the to-dos themselves, listed and read
        Activity = self.env["mail.activity"].with_user(self.user_auditor)
        self.assertEqual(
            Activity.search_read(self.complaint_domain, ["summary", "user_id"]),
            [
                {
                    "id": self.todo.id,
                    "summary": "Call the complainant back",
                    "user_id": (self.user_complaint.id, "Alice Handler"),
                }
            ],
        )
        self.assertEqual(Activity.search_count(self.complaint_domain), 1)
        self.assertEqual(
            self.todo.with_user(self.user_auditor).read(["summary"])[0]["summary"],
            "Call the complainant back",
        )
        # the complaints' Activity view
        data = Activity.get_activity_data(
            "customer.complaint", [("id", "=", self.complaint.id)]
        )
        self.assertEqual(data["activity_res_ids"], self.complaint.ids)

    def test_auditor_pages_the_todos(self):
        """Paged searches page what the auditor may read."""
        more = self.complaint.with_user(self.user_complaint).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Check the replacement",
            user_id=self.user_manager.id,
        ) | self.complaint.with_user(self.user_manager).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Approve the refund",
            user_id=self.user_manager.id,
        )
        todos = (self.todo | more).sorted("id")
        Activity = self.env["mail.activity"].with_user(self.user_auditor)
        self.assertEqual(
            Activity.search(self.complaint_domain, order="id", limit=2), todos[:2]
        )
        self.assertEqual(
            Activity.search(self.complaint_domain, order="id", offset=1, limit=1),
            todos[1],
        )
        self.assertEqual(
            Activity.search(self.complaint_domain, order="id desc"),
            todos.sorted("id", reverse=True),
        )

    def test_auditor_reads_no_other_todo(self):
        """Only the to-dos of the complaints the auditor reads: not those of
        another company's complaint, nor of other documents they read."""
        complaint_c2 = self._create_complaint(
            team_id=self.team_c2.id, company_id=self.company_2.id
        )
        todo_c2 = complaint_c2.with_user(self.user_c2).activity_schedule(
            "mail.mail_activity_data_todo", summary="Other company", user_id=False
        )
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        todo_order = order.activity_schedule(
            "mail.mail_activity_data_todo", summary="Sales", user_id=False
        )
        Activity = self.env["mail.activity"].with_user(self.user_auditor)
        self.assertEqual(
            Activity.search([("id", "in", (todo_c2 | todo_order | self.todo).ids)]),
            self.todo,
        )
        for todo in todo_c2 | todo_order:
            with self.assertRaises(AccessError):
                todo.with_user(self.user_auditor).read(["summary"])

    def test_auditor_reads_the_todos_of_the_process_records(self):
        """The same on the other records of the process with to-dos: an
        improvement action's to-do is read, not changed, and the action is
        not followed by the auditor."""
        action = self.env["customer.complaint.action"].create(
            {"name": "Replace the seals", "action_type": "correction"}
        )
        todo = action.with_user(self.user_manager).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Order the seals",
            user_id=self.user_manager.id,
        )
        action = action.with_user(self.user_auditor)
        values = action.web_read({"activity_ids": {"fields": {"summary": {}}}})[0]
        self.assertEqual(
            values["activity_ids"], [{"id": todo.id, "summary": "Order the seals"}]
        )
        with self.assertRaises(AccessError):
            todo.with_user(self.user_auditor).action_feedback(feedback="Done")
        with self.assertRaisesRegex(AccessError, AUDITOR_FOLLOWS):
            action.message_subscribe(partner_ids=self.user_auditor.partner_id.ids)
        self.assertNotIn(self.user_auditor.partner_id, action.message_partner_ids)

    def test_auditor_changes_no_todo(self):
        """Refused with the reason, not mail's error naming record ids."""
        todo = self.todo.with_user(self.user_auditor)
        with self.assertTodoChangeRefused():
            todo.write({"summary": "Audited"})
        with self.assertTodoChangeRefused():
            todo.action_feedback(feedback="Done by the auditor")
        with self.assertTodoChangeRefused():
            todo.unlink()
        with self.assertTodoChangeRefused():
            self.complaint.with_user(self.user_auditor).activity_schedule(
                "mail.mail_activity_data_todo",
                summary="Audit this",
                user_id=self.user_auditor.id,
            )
        # the form dialog of the chatter's activity widget
        with self.assertTodoChangeRefused():
            self.env["mail.activity"].with_user(self.user_auditor).with_context(
                default_res_model="customer.complaint",
                default_res_id=self.complaint.id,
            ).web_save(
                {
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": "Audit this",
                },
                {"summary": {}},
            )
        self.assertTrue(self.todo.exists())
        self.assertEqual(self.todo.summary, "Call the complainant back")
        self.assertEqual(self.complaint.activity_ids, self.todo)

    def test_auditor_changes_no_todo_assigned_to_them(self):
        """Mail lets the user a to-do is assigned to change it and mark it
        done: not an auditor, on a complaint they may not change. Whoever
        handles it, and the process, still close it."""
        handled = self.complaint.with_user(self.user_complaint)
        todo = handled.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Show the file to the auditor",
            user_id=self.user_auditor.id,
        )
        messages = self.complaint.message_ids
        as_auditor = todo.with_user(self.user_auditor)
        # refused before mail posts "done" in sudo: without the rollback of
        # assertRaises, nothing is posted either
        with self.assertRaisesRegex(AccessError, AUDITOR_TODOS):
            as_auditor.action_feedback(feedback="Seen")
        self.assertEqual(self.complaint.message_ids, messages)
        for change in (
            lambda: as_auditor.write({"summary": "Seen"}),
            lambda: as_auditor.write({"user_id": self.user_complaint.id}),
            lambda: as_auditor.action_feedback(feedback="Seen"),
            as_auditor.action_done,
            as_auditor.action_done_schedule_next,
            as_auditor.action_snooze,
            as_auditor.action_cancel,
            as_auditor.unlink,
        ):
            with self.assertTodoChangeRefused():
                change()
        self.assertEqual(todo.summary, "Show the file to the auditor")
        self.assertEqual(todo.user_id, self.user_auditor)
        self.assertEqual(self.complaint.message_ids, messages)
        # the auditor still reads it, in their own list too
        self.assertEqual(as_auditor.read(["summary"])[0]["summary"], todo.summary)
        self.assertIn(
            todo,
            self.env["mail.activity"]
            .with_user(self.user_auditor)
            .search([("user_id", "=", self.user_auditor.id)]),
        )
        # the handler marks it done; the process (sudo) another one
        todo.with_user(self.user_complaint).action_feedback(feedback="Shown")
        self.assertFalse(todo.exists())
        todo = handled.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_auditor.id
        )
        todo.with_user(self.user_auditor).sudo().action_feedback(feedback="Closed")
        self.assertFalse(todo.exists())

    def test_auditor_plans_todos_on_their_audit(self):
        """The audits auditors run they may change, their to-dos included."""
        audit = (
            self.env["customer.complaint.audit"]
            .with_user(self.user_auditor)
            .create(
                {
                    "name": "Audit 2026",
                    "company_id": self.company.id,
                    "date_planned": "2026-03-01",
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                }
            )
        )
        todo = audit.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Interview the team",
            user_id=self.user_auditor.id,
        )
        todo.write({"summary": "Interview the handlers"})
        todo.action_feedback(feedback="Interviewed")
        self.assertFalse(todo.exists())

    def test_other_roles_keep_their_todos(self):
        # handlers and managers write to-dos as before
        self.todo.with_user(self.user_complaint).write({"summary": "Call at 10"})
        self.todo.with_user(self.user_manager).write({"summary": "Call at 11"})
        self.assertEqual(self.todo.summary, "Call at 11")
        self.todo.with_user(self.user_complaint).action_feedback(feedback="Called")
        self.assertFalse(self.todo.exists())
        todo = self.complaint.with_user(self.user_manager).activity_schedule(
            "mail.mail_activity_data_todo", summary="Second call"
        )
        self.assertEqual(
            self.env["mail.activity"]
            .with_user(self.user_complaint)
            .search(self.complaint_domain),
            todo,
        )
        todo.with_user(self.user_complaint).unlink()
        self.assertFalse(todo.exists())
        # portal users and other employees still see none
        todo = self.complaint.with_user(self.user_manager).activity_schedule(
            "mail.mail_activity_data_todo", summary="Third call"
        )
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.user_portal_cc).search_read(
                self.complaint_domain, ["summary"]
            )
        with self.assertRaises(AccessError):
            todo.with_user(self.user_portal_cc).read(["summary"])
        Activity = self.env["mail.activity"].with_user(self.user_internal)
        self.assertFalse(Activity.search(self.complaint_domain))
        with self.assertRaises(AccessError):
            todo.with_user(self.user_internal).read(["summary"])

    def test_auditor_posts_nothing_where_they_follow(self):
        """Given a to-do, the auditor follows the complaint, which mail lets
        a follower post on: they post and send nothing there."""
        self.complaint.with_user(self.user_complaint).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Check the file",
            user_id=self.user_auditor.id,
        )
        self.assertIn(self.user_auditor.partner_id, self.complaint.message_partner_ids)
        messages = self.complaint.message_ids
        with self.assertRaisesRegex(AccessError, "cannot post a message"):
            self.complaint.with_user(self.user_auditor).message_post(
                body="Hello",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.complaint.partner_id.ids,
            )
        # nor by creating the message directly over RPC (assertRaises rolls
        # the refused create back, as the RPC's transaction is)
        with self.assertRaises(AccessError) as caught:
            self.env["mail.message"].with_user(self.user_auditor).create(
                {
                    "model": "customer.complaint",
                    "res_id": self.complaint.id,
                    "body": "Hello",
                    "message_type": "comment",
                }
            )
        self.assertIn("cannot post a message", str(caught.exception))
        self.complaint.invalidate_recordset(["message_ids"])
        self.assertEqual(self.complaint.message_ids, messages)

    def test_auditor_follows_and_unfollows_nobody(self):
        complaint = self.complaint.with_user(self.user_auditor)
        auditor = self.user_auditor.partner_id
        followers = self.complaint.message_partner_ids
        with self.assertRaisesRegex(AccessError, AUDITOR_FOLLOWS):
            complaint.message_subscribe(partner_ids=auditor.ids)
        with self.assertRaisesRegex(AccessError, AUDITOR_FOLLOWS):
            complaint.message_subscribe(partner_ids=self.customer_2.ids)
        self.assertEqual(self.complaint.message_partner_ids, followers)
        # made a follower by someone who handles the complaint, the auditor
        # does not unfollow it over RPC either, nor removes anyone
        self.complaint.with_user(self.user_manager).message_subscribe(
            partner_ids=(auditor | self.customer_2).ids
        )
        followers = self.complaint.message_partner_ids
        self.assertIn(auditor, followers)
        with self.assertRaisesRegex(AccessError, AUDITOR_FOLLOWS):
            complaint.message_unsubscribe(partner_ids=auditor.ids)
        with self.assertRaisesRegex(AccessError, AUDITOR_FOLLOWS):
            complaint.message_unsubscribe(partner_ids=self.customer_2.ids)
        self.assertEqual(self.complaint.message_partner_ids, followers)
        # the unfollow link of the complaint's mails unsubscribes in sudo
        complaint.sudo().message_unsubscribe([auditor.id])
        self.assertNotIn(auditor, self.complaint.message_partner_ids)

    def test_process_still_involves_auditors(self):
        """The handler may give the auditor a to-do (which makes them follow)
        and mention them; the auditor still reads the complaint's form."""
        handled = self.complaint.with_user(self.user_complaint)
        todo = handled.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Show the file to the auditor",
            user_id=self.user_auditor.id,
        )
        self.assertIn(self.user_auditor.partner_id, self.complaint.message_partner_ids)
        handled.message_post(
            body="For the audit",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=self.user_auditor.partner_id.ids,
        )
        complaint = self.complaint.with_user(self.user_auditor)
        values = complaint.web_read(
            view_spec(complaint.env, "customer.complaint", "form")
            | {"message_is_follower": {}, "activity_ids": {"fields": {}}}
        )[0]
        self.assertEqual(values["id"], self.complaint.id)
        self.assertTrue(values["message_is_follower"])
        self.assertEqual(
            {row["id"] for row in values["activity_ids"]}, {self.todo.id, todo.id}
        )


@tagged("post_install", "-at_install")
class TestAuditorMailChatter(HttpCase, AuditorMailCommon):
    def test_auditor_chatter_lists_the_todos(self):
        """The chatter of the complaint form shows the auditor its to-dos,
        and its follow button answers with the reason."""
        self.authenticate(self.user_auditor.login, self.user_auditor.login)
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "customer.complaint",
                "thread_id": self.complaint.id,
                "request_list": ["activities", "followers"],
            },
        )
        self.assertEqual([row["id"] for row in data["mail.activity"]], self.todo.ids)
        thread = next(
            row for row in data["mail.thread"] if row["id"] == self.complaint.id
        )
        self.assertTrue(thread["hasReadAccess"])
        self.assertFalse(thread["hasWriteAccess"])
        response = self.url_open(
            "/web/dataset/call_kw/customer.complaint/message_subscribe",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "customer.complaint",
                        "method": "message_subscribe",
                        "args": [[self.complaint.id]],
                        "kwargs": {"partner_ids": self.user_auditor.partner_id.ids},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]
        self.assertEqual(
            error["data"]["name"], "odoo.exceptions.AccessError", error["data"]
        )
        self.assertIn(AUDITOR_FOLLOWS, error["data"]["message"])
        self.assertNotIn(
            self.user_auditor.partner_id, self.complaint.message_partner_ids
        )
