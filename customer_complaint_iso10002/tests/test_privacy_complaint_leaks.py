# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the role trial found still naming, or opening, a hidden complaint's
complainant to whoever reads the pseudonym: the portal access token (the
complainant's key to their page), the free text quoting them, and exports
through the complaint's linked records."""

import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import test_privacy_disclosure as disclosure
from .common import count_queries
from .test_privacy_disclosure import EMAIL, NAME, PHONE


@tagged("post_install", "-at_install")
class TestPrivacyComplaintLeaks(disclosure.PrivacyDisclosureCase):
    """Bob (the complaint is about him) on ``complaint``, Otto (outside the
    handling) on ``unassigned``: both read the pseudonym; Alice handles
    ``complaint`` and reads everything."""

    def _hidden_pairs(self):
        return (
            (self.complaint, self.user_complaint_b),
            (self.unassigned, self.user_outside),
        )

    # ------------------------------------------------------------------
    # 1. The portal access token
    # ------------------------------------------------------------------

    def test_access_token_not_read_nor_linked_for_them(self):
        for complaint, user in self._hidden_pairs():
            token = complaint.access_token
            self.assertTrue(token)
            as_user = complaint.with_user(user)
            self.assertFalse(as_user.read(["access_token"])[0]["access_token"])
            row = as_user.search_read([("id", "=", complaint.id)], ["access_token"])
            self.assertFalse(row[0]["access_token"])
            # not found by it, not even by its first characters
            Complaint = self.env["customer.complaint"].with_user(user)
            self.assertFalse(Complaint.search([("access_token", "=", token)]))
            self.assertFalse(
                Complaint.search([("access_token", "=like", token[:2] + "%")])
                & complaint
            )
            groups = Complaint.read_group(
                [("id", "=", complaint.id)], ["access_token:array_agg"], []
            )
            self.assertNotIn(token, str(groups))
            # the chatter's copy of the acknowledgement links to no page
            bodies = as_user.message_ids.read(["body"])
            self.assertTrue(bodies)
            self.assertNotIn(token, json.dumps(bodies, default=str))
            self.assertIn(
                token, "".join(complaint.message_ids.mapped("body")), "ack quotes it"
            )
            # no action hands them a link with it: portal URL, Share wizard
            with self.assertRaises(AccessError):
                as_user.get_portal_url()
            with self.assertRaises(AccessError):
                as_user._get_share_url(redirect=True)
            with self.assertRaises(AccessError):
                self.env["portal.share"].with_user(user).with_context(
                    active_model="customer.complaint", active_id=complaint.id
                ).default_get(["share_link"])
            # nor do they set it to one they know
            with self.assertRaises(UserError):
                as_user.write({"access_token": "known-to-me"})
            self.assertEqual(complaint.access_token, token)
        # Alice handles the complaint: she reads and shares its link
        as_alice = self.complaint.with_user(self.user_complaint)
        token = self.complaint.access_token
        self.assertEqual(as_alice.read(["access_token"])[0]["access_token"], token)
        self.assertIn(token, as_alice.get_portal_url())
        self.assertIn(token, as_alice._get_share_url(redirect=True))
        bodies = json.dumps(as_alice.message_ids.read(["body"]), default=str)
        self.assertIn(token, bodies)

    def test_mail_link_opens_their_page_without_the_token(self):
        """A portal user copied on the complaint opens a mail's link to it
        (/mail/view): their page, not the complainant's token, which they
        cannot read either. The complainant's own link opens their page by
        their own rights, where they are still the complainant."""
        self.complaint.message_subscribe(partner_ids=self.portal_other.partner_id.ids)
        token = self.complaint.access_token
        page = f"/my/complaints/{self.complaint.id}"
        action = self.complaint.sudo()._get_access_action(
            access_uid=self.portal_other.id
        )
        self.assertEqual(action["url"], page)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.portal_other).read(["access_token"])
        action = self.complaint.sudo()._get_access_action(
            access_uid=self.portal_complainant.id
        )
        self.assertEqual(action["url"], page)
        # A visitor opening the link with the token (no rights of their own)
        # still gets it in the link.
        public = self.env.ref("base.public_user")
        action = (
            self.complaint.with_user(public)
            .sudo()
            ._get_access_action(force_website=True)
        )
        self.assertIn(token, action["url"])

    def test_portal_pager_links_no_token(self):
        """The pager of a complaint's portal page links its neighbours in the
        user's list without their token."""
        token = self.complaint.access_token
        self.authenticate(self.user_complaint_b.login, self.user_complaint_b.login)
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertNotIn(token, listing.text)
        ids = (
            self.env["customer.complaint"]
            .with_user(self.user_complaint_b)
            .search([("active", "=", True)], order="date_received desc, id desc")
            .ids
        )
        index = ids.index(self.complaint.id)
        neighbour = ids[index + 1] if index + 1 < len(ids) else ids[index - 1]
        page = self.url_open(f"/my/complaints/{neighbour}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/complaints/{self.complaint.id}", page.text)
        self.assertNotIn(token, page.text)

    # ------------------------------------------------------------------
    # 2. Free text quoting the complainant
    # ------------------------------------------------------------------

    def _quote_complainant(self, complaint):
        complaint.write(
            {
                "description": f"<p>{NAME} ({EMAIL}) says the seal leaks.</p>",
                "requested_remedy_details": f"Call {NAME} back at {PHONE}.",
                "root_cause": f"Seal fitted wrongly on {NAME}'s kettle.",
                "rejection_details": f"Nothing from {EMAIL}.",
            }
        )

    def test_free_text_reads_the_pseudonym_for_them(self):
        texts = ["description", "requested_remedy_details", "root_cause"]
        texts.append("rejection_details")
        for complaint, user in self._hidden_pairs():
            self._quote_complainant(complaint)
            pseudonym = f"Complainant {complaint.reference}"
            as_user = complaint.with_user(user)
            for values in (
                as_user.read(texts)[0],
                as_user.web_read({fname: {} for fname in texts})[0],
            ):
                text = json.dumps(values, default=str)
                for identity in (NAME, EMAIL, PHONE):
                    self.assertNotIn(identity, text, user.login)
                self.assertIn(pseudonym, str(values["description"]))
                self.assertIn("says the seal leaks", str(values["description"]))
            # they edited the copy reading the pseudonym: not saved over it
            with self.assertRaisesRegex(UserError, "quotes the complainant"):
                as_user.write({"description": "<p>Seal leaks.</p>"})
            self.assertIn(NAME, complaint.description)
        values = self.complaint.with_user(self.user_complaint).read(texts)[0]
        self.assertIn(NAME, str(values["description"]))
        self.assertIn(PHONE, values["requested_remedy_details"])

    def test_free_text_not_found_nor_grouped_by_the_identity_it_quotes(self):
        self._quote_complainant(self.complaint)
        self._quote_complainant(self.unassigned)
        Complaint = self.env["customer.complaint"]
        for complaint, user in self._hidden_pairs():
            for domain in (
                [("description", "ilike", "Secretname")],
                [("requested_remedy_details", "ilike", PHONE)],
                [("root_cause", "ilike", "Nadia")],
                [("rejection_details", "ilike", EMAIL)],
            ):
                found = Complaint.with_user(user).search(domain)
                self.assertNotIn(complaint, found, f"{user.login} by {domain}")
            # a negation finds it, whatever the name: it tells nothing
            for name in ("Secretname", "Someone"):
                found = Complaint.with_user(user).search(
                    [("id", "=", complaint.id), ("description", "not ilike", name)]
                )
                self.assertEqual(found, complaint)
            # by what it says otherwise, it is found
            found = Complaint.with_user(user).search(
                [("description", "ilike", "seal leaks")]
            )
            self.assertIn(complaint, found)
            groups = Complaint.with_user(user).read_group(
                [("id", "=", complaint.id)],
                ["description:array_agg", "root_cause:max"],
                ["requested_remedy_details"],
            )
            text = json.dumps(groups, default=str)
            for identity in (NAME, EMAIL, PHONE):
                self.assertNotIn(identity, text, user.login)
        # Alice finds and groups it by them
        found = Complaint.with_user(self.user_complaint).search(
            [("description", "ilike", "Secretname")]
        )
        self.assertIn(self.complaint, found)
        groups = Complaint.with_user(self.user_complaint).read_group(
            [("id", "=", self.complaint.id)], ["description:array_agg"], []
        )
        self.assertIn(NAME, str(groups))

    def test_free_text_of_other_complaints_costs_no_query(self):
        """Bob reads the free text of complaints without the choice at no
        more queries than other fields."""
        records = self.env["customer.complaint"]
        for i in range(3):
            records |= self._create_complaint(
                team_id=self.team_a.id, description=f"<p>Kettle {i} leaks</p>"
            )
        records = records.with_user(self.user_complaint_b)
        count_queries(self.env, lambda: records.read(["priority"]))  # warm
        self.assertEqual(
            count_queries(
                self.env, lambda: records.read(["description", "name", "priority"])
            ),
            count_queries(
                self.env, lambda: records.read(["priority", "date_received"])
            ),
        )

    # ------------------------------------------------------------------
    # 3. Exports through the complaint's linked records
    # ------------------------------------------------------------------

    def test_export_of_linked_paths_names_nobody(self):
        complainant = self._complainant_in_thread()[0]
        self._quote_complainant(self.complaint)
        export = self.env.ref("base.group_allow_export")
        (self.user_complaint | self.user_complaint_b).groups_id = [
            Command.link(export.id)
        ]
        fields = [
            "reference",
            "message_ids/author_id/name",
            "message_ids/email_from",
            "message_follower_ids/partner_id/name",
            "message_ids/body",
            "description",
            "message_follower_ids/partner_id/.id",
            "message_ids/author_id",
            "access_token",
            "message_partner_ids/id",
            "message_ids/author_id/id",
        ]
        rows = self.complaint.with_user(self.user_complaint_b).export_data(fields)
        rows = rows["datas"]
        text = json.dumps(rows, default=str)
        xmlid = f"res_partner_{complainant.id}_"
        for secret in (NAME, EMAIL, PHONE, self.complaint.access_token, xmlid):
            self.assertNotIn(secret, text)
        self.assertNotIn(str(complainant.id), [row[6] for row in rows])
        self.assertIn(f"Complainant {self.complaint.reference}", text)
        self.assertIn("Alice Handler", text)
        # Alice exports them
        rows = self.complaint.with_user(self.user_complaint).export_data(fields)
        text = json.dumps(rows, default=str)
        self.assertIn(NAME, text)
        self.assertIn(xmlid, text)
        self.assertIn(str(complainant.id), [row[6] for row in rows["datas"]])
