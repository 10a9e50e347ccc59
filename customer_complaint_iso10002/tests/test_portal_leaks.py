# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon
from .common_portal import ComplaintPortalCase

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestPortalLeaks(ComplaintPortalCase):
    """What a complainant could do or read beyond the portal pages, called the
    way the portal chatter and JSON-RPC do."""

    def _call(self, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "customer.complaint",
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")

    def _sent_file(self):
        """A file the portal user sent on their complaint, through the portal."""
        self.authenticate("portal", "portal")
        response = self._post(
            f"/my/complaints/{self.complaint.id}/upload",
            files={"attachments": ("receipt.txt", b"proof of purchase", "text/plain")},
        )
        self.assertEqual(response.status_code, 303)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "customer.complaint"),
                ("res_id", "=", self.complaint.id),
                ("name", "=", "receipt.txt"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        return attachment

    @mute_logger("odoo.http")
    def test_complainant_cannot_delete_sent_files(self):
        attachment = self._sent_file()
        message = self._messages(self.complaint).filtered(
            lambda m: attachment in m.attachment_ids
        )
        self.assertEqual(message.author_id, self.partner_portal)
        # the portal chatter's delete, as the author of the message
        with self.assertRaisesRegex(Exception, "UserError"):
            self.make_jsonrpc_request(
                "/mail/attachment/delete", {"attachment_id": attachment.id}
            )
        self.assertTrue(attachment.exists())
        # editing the message to drop its files
        self.complaint._portal_ensure_token()
        with self.assertRaisesRegex(Exception, "UserError"):
            self.make_jsonrpc_request(
                "/mail/message/update_content",
                {
                    "message_id": message.id,
                    "body": "",
                    "attachment_ids": [],
                    "token": self.complaint.access_token,
                },
            )
        self.assertTrue(attachment.exists())
        # nor rewriting (or emptying) what was sent
        body = message.body
        with self.assertRaisesRegex(Exception, "UserError"):
            self.make_jsonrpc_request(
                "/mail/message/update_content",
                {
                    "message_id": message.id,
                    "body": "I never said that",
                    "attachment_ids": None,
                    "token": self.complaint.access_token,
                },
            )
        self.assertEqual(message.body, body)
        # nor over the ORM, in sudo as mail's routes do
        with self.assertRaises(UserError):
            attachment.with_user(self.user_portal).sudo().unlink()
        self.assertTrue(attachment.exists())
        # staff may still manage the complaint's files
        attachment.with_user(self.admin).unlink()
        self.assertFalse(attachment.exists())

    def test_complainant_may_remove_a_file_not_sent_yet(self):
        """A file uploaded in the chatter and not posted yet is not part of
        the complaint: removing it before sending stays possible."""
        self.complaint._portal_ensure_token()
        self.authenticate("portal", "portal")
        response = self._post(
            "/mail/attachment/upload",
            {
                "thread_id": self.complaint.id,
                "thread_model": "customer.complaint",
                "token": self.complaint.access_token,
                "is_pending": "true",
            },
            files={"ufile": ("draft.txt", b"draft", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        pending = self.env["ir.attachment"].search([("name", "=", "draft.txt")])
        self.assertEqual(pending.res_model, "mail.compose.message")
        self.make_jsonrpc_request(
            "/mail/attachment/delete",
            {"attachment_id": pending.id, "access_token": pending.access_token},
        )
        self.assertFalse(pending.exists())

    @mute_logger(*MUTED)
    def test_complainant_reads_no_priority_nor_handler(self):
        """The priority (the internal triage) and who handles the complaint are
        internal: not on the portal page, not in the portal PDF, and not over
        JSON-RPC either."""
        self.complaint.write({"user_id": self.admin.id})
        own = self.complaint.with_user(self.user_portal)
        internal = ("priority", "user_id", "received_by_id", "closed_by_id", "team_id")
        for field in internal:
            with self.subTest(field=field), self.assertRaises(AccessError):
                own.read([field])
        self.authenticate("portal", "portal")
        for field in ("priority", "user_id", "team_id"):
            with self.subTest(field=field):
                with self.assertRaisesRegex(Exception, "AccessError|not allowed"):
                    self._call("read", [self.complaint.id], [field])
                with self.assertRaisesRegex(Exception, "AccessError|not allowed"):
                    self._call("search_read", [("id", "=", self.complaint.id)], [field])
        # Their own complaint they still list and read, in the default order.
        listed = self._call("search_read", [], ["reference", "name"])
        self.assertIn(self.complaint.reference, [r["reference"] for r in listed])
        self.assertNotIn(self.complaint_other.reference, str(listed))
        everything = self._call("search_read", [("id", "=", self.complaint.id)])
        self.assertFalse(set(internal) & set(everything[0]))
        self.assertNotIn(self.admin.name, str(everything))
        # The portal page still shows the complaint.
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.complaint.reference, page.text)


@tagged("post_install", "-at_install")
class TestAuditorViews(ComplaintCommon):
    """Auditors read everything and change nothing: no view offers them a
    button the server would then refuse."""

    # Buttons that only open or export what the auditor may read.
    READ_ONLY = {"action_export_register"}

    def _changing_buttons(self, user, model, view_type):
        arch = self.env[model].with_user(user).get_views([(False, view_type)])
        arch = arch["views"][view_type]["arch"]
        buttons = etree.fromstring(arch).iter("button")
        return {
            button.get("name")
            for button in buttons
            if button.get("type") in ("object", "action")
            and "oe_stat_button" not in (button.get("class") or "")
            and button.get("name") not in self.READ_ONLY
            and not (button.get("name") or "").startswith("action_view_")
        }

    def test_no_changing_button_for_auditors(self):
        views = self.env["ir.ui.view"].search(
            [
                ("model", "=like", "customer.complaint%"),
                ("type", "in", ("form", "list", "kanban")),
                ("mode", "=", "primary"),
            ]
        )
        checked = set()
        for model, view_type in {(v.model, v.type) for v in views}:
            Model = self.env[model].with_user(self.user_auditor)
            # Wizards, and what auditors do write (their own audits), aside.
            if Model.is_transient() or Model.has_access("write"):
                continue
            checked.add((model, view_type))
            with self.subTest(model=model, view_type=view_type):
                self.assertFalse(
                    self._changing_buttons(self.user_auditor, model, view_type)
                )
        # the views where a handler has such buttons were checked
        for model in (
            "customer.complaint",
            "customer.complaint.decision",
            "customer.complaint.action",
            "customer.complaint.review",
        ):
            self.assertIn((model, "form"), checked)
        # and the same views still give them to the people who use them
        self.assertIn(
            "action_open_decision",
            self._changing_buttons(self.user_complaint, "customer.complaint", "form"),
        )
        self.assertIn(
            "action_done",
            self._changing_buttons(
                self.user_complaint, "customer.complaint.action", "form"
            ),
        )
        self.assertIn(
            "action_confirm",
            self._changing_buttons(
                self.user_manager, "customer.complaint.review", "form"
            ),
        )
