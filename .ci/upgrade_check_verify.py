# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upgrade check, step 2 (run by .ci/upgrade_check.sh in an `odoo shell` of the
working tree, after `-u customer_complaint_iso10002`): compare the upgraded
database with the fingerprint the previous version wrote
(.ci/upgrade_check_seed.py).

Checks that every complaint is there with its stage; its decision as round 1,
each appeal as the next round (the earlier rounds as they were when
communicated and contested); its deadlines as phases with the same dates, done
dates, states and alerts (the first decision done when it was first
communicated); its ratings and promised response date; each team's approval
priority as an approval rule; what every path guarantees
(.ci/upgrade_check_verify_common.py: the version, the mail templates reloaded
and rendering in English and French, a customised one kept, the stages' ISO
step, the scheduled actions, and that running the migrations again changes
nothing); then writes PASS or FAIL and the problems to UPGRADE_CHECK_RESULT.
"""

import json
import os
import runpy
from datetime import datetime

from odoo import fields

common = runpy.run_path(
    os.path.join(os.environ["UPGRADE_CHECK_CI"], "upgrade_check_verify_common.py")
)

PHASES = ("ack", "assessment", "decision", "closure")
ROUND_FIELDS = {
    # round field: fingerprint / truth key
    "outcome": "decision_outcome",
    "reasons": "decision_reasons",
    "resolution_type": "resolution_type",
    "decided_by_id": "decided_by_id",
    "approved_by_id": "approved_by_id",
    "date_communicated": "date_decision_communicated",
}
LEGACY_TABLES = (
    "customer_complaint_legacy_v1",
    "customer_complaint_team_legacy_v1",
    "customer_complaint_selection_legacy_v1",
)


def plain(value):
    if hasattr(value, "_name"):
        return value.id or False
    if isinstance(value, datetime):
        return fields.Datetime.to_string(value)
    if isinstance(value, str):
        return value.strip() or False
    return value


def live_state(phase, now):
    """18.0.1's state of a phase not done, as the phases name it."""
    deadline = phase["deadline"] and fields.Datetime.to_datetime(phase["deadline"])
    risk = phase["risk"] and fields.Datetime.to_datetime(phase["risk"])
    if deadline and now > deadline:
        return "breached"
    if risk and now >= risk:
        return "at_risk"
    return "pending"


def done_state(done, deadline):
    return "met_late" if deadline and done > deadline else "met"


