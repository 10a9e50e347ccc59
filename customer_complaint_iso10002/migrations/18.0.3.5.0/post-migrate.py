# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.4.0 -> 18.0.3.5.0: the acknowledgement letter tells the complainant
what their personal data are for, how long they are kept and their choices
(GDPR 13; ISO 10002 4.10): the complaints received by phone, by email or typed
in by staff never showed them the intake forms' statement.

The template is noupdate: -u keeps the old letter. Its body is reloaded, in
each language, where the database still holds the standard text of 18.0.3.x;
a customised one is kept, with a warning that the paragraph is to be added by
hand."""

import hashlib
import json
import logging
import re

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, file_open
from odoo.tools.translate import TranslationFileReader

_logger = logging.getLogger(__name__)

MODULE = "customer_complaint_iso10002"
TEMPLATE = "mail_template_complaint_acknowledgement"
DATA_FILE = "data/mail_template_data.xml"
VOID_ELEMENTS = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
# Digests (_template_digest) of the acknowledgement's body as 18.0.3.0.0 to
# 18.0.3.4.0 installed it (unchanged from 2c59a27 to c760107): English from
# the XML, French and German from the .po files.
PREVIOUS_STANDARD_DIGESTS = frozenset(
    {
        "3a7929a5b7c20f5f",  # en_US
        "2f145431828e024d",  # fr
        "6acdaf166a8df1f8",  # de
    }
)


def migrate(cr, version):
    if not version:
        return
    _add_privacy_paragraph(api.Environment(cr, SUPERUSER_ID, {}))


def _template_digest(value):
    """Digest of a template body, whitespace and the serialisation of empty
    elements left out: the XML loader writes <t ...></t> and <br>, the
    sanitizer and the .po <t .../> and <br/> (as 18.0.3.0.0's)."""
    text = re.sub(r"<([\w:-]+)([^<>]*?)/>", r"<\1\2></\1>", value or "")
    text = re.sub(rf"</({VOID_ELEMENTS})>", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", "", text)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _standard_bodies(env):
    """{lang: body} of the acknowledgement as this version installs it:
    English from the XML, each installed language from the addon's .po
    files (the language's base file, then its own)."""
    bodies = {}
    with file_open(f"{MODULE}/{DATA_FILE}", "rb") as xml:
        root = etree.parse(xml).getroot()
    for node in root.xpath(f"//record[@id='{TEMPLATE}']/field[@name='body_html']"):
        # as odoo.tools.convert reads an html field
        bodies["en_US"] = "".join(
            etree.tostring(child, method="html", encoding="unicode") for child in node
        )
    for lang, _name in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        for po_name in (lang.split("_")[0], lang):
            try:
                with file_open(f"{MODULE}/i18n/{po_name}.po", "rb") as po:
                    rows = list(TranslationFileReader(po, fileformat="po"))
            except FileNotFoundError:
                continue
            for row in rows:
                if (
                    row.get("type") == "model"
                    and row.get("name") == "mail.template,body_html"
                    and row.get("imd_name") == TEMPLATE
                    and row.get("value")
                ):
                    bodies[lang] = row["value"]
    return bodies


def _add_privacy_paragraph(env):
    """Reload the acknowledgement's body in each language whose stored text
    is still 18.0.3.x's standard one; keep the customised ones, with a
    warning. Safe to run twice. Returns (languages reloaded, languages
    kept as customised)."""
    template = env.ref(f"{MODULE}.{TEMPLATE}", raise_if_not_found=False)
    if not template or template._name != "mail.template":
        return [], []
    env.flush_all()
    env.cr.execute(
        SQL("SELECT body_html FROM mail_template WHERE id = %s", template.id)
    )
    stored = env.cr.fetchone()[0] or {}
    standard = _standard_bodies(env)
    reload, customised = {}, []
    for lang, value in sorted(stored.items()):
        # a language without its own translation reads the English text
        wanted = standard.get(lang, standard["en_US"])
        digest = _template_digest(value)
        if digest == _template_digest(wanted):
            continue  # up to date
        if digest in PREVIOUS_STANDARD_DIGESTS:
            reload[lang] = wanted
        else:
            customised.append(lang)
    if "en_US" in reload:
        # through the ORM (sanitized), as the XML loads it; the other
        # languages as the .po import stores them
        template.with_context(lang="en_US").write({"body_html": reload["en_US"]})
        env.flush_all()
    others = {lang: value for lang, value in reload.items() if lang != "en_US"}
    if others:
        env.cr.execute(
            SQL(
                "UPDATE mail_template SET body_html = body_html || %s::jsonb "
                "WHERE id = %s",
                json.dumps(others),
                template.id,
            )
        )
    template.invalidate_recordset(["body_html"])
    if reload:
        _logger.info(
            "customer complaints 18.0.3.5.0: mail template %s: privacy "
            "paragraph added to the body (%s)",
            TEMPLATE,
            ", ".join(sorted(reload)),
        )
    if customised:
        _logger.warning(
            "customer complaints 18.0.3.5.0: mail template %s (%s) was "
            "customised in %s: kept as it is. Add by hand the paragraph "
            "'Your personal data' with the privacy statement "
            "(object.privacy_statement) that this version's standard letter "
            "has before 'Kind regards'.",
            TEMPLATE,
            template.name,
            ", ".join(customised),
        )
    _warn_team_templates(env, template)
    return sorted(reload), customised


def _warn_team_templates(env, template):
    """Teams acknowledging with a template of their own that does not give
    the statement in every language: not updated, a warning for each."""
    teams = (
        env["customer.complaint.team"]
        .with_context(active_test=False)
        .search(
            [
                ("acknowledgement_template_id", "!=", False),
                ("acknowledgement_template_id", "!=", template.id),
            ]
        )
    )
    for team in teams:
        own = team.acknowledgement_template_id
        env.cr.execute(SQL("SELECT body_html FROM mail_template WHERE id = %s", own.id))
        missing = sorted(
            lang
            for lang, body in (env.cr.fetchone()[0] or {"en_US": ""}).items()
            if "privacy_statement" not in (body or "")
        )
        if not missing:
            continue
        _logger.warning(
            "customer complaints 18.0.3.5.0: team %s acknowledges with its own "
            "mail template %s (%s): add by hand, in %s, the paragraph 'Your "
            "personal data' with the privacy statement (object.privacy_statement).",
            team.name,
            own.name,
            own.id,
            ", ".join(missing),
        )
