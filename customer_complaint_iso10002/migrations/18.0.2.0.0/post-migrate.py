# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: decision rounds, phases and approval rules from what 18.0.1 kept.

Reads the legacy tables of pre-migrate.py (the 18.0.1 columns, which Odoo
drops at the end of the upgrade) and the chatter (tracking values, emails,
notes), and creates, through the ORM as superuser:

Approval rules (customer.complaint.delegation). A team's "approval from
priority" becomes a rule of the team from that priority, any cost, approved by
the company's complaint managers (who alone approved in 18.0.1); archived when
the company has none, so that a manager names the approvers.

Decision rounds (customer.complaint.decision). 18.0.1 kept one decision and
overwrote it on appeal. Round 1 of a complaint that was never appealed is its
decision, whole. A complaint appealed n times gets n + 1 rounds: the last is
the decision as 18.0.1 kept it (an empty draft if nothing was decided since
the last appeal); the earlier ones are rebuilt from the chatter, each up to
its appeal (found by the tracking of the appeal count, else of the answer
'contested', else by the contest note):
  - recovered: outcome, resolution, who decided, who approved and when (the
    tracked values just before the appeal), when it was communicated, the
    email sent and the reasons in it (as the complainant read them), the
    handler then, the contest date (to the second of the note posted with
    it), the contest reason (the last one from its field, earlier ones from
    the "contested the decision" note, in English, French or German), the
    reviewer the appeal went to;
  - not recoverable, left empty: the remedy cost, credit note and replacement
    order of an earlier round (never tracked; the last round keeps 18.0.1's,
    so cost totals stay what they were), how and by whom an answer was
    recorded, the reasons where the email is gone (a sentence says so), the
    decision date where no tracked change dates it (then the communication
    date); after an appeal made without tracking, the handler and approver
    of the round before it; after an appeal the chatter lost altogether (no
    tracking, no note), everything but that the round was contested and, for
    the last appeal, its reason.
A decision changed after a reopening (not an appeal) stays one round with its
latest values; the earlier values remain in the chatter. An answer a
reopening cleared is taken back from the tracking. Each complaint with
rebuilt rounds gets a chatter note saying what was rebuilt from where.

Phases (customer.complaint.phase). Acknowledgement, assessment, first decision
and closure take 18.0.1's deadline, at-risk date, done date (the stamp, else
the closing: "done by the closing"), state (met / met late as stored, open
ones at the time of the upgrade) and alert. The first decision is done when
it was first communicated (round 1's communication, or the earliest one its
tracking shows: 18.0.1 kept the last one, or none where a script cleared
it), by the closing only where it never was; a later round's decision phase
runs from the appeal (from the receipt where the chatter lost it), its
deadline planned from the policy as the model does. Not kept by 18.0.1: when
each alert was given and the escalation level per phase (the complaint's
level stays).

