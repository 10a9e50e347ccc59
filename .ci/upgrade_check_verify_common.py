# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upgrade check: what every upgrade path must guarantee, whatever version it
comes from (loaded by .ci/upgrade_check_verify.py and
.ci/upgrade_check_verify_v2.py with runpy, in the odoo shell of the working
tree after `-u customer_complaint_iso10002`):

- the module is installed at the working tree's version;
- the addon's mail templates mention no field the model no longer has and
  render for upgraded complaints in English and French, with the current
  decision round, the acknowledgement with the privacy statement (customised
  ones excepted: the upgrade keeps them, and says so in their description);
- every stage carries its ISO step (when the stages have one);
- every scheduled action of the addon calls a method that exists;
- running the migration scripts again changes nothing.

Each check appends its problems to a list and returns a line of detail.
"""

import hashlib
import html
import os
import re
import runpy

MODULE = "customer_complaint_iso10002"
TEMPLATE_FIELDS = ("subject", "body_html")
# What the migration writes into the description of a template it kept.
CUSTOMISED_NOTE = "Not updated by the upgrade to version 18.0.3.0.0"
ACKNOWLEDGEMENT = "mail_template_complaint_acknowledgement"


class Rollback(Exception):
    pass


def module_version(env, problems):
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    expected = os.environ["UPGRADE_CHECK_NEW_VERSION"]
    if module.latest_version != expected or module.state != "installed":
        problems.append(
            f"module: {module.state} at {module.latest_version}, expected "
            f"installed at {expected}"
        )
    return f"installed at {module.latest_version}"


def _plain(text):
    """Text of an html mail, entities decoded and whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", str(text or "")))
    return re.sub(r"\s+", " ", text).strip()


def _templates(env):
    data = env["ir.model.data"].search(
        [("module", "=", MODULE), ("model", "=", "mail.template")]
    )
    return {
        xmlid.name: env["mail.template"].browse(xmlid.res_id).exists() for xmlid in data
    }


def _stored(env, template, fname):
    env.cr.execute(f"SELECT {fname} FROM mail_template WHERE id = %s", [template.id])
    return env.cr.fetchone()[0] or {}


def templates(env, problems, samples, customised=()):
    """``samples``: {lang: complaint} of upgraded complaints whose current
    round was communicated; ``customised``: the xmlid names of the templates
    the seed customised (kept as they were, with the note)."""
    Complaint = env["customer.complaint"]
    known = set(Complaint._fields) | {
        name for name in dir(type(Complaint)) if not name.startswith("__")
    }
    rendered = 0
    for name, template in sorted(_templates(env).items()):
        if not template:
            problems.append(f"template {name}: gone")
            continue
        if name in customised:
            if CUSTOMISED_NOTE not in (
                template.with_context(lang="en_US").description or ""
            ):
                problems.append(f"template {name}: customised, but not noted as kept")
            continue
        if CUSTOMISED_NOTE in (template.with_context(lang="en_US").description or ""):
            problems.append(f"template {name}: standard, but noted as customised")
        if template.model != Complaint._name:
            continue
        for fname in TEMPLATE_FIELDS:
            for lang, value in _stored(env, template, fname).items():
                missing = sorted(
                    set(re.findall(r"\bobject\.([A-Za-z_]\w*)", value or "")) - known
                )
                if missing:
                    problems.append(
                        f"template {name} {fname} ({lang}) names removed "
                        f"fields: {', '.join(missing)}"
                    )
        for lang, complaint in samples.items():
            try:
                body = template._render_field(
                    "body_html", complaint.ids, compute_lang=True
                )[complaint.id]
                subject = template._render_field(
                    "subject", complaint.ids, compute_lang=True
                )[complaint.id]
            except Exception as error:  # noqa: BLE001 (reported as a problem)
                problems.append(f"template {name} ({lang}) does not render: {error!r}")
                continue
            rendered += 1
            if complaint.reference not in f"{subject}{body}":
                problems.append(
                    f"template {name} ({lang}): {complaint.reference} not in "
                    "the mail"
                )
            problems.extend(_content_problems(name, lang, complaint, body))
    return f"{rendered} mails rendered in {', '.join(sorted(samples))}"


