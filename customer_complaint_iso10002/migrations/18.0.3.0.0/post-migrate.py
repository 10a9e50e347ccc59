# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0 -> 18.0.3.0.0: each change of the version has its own function."""

import hashlib
import json
import logging
import re

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_manifest
from odoo.tools import SQL, file_open
from odoo.tools.translate import TranslationFileReader

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # One function per change of this version, each safe to run twice.
    for step in (
        _repair_first_decision_done,
        _reload_mail_templates,
        _stage_iso_steps,
        _crons_on_their_models,
        _deadline_state_of_done_complaints,
    ):
        step(env)


# ----------------------------------------------------------------------
# First decision phase done when it was communicated, not at the closing
# ----------------------------------------------------------------------


def _repair_first_decision_done(env):
    """The 18.0.2.0.0 migration could take the closing date as the done date
    of the round-1 decision phase although round 1 was communicated: put back
    the communication date (and so the state, met or met late), only where
    the phase's done date is the closing date and round 1 has a
    communication date. The process completes the phase as it communicates
    the round, in the same request: a done date more than a minute after the
    communication is the migration's, not the process's."""
    env.cr.execute(
        SQL(
            """
            SELECT phase.id, decision.date_communicated
              FROM customer_complaint_phase phase
              JOIN customer_complaint complaint ON complaint.id = phase.complaint_id
              JOIN customer_complaint_decision decision
                ON decision.complaint_id = phase.complaint_id AND decision.round = 1
             WHERE phase.phase = 'decision' AND phase.round = 1
               AND phase.date_done = complaint.date_closed
               AND decision.date_communicated IS NOT NULL
               AND phase.date_done - decision.date_communicated > interval '1 minute'
            """
        )
    )
    rows = env.cr.fetchall()
    # the migration's environment is the superuser's: the process
    Phase = env["customer.complaint.phase"]
    for phase_id, communicated in rows:
        Phase.browse(phase_id).write(
            {"date_done": communicated, "done_at_closing": False}
        )
    if rows:
        env.flush_all()
        _logger.info(
            "customer complaints 18.0.3.0.0: first decision phase of %s "
            "complaints done when communicated instead of at the closing",
            len(rows),
        )


# ----------------------------------------------------------------------
# Mail templates: reloaded where the user kept the standard text
# ----------------------------------------------------------------------

TEMPLATE_MODULE = "customer_complaint_iso10002"
TEMPLATE_FIELDS = ("subject", "body_html")
VOID_ELEMENTS = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
# The mail templates are noupdate: -u never reloads them (an XML <data
# noupdate="1"> skips existing records whatever ir_model_data says), so a
# database from 18.0.1 kept decision and progress bodies naming fields 18.0.2
# removed. Digests (_template_digest) of every standard value 18.0.1.0.0
# (9553e22) and 18.0.2.0.0 (8c07874) installed, in English (the XML) and in
# French and German (the .po): a value among them was not customised.
TEMPLATE_STANDARD_DIGESTS = {
    "mail_template_complaint_acknowledgement": {
        "body_html": {
            "87ce2424908bf6f1",
            "c3e477c3e73b0151",
            "e96deab65803b9a1",
        },
        "subject": {
            "2d6a2d0337143ed4",
            "788b9b4b81ffe384",
            "d0205dada4ee5f33",
        },
    },
    "mail_template_complaint_decision": {
        "body_html": {
            "3baba0d3416a899c",
            "55a3691185ac140b",
            "5fba7bedd49dd81f",
            "a9bcfa6bed1971e9",
            "b50b4a258096e260",
            "c767409249c627a8",
        },
        "subject": {
            "10dafe722baa8c11",
            "57f65bf4fb2a00fc",
            "d578aabee5d5d4c3",
        },
    },
    "mail_template_complaint_not_admissible": {
        "body_html": {
            "1722a0f4fcf19a75",
            "3bc0b0bf710c3410",
            "55698e93fa7b5d8a",
        },
        "subject": {
            "dc1bc6d5a0fc7dc7",
            "dd22b4ee0ef0de94",
            "f3bd5215195ca667",
        },
    },
    "mail_template_complaint_progress": {
        "body_html": {
            "09ad1ca76cc3256b",
            "34c8ea7c264a62e4",
            "4b8316c9ca3d2aea",
            "7ca0d2a43f7514a2",
            "a160bd11314e0cf8",
            "bcf06f6ea94d35cc",
        },
        "subject": {
            "3a509b3e7ae8c6b9",
            "52ea13605468ba74",
            "73ade8e71f04f108",
        },
    },
    "mail_template_complaint_rating_request": {
        "body_html": {
            "3305f25219ce9076",
            "6a97b777afb0ae1a",
            "fcb81997315a2087",
        },
        "subject": {
            "282861e4ccb9d063",
            "4f045c5ccc260a72",
            "6bd8b6a5116440d0",
        },
    },
}
# Changed from 18.0.1 to 18.0.2: a customised copy of these may name
# removed fields (object.decision_outcome, object.date_decision_deadline...).
TEMPLATES_CHANGED_IN_2 = {
    ("mail_template_complaint_decision", "body_html"),
    ("mail_template_complaint_progress", "body_html"),
}


