# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upgrade check, step 1 (run by .ci/upgrade_check.sh in an `odoo shell` of the
PREVIOUS version, 18.0.1.0.0): add complaints in every stage the way its users
made them, then write the fingerprint of what the upgrade must keep.

Every action runs as the user who would take it and is committed on its own,
as one web request each is: 18.0.1 tracks a transaction's changes in one
message, and the migration rebuilds the earlier decision rounds from those
messages. The fingerprint (JSON, path in UPGRADE_CHECK_FINGERPRINT) holds, for
every complaint (demo ones included): stage, decision, answer, appeals,
deadlines (dates, done dates, completion, state at the time, alert), ratings,
response date; per team its approval priority; counts; and, for the appealed
complaints, every decision round as it was when it was communicated and
contested (the truth the rebuilt rounds are compared with); when the decision
of a complaint whose communication date a script cleared was first
communicated; and the mail templates the user customised (the progress mail:
the upgrade keeps it).
"""

import json
import os
from datetime import timedelta

from odoo import Command, fields

PHASES = ("ack", "assessment", "decision", "closure")
PHASE_DONE = {
    "ack": "date_acknowledged",
    "assessment": "date_assessed",
    "decision": "date_decision_communicated",
    "closure": "date_closed",
}
RATED = ("speed", "clarity", "fairness", "overall")
DECISION_FIELDS = (
    "decision_outcome",
    "decision_reasons",
    "resolution_type",
    "remedy_cost",
    "decided_by_id",
    "approved_by_id",
    "date_decision_communicated",
)
RATING_FIELDS = [
    *(f"handling_rating_{aspect}" for aspect in RATED),
    "handling_rating_comment",
    "date_handling_rated",
    "date_rating_requested",
]
# Reasons with what an email escapes and a line break: the migration reads
# an earlier round's reasons back from the decision email.
TRICKY_REASONS = (
    "Checked with the carrier & the warehouse: <no> damage on loading.\n"
    'Second line, with "quotes" and l\'apostrophe.'
)


def plain(value):
    """A JSON value of a field value."""
    if hasattr(value, "_name"):
        return value.id or False
    if hasattr(value, "strftime"):
        return fields.Datetime.to_string(value)
    return value


class Seed:
    def __init__(self, env):
        self.env = env
        self.now = fields.Datetime.now()
        self.truth = {}
        # appealed without tracking: the handler of round 1 is not known
        self.untracked = set()
        # ... and without the note: only that round 1 was contested is known
        self.lost = set()
        # when the decision was first communicated, where the column lost it
        self.first_communicated = {}
        # templates changed by the user: the upgrade keeps them
        self.customised = []

    # -- set-up ---------------------------------------------------------
    def users(self):
        env = self.env
        group_user = env.ref("customer_complaint_iso10002.group_complaint_user")
        group_manager = env.ref("customer_complaint_iso10002.group_complaint_manager")

        def user(login, group, lang="en_US"):
            return (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": f"Upgrade {login}",
                        "login": f"upgrade_{login}",
                        "email": f"upgrade_{login}@example.com",
                        "lang": lang,
                        "groups_id": [Command.set([group.id])],
                    }
                )
            )

        self.admin = env.ref("base.user_admin")
        self.manager_a = user("manager_a", group_manager)
        self.manager_b = user("manager_b", group_manager)
        self.h1 = user("handler_1", group_user)
        self.h2 = user("handler_2", group_user)
        self.h_fr = user("handler_fr", group_user, "fr_FR")
        self.care = env.ref("customer_complaint_iso10002.team_customer_care")
        self.after_sales = env.ref("customer_complaint_iso10002.team_after_sales")
        # Customer Care approves from Medium; After-Sales never asks.
        self.care.write(
            {
                "approval_priority": "1",
                "member_ids": [Command.link(u.id) for u in (self.h1, self.h2)],
            }
        )
        self.after_sales.write(
            {
                "approval_priority": False,
                "member_ids": [Command.link(self.h_fr.id)],
            }
        )
        self.commit()

    def french(self):
        """French and German, with the addon's translations (the upgrade
        reloads the mail templates' in both)."""
        env = self.env
        for lang in ("fr_FR", "de_DE"):
            env["res.lang"]._activate_lang(lang)
        env["ir.module.module"].search(
            [("name", "=", "customer_complaint_iso10002")]
        )._update_translations(filter_lang=["fr_FR", "de_DE"])
        self.commit()

    def commit(self):
        self.env.cr.commit()
        self.env.invalidate_all()

    def stage(self, name):
        return self.env.ref(f"customer_complaint_iso10002.stage_{name}")

    # -- actions, each as its user, each committed -----------------------
    def create(self, key, user, team, days=20.0, lang="en_US", ack=True, **vals):
        env = self.env
        partner = env["res.partner"].create(
            {
                "name": f"Complainant {key}",
                "email": f"upgrade-{key.lower()}@example.com",
                "lang": lang,
            }
        )
        complaint = (
            env["customer.complaint"]
            .with_user(user)
            .with_context(lang=lang, complaint_skip_acknowledgement=not ack)
            .create(
                {
                    "name": f"UPGRADE {key}",
                    "partner_id": partner.id,
                    "team_id": team.id,
                    "user_id": user.id,
                    "channel": "phone",
                    "date_received": self.now - timedelta(days=days),
                    **vals,
                }
            )
        )
        self.commit()
        return complaint.with_user(env.user).with_context(lang="en_US")

    def act(self, complaint, user, method, *args, lang="en_US"):
        result = getattr(complaint.with_user(user).with_context(lang=lang), method)(
            *args
        )
        self.commit()
        return result

    def write(self, complaint, user, vals, lang="en_US"):
        self.act(complaint, user, "write", vals, lang=lang)

    def assess(self, complaint, user, severity="1", impact="1", lang="en_US"):
        self.write(
            complaint,
            user,
            {"severity": severity, "impact": impact, "complexity": "low"},
            lang,
        )

    def move(self, complaint, user, stage):
        self.write(complaint, user, {"stage_id": self.stage(stage).id})

    def decide(
        self, complaint, user, outcome, reasons, resolution, cost=0.0, lang="en_US"
    ):
        self.write(
            complaint,
            user,
            {
                "decision_outcome": outcome,
                "decision_reasons": reasons,
                "resolution_type": resolution,
                "remedy_cost": cost,
                "root_cause": "Seen in the investigation.",
            },
            lang,
        )

    def communicate(self, complaint, user, lang="en_US"):
        self.act(complaint, user, "action_communicate_decision", lang=lang)
        self.record_round(complaint)

    def contest(self, complaint, user, reason, portal=False, lang="en_US", track=True):
        if portal:
            complaint.sudo().with_context(lang=lang)._action_contest_decision(reason)
            self.commit()
        else:
            untracked = complaint.with_context(tracking_disable=not track)
            self.write(untracked, user, {"contest_reason": reason}, lang)
            self.act(untracked, user, "action_record_answer_contested", lang=lang)
        complaint.invalidate_recordset()
        last = self.truth[complaint.id][-1]
        last.update(
            answer="contested",
            contest_reason=reason,
            date_answer=plain(complaint.date_answer),
            reviewer_id=complaint.reviewer_id.id or False,
        )
        return complaint.user_id

    def accept(self, complaint, user):
        self.act(complaint, user, "action_record_answer_accepted")
        complaint.invalidate_recordset()
        self.truth[complaint.id][-1].update(
            answer="accepted", date_answer=plain(complaint.date_answer)
        )

    def record_round(self, complaint):
        """The decision as it is when communicated: one round of the truth."""
        complaint.invalidate_recordset()
        rounds = self.truth.setdefault(complaint.id, [])
        rounds.append(
            {
                **{name: plain(complaint[name]) for name in DECISION_FIELDS},
                "round": len(rounds) + 1,
                "handler_id": complaint.user_id.id,
            }
        )

    def rate(self, complaint, overall=4):
        # 18.0.1's portal route writes the ratings as superuser.
        marks = dict(zip(RATED, (3, 5, 4, overall), strict=True))
        complaint.sudo().write(
            {
                **{f"handling_rating_{aspect}": marks[aspect] for aspect in RATED},
                "handling_rating_comment": "Slow, but fair & clear.",
                "date_handling_rated": fields.Datetime.now(),
            }
        )
        self.commit()

    # -- the scenarios ---------------------------------------------------
    def run(self):
        self.french()
        self.users()
        admin, h1, h2, care = self.admin, self.h1, self.h2, self.care
        self.create("NEW", h1, care, days=1 / 24)
        self.create("NEW_LATE", h1, care, ack=False)
        complaint = self.create("ASSESSMENT", h1, care, days=3)
        self.assess(complaint, h1)
        self.move(complaint, h1, "assessment")
        self.at_risk()
        complaint = self.create("INVESTIGATION", h2, care)
        self.assess(complaint, h2)
        self.move(complaint, h2, "investigation")
        # Medium priority at Customer Care: the decision needs approval.
        complaint = self.create("RESPONSE", h1, care)
        self.assess(complaint, h1, "2", "2")
        self.move(complaint, h1, "response")
        self.decide(complaint, h1, "upheld", "Our fault.", "replacement", 80.0)
        complaint = self.create("APPROVED", h2, care)
        self.assess(complaint, h2, "2", "2")
        self.move(complaint, h2, "response")
        self.decide(complaint, h2, "partly_upheld", "Half of it.", "goodwill", 30.0)
        self.act(complaint, self.manager_a, "action_approve_decision")
        complaint = self.create("AWAITING", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "As ordered.", "explanation")
        self.communicate(complaint, h1)
        complaint = self.create("MET", h1, care, days=2 / 24)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "upheld", "Quick one.", "repair", 15.0)
        self.communicate(complaint, h1)
        complaint = self.create("CLOSED", h2, care)
        self.assess(complaint, h2)
        self.decide(complaint, h2, "upheld", "Sorry.", "replacement", 40.0)
        self.communicate(complaint, h2)
        self.accept(complaint, h2)
        self.rate(complaint)
        complaint = self.create("NO_ANSWER", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "Nothing wrong.", "none")
        self.communicate(complaint, h1)
        self.write(
            complaint,
            h1,
            {"date_decision_communicated": self.now - timedelta(days=30)},
        )
        self.truth.pop(complaint.id)
        self.env["customer.complaint"]._cron_auto_close_unanswered()
        self.commit()
        self.communication_cleared()
        self.customise_template()
        complaint = self.create("REJECTED", h2, care)
        self.write(complaint, h2, {"rejection_reason": "out_of_scope"})
        self.act(complaint, h2, "action_reject_not_admissible")
        complaint = self.create("ARCHIVED", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "upheld", "Agreed.", "explanation")
        self.communicate(complaint, h1)
        self.accept(complaint, h1)
        self.write(complaint, h1, {"active": False})
        complaint = self.create("REOPENED", h2, care)
        self.assess(complaint, h2)
        self.decide(complaint, h2, "partly_upheld", "Partly.", "goodwill", 10.0)
        self.communicate(complaint, h2)
        self.accept(complaint, h2)
        self.act(complaint, admin, "_action_reopen", "New facts came up.")
        self.appeals()
        self.env["customer.complaint"]._cron_escalate_deadlines()
        self.commit()

    def communication_cleared(self):
        """Communicated three days ago, the communication date then cleared
        by a script (18.0.1 let any write through) and closed: only the
        tracking still says when the decision was first communicated."""
        admin, h1 = self.admin, self.h1
        complaint = self.create("COMM_CLEARED", h1, self.care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "upheld", "Cleared later.", "repair", 20.0)
        self.communicate(complaint, h1)
        self.truth.pop(complaint.id)
        cr = self.env.cr
        cr.execute(
            """
            UPDATE mail_tracking_value v
               SET new_value_datetime = v.new_value_datetime - interval '3 days'
              FROM mail_message m, ir_model_fields f
             WHERE m.id = v.mail_message_id AND f.id = v.field_id
               AND m.model = 'customer.complaint' AND m.res_id = %s
               AND f.name = 'date_decision_communicated'
            RETURNING v.new_value_datetime
            """,
            [complaint.id],
        )
        self.first_communicated[complaint.id] = plain(min(r[0] for r in cr.fetchall()))
        self.write(
            complaint.with_context(tracking_disable=True),
            admin,
            {"date_decision_communicated": False, "complainant_answer": "accepted"},
        )
        self.move(complaint, admin, "closed")

    def customise_template(self):
        """The progress mail, reworded by the user: kept by the upgrade."""
        template = self.env.ref(
            "customer_complaint_iso10002.mail_template_complaint_progress"
        ).with_context(lang="en_US")
        template.body_html = f"{template.body_html}<p>Our own closing words.</p>"
        self.customised.append("mail_template_complaint_progress")
        self.commit()

    def at_risk(self):
        """An investigation whose decision or closure is at risk now: the
        receipt moved back until one is (depends on the policy and the
        calendar, hence the search)."""
        complaint = self.create("AT_RISK", self.h2, self.care, days=1)
        self.assess(complaint, self.h2)
        self.move(complaint, self.h2, "investigation")
        sudo = complaint.sudo()
        for hours in range(2, 24 * 40, 2):
            sudo.date_received = self.now - timedelta(hours=hours)
            sudo.invalidate_recordset()
            if "at_risk" in (sudo.decision_deadline_state, sudo.closure_deadline_state):
                break
        self.commit()

    def appeals(self):
        admin, h1, care = self.admin, self.h1, self.care
        # Appealed once on the portal, decided again, accepted, closed, rated.
        complaint = self.create("APPEAL_CLOSED", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", TRICKY_REASONS, "explanation")
        self.communicate(complaint, h1)
        reviewer = self.contest(
            complaint, None, "You did not look at the photos & the box.", portal=True
        )
        self.decide(
            complaint, reviewer, "upheld", "The photos show it.", "replacement", 120.5
        )
        self.communicate(complaint, reviewer)
        self.accept(complaint, reviewer)
        self.rate(complaint, overall=5)
        # Appealed by phone; the appeal is open, nothing decided yet.
        complaint = self.create("APPEAL_OPEN", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "Normal wear.", "explanation")
        self.communicate(complaint, h1)
        self.contest(complaint, h1, "It is not wear, it broke.")
        # Appealed twice, with approvals; the third decision awaits an answer.
        complaint = self.create("APPEAL_TWICE", h1, care)
        self.assess(complaint, h1, "2", "2")
        self.decide(complaint, h1, "partly_upheld", "A voucher.", "goodwill", 20.0)
        self.act(complaint, admin, "action_approve_decision")
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, h1, "A voucher is not enough.")
        self.decide(complaint, reviewer, "not_upheld", "On reflection, no.", "none")
        approver = self.manager_b if reviewer == self.manager_a else self.manager_a
        self.act(complaint, approver, "action_approve_decision")
        self.communicate(complaint, reviewer)
        reviewer = self.contest(
            complaint, reviewer, "Now it is even less!", portal=True
        )
        self.decide(
            complaint, reviewer, "upheld", "Full replacement.", "replacement", 300.0
        )
        approver = next(
            user
            for user in (self.manager_a, self.manager_b, admin)
            if user not in (reviewer, complaint.user_id)
        )
        self.act(complaint, approver, "action_approve_decision")
        self.communicate(complaint, reviewer)
        # Appealed; the second decision is recorded, not communicated.
        complaint = self.create("APPEAL_DRAFT", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "No.", "explanation")
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, h1, "Please look again.")
        self.decide(complaint, reviewer, "partly_upheld", "Half.", "goodwill", 12.0)
        # Appealed; same outcome, resolution and decider, new reasons only:
        # nothing tracked tells the rounds apart but the email.
        complaint = self.create("APPEAL_SAME", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "upheld", "First reasons.", "repair", 50.0)
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, h1, "Repair is not enough.")
        self.write(complaint, reviewer, {"decision_reasons": "Second reasons."})
        self.communicate(complaint, reviewer)
        self.accept(complaint, reviewer)
        # In French: labels tracked in French, French email and note.
        fr, h_fr = "fr_FR", self.h_fr
        complaint = self.create("APPEAL_FR", h_fr, self.after_sales, lang=fr)
        self.assess(complaint, h_fr, lang=fr)
        self.decide(complaint, h_fr, "upheld", "Motifs : livré cassé.", "repair", 0, fr)
        self.communicate(complaint, h_fr, lang=fr)
        self.contest(complaint, h_fr, "Réparer ne suffit pas.", lang=fr)
        reviewer = complaint.user_id
        self.decide(
            complaint, reviewer, "partly_upheld", "Un geste.", "goodwill", 25.0, fr
        )
        self.communicate(complaint, reviewer, lang=fr)
        # Appealed without tracking (an import, a script): the note tells.
        complaint = self.create("APPEAL_NOTE_ONLY", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "Out of warranty.", "explanation")
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, h1, "Bought 11 months ago.", track=False)
        self.untracked.add(complaint.id)
        self.decide(complaint, reviewer, "upheld", "Within warranty.", "repair", 60.0)
        self.communicate(complaint, reviewer)
        # ... and its note deleted: the appeal is lost to the chatter.
        complaint = self.create("APPEAL_LOST", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "Misuse.", "explanation")
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, h1, "No misuse at all.", track=False)
        self.env["mail.message"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("body", "ilike", "contested the decision"),
            ]
        ).unlink()
        self.commit()
        self.lost.add(complaint.id)
        self.untracked.add(complaint.id)
        self.decide(
            complaint, reviewer, "partly_upheld", "Some misuse.", "goodwill", 5.0
        )
        self.communicate(complaint, reviewer)