Kept as they were: the ratings (same fields), the response date promised to
the complainant (18.0.1's; the model derives new ones from the phase), and who
closed a complaint is filled in from the stage tracking.

Idempotent: a complaint that has rounds (phases) gets none, a team whose rule
exists gets none, so running it twice creates nothing twice.
"""

import html
import logging
import re
from collections import defaultdict
from typing import NamedTuple

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL, split_every
from odoo.tools.sql import column_exists, table_exists

_logger = logging.getLogger(__name__)

LEGACY_COMPLAINT = "customer_complaint_legacy_v1"
LEGACY_TEAM = "customer_complaint_team_legacy_v1"
LEGACY_SELECTION = "customer_complaint_selection_legacy_v1"
BATCH = 500

PHASES = ("ack", "assessment", "decision", "closure")
PHASE_STAMPS = {
    "ack": "date_acknowledged",
    "assessment": "date_assessed",
    "decision": "date_decision_communicated",
}
# Tracked fields of 18.0.1 the rounds are rebuilt from, by tracking type.
TRACKED = {
    "decision_outcome": "selection",
    "resolution_type": "selection",
    "complainant_answer": "selection",
    "decided_by_id": "many2one",
    "approved_by_id": "many2one",
    "reviewer_id": "many2one",
    "user_id": "many2one",
    "date_decision_communicated": "datetime",
    "appeal_count": "integer",
}
# Tracked changes that mean a decision was (re)taken.
DECISION_CHANGES = ("decision_outcome", "resolution_type", "decided_by_id")
# The 18.0.1 note on a contest: "<prefix><reason><separator><reviewer>.",
# in the languages it shipped.
CONTEST_NOTES = [
    ("The complainant contested the decision: ", ". Appeal opened, reviewed by "),
    ("Le réclamant a contesté la décision : ", ". Recours ouvert, examiné par "),
    (
        "Der Beschwerdeführer hat die Entscheidung angefochten: ",
        ". Widerspruch eröffnet, Überprüfung durch ",
    ),
]


class Change(NamedTuple):
    message_id: int
    date: object
    old: object
    new: object


class History:
    """One complaint's tracked values over time, its outgoing emails and its
    contest notes, as its chatter kept them (message ids give the order)."""

    def __init__(self, row):
        self.row = row
        self.changes = defaultdict(list)
        self.emails = []  # (message id, subject, body)
        self.notes = []  # (message id, date, plain text)

    def before(self, fname, message_id):
        """The value of ``fname`` just before message ``message_id``."""
        changes = self.changes[fname]
        prior = [change for change in changes if change.message_id < message_id]
        if prior:
            return prior[-1].new
        return changes[0].old if changes else self.row[fname]

    def after(self, fname, message_id):
        """The value of ``fname`` once message ``message_id`` was posted."""
        changes = self.changes[fname]
        prior = [change for change in changes if change.message_id <= message_id]
        if prior:
            return prior[-1].new
        return changes[0].old if changes else self.row[fname]

    def tracked(self, fname, message_id):
        """The value of ``fname`` as its last tracked change before message
        ``message_id`` left it, None if no tracked change says."""
        prior = [c for c in self.changes[fname] if c.message_id < message_id]
        return prior[-1].new if prior else None

    def between(self, fnames, low, high=None):
        """Changes of ``fnames`` posted after message ``low`` and before
        ``high`` (None: up to now), oldest first."""
        return sorted(
            (
                change
                for fname in fnames
                for change in self.changes[fname]
                if change.message_id > low
                and (high is None or change.message_id < high)
            ),
            key=lambda change: change.message_id,
        )

    def communications(self, low, high=None):
        """Messages between low and high that communicated a decision: the
        communication date changed, or the answer to an appealed decision was
        reset (a new communication within the same second changes no date)."""
        return sorted(
            {
                change.message_id
                for change in self.between(
                    ["date_decision_communicated", "complainant_answer"], low, high
                )
                if (change.new and not isinstance(change.new, str))
                or (change.old == "contested" and not change.new)
            }
        )

    def set_on(self, fname, value, high):
        """The last change of ``fname`` to ``value`` before message ``high``."""
        found = [
            change
            for change in self.changes[fname]
            if change.new == value and change.message_id < high
        ]
        return found[-1] if found else None


def migrate(cr, version):
    if not version or not table_exists(cr, LEGACY_COMPLAINT):
        return
    env = api.Environment(
        cr,
        SUPERUSER_ID,
        {"tracking_disable": True, "mail_create_nolog": True, "active_test": False},
    )
    rules = _migrate_delegations(env)
    rebuilt = _migrate_rounds(env, rules)
    planned = _migrate_phases(env)
    _restore_promises(env, planned)
    _fill_closed_by(env)
    _logger.info(
        "customer complaints 18.0.2.0.0: %s approval rules, rounds for %s "
        "complaints, phases for %s complaints",
        len(rules),
        rebuilt,
        len(planned),
    )


# ----------------------------------------------------------------------
# Approval rules
# ----------------------------------------------------------------------


def _migrate_delegations(env):
    """{team id: rule} of the teams that required approval from a priority."""
    if not table_exists(env.cr, LEGACY_TEAM) or not column_exists(
        env.cr, LEGACY_TEAM, "approval_priority"
    ):
        return {}
    env.cr.execute(
        SQL(
            """
            SELECT legacy.id, legacy.approval_priority
              FROM %s legacy
              JOIN customer_complaint_team team ON team.id = legacy.id
             WHERE legacy.approval_priority IS NOT NULL
             ORDER BY legacy.id
            """,
            SQL.identifier(LEGACY_TEAM),
        )
    )
    teams = env.cr.fetchall()
    Delegation = env["customer.complaint.delegation"]
    priorities = dict(
        env["customer.complaint"]._fields["priority"]._description_selection(env)
    )
    managers = env.ref("customer_complaint_iso10002.group_complaint_manager").users
    rules = {}
    for team_id, priority in teams:
        team = env["customer.complaint.team"].browse(team_id)
        rule = Delegation.search(
            [
                ("company_id", "=", team.company_id.id),
                ("team_id", "=", team.id),
                ("min_priority", "=", priority),
                ("is_top_management", "=", False),
            ],
            limit=1,
        )
        if not rule:
            approvers = managers.filtered(
                lambda user, company=team.company_id: user.active
                and not user.share
                and company in user.company_ids
            )
            rule = Delegation.create(
                {
                    "name": env._(
                        "%(team)s: priority %(priority)s and above",
                        team=team.name,
                        priority=priorities.get(priority, priority),
                    ),
                    "company_id": team.company_id.id,
                    "team_id": team.id,
                    "min_priority": priority,
                    "approver_ids": [(6, 0, approvers.ids)],
                    # 18.0.1: any complaint manager but the handler approved.
                    "active": bool(approvers),
                }
            )
            if not approvers:
                _logger.warning(
                    "team %s required approval from priority %s but its company "
                    "has no complaint manager: rule %s archived until a manager "
                    "names its approvers",
                    team.name,
                    priority,
                    rule.id,
                )
        rules[team.id] = rule
    return rules


# ----------------------------------------------------------------------
# Decision rounds
# ----------------------------------------------------------------------


def _legacy_rows(env, where):
    env.cr.execute(
        SQL(
            """
            SELECT legacy.*
              FROM %s legacy
              JOIN customer_complaint complaint ON complaint.id = legacy.id
             WHERE %s
             ORDER BY legacy.id
            """,
            SQL.identifier(LEGACY_COMPLAINT),
            where,
        )
    )
    return env.cr.dictfetchall()


def _migrate_rounds(env, rules):
    rows = _legacy_rows(
        env,
        SQL(
            """(legacy.decision_outcome IS NOT NULL
                OR legacy.appeal_count > 0
                OR legacy.date_decision_communicated IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM customer_complaint_decision d
                                WHERE d.complaint_id = legacy.id)"""
        ),
    )
    labels = _selection_keys(env)
    emails = _Emails(env)
    for batch in split_every(BATCH, rows, list):
        histories = _load_histories(env, batch, labels)
        _create_rounds(
            env,
            {
                row["id"]: _rounds_of(env, histories[row["id"]], rules, emails)
                for row in batch
            },
        )
        env.flush_all()
        env.invalidate_all()
    return len(rows)


def _selection_keys(env):
    """{field: {label in any language: key}} of the tracked selections."""
    keys = defaultdict(dict)
    if table_exists(env.cr, LEGACY_SELECTION):
        env.cr.execute(
            SQL("SELECT field, value, label FROM %s", SQL.identifier(LEGACY_SELECTION))
        )
        for field, value, label in env.cr.fetchall():
            keys[field][label] = value
            keys[field][value] = value
    return keys


def _load_histories(env, rows, labels):
    histories = {row["id"]: History(row) for row in rows}
    ids = list(histories)
    env.cr.execute(
        SQL(
            """
            SELECT m.res_id, m.id, m.date,
                   COALESCE(f.name, v.field_info->>'name') AS field,
                   v.old_value_char, v.new_value_char,
                   v.old_value_integer, v.new_value_integer,
                   v.old_value_datetime, v.new_value_datetime
              FROM mail_tracking_value v
              JOIN mail_message m ON m.id = v.mail_message_id
              LEFT JOIN ir_model_fields f ON f.id = v.field_id
             WHERE m.model = 'customer.complaint'
               AND m.res_id = ANY(%s)
               AND COALESCE(f.name, v.field_info->>'name') IN %s
             ORDER BY m.id, v.id
            """,
            ids,
            tuple(TRACKED),
        )
    )
    for row in env.cr.dictfetchall():
        kind = TRACKED[row["field"]]
        old, new = (_tracked_value(row, side, kind) for side in ("old", "new"))
        if kind == "selection":
            keys = labels[row["field"]]
            old, new = (keys.get(value, value) for value in (old, new))
        histories[row["res_id"]].changes[row["field"]].append(
            Change(row["id"], row["date"], old, new)
        )
    env.cr.execute(
        SQL(
            """
            SELECT res_id, id, date, message_type, subject, body
              FROM mail_message
             WHERE model = 'customer.complaint' AND res_id = ANY(%s)
               AND (message_type = 'email_outgoing' OR body LIKE ANY(%s))
             ORDER BY id
            """,
            ids,
            [f"%{html.escape(prefix.strip())}%" for prefix, _sep in CONTEST_NOTES],
        )
    )
    for res_id, message_id, date, message_type, subject, body in env.cr.fetchall():
        if message_type == "email_outgoing":
            histories[res_id].emails.append((message_id, subject or "", body or ""))
        else:
            histories[res_id].notes.append((message_id, date, _plain(body)))
    return histories


def _tracked_value(row, side, kind):
    if kind == "datetime":
        return row[f"{side}_value_datetime"] or False
    if kind in ("many2one", "integer"):
        return row[f"{side}_value_integer"] or (0 if kind == "integer" else False)
    return row[f"{side}_value_char"] or False


def _plain(body):
    text = re.sub(r"<br\s*/?>", "\n", body or "")
    return html.unescape(re.sub(r"<[^>]*>", "", text)).strip()


def _email_reasons(body):
    """The reasons in an 18.0.1 decision email: the text after its second
    heading ("Our decision:", "Why:", whatever the language)."""
    parts = re.split(r"<strong\b[^>]*>", body or "")
    if len(parts) < 3 or "</strong>" not in parts[2]:
        return None
    return _plain(parts[2].split("</strong>", 1)[1]) or None


def _contest_text(text):
    """The reason in the text of an 18.0.1 contest note, else None."""
    for prefix, separator in CONTEST_NOTES:
        if text.startswith(prefix) and separator in text:
            return text[len(prefix) : text.rindex(separator)].strip()
    return None


def _contest_note(history, low, high):
    """(date, reason) of the contest note posted between messages low and
    high, (None, None) if there is none."""
    for message_id, date, text in reversed(history.notes):
        reason = low < message_id <= high and _contest_text(text)
        if reason:
            return date, reason
    return None, None


class _Emails:
    """The decision emails of a complaint: subject rendered by the decision
    template, in the complaint's language."""

    def __init__(self, env):
        self.template = env.ref(
            "customer_complaint_iso10002.mail_template_complaint_decision",
            raise_if_not_found=False,
        )

    def find(self, history, low, high):
        """(message id, reasons) of the last decision email sent between
        messages low and high (None: up to now), (False, None) if none."""
        found = []
        for message_id, subject, body in history.emails:
            if low < message_id and (high is None or message_id < high):
                reasons = _email_reasons(body)
                if reasons:
                    found.append((message_id, subject, reasons))
        if len(found) > 1 and self.template:
            # Other emails of the window (sent by hand, by a stage): the
            # decision template's subject tells them apart.
            complaint_id = history.row["id"]
            subject = self.template._render_field(
                "subject", [complaint_id], compute_lang=True
            )[complaint_id]
            found = [email for email in found if email[1] == subject] or found
        return (found[-1][0], found[-1][2]) if found else (False, None)


def _rounds_of(env, history, rules, emails):
    """The vals of the rounds of one complaint, round 1 first."""
    row = history.row
    appeals = row["appeal_count"] or 0
    rounds = []
    low = 0  # the message that closed the previous round: its contest
    previous_reasons = None
    contests = _contest_markers(history, appeals)
    for number, contest in enumerate(contests, start=1):
        if not contest:
            rounds.append(_unknown_round(env, row, number, appeals))
            previous_reasons = None
            continue
        rounds.append(
            _contested_round(env, history, number, contest, low, emails, rules)
        )
        previous_reasons = rounds[-1]["reasons"] if rounds[-1]["_found"] else None
        low = contest.message_id
    last = contests[-1] if contests else None
    rounds.append(
        _current_round(env, history, appeals, last, previous_reasons, emails, rules)
    )
    return rounds


def _contest_markers(history, appeals):
    """The message of each appeal: the tracking of the appeal count going to
    n, else of the nth answer 'contested', else the nth contest note (the
    values before it are those before the appeal); None where the chatter
    lost all three."""
    markers = []
    contested = [
        change
        for change in history.changes["complainant_answer"]
        if change.new == "contested"
    ]
    notes = [
        Change(message_id, date, None, None)
        for message_id, date, text in history.notes
        if _contest_text(text)
    ]
    for number in range(1, appeals + 1):
        marker = next(
            (
                change
                for change in history.changes["appeal_count"]
                if change.new == number
            ),
            None,
        )
        for found in (contested, notes):
            if not marker and len(found) >= number:
                marker = found[number - 1]
        markers.append(marker)
    return markers


def _approval_vals(row, approved_by, rules):
    rule = rules.get(row["team_id"])
    required = bool(approved_by) or bool(
        rule and (row["priority"] or "0") >= rule.min_priority
    )
    return {
        "approval_required": required,
        "delegation_id": rule.id if rule and required else False,
        "approved_by_id": approved_by or False,
        "authority_id": approved_by or False,
    }


def _contested_round(env, history, number, contest, low, emails, rules):
    row = history.row
    high = contest.message_id
    communications = history.communications(low, high)
    if communications:
        communicated_on = communications[-1]
        communicated = history.after("date_decision_communicated", communicated_on)
    else:
        communicated_on = high
        communicated = history.before("date_decision_communicated", high)
        if history.communications(0, low + 1):
            # Not tracked in this round: the value is an earlier round's.
            communicated = False
    email, reasons = emails.find(history, low, communicated_on + 1)
    decided = history.between(DECISION_CHANGES, low, high)
    if decided:
        date_decision = decided[-1].date
    elif number == 1 and row["date_decision"] and row["date_decision"] <= contest.date:
        date_decision = row["date_decision"]
    else:
        date_decision = communicated or contest.date
    # An appeal made without tracking (only its note tells) changed the
    # handler and voided the approval unseen: the current values are not
    # this round's, only tracked ones are.
    untracked = contest.old is None and contest.new is None
    value_before = history.tracked if untracked else history.before
    approved_by = value_before("approved_by_id", high)
    approval = history.set_on("approved_by_id", approved_by, high)
    # The contest: its date, to the second, from the note posted with it
    # (18.0.1 kept the last one only, in date_answer while still contested).
    contested_on, contest_reason = _contest_note(history, low, high)
    contested_on = contested_on or contest.date
    if number == row["appeal_count"]:
        contest_reason = row["contest_reason"]
        if row["complainant_answer"] == "contested" and row["date_answer"]:
            contested_on = row["date_answer"]
    vals = {
        "round": number,
        "state": "contested",
        "outcome": history.before("decision_outcome", high),
        "reasons": reasons
        or env._(
            "The reasons of this decision were not kept by the previous "
            "version; the decision email, where there was one, is in the "
            "chatter."
        ),
        "resolution_type": history.before("resolution_type", high),
        "decided_by_id": history.before("decided_by_id", high),
        "date_decision": date_decision,
        **_approval_vals(row, approved_by, rules),
        "date_approved": approval.date if approval and approved_by else False,
        "date_communicated": communicated or False,
        "handler_id": value_before("user_id", communicated_on + 1),
        "mail_message_id": email,
        "answer": "contested",
        "date_answer": contested_on,
        "contest_reason": contest_reason
        or env._("The reason of this appeal was not kept by the previous version."),
        "reviewer_id": history.after("reviewer_id", high),
        "_found": bool(reasons),
    }
    if not vals["outcome"]:
        vals["reasons"] = False
    return vals


def _unknown_round(env, row, number, appeals):
    """A round whose appeal the chatter lost: only that it was contested."""
    return {
        "round": number,
        "state": "contested",
        "answer": "contested",
        "contest_reason": (row["contest_reason"] if number == appeals else False)
        or env._("The reason of this appeal was not kept by the previous version."),
        "_found": False,
        "_unknown": True,
    }


def _current_round(env, history, appeals, last, previous_reasons, emails, rules):
    """The decision as 18.0.1 kept it: the last round."""
    row = history.row
    low = last.message_id if last else 0
    communications = history.communications(low)
    if appeals and last:
        communicated_after = bool(communications)
        decided_after = (
            communicated_after
            or bool(history.between(DECISION_CHANGES, low))
            or bool(row["date_decision"] and row["date_decision"] > last.date)
            or (
                previous_reasons is not None
                and previous_reasons != (row["decision_reasons"] or "").strip()
            )
        )
    elif appeals:
        communicated_after = decided_after = row["complainant_answer"] != "contested"
    else:
        communicated_after = decided_after = True
    number = appeals + 1
    if not decided_after:
        # The appeal opened this round; nothing was decided in it yet.
        return {"round": number, "state": "draft"}
    communicated = row["date_decision_communicated"] if communicated_after else False
    communicated_on = communications[-1] if communications else 0
    answer, date_answer = _current_answer(
        history, communicated_after, communicated, communicated_on
    )
    email = False
    if communicated:
        email, _reasons = emails.find(
            history, low, communicated_on + 1 if communicated_on else None
        )
    approved_by = row["approved_by_id"]
    if answer:
        state = answer
    elif communicated:
        state = "communicated"
    elif approved_by:
        state = "approved"
    else:
        state = "draft"
    vals = {
        "round": number,
        "state": state,
        "outcome": row["decision_outcome"] or False,
        "reasons": row["decision_reasons"] or False,
        "resolution_type": row["resolution_type"] or False,
        "remedy_cost": row["remedy_cost"] or 0.0,
        "credit_note_id": row["credit_note_id"] or False,
        "replacement_order_id": row["replacement_order_id"] or False,
        "decided_by_id": row["decided_by_id"] or False,
        "date_decision": row["date_decision"] or False,
        "date_approved": row["date_approved"] if approved_by else False,
        "date_communicated": communicated or False,
        "mail_message_id": email,
        "answer": answer,
        "date_answer": date_answer,
        "_found": True,
    }
    if state != "draft":
        vals.update(_approval_vals(row, approved_by, rules))
    if communicated:
        vals["handler_id"] = (
            history.after("user_id", communicated_on)
            if communicated_on
            else row["user_id"]
        ) or False
    return vals


def _current_answer(history, communicated_after, communicated, communicated_on):
    """(answer, date) of the last round: 18.0.1's (even without a
    communication date, as data files and imports left it), or, where a
    reopening cleared it, the last one the complainant gave."""
    row = history.row
    answer = row["complainant_answer"]
    if not communicated_after:
        return False, False
    if answer and answer != "contested":
        return answer, row["date_answer"] or False
    if not communicated:
        return False, False
    for change in reversed(history.between(["complainant_answer"], communicated_on)):
        if change.old and change.old != "contested" and not change.new:
            given = history.set_on("complainant_answer", change.old, change.message_id)
            return change.old, (given or change).date
    return False, False


def _create_rounds(env, rounds_by_complaint):
    """Create the rounds ({complaint id: [vals]}) of a batch of complaints."""
    Decision = env["customer.complaint.decision"]
    vals_list = [
        {
            **{
                key: value
                for key, value in vals.items()
                if not key.startswith("_") and value is not None
            },
            "complaint_id": complaint_id,
        }
        for complaint_id, rounds in rounds_by_complaint.items()
        for vals in rounds
    ]
    decisions = Decision.create(vals_list)
    # create() signs a decision without a decider with the current user: put
    # back what 18.0.1 knew (nobody, or the date it had).
    for decision, vals in zip(decisions, vals_list, strict=True):
        if decision.decided_by_id.id != (vals.get("decided_by_id") or False) or (
            vals.get("date_decision")
            and decision.date_decision != vals["date_decision"]
        ):
            decision._process_env().write(
                {
                    "decided_by_id": vals.get("decided_by_id") or False,
                    "date_decision": vals.get("date_decision") or False,
                }
            )
    bodies = {}
    for complaint_id, rounds in rounds_by_complaint.items():
        if len(rounds) < 2:
            continue
        body = env._(
            "Upgrade to decision rounds: %(count)s rounds. Round %(last)s is the "
            "decision as the previous version kept it; the earlier ones were "
            "rebuilt from the tracked changes, the decision emails and the "
            "contest notes of this chatter. Their remedy cost, credit note and "
            "replacement order were not kept by the previous version.",
            count=len(rounds),
            last=len(rounds),
        )
        unknown = [str(vals["round"]) for vals in rounds if vals.get("_unknown")]
        if unknown:
            body += " " + env._(
                "Round(s) %(rounds)s: this chatter no longer holds their "
                "changes; only that they were contested is known.",
                rounds=", ".join(unknown),
            )
        bodies[complaint_id] = body
    if bodies:
        env["customer.complaint"].browse(bodies)._message_log_batch(bodies=bodies)


# ----------------------------------------------------------------------
# Phases
# ----------------------------------------------------------------------


def _live_state(deadline, risk, now):
    """18.0.1's state of a phase not done yet (on time is 'pending')."""
    if deadline and now > deadline:
        return "breached"
    if risk and now >= risk:
        return "at_risk"
    return "pending"


def _done_state(done, deadline):
    return "met_late" if deadline and done > deadline else "met"


def _migrate_phases(env):
    rows = _legacy_rows(
        env,
        SQL(
            """NOT EXISTS (SELECT 1 FROM customer_complaint_phase p
                            WHERE p.complaint_id = legacy.id)"""
        ),
    )
    now = fields.Datetime.now()
    Phase = env["customer.complaint.phase"]
    planned = []
    for batch in split_every(BATCH, rows, list):
        env.cr.execute(
            SQL(
                """
                SELECT complaint_id, round, date_communicated, date_answer
                  FROM customer_complaint_decision
                 WHERE complaint_id = ANY(%s)
                 ORDER BY complaint_id, round
                """,
                [row["id"] for row in batch],
            )
        )
        rounds = defaultdict(list)
        for complaint_id, number, communicated, answered in env.cr.fetchall():
            rounds[complaint_id].append((number, communicated, answered))
        first = _first_communications(env, [row["id"] for row in batch])
        vals_list = []
        for row in batch:
            vals_list += _phase_vals(row, rounds[row["id"]], now, first.get(row["id"]))
            planned.append(row["id"])
        phases = Phase.create(vals_list)
        # What 18.0.1 stored is kept as it is: a computed field given at
        # creation is computed again unless told otherwise (a pending
        # deadline would be planned again from today's policy).
        for fname in ("date_start", "date_deadline", "date_at_risk", "state"):
            given = [
                phase.id
                for phase, vals in zip(phases, vals_list, strict=True)
                if fname in vals
            ]
            env.remove_to_compute(Phase._fields[fname], Phase.browse(given))
        env.flush_all()
        env.invalidate_all()
    return planned


def _first_communications(env, complaint_ids):
    """{complaint id: when its decision was first communicated}, from the
    tracking of 18.0.1's communication date: a later communication (after a
    reopening, an appeal) overwrote the column, a script may have cleared it."""
    env.cr.execute(
        SQL(
            """
            SELECT m.res_id, MIN(v.new_value_datetime)
              FROM mail_tracking_value v
              JOIN mail_message m ON m.id = v.mail_message_id
              LEFT JOIN ir_model_fields f ON f.id = v.field_id
             WHERE m.model = 'customer.complaint'
               AND m.res_id = ANY(%s)
               AND COALESCE(f.name, v.field_info->>'name')
                   = 'date_decision_communicated'
               AND v.new_value_datetime IS NOT NULL
             GROUP BY m.res_id
            """,
            complaint_ids,
        )
    )
    return dict(env.cr.fetchall())


def _phase_vals(row, rounds, now, first_communicated=None):
    closed = row["date_closed"]
    vals_list = []
    for phase in PHASES:
        deadline = row[f"date_{phase}_deadline"] or False
        risk = row[f"date_{phase}_risk"] or False
        done = row[PHASE_STAMPS[phase]] if phase in PHASE_STAMPS else closed
        completion = row[f"{phase}_completion"]
        if phase == "decision":
            # The first decision is done when it was first communicated (the
            # column holds the last communication, or nothing where a script
            # cleared it); the closing completes it only if it never was.
            communications = [
                date
                for date in (
                    first_communicated,
                    rounds[0][1] if rounds else None,
                    done,
                )
                if date
            ]
            first = min(communications, default=None)
            if first and first != done:
                done = first
                completion = _done_state(done, deadline)
        at_closing = bool(not done and closed)
        done = done or closed or False
        if completion not in ("met", "met_late"):
            completion = _done_state(done, deadline) if done else False
        vals_list.append(
            {
                "complaint_id": row["id"],
                "phase": phase,
                "round": 1 if phase == "decision" else 0,
                "date_start": row["date_received"] or False,
                "date_deadline": deadline,
                "date_at_risk": risk,
                "date_done": done,
                "done_at_closing": at_closing,
                "state": completion or _live_state(deadline, risk, now),
                "alert": row[f"{phase}_alert"] or False,
            }
        )
    # A later round's decision runs from the appeal that opened it; its
    # deadline is planned from the policy (18.0.1 had none).
    for (number, communicated, _answered), previous in zip(
        rounds[1:], rounds, strict=False
    ):
        vals_list.append(
            {
                "complaint_id": row["id"],
                "phase": "decision",
                "round": number,
                "date_start": previous[2] or row["date_received"],
                "date_done": communicated or closed or False,
                "done_at_closing": bool(not communicated and closed),
            }
        )
    return vals_list


# ----------------------------------------------------------------------
# What the complainant was told, who closed
# ----------------------------------------------------------------------


def _restore_promises(env, complaint_ids):
    """The response date the acknowledgement promised stays the one 18.0.1
    promised (its team's response days); new complaints get the phase's."""
    if not complaint_ids:
        return
    env.cr.execute(
        SQL(
            """
            UPDATE customer_complaint complaint
               SET date_response_due = legacy.date_response_due
              FROM %s legacy
             WHERE legacy.id = complaint.id
               AND complaint.id = ANY(%s)
               AND legacy.date_response_due IS NOT NULL
               AND complaint.date_response_due IS DISTINCT FROM legacy.date_response_due
            """,
            SQL.identifier(LEGACY_COMPLAINT),
            complaint_ids,
        )
    )
    env["customer.complaint"].invalidate_model(["date_response_due"])


def _fill_closed_by(env):
    """Who closed a closed complaint: the author of its last move to a
    closed stage, from the stage tracking."""
    if not column_exists(env.cr, "customer_complaint", "closed_by_id"):
        return
    env.cr.execute(
        SQL(
            """
            UPDATE customer_complaint complaint
               SET closed_by_id = closer.user_id
              FROM (
                    SELECT DISTINCT ON (m.res_id) m.res_id, users.id AS user_id
                      FROM mail_tracking_value v
                      JOIN mail_message m ON m.id = v.mail_message_id
                      JOIN ir_model_fields f ON f.id = v.field_id
                      JOIN customer_complaint_stage stage
                        ON stage.id = v.new_value_integer AND stage.is_closed
                      JOIN res_users users ON users.partner_id = m.author_id
                     WHERE m.model = 'customer.complaint'
                       AND f.model = 'customer.complaint' AND f.name = 'stage_id'
                     ORDER BY m.res_id, m.id DESC, users.id
                   ) closer
             WHERE complaint.id = closer.res_id
               AND complaint.is_closed
               AND complaint.closed_by_id IS NULL
            """
        )
    )
    env["customer.complaint"].invalidate_model(["closed_by_id"])