def _template_digest(value):
    """Digest of a template value, whitespace and the serialisation of empty
    elements left out: the XML loader writes <t ...></t> and <br>, the
    sanitizer stores <t .../> and <br/>."""
    text = re.sub(r"<([\w:-]+)([^<>]*?)/>", r"<\1\2></\1>", value or "")
    text = re.sub(rf"</({VOID_ELEMENTS})>", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", "", text)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _template_sources(env):
    """{xmlid name: {field: {lang: value}}} of the addon's mail templates as
    this version ships them: English from the XML data files, each installed
    language from the addon's .po files (the language's base file, then its
    own), as a fresh install would load them."""
    manifest = get_manifest(TEMPLATE_MODULE)
    sources = {}
    for data_file in manifest.get("data", []):
        if not data_file.endswith(".xml"):
            continue
        with file_open(f"{TEMPLATE_MODULE}/{data_file}", "rb") as xml:
            root = etree.parse(xml).getroot()
        for record in root.iter("record"):
            if record.get("model") != "mail.template":
                continue
            for node in record.iter("field"):
                if node.get("name") not in TEMPLATE_FIELDS:
                    continue
                if node.get("type") == "html":
                    # as odoo.tools.convert reads an html field
                    value = "".join(
                        etree.tostring(child, method="html", encoding="unicode")
                        for child in node
                    )
                else:
                    value = node.text or ""
                sources.setdefault(record.get("id"), {}).setdefault(
                    node.get("name"), {}
                )["en_US"] = value
    for lang, _name in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        for po_name in (lang.split("_")[0], lang):
            try:
                with file_open(f"{TEMPLATE_MODULE}/i18n/{po_name}.po", "rb") as po:
                    rows = list(TranslationFileReader(po, fileformat="po"))
            except FileNotFoundError:
                continue
            for row in rows:
                model, _sep, fname = (row.get("name") or "").partition(",")
                if (
                    row.get("type") == "model"
                    and model == "mail.template"
                    and fname in TEMPLATE_FIELDS
                    and row.get("value")
                    and row["imd_name"] in sources
                ):
                    sources[row["imd_name"]][fname][lang] = row["value"]
    return sources


def _reload_mail_templates(env):
    """Reload the subject and body (and their translations) of the addon's
    templates whose standard changed, where the database holds a standard
    text of an earlier version; a customised one is kept, with a warning in
    the log and a note in the template's description."""
    Template = env["mail.template"].with_context(active_test=False)
    sources = _template_sources(env)
    for name, fields_source in sorted(sources.items()):
        template = env.ref(f"{TEMPLATE_MODULE}.{name}", raise_if_not_found=False)
        if not template or template._name != "mail.template":
            continue
        standard = TEMPLATE_STANDARD_DIGESTS.get(name, {})
        to_reload, customised = [], []
        for fname, source in fields_source.items():
            env.cr.execute(
                SQL(
                    "SELECT %s FROM mail_template WHERE id = %s",
                    SQL.identifier(fname),
                    template.id,
                )
            )
            stored = env.cr.fetchone()[0] or {}
            # a language without its own translation shows the English text
            wanted = {lang: source.get(lang, source["en_US"]) for lang in stored}
            digests = {lang: _template_digest(value) for lang, value in stored.items()}
            if all(
                digest == _template_digest(wanted[lang])
                for lang, digest in digests.items()
            ):
                continue  # up to date
            changed = (name, fname) in TEMPLATES_CHANGED_IN_2 or _template_digest(
                source["en_US"]
            ) not in standard.get(fname, ())
            if not changed:
                continue
            if all(digest in standard.get(fname, ()) for digest in digests.values()):
                to_reload.append((fname, source, stored))
            else:
                customised.append(fname)
        if customised:
            _note_customised_template(env, template, customised)
            continue
        for fname, source, stored in to_reload:
            # English through the ORM (sanitized, as the XML loads it), the
            # translations as the .po import stores them
            template.with_context(lang="en_US").write({fname: source["en_US"]})
            env.flush_all()
            env.cr.execute(
                SQL(
                    "SELECT %s ->> 'en_US' FROM mail_template WHERE id = %s",
                    SQL.identifier(fname),
                    template.id,
                )
            )
            english = env.cr.fetchone()[0]
            values = {
                lang: source.get(lang, english) for lang in stored if lang != "en_US"
            }
            values.update(
                {lang: value for lang, value in source.items() if lang != "en_US"}
            )
            env.cr.execute(
                SQL(
                    "UPDATE mail_template SET %s = %s || %s::jsonb WHERE id = %s",
                    SQL.identifier(fname),
                    SQL.identifier(fname),
                    json.dumps(values),
                    template.id,
                )
            )
            Template.invalidate_model([fname])
            _logger.info(
                "customer complaints 18.0.3.0.0: mail template %s: %s reloaded (%s)",
                name,
                fname,
                ", ".join(sorted(["en_US", *values])),
            )


def _note_customised_template(env, template, fnames):
    """Keep a customised template: warn, and say so in its description once."""
    _logger.warning(
        "customer complaints 18.0.3.0.0: mail template %s (%s) was customised: "
        "kept as it is, not updated to this version's %s; compare it with the "
        "standard one (it may name fields that no longer exist)",
        template.get_external_id().get(template.id),
        template.name,
        ", ".join(fnames),
    )
    note = env._(
        "Not updated by the upgrade to version 18.0.3.0.0: this template was "
        "customised. Compare it with the standard one of this version, which "
        "reads the decision rounds; a field it names may no longer exist."
    )
    description = template.with_context(lang="en_US").description or ""
    if note not in description:
        template.with_context(lang="en_US").write(
            {"description": f"{description}\n\n{note}".strip()}
        )


# ----------------------------------------------------------------------
# Stages carry the ISO step they stand for
# ----------------------------------------------------------------------

STAGE_STEPS = {
    "stage_new": "new",
    "stage_assessment": "assessment",
    "stage_investigation": "investigation",
    "stage_response": "decision",
    "stage_awaiting_customer": "awaiting",
    "stage_closed": "closed",
    "stage_rejected": "rejected",
}


def _stage_iso_steps(env):
    """Set iso_step on the stages of the database (their data is noupdate):
    the seeded stages by their XML id, where their flags still agree with
    it; every other stage by its flags (not admissible, closing), the rest
    keeping the investigation step the new field gave them."""
    Stage = env["customer.complaint.stage"].with_context(active_test=False)
    by_xmlid = {}
    for name, step in STAGE_STEPS.items():
        stage = env.ref(f"{TEMPLATE_MODULE}.{name}", raise_if_not_found=False)
        if stage and stage._name == Stage._name:
            by_xmlid[stage.id] = step
    for stage in Stage.search([]):
        if stage.is_rejected:
            step = "rejected"
        elif stage.is_closed:
            step = "closed"
        elif by_xmlid.get(stage.id) not in (None, "closed", "rejected"):
            step = by_xmlid[stage.id]
        elif stage.iso_step in ("closed", "rejected"):
            step = "investigation"
        else:
            step = stage.iso_step
        if stage.iso_step != step:
            stage.iso_step = step
    env.flush_all()


# ----------------------------------------------------------------------
# Scheduled jobs on the model of what they handle
# ----------------------------------------------------------------------

# cron XML id: (model, method in 18.0.2, method now)
CRON_MOVES = {
    "ir_cron_complaint_escalation": (
        "customer.complaint.phase",
        "_cron_escalate_deadlines",
        "_cron_escalate",
    ),
    "ir_cron_complaint_auto_close": (
        "customer.complaint.decision",
        "_cron_auto_close_unanswered",
        "_cron_close_unanswered",
    ),
}


def _crons_on_their_models(env):
    """The escalation job runs on the phases, the closing of unanswered
    decisions on the decision rounds: the cron records (noupdate) of an
    upgraded database still called the complaint's methods of 18.0.2."""
    for name, (model, old, new) in CRON_MOVES.items():
        cron = env.ref(f"{TEMPLATE_MODULE}.{name}", raise_if_not_found=False)
        if not cron or cron._name != "ir.cron" or old not in (cron.code or ""):
            continue
        cron.write(
            {
                "model_id": env["ir.model"]._get_id(model),
                "code": cron.code.replace(old, new),
            }
        )
        _logger.info(
            "customer complaints 18.0.3.0.0: job %s now calls %s.%s", name, model, new
        )


# ----------------------------------------------------------------------
# Complaints whose phases are all done say how they ended, not "on time"
# ----------------------------------------------------------------------


def _deadline_state_of_done_complaints(env):
    """deadline_state gained met and met late for complaints with no open
    phase; the stored value of those still says on time: recompute it."""
    env.cr.execute(
        SQL(
            """
            SELECT complaint.id
              FROM customer_complaint complaint
             WHERE complaint.deadline_state = 'on_time'
               AND EXISTS (SELECT 1 FROM customer_complaint_phase phase
                            WHERE phase.complaint_id = complaint.id)
               AND NOT EXISTS (
                    SELECT 1 FROM customer_complaint_phase phase
                     WHERE phase.complaint_id = complaint.id
                       AND phase.state IN ('pending', 'at_risk', 'breached'))
            """
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    if ids:
        complaints = env["customer.complaint"].with_context(active_test=False)
        env.add_to_compute(complaints._fields["deadline_state"], complaints.browse(ids))
        env.flush_all()
        _logger.info(
            "customer complaints 18.0.3.0.0: deadline state of %s complaints "
            "with every phase done recomputed",
            len(ids),
        )
