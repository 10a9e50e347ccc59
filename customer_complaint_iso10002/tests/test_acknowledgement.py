# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import ComplaintCommon


class AcknowledgementLangCase(ComplaintCommon):
    """French and German active with the addon's translations, and a French
    customer: the letters in the complainant's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["res.lang"]._activate_lang("de_DE")
        # The translations shipped with the addon (i18n/*.po), not fixtures.
        cls.env["ir.module.module"]._load_module_terms(
            ["customer_complaint_iso10002"], ["fr_FR", "de_DE"], overwrite=True
        )
        cls.customer_fr = cls.env["res.partner"].create(
            {
                "name": "Jeanne Dupont",
                "email": "jeanne.dupont@example.fr",
                "lang": "fr_FR",
            }
        )


@tagged("post_install", "-at_install")
class TestComplaintAcknowledgement(AcknowledgementLangCase):
    def test_acknowledgement_sent_once_to_partner(self):
        with self.mock_mail_gateway():
            complaint = self._create_complaint()
            complaint.write({"name": "Leaking kettle, again"})
            complaint._send_acknowledgement()
            complaint.invalidate_recordset()
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1, "exactly one acknowledgement per complaint")
        self.assertEqual(ack.recipient_ids, self.customer)
        self.assertFalse(ack.email_to)
        self.assertTrue(complaint.date_acknowledged)
        self.assertEqual(
            ack.subject, f"{complaint.reference}: we have received your complaint"
        )
        self.assertIn(complaint.reference, ack.body_html)
        # The promised response date is in it.
        self.assertTrue(complaint.date_response_due)
        self.assertIn("You will receive our response by", ack.body_html)
        # Kept in the chatter.
        self.assertEqual(ack.mail_message_id.res_id, complaint.id)
        self.assertIn(ack.mail_message_id, complaint.message_ids)
        # It is queued, then really leaves through SMTP to the complainant.
        self.assertEqual(ack.state, "outgoing")
        with self.mock_mail_gateway():
            ack.send()
        self.assertEqual(ack.state, "sent")
        self.assertSentEmail(ack.email_from, [self.customer], subject=ack.subject)

    def test_acknowledgement_access_link(self):
        with self.mock_mail_gateway():
            complaint = self._create_complaint()
        ack = self._ack_mails(complaint)
        self.assertTrue(complaint.access_token)
        self.assertIn(f"/my/complaints/{complaint.id}", ack.body_html)
        self.assertIn(f"access_token={complaint.access_token}", ack.body_html)

    def test_acknowledgement_to_non_partner(self):
        partner_count = self.env["res.partner"].search_count([])
        with self.mock_mail_gateway():
            complaint = self._create_complaint(
                partner_id=False,
                partner_name="Walter Unknown",
                email_from="walter.unknown@nowhere.example.com",
                channel="phone",
            )
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        self.assertFalse(ack.recipient_ids)
        self.assertEqual(ack.email_to, "walter.unknown@nowhere.example.com")
        self.assertIn("Walter Unknown", ack.body_html)
        self.assertEqual(self.env["res.partner"].search_count([]), partner_count)
        with self.mock_mail_gateway():
            ack.send()
        self.assertSentEmail(
            ack.email_from,
            ["walter.unknown@nowhere.example.com"],
            subject=ack.subject,
        )

    def test_acknowledgement_in_complainant_language(self):
        with self.mock_mail_gateway():
            complaint = self._create_complaint(partner_id=self.customer_fr.id)
            anonymous = self._create_complaint(
                partner_id=False,
                partner_name="Pierre Martin",
                email_from="pierre.martin@example.fr",
                lang="fr_FR",
            )
        self.assertEqual(complaint.lang, "fr_FR")
        for record in (complaint, anonymous):
            ack = self._ack_mails(record)
            self.assertEqual(len(ack), 1)
            self.assertEqual(
                ack.subject,
                f"{record.reference} : nous avons bien reçu votre réclamation",
            )
            self.assertIn(f"Bonjour {record.partner_name}", ack.body_html)
            self.assertIn("Nous avons bien reçu votre réclamation", ack.body_html)
        # Nobody is called "customer" in French: no name, a plain greeting.
        with self.mock_mail_gateway():
            unnamed = self._create_complaint(
                partner_id=False, email_from="sans.nom@example.fr", lang="fr_FR"
            )
        self.assertIn("Bonjour,", self._ack_mails(unnamed).body_html)
        self.assertNotIn("customer", self._ack_mails(unnamed).body_html)
        with self.mock_mail_gateway():
            german = self._create_complaint(
                partner_id=False,
                partner_name="Greta Bauer",
                email_from="greta.bauer@example.de",
                lang="de_DE",
            )
        ack = self._ack_mails(german)
        self.assertEqual(
            ack.subject, f"{german.reference}: wir haben Ihre Beschwerde erhalten"
        )
        self.assertIn("Guten Tag Greta Bauer", ack.body_html)
        # English customers still get English.
        with self.mock_mail_gateway():
            english = self._create_complaint()
        self.assertEqual(
            self._ack_mails(english).subject,
            f"{english.reference}: we have received your complaint",
        )

    def test_team_switches_acknowledgement_off(self):
        self.team_a.acknowledgement_enabled = False
        with self.mock_mail_gateway():
            complaint = self._create_complaint()
        self.assertFalse(self._ack_mails(complaint))
        self.assertFalse(complaint.date_acknowledged)
        # Other teams still acknowledge.
        with self.mock_mail_gateway():
            other = self._create_complaint(team_id=self.team_b.id)
        self.assertEqual(len(self._ack_mails(other)), 1)

    def test_receipt_in_chatter_and_team_followers_notified(self):
        self.team_b.message_unsubscribe(partner_ids=self.team_b.message_partner_ids.ids)
        # Acknowledged: the acknowledgement is the chatter's record of receipt.
        with self.mock_mail_gateway():
            acknowledged = self._create_complaint(team_id=self.team_b.id)
        self.assertEqual(
            acknowledged.message_ids.mapped("message_type"), ["email_outgoing"]
        )
        # Not acknowledged: mail.thread's creation line records it instead.
        self.team_b.acknowledgement_enabled = False
        silent = self._create_complaint(team_id=self.team_b.id)
        self.assertEqual(len(silent.message_ids), 1)
        self.assertIn("created", silent.message_ids.body)
        # Whoever follows a team hears of its new complaints.
        follower = self.user_complaint_b.partner_id
        self.team_b.message_subscribe(partner_ids=follower.ids)
        with self.mock_mail_gateway():
            followed = self._create_complaint(team_id=self.team_b.id)
        new_line = followed.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("customer_complaint_iso10002.mt_complaint_new")
        )
        self.assertEqual(len(new_line), 1)
        self.assertIn(follower, new_line.notification_ids.res_partner_id)

    def test_team_replaces_template(self):
        template = self.env["mail.template"].create(
            {
                "name": "Team A acknowledgement",
                "model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "subject": "{{ object.reference }} - Team A is on it",
                "partner_to": "{{ object.partner_id.id or '' }}",
                "email_to": "{{ (not object.partner_id and object.email_from) or '' }}",
                "body_html": "<p>Team A will handle your complaint.</p>",
            }
        )
        self.team_a.acknowledgement_template_id = template
        with self.mock_mail_gateway():
            complaint = self._create_complaint()
            other = self._create_complaint(team_id=self.team_b.id)
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.subject, f"{complaint.reference} - Team A is on it")
        self.assertIn("Team A will handle", ack.body_html)
        self.assertEqual(
            self._ack_mails(other).subject,
            f"{other.reference}: we have received your complaint",
        )

    def test_batch_create_acknowledges_each(self):
        with self.mock_mail_gateway():
            complaints = self.env["customer.complaint"].create(
                [
                    {"name": "One", "partner_id": self.customer.id},
                    {"name": "Two", "partner_id": self.customer_2.id},
                    {"name": "Three", "partner_id": self.customer_fr.id},
                ]
            )
        for complaint in complaints:
            self.assertEqual(len(self._ack_mails(complaint)), 1)
            self.assertTrue(complaint.date_acknowledged)
            self.assertTrue(complaint.access_token)
        self.assertEqual(len(set(complaints.mapped("access_token"))), 3)

    def test_no_acknowledgement_to_robots_or_own_aliases(self):
        for email in (
            "noreply@shop.example.com",
            "MAILER-DAEMON@mx.example.com",
            self.team_b.alias_email,
            f"{self.alias_catchall}@{self.alias_domain}",
        ):
            with self.subTest(email=email), self.mock_mail_gateway():
                complaint = self._create_complaint(
                    partner_id=False, partner_name="Robot", email_from=email
                )
                self.assertFalse(self._ack_mails(complaint))
                self.assertFalse(complaint.date_acknowledged)
                self._assert_nothing_sent_to(email)

    def test_no_acknowledgement_without_address(self):
        with self.mock_mail_gateway():
            complaint = self._create_complaint(
                partner_id=False, partner_name="Walk-in customer", channel="in_person"
            )
        self.assertFalse(self._ack_mails(complaint))
        self.assertFalse(complaint.date_acknowledged)
        # Once an address is known the handler can send it.
        complaint.email_from = "walkin@example.com"
        with self.mock_mail_gateway():
            complaint._send_acknowledgement()
        self.assertEqual(len(self._ack_mails(complaint)), 1)
        self.assertTrue(complaint.date_acknowledged)
