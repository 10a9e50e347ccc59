# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The acknowledgement letter gives the complainant, in their language, the
purpose and retention statement the intake forms show (GDPR 13; ISO 10002
4.10): in writing, whatever channel the complaint came by. And the
18.0.3.5.0 migration adds it to the letter of an upgraded database, unless
the letter was customised."""

import html
import importlib.util
import logging
import re
import uuid
from pathlib import Path

from odoo.tests import tagged

from .common import MAIL_TEMPLATE, count_queries
from .test_acknowledgement import AcknowledgementLangCase

MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "migrations"
    / "18.0.3.5.0"
    / "post-migrate.py"
)
# What the 18.0.3.5.0 standard letter added to 18.0.3.4.0's (English).
PARAGRAPH = re.compile(r"<strong>Your personal data</strong>.*?(?=Kind regards,)", re.S)


def _text(body):
    """The letter's text as the complainant reads it: entities decoded,
    whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body or "")))


def _load_migration():
    spec = importlib.util.spec_from_file_location(
        "customer_complaint_iso10002_migration_18_0_3_5_0", MIGRATION
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestAcknowledgementPrivacy(AcknowledgementLangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_retention_months = 18
        cls.support_env = cls.env(user=cls.user_complaint)

    def _statement(self, lang):
        return (
            self.env["customer.complaint"]
            .with_context(lang=lang)
            ._privacy_statement(self.company)
        )

    def _ack_text(self, complaint):
        ack = self._ack_mails(complaint)
        self.assertEqual(len(ack), 1)
        return _text(ack.body_html)

    def test_phone_complaint_letter_gives_statement(self):
        """Typed in by the support user from a phone call: the letter gives
        the company's purpose and retention period."""
        with self.mock_mail_gateway():
            complaint = self._create_complaint(env=self.support_env, channel="phone")
        text = self._ack_text(complaint)
        self.assertIn("Your personal data", text)
        self.assertIn(_text(self._statement("en_US")), text)
        self.assertIn("kept for 18 months after your complaint is closed", text)
        self.assertIn("ask for its erasure", text)
        self.assertIn("on your complaint's page above", text)
        # The chatter keeps the letter as sent.
        self.assertIn(
            "kept for 18 months",
            _text(self._ack_mails(complaint).mail_message_id.body),
        )

    def test_statement_already_shown_still_in_letter(self):
        """A form showed the statement at intake: the letter is its written
        copy all the same."""
        with self.mock_mail_gateway():
            complaint = self._create_complaint(
                env=self.support_env, channel="phone", privacy_statement_shown=True
            )
        self.assertTrue(complaint.privacy_statement_shown)
        self.assertIn(_text(self._statement("en_US")), self._ack_text(complaint))

    def test_email_complaint_letter_gives_statement(self):
        """Received through the mail gateway (the team's alias)."""
        subject = f"Kettle leaks {uuid.uuid4()}"
        with self.mock_mail_gateway():
            self.env["mail.thread"].sudo().message_process(
                False,
                self.format(
                    MAIL_TEMPLATE,
                    to=self.team_a.alias_email,
                    subject=subject,
                    email_from=f'"Sylvie Lelitre" <{self.customer.email}>',
                    msg_id=f"<{uuid.uuid4()}@mail.sender.example.com>",
                ),
            )
            complaint = self.env["customer.complaint"].search([("name", "=", subject)])
        self.assertEqual(complaint.channel, "email")
        self.assertIn(_text(self._statement("en_US")), self._ack_text(complaint))

    def test_letter_in_french_and_german(self):
        """Each complainant reads the statement in their language, the
        letters of several languages sent in one batch."""
        staff_reads = self._create_complaint(
            env=self.support_env(
                context=dict(
                    self.support_env.context, complaint_skip_acknowledgement=True
                )
            ),
            partner_id=self.customer_fr.id,
        )
        # what staff read on the form, in English, is not what the French
        # complainant is sent
        self.assertIn(
            "18 months", staff_reads.with_context(lang="en_US").privacy_statement
        )
        with self.mock_mail_gateway():
            staff_reads._send_acknowledgement()
            french, german = self._create_complaint(
                env=self.support_env, channel="phone", partner_id=self.customer_fr.id
            ) | self._create_complaint(
                env=self.support_env,
                channel="phone",
                partner_id=False,
                partner_name="Greta Bauer",
                email_from="greta.bauer@example.de",
                lang="de_DE",
            )
        for complaint in (staff_reads, french):
            text = self._ack_text(complaint)
            self.assertIn("Vos données personnelles", text)
            self.assertIn(_text(self._statement("fr_FR")), text)
            self.assertIn("conservées 18 mois après la clôture", text)
            self.assertNotIn("18 months", text)
        text = self._ack_text(german)
        self.assertIn("Ihre personenbezogenen Daten", text)
        self.assertIn(_text(self._statement("de_DE")), text)
        self.assertIn("18 Monate nach dem Abschluss", text)
        self.assertNotIn("18 months", text)

    def test_no_retention_period_until_erasure(self):
        """A company that sets no retention period keeps the data until the
        complainant asks for their erasure: the letter says so."""
        self.company.complaint_retention_months = 0
        with self.mock_mail_gateway():
            complaint = self._create_complaint(env=self.support_env, channel="phone")
            french = self._create_complaint(
                env=self.support_env, channel="phone", partner_id=self.customer_fr.id
            )
        text = self._ack_text(complaint)
        self.assertIn(
            "kept with the record of your complaint until you ask for their erasure",
            text,
        )
        self.assertNotIn("months after", text)
        self.assertIn(
            "jusqu'à ce que vous en demandiez l'effacement", self._ack_text(french)
        )

    def test_batch_rendering_no_query_per_letter(self):
        """The statement is computed once per company and language: 100
        letters cost the queries of 10."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Batch customer {i}",
                    "email": f"batch.{i}@example.com",
                    "lang": "fr_FR" if i % 2 else "en_US",
                }
                for i in range(100)
            ]
        )
        complaints = (
            self.env["customer.complaint"]
            .with_context(complaint_skip_acknowledgement=True)
            .create(
                [
                    {
                        "name": f"Batch {i}",
                        "partner_id": partner.id,
                        "team_id": self.team_a.id,
                        "channel": "phone",
                    }
                    for i, partner in enumerate(partners)
                ]
            )
        )
        for complaint in complaints:
            complaint._portal_ensure_token()
        template = self.ack_template.sudo()
        rendered = {}

        def render(records):
            rendered.update(template._generate_template(records.ids, ("body_html",)))

        few = count_queries(self.env, lambda: render(complaints[:10]))
        many = count_queries(self.env, lambda: render(complaints))
        self.assertEqual(many, few)
        for complaint in complaints:
            lang = complaint.partner_id.lang
            self.assertIn(
                _text(self._statement(lang)), _text(rendered[complaint.id]["body_html"])
            )

    # ------------------------------------------------------------------
    # The 18.0.3.5.0 migration
    # ------------------------------------------------------------------

    def _english_body(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT body_html->>'en_US' FROM mail_template WHERE id = %s",
            [self.ack_template.id],
        )
        return self.env.cr.fetchone()[0]

    def _set_english_body(self, body):
        self.ack_template.with_context(lang="en_US").write({"body_html": body})
        self.env.flush_all()

    def test_migration_adds_paragraph_to_standard_letter(self):
        migration = _load_migration()
        standard = self._english_body()
        previous = PARAGRAPH.sub("", standard)
        self.assertNotIn("privacy_statement", previous)
        # the letter 18.0.3.4.0 installed, as the migration knows it
        self.assertIn(
            migration._template_digest(previous), migration.PREVIOUS_STANDARD_DIGESTS
        )
        self._set_english_body(previous)
        with self.assertLogs(migration._logger, logging.INFO) as logs:
            self.assertEqual(
                migration._add_privacy_paragraph(self.env), (["en_US"], [])
            )
        self.assertIn("privacy paragraph added to the body (en_US)", logs.output[0])
        self.assertEqual(
            migration._template_digest(self._english_body()),
            migration._template_digest(standard),
        )
        with self.mock_mail_gateway():
            complaint = self._create_complaint(env=self.support_env, channel="phone")
        self.assertIn(_text(self._statement("en_US")), self._ack_text(complaint))
        # run again: nothing to do
        self.assertEqual(migration._add_privacy_paragraph(self.env), ([], []))

    def test_migration_keeps_customised_letter(self):
        migration = _load_migration()
        customised = PARAGRAPH.sub("", self._english_body()).replace(
            "Kind regards,", "Our shop is closed on Sundays.<br/><br/>Kind regards,"
        )
        self._set_english_body(customised)
        stored = self._english_body()
        with self.assertLogs(migration._logger, logging.WARNING) as logs:
            self.assertEqual(
                migration._add_privacy_paragraph(self.env), ([], ["en_US"])
            )
        self.assertIn("customised in en_US: kept as it is", logs.output[0])
        self.assertIn("Your personal data", logs.output[0])
        self.assertEqual(self._english_body(), stored)
        with self.mock_mail_gateway():
            complaint = self._create_complaint(env=self.support_env, channel="phone")
        text = self._ack_text(complaint)
        self.assertIn("Our shop is closed on Sundays.", text)
        self.assertNotIn("Your personal data", text)

    def test_migration_warns_about_team_letters(self):
        """A team's own acknowledgement template is not the addon's: the
        migration says it is to be completed by hand."""
        migration = _load_migration()
        Template = self.env["mail.template"].with_context(lang="en_US")
        self.team_a.acknowledgement_template_id = Template.create(
            {
                "name": "Team A acknowledgement",
                "model_id": self.ack_template.model_id.id,
                "body_html": "<p>Thanks, we got it.</p>",
            }
        )
        with self.assertLogs(migration._logger, logging.WARNING) as logs:
            migration._add_privacy_paragraph(self.env)
        self.assertEqual(len(logs.output), 1)
        self.assertIn("team Team A acknowledges with its own", logs.output[0])
        self.assertIn("add by hand, in en_US, the paragraph", logs.output[0])
        self.team_a.acknowledgement_template_id = Template.create(
            {
                "name": "Team A acknowledgement with the statement",
                "model_id": self.ack_template.model_id.id,
                "body_html": '<p>Thanks. <t t-out="object.privacy_statement"/></p>',
            }
        )
        with self.assertNoLogs(migration._logger, logging.WARNING):
            migration._add_privacy_paragraph(self.env)