def _content_problems(name, lang, complaint, body):
    """What the rendered ``body`` of template ``name`` misses for
    ``complaint`` in ``lang``."""
    problems = []
    if name == ACKNOWLEDGEMENT:
        # 18.0.3.5.0: the letter gives the privacy statement (GDPR 13)
        statement = complaint.with_context(lang=lang)._privacy_statement(
            complaint.company_id
        )
        if _plain(statement) not in _plain(body):
            problems.append(
                f"template {name} ({lang}): no privacy statement in the mail"
            )
    if name == "mail_template_complaint_decision":
        decision = complaint.current_decision_id
        reasons = (decision.reasons or "").strip().splitlines()[:1]
        if reasons and reasons[0] not in body:
            problems.append(
                f"template {name} ({lang}): the reasons of round "
                f"{decision.round} are not in the mail"
            )
        marker = {"fr_FR": "Notre décision", "en_US": "Our decision"}.get(lang)
        if marker and marker not in body:
            problems.append(f"template {name} ({lang}): {marker!r} not in the mail")
    return problems


def stages(env, problems):
    Stage = env["customer.complaint.stage"].with_context(active_test=False)
    if "iso_step" not in Stage._fields:
        return "no ISO step on stages in this version"
    stages = Stage.search([])
    for stage in stages.filtered(lambda s: not s.iso_step):
        problems.append(f"stage {stage.name} ({stage.id}) has no ISO step")
    return f"{len(stages)} stages with an ISO step"


def crons(env, problems):
    data = env["ir.model.data"].search(
        [("module", "=", MODULE), ("model", "=", "ir.cron")]
    )
    crons = env["ir.cron"].with_context(active_test=False).browse(data.mapped("res_id"))
    for cron in crons:
        model = env[cron.model_id.model]
        for method in re.findall(r"\bmodel\.(\w+)\s*\(", cron.code or ""):
            if not callable(getattr(model, method, None)):
                problems.append(
                    f"scheduled action {cron.name!r} calls {cron.model_id.model}."
                    f"{method}, which does not exist"
                )
    return f"{len(crons)} scheduled actions call existing methods"


def _state(env):
    """Counts of what a migration creates, and the templates' texts."""
    state = {}
    for table in (
        "customer_complaint_decision",
        "customer_complaint_phase",
        "customer_complaint_delegation",
        "customer_complaint_deputy",
        "mail_message",
    ):
        env.cr.execute("SELECT to_regclass(%s)", [table])
        if env.cr.fetchone()[0]:
            env.cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            state[table] = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT id, subject::text, body_html::text, description::text "
        "FROM mail_template ORDER BY id"
    )
    state["mail_template"] = hashlib.sha256(
        repr(env.cr.fetchall()).encode()
    ).hexdigest()
    env.cr.execute(
        "SELECT id, date_done, done_at_closing, state FROM customer_complaint_phase "
        "ORDER BY id"
    )
    state["phases"] = hashlib.sha256(repr(env.cr.fetchall()).encode()).hexdigest()
    return state


def idempotent(env, problems):
    """Run the migration scripts again (all pre, then all post, as Odoo does)
    in a savepoint rolled back: nothing created or changed twice."""
    dirs = os.environ["UPGRADE_CHECK_MIGRATIONS"].split(":")
    version = os.environ["UPGRADE_CHECK_OLD_VERSION"]
    env.flush_all()
    before = after = _state(env)
    try:
        with env.cr.savepoint():
            for stage in ("pre", "post"):
                for path in dirs:
                    script = os.path.join(path, f"{stage}-migrate.py")
                    if os.path.exists(script):
                        runpy.run_path(script)["migrate"](env.cr, version)
            env.flush_all()
            after = _state(env)
            raise Rollback
    except Rollback:
        pass
    except Exception as error:  # noqa: BLE001 (reported as a problem)
        problems.append(f"running the migration again failed: {error!r}")
    env.invalidate_all()
    for key in before:
        if before[key] != after.get(key):
            problems.append(
                f"migration run again: {key} is {after.get(key)!r}, expected "
                f"{before[key]!r}"
            )
    return f"{len(dirs)} version(s) of scripts run again from {version}"
