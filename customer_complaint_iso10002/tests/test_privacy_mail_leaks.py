# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the mail models still told staff outside the handling of a complaint
whose complainant chose non-disclosure: the tracked changes of the
complainant in the chatter, the messages found by a text that is their
identity, and messages and followers grouped by them."""

import json

from odoo.tests import tagged

from . import test_privacy_disclosure as disclosure
from .test_privacy_disclosure import NAME, PHONE


@tagged("post_install", "-at_install")
class TestPrivacyMailLeaks(disclosure.PrivacyDisclosureCase):
    def _chatter(self, login, **params):
        """The complaint's messages as the chatter of ``login`` loads them."""
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/mail/thread/messages",
            {
                "thread_model": "customer.complaint",
                "thread_id": self.complaint.id,
                **params,
            },
        )

    @staticmethod
    def _tracked(result):
        """{field name: (old, new)} of the tracked changes in ``result``."""
        return {
            tracking["fieldName"]: (
                tracking["oldValue"]["value"],
                tracking["newValue"]["value"],
            )
            for message in result["data"].get("mail.message", [])
            for tracking in message.get("trackingValues", [])
        }

    def test_tracked_changes_of_the_complainant_not_in_their_chatter(self):
        """The admin replaces the complainant's contact: Bob's chatter shows
        the change of subject made with it, not who the complainant was or
        became; Alice's shows both."""
        zelda = self.env["res.partner"].create(
            {"name": "Zelda Hiddenname", "email": "zelda.hiddenname@example.com"}
        )
        self.complaint.with_user(self.user_admin).write(
            {"partner_id": zelda.id, "name": "Leaking kettle lid"}
        )
        self.flush_tracking()
        result = self._chatter("cc_user_b")
        tracked = self._tracked(result)
        self.assertEqual(tracked.get("name"), ("Leaking kettle", "Leaking kettle lid"))
        self.assertNotIn("partner_id", tracked)
        for identity in (NAME, "Zelda Hiddenname"):
            self.assertNotIn(identity, json.dumps(tracked))
        # (their current identity is masked in every text of the chatter)
        self.assertNotIn("Hiddenname", json.dumps(result))
        tracked = self._tracked(self._chatter("cc_user_a"))
        self.assertEqual(tracked["partner_id"], (NAME, "Zelda Hiddenname"))

    def test_messages_not_found_by_the_identity_their_text_quotes(self):
        """Bob searches messages (over RPC, complaints by their messages, the
        chatter's search box) for a text that is the complainant's identity:
        those of the complaint hidden to him are not found, as the texts he
        reads carry the pseudonym; any other text finds them. Alice finds
        them."""
        complainant, wrote, replied = self._complainant_in_thread()
        own = self._open_complaint_of_the_complainant(complainant)[0]
        quoted = own.message_post(
            body=f"{NAME} called about the lid", subtype_xmlid="mail.mt_note"
        )
        Message = self.env["mail.message"]
        on_complaints = [("model", "=", "customer.complaint")]
        for domain in (
            [("body", "ilike", "Secretname")],
            [("body", "ilike", PHONE)],
            [("body", "=ilike", "%nadia secret%")],
            [("subject", "ilike", "secretname")],
        ):
            found = Message.with_user(self.user_complaint_b).search(
                on_complaints + domain
            )
            self.assertNotIn(replied, found, domain)
            found = Message.with_user(self.user_complaint).search(
                on_complaints + domain
            )
            self.assertIn(replied, found, domain)
        # the same text on a complaint of theirs that discloses them
        found = Message.with_user(self.user_complaint_b).search(
            [("body", "ilike", "Secretname")]
        )
        self.assertIn(quoted, found)
        # what is not their identity finds the messages
        found = Message.with_user(self.user_complaint_b).search(
            [("body", "ilike", "seal leaks")]
        )
        self.assertIn(wrote, found)
        # negated: to him the reply quotes nobody
        found = Message.with_user(self.user_complaint_b).search(
            [
                *on_complaints,
                ("res_id", "=", self.complaint.id),
                ("body", "not ilike", "Secretname"),
            ]
        )
        self.assertIn(replied, found)
        # complaints by their messages
        Complaint = self.env["customer.complaint"]
        for domain in (
            [("message_ids.body", "ilike", "Secretname")],
            [("message_ids", "any", [("subject", "ilike", "Secretname")])],
        ):
            self.assertNotIn(
                self.complaint,
                Complaint.with_user(self.user_complaint_b).search(domain),
                domain,
            )
            self.assertIn(
                self.complaint,
                Complaint.with_user(self.user_complaint).search(domain),
                domain,
            )
        self.assertIn(
            own,
            Complaint.with_user(self.user_complaint_b).search(
                [("message_ids.body", "ilike", "Secretname")]
            ),
        )
        self.assertIn(
            self.complaint,
            Complaint.with_user(self.user_complaint_b).search(
                [("message_ids.body", "ilike", "seal leaks")]
            ),
        )
        # the chatter's search box
        result = self._chatter("cc_user_b", search_term=NAME)
        self.assertEqual(result["count"], 0)
        self.assertFalse(result["messages"])
        result = self._chatter("cc_user_b", search_term="seal leaks")
        self.assertIn(wrote.id, result["messages"])
        result = self._chatter("cc_user_a", search_term=NAME)
        self.assertIn(replied.id, result["messages"])

    def test_messages_not_grouped_by_the_text_that_quotes_them(self):
        """Bob groups or aggregates the messages of the hidden complaint by
        their text (over RPC): no group carries the complainant's identity.
        Alice's do."""
        self._complainant_in_thread()
        domain = [
            ("model", "=", "customer.complaint"),
            ("res_id", "=", self.complaint.id),
        ]

        def groups(user):
            Message = self.env["mail.message"].with_user(user)
            return json.dumps(
                [
                    Message.read_group(domain, ["body"], ["body"]),
                    Message.read_group(domain, ["subject"], ["subject"]),
                    Message.read_group(domain, ["body:array_agg"], []),
                    Message.read_group(domain, ["subject:array_agg"], ["res_id"]),
                    Message.web_read_group(domain, ["body"], ["body"]),
                ],
                default=str,
            )

        text = groups(self.user_complaint_b)
        for identity in (NAME, PHONE):
            self.assertNotIn(identity, text)
        text = groups(self.user_complaint)
        self.assertIn(NAME, text)
        self.assertIn(PHONE, text)

    def test_followers_not_grouped_by_the_complainant(self):
        """Bob (who reads the complaint) and Otto (who does not) group the
        followers of complaints by partner and complaint (over RPC): the
        complainant follows the hidden complaint in no group, but the
        complaint of theirs that discloses them. Alice's groups show both."""
        complainant = self._complainant_in_thread()[0]
        own = self._open_complaint_of_the_complainant(complainant)[0]
        self.complaint.message_subscribe(partner_ids=self.user_complaint.partner_id.ids)
        domain = [("res_model", "=", "customer.complaint")]

        def pairs(user):
            Followers = self.env["mail.followers"].with_user(user)
            groups = Followers.read_group(
                domain, ["partner_id", "res_id"], ["partner_id", "res_id"], lazy=False
            )
            result = {
                (group["partner_id"] and group["partner_id"][0], group["res_id"])
                for group in groups
            }
            for group in Followers.read_group(
                domain, ["partner_id:array_agg"], ["res_id"]
            ):
                result |= {(pid, group["res_id"]) for pid in group["partner_id"]}
            for group in Followers.web_read_group(
                domain, ["res_id:array_agg"], ["partner_id"], lazy=False
            )["groups"]:
                partner = group["partner_id"] and group["partner_id"][0]
                result |= {(partner, res_id) for res_id in group["res_id"]}
            return result

        for user in (self.user_complaint_b, self.user_outside):
            found = pairs(user)
            self.assertNotIn((complainant.id, self.complaint.id), found, user.login)
            self.assertIn((complainant.id, own.id), found, user.login)
            self.assertIn((self.user_complaint.partner_id.id, self.complaint.id), found)
        self.assertIn((complainant.id, self.complaint.id), pairs(self.user_complaint))

    def test_tracked_changes_of_the_complainant_not_in_notification_mail(self):
        """Bob follows the complaint's stage changes by email. Alice moves it
        on and replaces the complainant's contact in one save: the mail tells
        Bob the stage, not who the complainant was or became."""
        bob = self.user_complaint_b
        bob.notification_type = "email"
        self.complaint.message_subscribe(
            partner_ids=bob.partner_id.ids,
            subtype_ids=self.env.ref(
                "customer_complaint_iso10002.mt_complaint_stage"
            ).ids,
        )
        zelda = self.env["res.partner"].create(
            {"name": "Zelda Hiddenname", "email": "zelda.hiddenname@example.com"}
        )
        with self.mock_mail_gateway():
            self.complaint.with_user(self.user_complaint).write(
                {"partner_id": zelda.id, "stage_id": self.stage_assessment.id}
            )
            self.flush_tracking()
        mail = self._new_mails.filtered(lambda m: bob.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.stage_assessment.name, mail.body_html)
        for identity in (NAME, "Zelda Hiddenname"):
            self.assertNotIn(identity, mail.body_html)
        # (the change itself is kept, for who reads the identity)
        tracked = self.complaint.message_ids.sudo().tracking_value_ids
        self.assertIn("partner_id", tracked.field_id.mapped("name"))