def fingerprint(env, seed):
    Complaint = env["customer.complaint"].with_context(active_test=False)
    now = fields.Datetime.now()
    complaints = {}
    for complaint in Complaint.search([], order="id"):
        phases = {}
        for phase in PHASES:
            done = complaint[PHASE_DONE[phase]] or complaint.date_closed
            phases[phase] = {
                "deadline": plain(complaint[f"date_{phase}_deadline"]),
                "risk": plain(complaint[f"date_{phase}_risk"]),
                "completion": complaint[f"{phase}_completion"],
                "state": complaint[f"{phase}_deadline_state"],
                "alert": complaint[f"{phase}_alert"] or False,
                "done": plain(done),
                "at_closing": bool(not complaint[PHASE_DONE[phase]] and done)
                if phase != "closure"
                else False,
            }
        complaints[str(complaint.id)] = {
            "reference": complaint.reference,
            "name": complaint.name,
            "stage_id": complaint.stage_id.id,
            "stage": complaint.stage_id.name,
            "is_closed": complaint.is_closed,
            "active": complaint.active,
            "user_id": complaint.user_id.id,
            "team_id": complaint.team_id.id,
            "priority": complaint.priority,
            "date_received": plain(complaint.date_received),
            "date_closed": plain(complaint.date_closed),
            "date_response_due": plain(complaint.date_response_due),
            "escalation_level": complaint.escalation_level,
            "reopen_count": complaint.reopen_count,
            "appeal_count": complaint.appeal_count,
            "complainant_answer": complaint.complainant_answer,
            "date_answer": plain(complaint.date_answer),
            "contest_reason": complaint.contest_reason or False,
            "reviewer_id": complaint.reviewer_id.id,
            "credit_note_id": complaint.credit_note_id.id,
            "replacement_order_id": complaint.replacement_order_id.id,
            "date_decision": plain(complaint.date_decision),
            "date_approved": plain(complaint.date_approved),
            **{name: plain(complaint[name]) for name in DECISION_FIELDS},
            **{name: plain(complaint[name]) for name in RATING_FIELDS},
            "phases": phases,
        }
    teams = {
        str(team.id): team.approval_priority or False
        for team in env["customer.complaint.team"]
        .with_context(active_test=False)
        .search([])
    }
    counts = {"stage": {}, "outcome": {}}
    for data in complaints.values():
        counts["stage"][data["stage"]] = counts["stage"].get(data["stage"], 0) + 1
        outcome = data["decision_outcome"] or "none"
        counts["outcome"][outcome] = counts["outcome"].get(outcome, 0) + 1
    counts["appeals"] = sum(data["appeal_count"] for data in complaints.values())
    counts["ratings"] = sum(
        1 for data in complaints.values() if data["handling_rating_overall"]
    )
    states = [
        phase["state"]
        for data in complaints.values()
        for phase in data["phases"].values()
    ]
    return {
        "date": fields.Datetime.to_string(now),
        "complaints": complaints,
        "teams": teams,
        "rating_fields": RATING_FIELDS,
        "managers": env.ref("customer_complaint_iso10002.group_complaint_manager")
        .users.filtered(lambda u: u.active and not u.share)
        .ids,
        "counts": counts,
        "states": sorted(set(states)),
        "truth": {str(cid): rounds for cid, rounds in seed.truth.items()},
        "lost": sorted(str(cid) for cid in seed.lost),
        "untracked": sorted(str(cid) for cid in seed.untracked),
        "first_communicated": {
            str(cid): date for cid, date in seed.first_communicated.items()
        },
        "customised_templates": seed.customised,
    }


def main(env):
    seed = Seed(env)
    seed.run()
    data = fingerprint(env, seed)
    missing = {"breached", "met", "met_late", "at_risk", "on_time"} - set(
        data["states"]
    )
    stages = set(data["counts"]["stage"])
    all_stages = set(env["customer.complaint.stage"].search([]).mapped("name"))
    problems = []
    if missing:
        problems.append(f"no deadline {', '.join(sorted(missing))} in the old database")
    if all_stages - stages:
        problems.append(f"no complaint in {', '.join(sorted(all_stages - stages))}")
    if len(data["truth"]) < 6:
        problems.append(f"only {len(data['truth'])} appealed complaints")
    data["problems"] = problems
    with open(os.environ["UPGRADE_CHECK_FINGERPRINT"], "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
    print(
        f"[upgrade] seeded: {len(data['complaints'])} complaints, "
        f"{data['counts']['appeals']} appeals, {data['counts']['ratings']} ratings, "
        f"deadline states {', '.join(data['states'])}"
    )


if __name__ == "__main__":
    main(env)  # noqa: F821 (odoo shell's environment)
