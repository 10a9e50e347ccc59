# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upgrade check from 18.0.2.0.0 and from 18.0.3.0.0, step 1 (run by
.ci/upgrade_check.sh in an `odoo shell` of that version): add, on top of its
demo data, complaints in every stage the way its users made them, then write
the fingerprint of what the upgrade must keep.

Every action runs as the user who would take it (support users, managers,
the complainant through the portal methods) and is committed on its own, as
one web request each is: decision rounds in every state (draft, submitted,
approved, communicated, accepted, contested, no answer), appeals once and
twice, in French, approvals under a team rule, a cost band and a deputy,
ratings, phases breached, at risk, met and met late, a rejected, an archived
and a reopened complaint, a confirmed (frozen) management review; and one
complaint whose first decision phase the 18.0.2.0.0 migration would have
completed at the closing (the 18.0.3.0.0 step puts back the communication;
from 18.0.3.0.0, no such complaint).

The fingerprint (JSON, path in UPGRADE_CHECK_FINGERPRINT) holds every
record of the models below (demo ones included) with the stored fields that
make the complaint record, and the counts.
"""

import json
import os
from datetime import timedelta

from odoo import Command, fields

# model: fields compared after the upgrade (those that still exist)
MODELS = {
    "customer.complaint": [
        "reference",
        "name",
        "company_id",
        "partner_id",
        "team_id",
        "stage_id",
        "user_id",
        "priority",
        "active",
        "is_closed",
        "date_received",
        "date_acknowledged",
        "date_assessed",
        "date_closed",
        "closed_by_id",
        "date_response_due",
        "escalation_level",
        "reopen_count",
        "appeal_count",
        "handling_rating_speed",
        "handling_rating_clarity",
        "handling_rating_fairness",
        "handling_rating_overall",
        "handling_rating_comment",
        "date_handling_rated",
        "date_rating_requested",
        "lang",
    ],
    "customer.complaint.decision": [
        "complaint_id",
        "round",
        "state",
        "outcome",
        "reasons",
        "resolution_type",
        "remedy_cost",
        "credit_note_id",
        "replacement_order_id",
        "decided_by_id",
        "date_decision",
        "handler_id",
        "approval_required",
        "delegation_id",
        "approved_by_id",
        "authority_id",
        "date_approved",
        "date_communicated",
        "mail_message_id",
        "answer",
        "date_answer",
        "answer_channel",
        "answer_recorded_by_id",
        "contest_reason",
        "reviewer_id",
    ],
    "customer.complaint.phase": [
        "complaint_id",
        "phase",
        "round",
        "date_start",
        "date_deadline",
        "date_at_risk",
        "date_done",
        "done_at_closing",
        "state",
        "alert",
        "date_alert",
        "escalation_level",
    ],
    "customer.complaint.delegation": [
        "name",
        "active",
        "company_id",
        "is_top_management",
        "team_id",
        "resolution_type",
        "category_id",
        "min_severity",
        "safety_related",
        "min_priority",
        "cost_from",
        "cost_to",
        "approver_ids",
    ],
    "customer.complaint.deputy": [
        "user_id",
        "deputy_id",
        "date_from",
        "date_to",
        "company_id",
        "reason",
    ],
    "customer.complaint.review": [
        "name",
        "company_id",
        "date_from",
        "date_to",
        "state",
        "date_confirmed",
        "input_data",
        "audit_findings",
        "notes",
        "decision_ids",
        "attendee_ids",
    ],
    "customer.complaint.review.decision": [
        "review_id",
        "sequence",
        "name",
        "user_id",
        "date_due",
        "done",
    ],
}
RATINGS = {"speed": 3, "clarity": 5, "fairness": 4, "overall": 4}


def plain(value):
    """A JSON value of a field value."""
    if hasattr(value, "_name"):
        return sorted(value.ids) if len(value) > 1 else (value.id or False)
    if hasattr(value, "hour"):
        return fields.Datetime.to_string(value)
    if hasattr(value, "strftime"):
        return fields.Date.to_string(value)
    return value


class Seed:
    def __init__(self, env):
        self.env = env
        self.now = fields.Datetime.now()
        self.marks = {}  # complaint key: id
        self.first_done = {}  # complaint id: round-1 communication

    def commit(self):
        self.env.cr.commit()
        self.env.invalidate_all()

    def stage(self, name):
        return self.env.ref(f"customer_complaint_iso10002.stage_{name}")

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
        self.care.member_ids = [Command.link(u.id) for u in (self.h1, self.h2)]
        self.after_sales.member_ids = [Command.link(self.h_fr.id)]
        Rule = env["customer.complaint.delegation"].with_user(self.manager_a)
        # Customer Care: medium priority and above approved by the managers;
        # remedies from 200 by manager B (or the deputy while away).
        self.rule = Rule.create(
            {
                "name": "Upgrade: Customer Care from medium priority",
                "team_id": self.care.id,
                "min_priority": "1",
                "approver_ids": [Command.set((self.manager_a | self.manager_b).ids)],
            }
        )
        self.band = Rule.create(
            {
                "name": "Upgrade: remedies from 200",
                "sequence": 1,
                "team_id": self.care.id,
                "cost_from": 200.0,
                "approver_ids": [Command.set(self.manager_b.ids)],
            }
        )
        Deputy = env["customer.complaint.deputy"]
        today = fields.Date.context_today(Deputy)
        Deputy.with_user(self.manager_b).create(
            {
                "deputy_id": self.manager_a.id,
                "date_from": today,
                "date_to": today + timedelta(days=6),
                "reason": "Holidays",
            }
        )
        # made at the time (a deputy starts today at the earliest)
        Deputy.sudo().create(
            {
                "user_id": self.manager_a.id,
                "deputy_id": self.manager_b.id,
                "date_from": today - timedelta(days=40),
                "date_to": today - timedelta(days=30),
                "reason": "Training",
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

    # -- actions, each as its user, each committed -----------------------
    def create(self, key, user, team, days=20.0, lang="en_US", **vals):
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
            .with_context(lang=lang)
            .create(
                {
                    "name": f"UPGRADE {key}",
                    "partner_id": partner.id,
                    "team_id": team.id,
                    "user_id": user.id,
                    "channel": "phone",
                    **vals,
                }
            )
        )
        self.commit()
        # received earlier (the process stamps now): as if it came by post
        complaint.sudo().date_received = self.now - timedelta(days=days)
        self.commit()
        self.marks[key] = complaint.id
        return complaint.with_user(env.user).with_context(lang="en_US")

    def cron(self, model, method):
        """A scheduled job: on the complaint in 18.0.2, on the model of what it
        handles (``model``.``method``) from 18.0.3."""
        legacy = {
            "_cron_close_unanswered": "_cron_auto_close_unanswered",
            "_cron_escalate": "_cron_escalate_deadlines",
        }[method]
        Complaint = self.env["customer.complaint"]
        if hasattr(Complaint, legacy):
            return getattr(Complaint, legacy)()
        return getattr(self.env[model], method)()

    def act(self, record, user, method, *args, lang="en_US"):
        result = getattr(record.with_user(user).with_context(lang=lang), method)(*args)
        self.commit()
        return result

    def assess(self, complaint, user, severity="1", impact="1"):
        self.act(
            complaint,
            user,
            "write",
            {"severity": severity, "impact": impact, "complexity": "low"},
        )

    def move(self, complaint, user, stage):
        self.act(complaint, user, "write", {"stage_id": self.stage(stage).id})

    def decide(self, complaint, user, outcome, reasons, resolution, cost=0.0):
        Decision = self.env["customer.complaint.decision"].with_user(user)
        vals = {
            "outcome": outcome,
            "reasons": reasons,
            "resolution_type": resolution,
            "remedy_cost": cost,
        }
        current = complaint.current_decision_id
        if current and current.state in ("draft", "to_approve", "approved"):
            current.with_user(user).write(vals)
        else:
            complaint.with_user(user).write(
                {"root_cause": "Seen in the investigation."}
            )
            current = Decision.create(dict(vals, complaint_id=complaint.id))
        self.commit()
        return current.with_user(self.env.user)

    def approver(self, decision):
        """Someone who holds the authority of the round's rule and took no
        part in it."""
        excluded = decision._approval_excluded_users()
        return next(
            user
            for user in (self.manager_a, self.manager_b, self.admin)
            if user not in excluded
        )

    def communicate(self, complaint, user):
        decision = complaint.current_decision_id
        self.act(decision, user, "action_communicate")
        return decision

    def rate(self, complaint, overall=4):
        # the portal route, after checking the caller is the complainant
        complaint.sudo()._rate_handling(dict(RATINGS, overall=overall), "Fair & clear.")
        self.commit()

    # -- the scenarios ---------------------------------------------------
    def run(self):
        self.french()
        self.users()
        h1, h2, care = self.h1, self.h2, self.care
        ma = self.manager_a
        self.create("NEW", h1, care, days=1 / 24)
        complaint = self.create("ASSESSMENT", h1, care, days=3)
        self.assess(complaint, h1)
        self.move(complaint, h1, "assessment")
        complaint = self.create("INVESTIGATION", h2, care)
        self.assess(complaint, h2)
        self.move(complaint, h2, "investigation")
        complaint = self.create("AT_RISK", h2, care, days=1)
        self.assess(complaint, h2)
        self.move(complaint, h2, "investigation")
        sudo = complaint.sudo()
        for hours in range(2, 24 * 40, 2):
            sudo.date_received = self.now - timedelta(hours=hours)
            self.env.flush_all()
            if "at_risk" in sudo.phase_ids.mapped(
                lambda p: p._state_at(fields.Datetime.now())
            ):
                break
        self.commit()
        # medium priority at Customer Care: approval needed
        complaint = self.create("RESPONSE", h1, care)
        self.assess(complaint, h1, "2", "2")
        self.move(complaint, h1, "response")
        self.decide(complaint, h1, "upheld", "Our fault.", "replacement", 80.0)
        complaint = self.create("TO_APPROVE", h2, care)
        self.assess(complaint, h2, "2", "2")
        decision = self.decide(complaint, h2, "upheld", "Ask first.", "repair", 30.0)
        self.act(decision, h2, "action_request_approval")
        complaint = self.create("APPROVED", h2, care)
        self.assess(complaint, h2, "2", "2")
        decision = self.decide(
            complaint, h2, "partly_upheld", "Half.", "goodwill", 30.0
        )
        self.act(decision, self.approver(decision), "action_approve")
        # above the band: manager B's authority, approved by A as deputy
        complaint = self.create("DEPUTY", h1, care)
        self.assess(complaint, h1, "2", "2")
        decision = self.decide(complaint, h1, "upheld", "Costly.", "replacement", 250.0)
        self.act(decision, ma, "action_approve")
        self.communicate(complaint, h1)
        complaint = self.create("AWAITING", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "As ordered.", "explanation")
        self.communicate(complaint, h1)
        complaint = self.create("CLOSED", h2, care)
        self.assess(complaint, h2)
        self.decide(complaint, h2, "upheld", "Sorry.", "replacement", 40.0)
        decision = self.communicate(complaint, h2)
        self.act(decision, h2, "action_record_answer", "accepted", "phone")
        self.rate(complaint)
        complaint = self.create("NO_ANSWER", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "Nothing wrong.", "none")
        decision = self.communicate(complaint, h1)
        # a month ago (the round and its phase): the delay to answer has passed
        month_ago = self.now - timedelta(days=30)
        decision._process_env().write({"date_communicated": month_ago})
        complaint.phase_ids.filtered(
            lambda p: p.phase == "decision" and p.round == 1
        )._process_env().write({"date_done": month_ago})
        self.commit()
        self.cron("customer.complaint.decision", "_cron_close_unanswered")
        self.commit()
        complaint = self.create("REJECTED", h2, care)
        self.act(complaint, h2, "write", {"rejection_reason": "out_of_scope"})
        self.act(complaint, h2, "action_reject_not_admissible")
        complaint = self.create("ARCHIVED", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "upheld", "Agreed.", "explanation")
        decision = self.communicate(complaint, h1)
        self.act(decision, h1, "action_record_answer", "accepted", "email")
        self.act(complaint, ma, "_action_archive", "Duplicate file kept elsewhere.")
        complaint = self.create("REOPENED", h2, care)
        self.assess(complaint, h2)
        self.decide(complaint, h2, "partly_upheld", "Partly.", "goodwill", 10.0)
        decision = self.communicate(complaint, h2)
        self.act(decision, h2, "action_record_answer", "accepted", "letter")
        self.act(complaint, ma, "_action_reopen", "New facts came up.")
        self.appeals()
        version = (
            self.env["ir.module.module"]
            .search([("name", "=", "customer_complaint_iso10002")])
            .latest_version
        )
        # a state only the 18.0.2.0.0 migration left (18.0.3.0.0 repairs it)
        if tuple(map(int, version.split("."))) < (18, 0, 3):
            self.first_decision_at_closing()
        self.review()
        self.cron("customer.complaint.phase", "_cron_escalate")
        self.commit()

    def contest(self, complaint, user, reason, portal=False):
        decision = complaint.current_decision_id
        if portal:
            decision.sudo()._contest(reason)
            self.commit()
        else:
            self.act(
                decision, user, "action_record_answer", "contested", "phone", reason
            )
        complaint.invalidate_recordset()
        return complaint.user_id

    def appeals(self):
        h1, care = self.h1, self.care
        complaint = self.create("APPEAL_CLOSED", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "No & no.", "explanation")
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, None, "Look at the photos.", portal=True)
        self.decide(complaint, reviewer, "upheld", "The photos show it.", "repair", 20)
        decision = self.communicate(complaint, reviewer)
        decision.sudo()._accept()
        self.commit()
        self.rate(complaint, overall=5)
        complaint = self.create("APPEAL_OPEN", h1, care)
        self.assess(complaint, h1)
        self.decide(complaint, h1, "not_upheld", "Normal wear.", "explanation")
        self.communicate(complaint, h1)
        self.contest(complaint, h1, "It broke.")
        complaint = self.create("APPEAL_TWICE", h1, care)
        self.assess(complaint, h1, "2", "2")
        decision = self.decide(complaint, h1, "partly_upheld", "A voucher.", "goodwill")
        self.act(decision, self.approver(decision), "action_approve")
        self.communicate(complaint, h1)
        reviewer = self.contest(complaint, h1, "Not enough.")
        decision = self.decide(complaint, reviewer, "not_upheld", "No.", "none")
        self.act(decision, self.approver(decision), "action_approve")
        self.communicate(complaint, reviewer)
        reviewer = self.contest(complaint, reviewer, "Even less!", portal=True)
        decision = self.decide(
            complaint, reviewer, "upheld", "Full replacement.", "replacement", 90.0
        )
        self.act(decision, self.approver(decision), "action_approve")
        self.communicate(complaint, reviewer)
        fr, h_fr = "fr_FR", self.h_fr
        complaint = self.create("APPEAL_FR", h_fr, self.after_sales, lang=fr)
        self.assess(complaint, h_fr)
        self.decide(complaint, h_fr, "upheld", "Motifs : livré cassé.", "repair")
        self.communicate(complaint, h_fr)
        reviewer = self.contest(complaint, h_fr, "Réparer ne suffit pas.")
        self.decide(complaint, reviewer, "partly_upheld", "Un geste.", "goodwill", 25.0)
        self.communicate(complaint, reviewer)

    def first_decision_at_closing(self):
        """Communicated three days before it was closed; the phase as the
        18.0.2.0.0 migration left it: done at the closing."""
        h2 = self.h2
        complaint = self.create("FIRST_DONE", h2, self.care)
        self.assess(complaint, h2)
        self.decide(complaint, h2, "upheld", "Replaced.", "replacement", 15.0)
        decision = self.communicate(complaint, h2)
        self.act(decision, h2, "action_record_answer", "accepted", "phone")
        cr = self.env.cr
        cr.execute(
            """
            UPDATE customer_complaint_decision
               SET date_communicated = date_communicated - interval '3 days'
             WHERE id = %s RETURNING date_communicated
            """,
            [decision.id],
        )
        self.first_done[complaint.id] = plain(cr.fetchone()[0])
        cr.execute(
            """
            UPDATE customer_complaint_phase phase
               SET date_done = complaint.date_closed
              FROM customer_complaint complaint
             WHERE complaint.id = phase.complaint_id AND complaint.id = %s
               AND phase.phase = 'decision' AND phase.round = 1
            """,
            [complaint.id],
        )
        self.commit()

    def review(self):
        """A management review confirmed (frozen), with its decisions."""
        ma = self.manager_a
        Review = self.env["customer.complaint.review"].with_user(ma)
        today = fields.Date.context_today(Review)
        review = Review.create(
            {
                "name": "Upgrade review",
                "date_from": today - timedelta(days=60),
                "date_to": today,
                "attendee_ids": [Command.set((ma | self.manager_b).ids)],
                "audit_findings": "<p>Two late decisions.</p>",
                "notes": "<p>Keep the carrier briefing.</p>",
                "decision_ids": [
                    Command.create(
                        {"name": "Brief the carriers", "user_id": ma.id, "sequence": 1}
                    ),
                    Command.create(
                        {"name": "Photos in the form", "user_id": self.h1.id}
                    ),
                ],
            }
        )
        self.commit()
        self.act(review, ma, "action_confirm")


def fingerprint(env, seed):
    records = {}
    for model, fnames in MODELS.items():
        Model = env[model].with_context(active_test=False, lang="en_US")
        records[model] = {
            str(record.id): {
                fname: plain(record[fname])
                for fname in fnames
                if fname in Model._fields
            }
            for record in Model.search([], order="id")
        }
    complaints = records["customer.complaint"]
    stages = {}
    for data in complaints.values():
        stages[data["stage_id"]] = stages.get(data["stage_id"], 0) + 1
    phase_states = sorted(
        {data["state"] for data in records["customer.complaint.phase"].values()}
    )
    round_states = sorted(
        {data["state"] for data in records["customer.complaint.decision"].values()}
    )
    return {
        "date": fields.Datetime.to_string(fields.Datetime.now()),
        "records": records,
        "marks": seed.marks,
        "first_done": {str(cid): date for cid, date in seed.first_done.items()},
        "counts": {
            "stage": {str(k): v for k, v in stages.items()},
            **{model: len(values) for model, values in records.items()},
            "archived": sum(1 for data in complaints.values() if not data["active"]),
            "ratings": sum(
                1 for data in complaints.values() if data["handling_rating_overall"]
            ),
        },
        "phase_states": phase_states,
        "round_states": round_states,
    }


def main(env):
    seed = Seed(env)
    seed.run()
    data = fingerprint(env, seed)
    problems = []
    missing = {"breached", "met", "met_late", "at_risk", "pending"} - set(
        data["phase_states"]
    )
    if missing:
        problems.append(f"no phase {', '.join(sorted(missing))} in the old database")
    missing = {
        "draft",
        "to_approve",
        "approved",
        "communicated",
        "accepted",
        "contested",
        "no_answer",
    } - set(data["round_states"])
    if missing:
        problems.append(f"no round {', '.join(sorted(missing))} in the old database")
    all_stages = env["customer.complaint.stage"].search([])
    empty = all_stages.filtered(lambda s: str(s.id) not in data["counts"]["stage"])
    if empty:
        problems.append(f"no complaint in {', '.join(empty.mapped('name'))}")
    confirmed = [
        review
        for review in data["records"]["customer.complaint.review"].values()
        if review["state"] == "confirmed"
    ]
    if not confirmed:
        problems.append("no confirmed management review")
    data["problems"] = problems
    with open(os.environ["UPGRADE_CHECK_FINGERPRINT"], "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
    counts = data["counts"]
    print(
        f"[upgrade] seeded: {counts['customer.complaint']} complaints, "
        f"{counts['customer.complaint.decision']} rounds, "
        f"{counts['customer.complaint.phase']} phases, "
        f"{counts['customer.complaint.delegation']} approval rules, "
        f"{counts['customer.complaint.deputy']} deputies, "
        f"{counts['customer.complaint.review']} reviews, {counts['ratings']} "
        f"ratings; phases {', '.join(data['phase_states'])}; rounds "
        f"{', '.join(data['round_states'])}"
    )


if __name__ == "__main__":
    main(env)  # noqa: F821 (odoo shell's environment)