class Check:
    def __init__(self, env, data):
        self.env = env
        self.data = data
        self.now = fields.Datetime.now()
        self.problems = []
        self.lines = []

    def problem(self, where, what, found, expected):
        self.problems.append(f"{where}: {what} is {found!r}, expected {expected!r}")

    def same(self, where, what, found, expected):
        found, expected = plain(found), plain(expected)
        if isinstance(expected, float) or isinstance(found, float):
            if abs((found or 0.0) - (expected or 0.0)) < 0.005:
                return True
        elif found == expected or (not found and not expected):
            return True
        self.problem(where, what, found, expected)
        return False

    def near(self, where, what, found, expected, seconds=2):
        """Dates 18.0.1 kept only in the chatter: to the second of the
        message posted with them."""
        if found and expected:
            gap = abs(found - fields.Datetime.to_datetime(expected))
            if gap.total_seconds() <= seconds:
                return True
        return self.same(where, what, found, expected)

    def section(self, name, before, detail):
        count = len(self.problems) - before
        status = "ok" if not count else f"{count} problem(s)"
        self.lines.append(f"[upgrade] {name}: {detail}: {status}")

    # ------------------------------------------------------------------
    def run(self):
        env = self.env
        for model in (
            "customer.complaint.decision",
            "customer.complaint.phase",
            "customer.complaint.delegation",
        ):
            if model not in env:
                self.problems.append(f"model {model} is missing")
        if self.problems:
            return
        before = len(self.problems)
        detail = common["module_version"](env, self.problems)
        for table in LEGACY_TABLES:
            env.cr.execute("SELECT to_regclass(%s)", [table])
            if not env.cr.fetchone()[0]:
                self.problems.append(f"legacy table {table} is missing")
        self.section("module", before, f"{detail}, legacy tables kept")
        Complaint = env["customer.complaint"].with_context(active_test=False)
        complaints = Complaint.browse([int(cid) for cid in self.data["complaints"]])
        existing = complaints.exists()
        before = len(self.problems)
        if existing != complaints:
            self.problems.append(
                f"complaints lost: {sorted((complaints - existing).ids)}"
            )
        extra = Complaint.search([("id", "not in", complaints.ids)])
        if extra:
            self.problems.append(f"complaints added by the upgrade: {extra.ids}")
        for complaint in existing:
            self.complaint(complaint)
        self.section(
            "complaints",
            before,
            f"{len(existing)} of {len(complaints)} kept (stage, archive, "
            "ratings, promised response date)",
        )
        before = len(self.problems)
        rounds = 0
        for complaint in existing:
            rounds += self.rounds(complaint)
        self.section(
            "decision rounds",
            before,
            f"{rounds} rounds, {self.data['counts']['appeals']} appeals, "
            f"{len(self.data['truth'])} decision histories",
        )
        before = len(self.problems)
        phases = 0
        for complaint in existing:
            phases += self.phases(complaint)
        self.section(
            "phases", before, f"{phases} phases (deadline, done, state, alert)"
        )
        before = len(self.problems)
        self.counts(existing)
        self.section("counts", before, "per stage, per outcome, appeals, ratings")
        before = len(self.problems)
        rules = self.delegations()
        self.section("approval rules", before, f"{rules} from team approval priorities")
        by_name = {self.old(c)["name"]: c for c in existing}
        samples = {
            "en_US": by_name["UPGRADE APPEAL_TWICE"],
            "fr_FR": by_name["UPGRADE APPEAL_FR"],
        }
        for name, check in (
            (
                "mail templates",
                lambda: common["templates"](
                    env,
                    self.problems,
                    samples,
                    self.data.get("customised_templates", ()),
                ),
            ),
            ("stages", lambda: common["stages"](env, self.problems)),
            ("scheduled actions", lambda: common["crons"](env, self.problems)),
            ("migration run again", lambda: common["idempotent"](env, self.problems)),
        ):
            before = len(self.problems)
            self.section(name, before, check())

    # ------------------------------------------------------------------
    def old(self, complaint):
        return self.data["complaints"][str(complaint.id)]

    def complaint(self, complaint):
        old = self.old(complaint)
        where = old["reference"]
        self.same(where, "reference", complaint.reference, old["reference"])
        self.same(where, "stage", complaint.stage_id, old["stage_id"])
        self.same(where, "active", complaint.active, old["active"])
        self.same(where, "closed", complaint.is_closed, old["is_closed"])
        self.same(where, "handler", complaint.user_id, old["user_id"])
        self.same(where, "priority", complaint.priority, old["priority"])
        self.same(where, "received on", complaint.date_received, old["date_received"])
        self.same(where, "closed on", complaint.date_closed, old["date_closed"])
        self.same(
            where,
            "response due (promised)",
            complaint.date_response_due,
            old["date_response_due"],
        )
        self.same(
            where,
            "escalation level",
            complaint.escalation_level,
            old["escalation_level"],
        )
        for name in self.data["rating_fields"]:
            if name not in complaint._fields:
                self.problems.append(f"{where}: rating field {name} is gone")
                continue
            self.same(where, name, complaint[name], old[name])

    def expected_rounds(self, complaint):
        """[(state, {field: value}, extra)] of the rounds the upgrade must
        give, from the recorded history or else the fingerprint."""
        old = self.old(complaint)
        appeals = old["appeal_count"]
        had = old["decision_outcome"] or appeals or old["date_decision_communicated"]
        if not had:
            return []
        truth = self.data["truth"].get(str(complaint.id))
        untracked = str(complaint.id) in self.data["untracked"]
        current = {key: old[key] for key in ROUND_FIELDS.values()}
        current.update(
            remedy_cost=old["remedy_cost"],
            answer=old["complainant_answer"],
            date_answer=old["date_answer"],
        )
        if not truth:
            state = current["answer"] or (
                "communicated"
                if current["date_decision_communicated"]
                else "approved"
                if current["approved_by_id"]
                else "draft"
            )
            current.update(
                date_decision=old["date_decision"],
                date_approved=old["date_approved"],
                credit_note_id=old["credit_note_id"],
                replacement_order_id=old["replacement_order_id"],
            )
            return [(state, current, {})]
        expected = []
        for number, recorded in enumerate(truth, start=1):
            values = {key: recorded[key] for key in ROUND_FIELDS.values()}
            values["answer"] = recorded.get("answer") or False
            extra = {"handler_id": recorded["handler_id"], "emailed": True}
            if untracked and number <= appeals:
                extra["handler_id"] = False  # changed unseen by the appeal
            if recorded.get("answer") == "contested":
                values.update(
                    contest_reason=recorded["contest_reason"],
                    reviewer_id=recorded["reviewer_id"],
                    date_answer=recorded["date_answer"],
                )
            if number == len(truth) and number == appeals + 1:
                values.update(remedy_cost=recorded["remedy_cost"])
                if old["complainant_answer"] and not recorded.get("answer"):
                    values.update(answer=old["complainant_answer"])
            state = values["answer"] or "communicated"
            expected.append((state, values, extra))
        if str(complaint.id) in self.data["lost"]:
            # The chatter lost the appeal: round 1 is known to be contested.
            expected[0] = (
                "contested",
                {
                    "decision_outcome": False,
                    "answer": "contested",
                    "contest_reason": truth[0]["contest_reason"],
                },
                {},
            )
        if len(truth) == appeals:
            # The appeal opened a round not communicated yet: decided since
            # the appeal, or empty.
            last = truth[-1]
            decided = (
                any(
                    plain(current[key]) != plain(last[key])
                    for key in (
                        "decision_outcome",
                        "decision_reasons",
                        "resolution_type",
                    )
                )
                or abs((current["remedy_cost"] or 0) - (last["remedy_cost"] or 0))
                > 0.005
            )
            if decided:
                values = dict(
                    current,
                    answer=False,
                    date_answer=False,
                    date_decision_communicated=False,
                )
                state = "approved" if values["approved_by_id"] else "draft"
                expected.append((state, values, {}))
            else:
                expected.append(("draft", {"decision_outcome": False}, {}))
        return expected

    def rounds(self, complaint):
        old = self.old(complaint)
        where = old["reference"]
        rounds = complaint.decision_ids.sorted("round")
        expected = self.expected_rounds(complaint)
        if not self.same(where, "number of rounds", len(rounds), len(expected)):
            return len(rounds)
        self.same(where, "appeal count", complaint.appeal_count, old["appeal_count"])
        self.same(
            where,
            "round numbers",
            rounds.mapped("round"),
            list(range(1, len(expected) + 1)),
        )
        for decision, (state, values, extra) in zip(rounds, expected, strict=True):
            here = f"{where} round {decision.round}"
            self.same(here, "state", decision.state, state)
            for name, key in ROUND_FIELDS.items():
                if key in values:
                    self.same(here, name, decision[name], values[key])
            if "date_answer" in values:
                self.near(
                    here, "date_answer", decision.date_answer, values["date_answer"]
                )
            for name in (
                "answer",
                "contest_reason",
                "reviewer_id",
                "remedy_cost",
                "date_decision",
                "date_approved",
                "credit_note_id",
                "replacement_order_id",
            ):
                if name in values:
                    self.same(here, name, decision[name], values[name])
            if "handler_id" in extra:
                self.same(here, "handler", decision.handler_id, extra["handler_id"])
            if extra.get("emailed") and not decision.mail_message_id:
                self.problems.append(f"{here}: the decision email is not linked")
        last_decided = rounds.filtered("outcome")[-1:]
        self.same(
            where,
            "outcome of the last decided round",
            last_decided.outcome,
            old["decision_outcome"],
        )
        return len(rounds)

    def phases(self, complaint):
        old = self.old(complaint)
        where = old["reference"]
        phases = complaint.phase_ids
        truth = self.data["truth"].get(str(complaint.id)) or []
        appeals = old["appeal_count"]
        lost = str(complaint.id) in self.data["lost"]
        for kind in PHASES:
            found = phases.filtered(lambda p, kind=kind: p.phase == kind).sorted(
                "round"
            )
            here = f"{where} {kind} phase"
            if kind != "decision" and len(found) != 1:
                self.problem(here, "count", len(found), 1)
                continue
            if not found:
                self.problem(here, "count", 0, 1)
                continue
            phase, before = found[0], old["phases"][kind]
            self.same(here, "deadline", phase.date_deadline, before["deadline"])
            self.same(here, "at-risk date", phase.date_at_risk, before["risk"])
            self.same(here, "alert", phase.alert, before["alert"])
            done, at_closing = before["done"], before["at_closing"]
            first = self.data.get("first_communicated", {}).get(str(complaint.id))
            if kind == "decision" and (truth or first):
                # The first decision is done when it was first communicated.
                done = first or truth[0]["date_decision_communicated"]
                at_closing = False
                state = done_state(
                    fields.Datetime.to_datetime(done),
                    before["deadline"]
                    and fields.Datetime.to_datetime(before["deadline"]),
                )
            elif before["completion"] in ("met", "met_late"):
                state = before["completion"]
            else:
                state = live_state(before, self.now)
            self.same(here, "done on", phase.date_done, done)
            self.same(here, "done by the closing", phase.done_at_closing, at_closing)
            self.same(here, "state", phase.state, state)
            if kind == "decision":
                self.same(here, "decision phases", len(found), appeals + 1)
                for later in found[1:]:
                    here = f"{where} decision phase round {later.round}"
                    if lost:
                        self.same(
                            here,
                            "runs from (the receipt: the appeal is lost)",
                            later.date_start,
                            old["date_received"],
                        )
                    elif later.round - 2 < len(truth) and truth[later.round - 2].get(
                        "date_answer"
                    ):
                        self.near(
                            here,
                            "runs from (the appeal)",
                            later.date_start,
                            truth[later.round - 2]["date_answer"],
                        )
                    communicated = (
                        truth[later.round - 1]["date_decision_communicated"]
                        if later.round - 1 < len(truth)
                        else False
                    )
                    self.same(
                        here,
                        "done on",
                        later.date_done,
                        communicated or old["date_closed"],
                    )
                    if not later.date_deadline:
                        self.problems.append(f"{here}: no deadline planned")
        return len(phases)

    def counts(self, complaints):
        counts = self.data["counts"]
        stages = {}
        outcomes = {}
        for complaint in complaints:
            stages[complaint.stage_id.name] = stages.get(complaint.stage_id.name, 0) + 1
            outcome = complaint.decision_ids.filtered("outcome").sorted("round")[-1:]
            key = outcome.outcome or "none"
            outcomes[key] = outcomes.get(key, 0) + 1
        self.same("counts", "per stage", stages, counts["stage"])
        self.same("counts", "per last outcome", outcomes, counts["outcome"])
        self.same(
            "counts",
            "appeals",
            sum(complaints.mapped("appeal_count")),
            counts["appeals"],
        )
        self.same(
            "counts",
            "ratings",
            len(complaints.filtered("handling_rating_overall")),
            counts["ratings"],
        )

    def delegations(self):
        Delegation = self.env["customer.complaint.delegation"].with_context(
            active_test=False
        )
        found = 0
        for team_id, priority in self.data["teams"].items():
            if not priority:
                continue
            rules = Delegation.search(
                [("team_id", "=", int(team_id)), ("min_priority", "=", priority)]
            )
            where = f"team {team_id}"
            if not self.same(where, "approval rules from its priority", len(rules), 1):
                continue
            found += 1
            self.same(
                where,
                "approvers (the complaint managers)",
                sorted(rules.approver_ids.ids),
                sorted(self.data["managers"]),
            )
            self.same(where, "rule active", rules.active, bool(self.data["managers"]))
        return found


def main(env):
    with open(os.environ["UPGRADE_CHECK_FINGERPRINT"], encoding="utf-8") as data:
        check = Check(env, json.load(data))
    check.run()
    status = "PASS" if not check.problems else f"FAIL ({len(check.problems)} problems)"
    report = [
        *check.lines,
        *(f"  - {p}" for p in check.problems),
        f"[upgrade] {status}",
    ]
    print("\n".join(report))
    with open(os.environ["UPGRADE_CHECK_RESULT"], "w", encoding="utf-8") as out:
        out.write(status.split()[0] + "\n" + "\n".join(report) + "\n")
    env.cr.rollback()


if __name__ == "__main__":
    main(env)  # noqa: F821 (odoo shell's environment)
