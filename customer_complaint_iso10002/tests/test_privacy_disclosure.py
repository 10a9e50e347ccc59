# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's choice not to be disclosed (4.10, 8.1), per role: the
handler, the team, managers and auditors read the identity; the people the
complaint is about, staff outside its handling and mail to third parties get
the pseudonym; only the complainant withdraws the choice."""

import io
import json

import openpyxl

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import HttpCase
from odoo.addons.mail.tools.discuss import Store

from .common import ComplaintCommon, count_queries

NAME = "Nadia Secretname"
EMAIL = "nadia.secretname@example.com"
PHONE = "+32 470 66 77 88"


class PrivacyDisclosureCase(HttpCase, ComplaintCommon):
    """Alice handles ``complaint``, which is about Bob; Otto is outside its
    handling; ``unassigned`` (no team, no handler) is read by any complaints
    user. Both chose non-disclosure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Bob is in the team but the complaint is about him.
        cls.team_a.member_ids = [Command.link(cls.user_complaint_b.id)]
        cls.user_outside = new_test_user(
            cls.env,
            login="cc_outside",
            name="Otto Outside",
            email="otto.outside@example.com",
            groups="customer_complaint_iso10002.group_complaint_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.portal_complainant = new_test_user(
            cls.env,
            login="nadia.portal",
            password="nadia.portal",
            name=NAME,
            email=EMAIL,
            groups="base.group_portal",
        )
        cls.portal_complainant.partner_id.phone = PHONE
        cls.portal_other = new_test_user(
            cls.env,
            login="someone.else",
            password="someone.else",
            name="Someone Else",
            email="someone.else@example.com",
            groups="base.group_portal",
        )
        cls.complaint = cls._create_complaint(
            partner_id=cls.portal_complainant.partner_id.id,
            user_id=cls.user_complaint.id,
            involved_user_ids=[Command.link(cls.user_complaint_b.id)],
            non_disclosure=True,
        )
        # Not yet in a team nor handled: any complaints user investigates it.
        cls.unassigned = cls._create_complaint(
            partner_id=False,
            partner_name=NAME,
            email_from=EMAIL,
            partner_phone=PHONE,
            team_id=False,
            non_disclosure=True,
        )

    def _identity(self, complaint, user):
        return complaint.with_user(user).read(
            ["partner_id", "partner_name", "email_from", "partner_phone"]
        )[0]

    def _complainant_in_thread(self):
        """The complainant follows, writes and is written to on the complaint;
        Alice's note quotes them."""
        complainant = self.complaint.partner_id
        self.complaint.message_subscribe(partner_ids=complainant.ids)
        wrote = self.complaint.message_post(
            body="The seal leaks",
            author_id=complainant.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        with self.mock_mail_gateway():
            replied = self.complaint.with_user(self.user_complaint).message_post(
                body=f"Dear {NAME}, we will call you at {PHONE}.",
                subject=f"Your complaint, {NAME}",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=complainant.ids,
            )
        return complainant, wrote, replied

    def _open_complaint_of_the_complainant(self, complainant):
        """Another complaint of theirs, in Bob's team, without the choice."""
        own = self._create_complaint(partner_name="Open Name", team_id=self.team_a.id)
        own.message_subscribe(partner_ids=complainant.ids)
        message = own.message_post(
            body="Open", author_id=complainant.id, subtype_xmlid="mail.mt_comment"
        )
        return own, message


@tagged("post_install", "-at_install")
class TestPrivacyDisclosure(PrivacyDisclosureCase):
    def test_choice_and_statement_recorded(self):
        self.company.complaint_retention_months = 12
        self.assertTrue(self.complaint.date_non_disclosure)
        self.assertFalse(self.complaint.date_non_disclosure_withdrawn)
        complaint = self._create_complaint(env=self.env(user=self.user_complaint))
        with Form(complaint.with_user(self.user_complaint)) as form:
            form.non_disclosure = True
        self.assertTrue(complaint.non_disclosure)
        self.assertTrue(complaint.date_non_disclosure)
        # the staff form shows the statement to read out, and records it
        with Form(complaint.with_user(self.user_complaint)) as form:
            self.assertIn("12 months", form.privacy_statement)
            form.privacy_statement_shown = True
        self.assertTrue(complaint.date_privacy_statement)
        with self.assertRaises(UserError):
            complaint.with_user(self.user_complaint).privacy_statement_shown = False

    def test_handling_roles_read_the_identity(self):
        for user in (self.user_complaint, self.user_manager, self.user_auditor):
            values = self._identity(self.complaint, user)
            self.assertEqual(values["partner_name"], NAME, user.login)
            self.assertEqual(values["email_from"], EMAIL, user.login)
            self.assertEqual(values["partner_id"][0], self.complaint.partner_id.id)
            self.assertFalse(self.complaint.with_user(user).identity_hidden)
        form = Form(self.complaint.with_user(self.user_complaint))
        self.assertEqual(form.partner_name, NAME)
        self.assertEqual(form.email_from, EMAIL)

    def test_people_it_is_about_read_the_pseudonym(self):
        pseudonym = f"Complainant {self.complaint.reference}"
        values = self._identity(self.complaint, self.user_complaint_b)
        self.assertEqual(values["partner_name"], pseudonym)
        self.assertFalse(values["email_from"])
        self.assertFalse(values["partner_phone"])
        self.assertFalse(values["partner_id"])
        self.assertTrue(self.complaint.with_user(self.user_complaint_b).identity_hidden)
        # the form the web client shows them, and the list
        form = Form(self.complaint.with_user(self.user_complaint_b))
        self.assertEqual(form.partner_name, pseudonym)
        self.assertFalse(form.email_from)
        rows = (
            self.env["customer.complaint"]
            .with_user(self.user_complaint_b)
            .search_read([("id", "=", self.complaint.id)], ["partner_name"])
        )
        self.assertEqual(rows[0]["partner_name"], pseudonym)
        # a manager the complaint is about too
        self.complaint.involved_user_ids = [Command.link(self.user_manager.id)]
        values = self._identity(self.complaint, self.user_manager)
        self.assertEqual(values["partner_name"], pseudonym)

    def test_staff_outside_the_handling_read_the_pseudonym(self):
        values = self._identity(self.unassigned, self.user_outside)
        self.assertEqual(
            values["partner_name"], f"Complainant {self.unassigned.reference}"
        )
        self.assertFalse(values["email_from"])
        # once in the team and handled by Alice, Alice reads it
        self.unassigned.write(
            {"team_id": self.team_a.id, "user_id": self.user_complaint.id}
        )
        self.assertEqual(
            self._identity(self.unassigned, self.user_complaint)["partner_name"], NAME
        )
        # without the choice everyone who reads the complaint reads the name
        self.complaint.with_user(self.user_manager).non_disclosure = False
        self.assertEqual(
            self._identity(self.complaint, self.user_complaint_b)["partner_name"], NAME
        )

    def test_mail_to_third_parties_carries_the_pseudonym(self):
        supplier = self.env["res.partner"].create(
            {"name": "Kettle Parts Supplier", "email": "parts@supplier.example.com"}
        )
        with self.mock_mail_gateway():
            self.complaint.with_user(self.user_complaint).message_post(
                body=f"<p>{NAME} ({EMAIL}, {PHONE}) says the seal leaks.</p>",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=(supplier | self.complaint.partner_id).ids,
            )
        to_supplier = self._new_mails.filtered(lambda m: supplier in m.recipient_ids)
        to_complainant = self._new_mails.filtered(
            lambda m: self.complaint.partner_id in m.recipient_ids
        )
        self.assertTrue(to_supplier)
        self.assertTrue(to_complainant)
        self.assertNotIn(NAME, to_supplier.body_html)
        self.assertNotIn(EMAIL, to_supplier.body_html)
        self.assertNotIn(PHONE, to_supplier.body_html)
        self.assertIn(f"Complainant {self.complaint.reference}", to_supplier.body_html)
        self.assertIn(NAME, to_complainant.body_html)

    def test_only_the_complainant_withdraws(self):
        with self.assertRaises(UserError):
            self.complaint.with_user(self.user_complaint).write(
                {"non_disclosure": False}
            )
        with (
            mute_logger("odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            self.complaint.with_user(self.user_manager).write(
                {"date_non_disclosure_withdrawn": "2026-01-01 00:00:00"}
            )
        self.assertTrue(self.complaint.non_disclosure)
        url = f"/my/complaints/{self.complaint.id}/non-disclosure/withdraw"
        # another portal user is refused
        self.authenticate("someone.else", "someone.else")
        response = self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(self.complaint.non_disclosure)
        # the complainant sees the choice on their page and withdraws it
        self.authenticate("nadia.portal", "nadia.portal")
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("o_complaint_withdraw_non_disclosure", page.text)
        response = self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.complaint.non_disclosure)
        self.assertTrue(self.complaint.date_non_disclosure_withdrawn)
        self.assertIn(
            "non_disclosure",
            self.complaint.message_ids.tracking_value_ids.field_id.mapped("name"),
        )
        self.assertEqual(
            self._identity(self.complaint, self.user_complaint_b)["partner_name"], NAME
        )

    def test_complainant_reads_their_own_identity(self):
        values = self._identity(self.complaint, self.portal_complainant)
        self.assertEqual(values["partner_name"], NAME)
        self.assertEqual(values["email_from"], EMAIL)

    def test_register_and_record_pdf_carry_the_pseudonym(self):
        pseudonym = f"Complainant {self.complaint.reference}"
        self.complaint.message_post(
            body=f"{NAME} called from {PHONE}", subtype_xmlid="mail.mt_note"
        )
        self.complaint.findings = f"<p>{NAME} sent a photo from {EMAIL}.</p>"
        output = io.BytesIO()
        self.env["customer.complaint.register"].with_user(
            self.user_manager
        )._write_register(output, [("id", "=", self.complaint.id)])
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["Register"]
        cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
        self.assertIn(pseudonym, cells)
        for identity in (NAME, EMAIL, PHONE):
            self.assertNotIn(identity, cells)
        # printed for investigation (staff): the pseudonym, no contact details
        report = self.env["ir.actions.report"].with_user(self.user_manager)
        html = report._render_qweb_html(
            "customer_complaint_iso10002.report_complaint", self.complaint.ids
        )[0].decode()
        self.assertIn(pseudonym, html)
        for identity in (NAME, EMAIL, PHONE):
            self.assertNotIn(identity, html)
        # without the choice they are printed
        self.complaint.with_user(self.user_manager).non_disclosure = False
        output = io.BytesIO()
        self.env["customer.complaint.register"].with_user(
            self.user_manager
        )._write_register(output, [("id", "=", self.complaint.id)])
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["Register"]
        cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
        self.assertIn(NAME, cells)

    def test_intake_forms_offer_the_choice_and_state_the_purpose(self):
        self.company.complaint_retention_months = 18
        self.authenticate(None, None)
        page = self.url_open(f"/complaints/{self.company.id}")
        self.assertIn("18 months", page.text)
        self.assertIn('name="non_disclosure"', page.text)
        self.assertIn("Your personal data", page.text)
        response = self.url_open(
            "/complaints/submit",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "partner_name": "Vic Visitor",
                "email_from": "vic.visitor@example.com",
                "name": "Parcel crushed",
                "description": "The box was crushed.",
                "company_id": self.company.id,
                "non_disclosure": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        visitor = self.env["customer.complaint"].search(
            [("email_from", "=", "vic.visitor@example.com")]
        )
        self.assertTrue(visitor.non_disclosure)
        self.assertTrue(visitor.date_non_disclosure)
        self.assertTrue(visitor.privacy_statement_shown)
        self.assertTrue(visitor.date_privacy_statement)
        # the portal form, without the choice
        self.authenticate("nadia.portal", "nadia.portal")
        page = self.url_open("/my/complaints/new")
        self.assertIn('name="non_disclosure"', page.text)
        self.assertIn("o_complaint_privacy_statement", page.text)
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "name": "Lid cracked",
                "description": "After a week.",
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        filed = self.env["customer.complaint"].search(
            [("partner_id", "=", self.portal_complainant.partner_id.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(filed.name, "Lid cracked")
        self.assertFalse(filed.non_disclosure)
        self.assertTrue(filed.privacy_statement_shown)

    def test_chatter_carries_the_pseudonym_for_them(self):
        self.complaint.message_post(
            body=f"Called {NAME} at {PHONE}",
            subtype_xmlid="mail.mt_note",
        )
        self.complaint.message_post(
            body="The seal leaks",
            author_id=self.complaint.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

        def chatter(user):
            store = Store()
            messages = self.complaint.with_user(user).message_ids
            messages._to_store(store)
            return json.dumps(store.get_result(), default=str)

        about_bob = chatter(self.user_complaint_b)
        self.assertNotIn(NAME, about_bob)
        self.assertNotIn(PHONE, about_bob)
        self.assertIn(f"Complainant {self.complaint.reference}", about_bob)
        self.assertIn(NAME, chatter(self.user_complaint))

    def test_not_found_grouped_or_sorted_by_the_identity_it_hides(self):
        """Whoever reads the pseudonym cannot find out who complained by
        searching, grouping or sorting on the identity (over RPC too): to
        them the complaint has none."""
        Complaint = self.env["customer.complaint"]
        own = self._create_complaint(partner_name="Open Name", team_id=self.team_a.id)
        # the complainant follows their complaint (a portal user may)
        self.complaint.message_subscribe(partner_ids=self.complaint.partner_id.ids)
        searches = (
            [("partner_name", "ilike", "Secretname")],
            [("partner_id.name", "ilike", "Secretname")],
            [("partner_id", "=", self.complaint.partner_id.id)],
            [("commercial_partner_id", "=", self.complaint.partner_id.id)],
            [("email_from", "=", EMAIL)],
            [("message_partner_ids", "in", self.complaint.partner_id.ids)],
        )
        hidden = self.complaint | self.unassigned
        for domain in searches:
            # Bob (the complaint is about him) and Otto (outside the handling)
            for user in (self.user_complaint_b, self.user_outside):
                found = Complaint.with_user(user).search(domain)
                self.assertFalse(found & hidden, f"{user.login} found by {domain}")
            # Alice handles the complaint, the manager and auditor read all
            for user in (self.user_complaint, self.user_manager, self.user_auditor):
                found = Complaint.with_user(user).search(domain)
                self.assertIn(self.complaint, found, f"{user.login} by {domain}")
        # a negation finds them as complaints without a name, whatever the
        # name: it tells nothing
        for name in ("Secretname", "Someone"):
            found = Complaint.with_user(self.user_complaint_b).search(
                [("partner_name", "not ilike", name)]
            )
            self.assertIn(self.complaint, found)
        self.assertNotIn(
            self.complaint,
            Complaint.with_user(self.user_complaint).search(
                [("partner_name", "not ilike", "Secretname")]
            ),
        )
        # other complaints are still found by their complainant
        self.assertIn(
            own,
            Complaint.with_user(self.user_complaint_b).search(
                [("partner_name", "=", "Open Name")]
            ),
        )
        # grouped: Bob's complaint counts under no complainant, not hers
        groups = Complaint.with_user(self.user_complaint_b).read_group(
            [("id", "in", (self.complaint | own).ids)],
            ["partner_id"],
            ["partner_id"],
            orderby="partner_id",
        )
        counts = {
            (group["partner_id"] or [False])[0]: group["partner_id_count"]
            for group in groups
        }
        self.assertEqual(counts, {False: 1, own.partner_id.id: 1})
        groups = Complaint.with_user(self.user_complaint).read_group(
            [("id", "=", self.complaint.id)], ["partner_id"], ["partner_id"]
        )
        self.assertEqual(groups[0]["partner_id"][0], self.complaint.partner_id.id)
        # sorted: by no name for Bob, so his complaint is sorted apart
        rows = Complaint.with_user(self.user_complaint_b).search_read(
            [("id", "in", (self.complaint | own).ids)],
            ["partner_name"],
            order="partner_name desc, id",
        )
        self.assertEqual(
            [row["partner_name"] for row in rows],
            [f"Complainant {self.complaint.reference}", "Open Name"],
        )

    def test_complainant_finds_their_own_complaint(self):
        found = (
            self.env["customer.complaint"]
            .with_user(self.portal_complainant)
            .search([("partner_id", "child_of", self.portal_complainant.partner_id.id)])
        )
        self.assertIn(self.complaint, found)

    def test_hidden_ones_are_those_without_a_complainant(self):
        """For whoever reads the pseudonym, the hidden complaints are the ones
        with no complainant: the "None" group opens on them, its aggregates
        and the addresses offered in the chatter give nothing away."""
        Complaint = self.env["customer.complaint"].with_user(self.user_complaint_b)
        self.assertIn(self.complaint, Complaint.search([("partner_id", "=", False)]))
        self.assertNotIn(
            self.complaint, Complaint.search([("partner_id", "!=", False)])
        )
        groups = Complaint.web_read_group(
            [("id", "=", self.complaint.id)],
            ["partner_name:max", "email_from:min", "partner_id:array_agg"],
            ["commercial_partner_id"],
        )["groups"]
        self.assertEqual(len(groups), 1)
        self.assertFalse(groups[0]["commercial_partner_id"])
        self.assertEqual(Complaint.search(groups[0]["__domain"]), self.complaint)
        self.assertNotIn(NAME, str(groups))
        self.assertNotIn(EMAIL, str(groups))
        self.assertNotIn(self.complaint.partner_id.id, groups[0]["partner_id"] or [])
        # Alice handles it: her aggregates and suggestions name the complainant
        rows = (
            self.env["customer.complaint"]
            .with_user(self.user_complaint)
            .read_group(
                [("id", "=", self.complaint.id)], ["partner_name:max"], ["stage_id"]
            )
        )
        self.assertEqual(rows[0]["partner_name"], NAME)
        suggested = self.complaint.with_user(
            self.user_complaint
        )._message_get_suggested_recipients()
        self.assertIn(
            self.complaint.partner_id.id, [r["partner_id"] for r in suggested]
        )
        suggested = self.complaint.with_user(
            self.user_complaint_b
        )._message_get_suggested_recipients()
        self.assertNotIn(
            self.complaint.partner_id.id, [r.get("partner_id") for r in suggested]
        )
        self.assertNotIn(EMAIL, str(suggested))

    def test_a_follower_finds_the_complaint_and_reads_the_pseudonym(self):
        """Someone the complainant copied (a portal follower) finds the
        complaint among theirs, and its printed record carries the
        pseudonym; the complainant's carries their name."""
        self.complaint.message_subscribe(partner_ids=self.portal_other.partner_id.ids)
        found = (
            self.env["customer.complaint"]
            .with_user(self.portal_other)
            .search([("message_partner_ids", "in", self.portal_other.partner_id.ids)])
        )
        self.assertIn(self.complaint, found)
        url = f"/my/complaints/{self.complaint.id}?report_type=html"
        self.authenticate("someone.else", "someone.else")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint.reference, response.text)
        self.assertNotIn(NAME, response.text)
        self.assertNotIn(EMAIL, response.text)
        self.authenticate("nadia.portal", "nadia.portal")
        self.assertIn(NAME, self.url_open(url).text)

    def test_export_carries_the_pseudonym(self):
        """An export (the list's Export, export_data over RPC) gives whoever
        reads the pseudonym the pseudonym, in the complaints' order."""
        other = self._create_complaint(partner_name="Open Name")
        records = (self.complaint | other | self.unassigned).with_user(
            self.user_complaint_b
        )
        export = self.env.ref("base.group_allow_export")
        (self.user_complaint | self.user_complaint_b).groups_id = [
            Command.link(export.id)
        ]
        fields = ["reference", "partner_name", "partner_id/name", "email_from"]
        rows = records.export_data(fields)["datas"]
        self.assertEqual(
            [row[0] for row in rows],
            [self.complaint.reference, other.reference, self.unassigned.reference],
        )
        self.assertEqual(
            rows[0][1:], [f"Complainant {self.complaint.reference}", False, False]
        )
        self.assertEqual(rows[1][1], "Open Name")
        self.assertNotIn(NAME, str(rows))
        self.assertNotIn(EMAIL, str(rows))
        # the handler exports the name
        rows = self.complaint.with_user(self.user_complaint).export_data(fields)
        self.assertEqual(rows["datas"][0][1], NAME)

    # ------------------------------------------------------------------
    # The mail models read directly (RPC) or through the complaint
    # ------------------------------------------------------------------

    def test_messages_read_over_rpc_carry_the_pseudonym(self):
        """Bob reads the complaint's messages over RPC (read, search_read,
        web_read): the complainant is neither author nor recipient, and the
        texts quoting them carry the pseudonym; Alice and the complainant
        read them as they are."""
        complainant, wrote, replied = self._complainant_in_thread()
        pseudonym = f"Complainant {self.complaint.reference}"
        fnames = [
            "author_id",
            "author_avatar",
            "email_from",
            "reply_to",
            "partner_ids",
            "notified_partner_ids",
            "body",
            "subject",
            "preview",
        ]
        domain = [
            ("model", "=", "customer.complaint"),
            ("res_id", "=", self.complaint.id),
        ]
        Message = self.env["mail.message"].with_user(self.user_complaint_b)
        messages = (wrote | replied).with_user(self.user_complaint_b)
        spec = {
            "author_id": {"fields": {"display_name": {}, "email": {}}},
            "partner_ids": {"fields": {"display_name": {}}},
            "notified_partner_ids": {"fields": {"display_name": {}}},
            "email_from": {},
            "body": {},
        }
        for rows in (
            Message.search_read(domain, fnames),
            messages.read(fnames),
            messages.web_read(spec),
        ):
            text = json.dumps(rows, default=str)
            for identity in (NAME, EMAIL, PHONE):
                self.assertNotIn(identity, text)
            for row in rows:
                self.assertNotIn(complainant.id, row.get("partner_ids") or [])
                self.assertNotIn(complainant.id, row.get("notified_partner_ids") or [])
            by_id = {row["id"]: row for row in rows}
            self.assertFalse(by_id[wrote.id]["author_id"])
            self.assertEqual(by_id[wrote.id]["email_from"], pseudonym)
            self.assertIn(pseudonym, by_id[replied.id]["body"])
            # Alice wrote the reply: her name is no secret
            self.assertIn("Alice Handler", text)
        # Alice handles the complaint: she reads who wrote and who was told
        rows = (
            self.env["mail.message"]
            .with_user(self.user_complaint)
            .search_read(domain, fnames)
        )
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(by_id[wrote.id]["author_id"][0], complainant.id)
        self.assertIn(complainant.id, by_id[replied.id]["partner_ids"])
        self.assertIn(NAME, str(by_id[replied.id]["body"]))
        # the complainant reads their own message and the reply to them
        rows = (wrote | replied).with_user(self.portal_complainant).read(fnames)
        self.assertEqual(rows[0]["author_id"][0], complainant.id)
        self.assertIn(NAME, str(rows[1]["subject"]))
        # a complainant known by their address only: Otto reads the pseudonym
        mailed = self.unassigned.message_post(
            body="Still broken",
            author_id=False,
            email_from=f'"{NAME}" <{EMAIL}>',
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        row = mailed.with_user(self.user_outside).read(["email_from", "author_id"])[0]
        self.assertEqual(row["email_from"], f"Complainant {self.unassigned.reference}")

    def test_masking_reads_other_messages_at_no_cost(self):
        """Messages of other documents are read with the fields that could
        name a complainant at no more queries than without them."""
        partner = self.env["res.partner"].create({"name": "Some Contact"})
        for i in range(3):
            partner.message_post(body=f"Note {i}", subtype_xmlid="mail.mt_note")
        messages = partner.message_ids.with_user(self.user_complaint_b)
        count_queries(self.env, lambda: messages.read(["date"]))  # warm
        self.assertEqual(
            count_queries(self.env, lambda: messages.read(["body", "email_from"])),
            count_queries(self.env, lambda: messages.read(["date", "message_type"])),
        )

    def test_followers_read_over_rpc_carry_the_pseudonym(self):
        """Bob reads the complaint's followers over RPC: the complainant's
        following carries the pseudonym and no contact; Alice reads it."""
        complainant = self._complainant_in_thread()[0]
        self.complaint.message_subscribe(partner_ids=self.user_complaint.partner_id.ids)
        pseudonym = f"Complainant {self.complaint.reference}"
        domain = [
            ("res_model", "=", "customer.complaint"),
            ("res_id", "=", self.complaint.id),
        ]
        fnames = ["partner_id", "name", "email", "display_name", "is_active"]
        Followers = self.env["mail.followers"].with_user(self.user_complaint_b)
        followers = Followers.search(domain)
        for rows in (
            Followers.search_read(domain, fnames),
            followers.read(fnames),
            followers.web_read(
                {
                    "partner_id": {"fields": {"display_name": {}, "email": {}}},
                    "name": {},
                    "email": {},
                    "display_name": {},
                }
            ),
        ):
            text = json.dumps(rows, default=str)
            self.assertNotIn(NAME, text)
            self.assertNotIn(EMAIL, text)
            self.assertIn(pseudonym, [row["name"] for row in rows])
            self.assertIn("Alice Handler", text)
            for row in rows:
                if row["name"] == pseudonym:
                    self.assertFalse(row["partner_id"])
                    self.assertFalse(row["email"])
                    self.assertEqual(row["display_name"], pseudonym)
        rows = (
            self.env["mail.followers"]
            .with_user(self.user_complaint)
            .search_read(domain, fnames)
        )
        self.assertIn(complainant.id, [row["partner_id"][0] for row in rows])
        self.assertIn(NAME, [row["name"] for row in rows])

    def test_mail_relations_read_through_the_complaint_carry_the_pseudonym(self):
        """What the form reads through the complaint (its messages, followers
        and followed partners, with their partners) names nobody to Bob."""
        complainant = self._complainant_in_thread()[0]
        complaint = self.complaint.with_user(self.user_complaint_b)
        partner_spec = {"fields": {"display_name": {}, "email": {}}}
        values = complaint.web_read(
            {
                "message_ids": {
                    "fields": {
                        "author_id": partner_spec,
                        "partner_ids": partner_spec,
                        "email_from": {},
                        "body": {},
                    }
                },
                "message_follower_ids": {
                    "fields": {
                        "partner_id": partner_spec,
                        "name": {},
                        "email": {},
                    }
                },
                "message_partner_ids": partner_spec,
            }
        )
        text = json.dumps(values, default=str)
        for identity in (NAME, EMAIL, PHONE):
            self.assertNotIn(identity, text)
        self.assertNotIn(
            complainant.id,
            complaint.read(["message_partner_ids"])[0]["message_partner_ids"],
        )
        # Alice reads them
        values = self.complaint.with_user(self.user_complaint).web_read(
            {"message_follower_ids": {"fields": {"partner_id": partner_spec}}}
        )
        self.assertIn(NAME, json.dumps(values, default=str))

    def test_messages_not_found_by_the_identity_they_hide(self):
        """Bob searches messages by the complainant (over RPC, or complaints
        by their messages): the complaint hidden to him is not among what he
        finds, and a negated search finds all of its messages (it tells
        nothing). Alice finds it."""
        complainant, wrote, replied = self._complainant_in_thread()
        own_message = self._open_complaint_of_the_complainant(complainant)[1]
        Message = self.env["mail.message"]
        on_complaint = [("model", "=", "customer.complaint")]
        hidden = wrote | replied
        for domain in (
            [("author_id", "=", complainant.id)],
            [("author_id", "in", complainant.ids)],
            [("author_id.name", "ilike", "Secretname")],
            [("author_id", "ilike", "Secretname")],
            [("email_from", "ilike", "secretname")],
            [("partner_ids", "in", complainant.ids)],
            [("notified_partner_ids", "=", complainant.id)],
        ):
            found = Message.with_user(self.user_complaint_b).search(
                on_complaint + domain
            )
            self.assertFalse(found & hidden, domain)
            found = Message.with_user(self.user_complaint).search(on_complaint + domain)
            self.assertTrue(found & hidden, domain)
        # found on the complaints Bob reads them on
        found = Message.with_user(self.user_complaint_b).search(
            on_complaint + [("author_id", "=", complainant.id)]
        )
        self.assertIn(own_message, found)
        # negated: every message of the hidden complaint, whoever wrote it
        found = Message.with_user(self.user_complaint_b).search(
            on_complaint
            + [("res_id", "=", self.complaint.id), ("author_id", "!=", complainant.id)]
        )
        self.assertIn(wrote, found)
        # Bob's own messages there are his to find
        mine = self.complaint.message_post(
            body="Checked the seal",
            author_id=self.user_complaint_b.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        found = Message.with_user(self.user_complaint_b).search(
            [("author_id", "=", self.user_complaint_b.partner_id.id)]
        )
        self.assertIn(mine, found)
        # ... nor complaints by their messages
        domain = [("message_ids.author_id", "=", complainant.id)]
        Complaint = self.env["customer.complaint"]
        self.assertNotIn(
            self.complaint, Complaint.with_user(self.user_complaint_b).search(domain)
        )
        self.assertIn(
            self.complaint, Complaint.with_user(self.user_complaint).search(domain)
        )

    def test_messages_not_grouped_by_the_identity_they_hide(self):
        """Grouped by author, the messages of the complaint hidden to Bob
        count in no group: not hers, not Alice's."""
        complainant = self._complainant_in_thread()[0]
        own = self._open_complaint_of_the_complainant(complainant)[0]
        domain = [
            ("model", "=", "customer.complaint"),
            ("res_id", "in", (self.complaint | own).ids),
        ]
        for groupby in ("author_id", "partner_ids"):
            groups = (
                self.env["mail.message"]
                .with_user(self.user_complaint_b)
                .read_group(domain, [groupby], [groupby])
            )
            counts = {
                (group[groupby] or [False])[0]: group[f"{groupby}_count"]
                for group in groups
            }
            self.assertEqual(
                counts.get(complainant.id), 1 if groupby == "author_id" else None
            )
            self.assertNotIn(self.user_complaint.partner_id.id, counts)
        groups = (
            self.env["mail.message"]
            .with_user(self.user_complaint)
            .read_group(domain, ["author_id"], ["author_id"])
        )
        counts = {(g["author_id"] or [False])[0]: g["author_id_count"] for g in groups}
        self.assertEqual(counts[complainant.id], 2)

    def test_followers_not_found_by_the_identity_they_hide(self):
        """Bob searches followers by the complainant (over RPC, or complaints
        by their followers): the complaint hidden to him is not among what
        he finds; Alice finds it."""
        complainant = self._complainant_in_thread()[0]
        own = self._open_complaint_of_the_complainant(complainant)[0]
        Followers = self.env["mail.followers"]
        for domain in (
            [("partner_id", "=", complainant.id)],
            [("partner_id.name", "ilike", "Secretname")],
            [("name", "ilike", "Secretname")],
            [("email", "=", EMAIL)],
        ):
            domain = [("res_model", "=", "customer.complaint"), *domain]
            found = Followers.with_user(self.user_complaint_b).search(domain)
            self.assertNotIn(self.complaint.id, found.mapped("res_id"), domain)
            self.assertIn(own.id, found.mapped("res_id"), domain)
            found = Followers.with_user(self.user_complaint).search(domain)
            self.assertIn(self.complaint.id, found.mapped("res_id"), domain)
        # negated: the hidden complaint has a follower who is no one
        found = Followers.with_user(self.user_complaint_b).search(
            [
                ("res_model", "=", "customer.complaint"),
                ("res_id", "=", self.complaint.id),
                ("partner_id", "!=", complainant.id),
            ]
        )
        self.assertIn(complainant, found.sudo().partner_id)
        domain = [("message_follower_ids.partner_id", "=", complainant.id)]
        Complaint = self.env["customer.complaint"]
        self.assertNotIn(
            self.complaint, Complaint.with_user(self.user_complaint_b).search(domain)
        )
        self.assertIn(
            self.complaint, Complaint.with_user(self.user_complaint).search(domain)
        )

    def test_chatter_still_lists_and_follows_for_them(self):
        """Bob's chatter on the hidden complaint: his own following, the
        followers and the messages are there; the complainant's message
        carries the pseudonym."""
        self._complainant_in_thread()
        self.complaint.message_subscribe(
            partner_ids=(self.user_complaint | self.user_complaint_b).partner_id.ids
        )
        complaint = self.complaint.with_user(self.user_complaint_b)
        store = Store(
            complaint, as_thread=True, request_list=["followers"]
        ).get_result()
        followed = [follower["partner_id"] for follower in store["mail.followers"]]
        self.assertIn(self.user_complaint_b.partner_id.id, followed)
        self.assertIn(self.user_complaint.partner_id.id, followed)
        # the list of followers shows each one's contact: the complainant is
        # neither listed nor counted, their contact not sent
        complainant = self.complaint.partner_id
        self.assertNotIn(complainant.id, followed)
        self.assertNotIn(NAME, json.dumps(store, default=str))
        thread = store["mail.thread"][0]
        self.assertEqual(thread["followersCount"], len(set(followed)))
        handler = Store(
            complaint.with_user(self.user_complaint),
            as_thread=True,
            request_list=["followers"],
        ).get_result()
        self.assertIn(
            complainant.id, [f["partner_id"] for f in handler["mail.followers"]]
        )
        # formatted for him, and as superuser for him (his post, as the
        # web client's post route returns it)
        for messages in (complaint.message_ids, complaint.message_ids.sudo()):
            store = Store()
            messages._to_store(store, for_current_user=True)
            text = json.dumps(store.get_result(), default=str)
            self.assertIn(f"Complainant {self.complaint.reference}", text)
            self.assertNotIn(NAME, text)

    def test_masking_messages_costs_no_query_per_message(self):
        """Bob's chatter masks its messages without a query per message."""
        self._complainant_in_thread()
        Message = self.env["mail.message"].with_user(self.user_complaint_b)
        domain = [
            ("model", "=", "customer.complaint"),
            ("res_id", "=", self.complaint.id),
        ]

        store = Store()

        def chatter():
            Message.search(domain)._to_store(store)

        count_queries(self.env, chatter)  # warm the ormcaches (rules, groups)
        few = count_queries(self.env, chatter)
        for i in range(8):
            self.complaint.message_post(
                body=f"{NAME} called again ({i})", subtype_xmlid="mail.mt_note"
            )
        store = Store()
        self.assertEqual(count_queries(self.env, chatter), few)
        text = json.dumps(store.get_result(), default=str)
        self.assertGreaterEqual(
            text.count(f"Complainant {self.complaint.reference}"), 10
        )
        self.assertNotIn(NAME, text)
