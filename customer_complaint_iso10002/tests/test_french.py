# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""French first: a French-speaking company's complaint record, management
review, mails, portal and public page come out entirely in French.

Each document is rendered for the English-speaking complainant, manager and
visitor, then for the French-speaking ones. A sentence of the addon's own
templates (views, reports, mail templates) that comes out unchanged in French
is an untranslated one. The data (names, references) is kept to single words,
so that what is compared is template text."""

import re
from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

from .test_reporting import MODULE, ComplaintReportingCommon

ADDON = Path(__file__).resolve().parent.parent
WORDS = re.compile(r"[A-Za-z][a-z']+")


def _normalize(text):
    return re.sub(r"\s+", " ", text).strip()


def _template_text():
    """The text of the addon's templates (views, reports, mail templates),
    whitespace normalized."""
    texts = []
    for folder in ("views", "report", "data", "wizards"):
        for path in sorted((ADDON / folder).glob("*.xml")):
            texts.append(_normalize(path.read_text(encoding="utf-8")))
    return "\n".join(texts)


def _sentences(html):
    """Text pieces of at least three words, from an HTML page or fragment."""
    if isinstance(html, bytes):
        html = html.decode()
    if not html or not html.strip():
        return set()
    tree = lxml_html.fromstring(html)
    for bad in tree.xpath("//script|//style|//head"):
        bad.drop_tree()
    pieces = set()
    for text in tree.itertext():
        for piece in re.split(r"(?<=[.:!?])\s+", _normalize(text)):
            if len(WORDS.findall(piece)) >= 3:
                pieces.add(piece.rstrip(" :"))
    return pieces


@tagged("post_install", "-at_install", "complaint_french")
class TestFrenchFirst(HttpCaseWithUserPortal, ComplaintReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # only the addon's sentences are compared: its terms are enough
        cls.env["ir.module.module"].search(
            [("name", "=", MODULE)]
        )._update_translations(["fr_FR"])
        cls.template_text = _template_text()
        # French-speaking from the start: the mails the process sends (and the
        # record PDF's correspondence shows) are written in French.
        cls.partner = cls.partner_portal
        cls.partner.write({"email": "portal@example.com", "lang": "fr_FR"})
        cls.company.partner_id.lang = "fr_FR"
        # data in single words: only template text makes sentences
        cls.team.name = "Kundendienst"
        cls.cat_quality.name = "Qualität"
        cls.manager_fr = new_test_user(
            cls.env,
            login="cc_fr_manager",
            groups=f"{MODULE}.group_complaint_manager",
            name="Gérante",
            tz="UTC",
        )
        cls.complaint = cls._complaint(
            datetime(2025, 3, 3, 9, 0),
            ack_hours=1,
            close_hours=30,
            name="KX-42",
            user_id=cls.handler.id,
        )
        cls.complaint.description = "<p>Fissure.</p>"
        cls.review = (
            cls.env["customer.complaint.review"]
            .with_user(cls.manager_fr)
            .create(
                {
                    "name": "Revue",
                    "date_from": datetime(2025, 3, 1).date(),
                    "date_to": datetime(2025, 3, 31).date(),
                    "attendee_ids": [Command.link(cls.manager_fr.id)],
                    "decision_ids": [
                        Command.create(
                            {"name": "Formation", "user_id": cls.manager_fr.id}
                        )
                    ],
                }
            )
        )
        cls.review.action_confirm()

    def _set_lang(self, lang):
        self.company.partner_id.lang = lang
        (self.partner | self.user_portal.partner_id | self.manager_fr.partner_id).write(
            {"lang": lang}
        )
        self.complaint.sudo().lang = lang

    def _render_all(self, lang):
        """{document: sentences} of every document, in ``lang``."""
        self._set_lang(lang)
        report = self.env["ir.actions.report"].with_user(self.manager_fr)
        pages = {
            "record PDF": report._render_qweb_html(
                f"{MODULE}.report_complaint", self.complaint.ids
            )[0],
            "review PDF": report._render_qweb_html(
                f"{MODULE}.report_complaint_review", self.review.ids
            )[0],
        }
        for name in ("acknowledgement", "decision", "progress"):
            template = self.env.ref(f"{MODULE}.mail_template_complaint_{name}")
            values = template._generate_template(
                self.complaint.ids, ["subject", "body_html"]
            )[self.complaint.id]
            pages[f"{name} mail"] = "<div>{}<p>{}</p></div>".format(
                values["body_html"], values["subject"]
            )
        self.authenticate("portal", "portal")
        self.opener.cookies.set("frontend_lang", lang)
        for name, url in (
            ("portal list", "/my/complaints"),
            ("portal detail", f"/my/complaints/{self.complaint.id}"),
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            pages[name] = response.content
        self.authenticate(None, None)
        self.opener.cookies.set("frontend_lang", lang)
        response = self.url_open("/complaints")
        self.assertEqual(response.status_code, 200)
        pages["public page"] = response.content
        return {name: _sentences(page) for name, page in pages.items()}

    def _ours(self, sentence):
        return sentence in self.template_text

    def test_french_company_documents_in_french(self):
        english = self._render_all("en_US")
        french = self._render_all("fr_FR")
        for name, sentences in english.items():
            # the English rendering has template sentences to compare with
            self.assertTrue(
                any(self._ours(s) for s in sentences),
                f"{name}: no template sentence found in English",
            )
        missing = {
            name: sorted(s for s in english[name] & french[name] if self._ours(s))
            for name in english
        }
        missing = {name: found for name, found in missing.items() if found}
        self.assertFalse(
            missing,
            "English template sentences in the French documents (translate them "
            "in i18n/fr.po):\n"
            + "\n".join(
                f"- {name}: " + " | ".join(found) for name, found in missing.items()
            ),
        )
