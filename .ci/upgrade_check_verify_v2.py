# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upgrade check from 18.0.2.0.0 and from 18.0.3.0.0, step 2 (run by
.ci/upgrade_check.sh in an `odoo shell` of the working tree, after
`-u customer_complaint_iso10002`):
compare the upgraded database with the fingerprint .ci/upgrade_check_seed_v2.py
wrote.

Checks that nothing was lost or changed: every complaint (stage, archive,
ratings, dates), every decision round, phase (dates, state: an open phase
may have moved on with time), approval rule, deputy and management review
(the confirmed one still frozen) with the fields it had, nothing added; the
first decision phase the 18.0.2.0.0 migration completed at the closing done
again when round 1 was communicated; then what every path guarantees
(.ci/upgrade_check_verify_common.py). Writes PASS or FAIL and the problems to
UPGRADE_CHECK_RESULT.
"""

import json
import os
import runpy

from odoo import fields
from odoo.exceptions import UserError

common = runpy.run_path(
    os.path.join(os.environ["UPGRADE_CHECK_CI"], "upgrade_check_verify_common.py")
)


class Rollback(Exception):
    pass


def plain(value):
    if hasattr(value, "_name"):
        return sorted(value.ids) if len(value) > 1 else (value.id or False)
    if hasattr(value, "hour"):
        return fields.Datetime.to_string(value)
    if hasattr(value, "strftime"):
        return fields.Date.to_string(value)
    return value


def live_state(phase, now):
    """The state of an open phase at ``now``, from its stored dates."""
    deadline = phase.date_deadline
    if deadline and now > deadline:
        return "breached"
    if phase.date_at_risk and now >= phase.date_at_risk:
        return "at_risk"
    return "pending"


class Check:
    def __init__(self, env, data):
        self.env = env
        self.data = data
        self.now = fields.Datetime.now()
        self.problems = []
        self.lines = []

    def section(self, name, before, detail):
        count = len(self.problems) - before
        status = "ok" if not count else f"{count} problem(s)"
        self.lines.append(f"[upgrade] {name}: {detail}: {status}")

    def same(self, where, what, found, expected):
        found = plain(found)
        if isinstance(expected, float) or isinstance(found, float):
            if abs((found or 0.0) - (expected or 0.0)) < 0.005:
                return True
        elif found == expected or (not found and not expected):
            return True
        self.problems.append(f"{where}: {what} is {found!r}, expected {expected!r}")
        return False

    def run(self):
        env = self.env
        for name, check in (
            ("module", lambda: common["module_version"](env, self.problems)),
            *(
                (model, lambda model=model: self.records(model))
                for model in self.data["records"]
            ),
            ("first decision phase", self.first_done),
            ("at-risk to-dos", self.at_risk_todos),
            ("management review", self.frozen_review),
            ("counts", self.counts),
            (
                "mail templates",
                lambda: common["templates"](env, self.problems, self.samples()),
            ),
            ("stages", lambda: common["stages"](env, self.problems)),
            ("scheduled actions", lambda: common["crons"](env, self.problems)),
            ("migration run again", lambda: common["idempotent"](env, self.problems)),
        ):
            before = len(self.problems)
            try:
                detail = check()
            except Exception as error:  # noqa: BLE001 (reported as a problem)
                self.problems.append(f"{name}: the check failed: {error!r}")
                detail = "not checked"
                env.cr.rollback()
            self.section(name, before, detail)

    def records(self, model):
        env = self.env
        Model = env[model].with_context(active_test=False, lang="en_US")
        old = self.data["records"][model]
        found = Model.browse([int(rid) for rid in old]).exists()
        lost = sorted(set(map(int, old)) - set(found.ids))
        if lost:
            self.problems.append(f"{model}: records lost: {lost}")
        added = Model.search([("id", "not in", found.ids)])
        if added:
            self.problems.append(f"{model}: records added by the upgrade: {added.ids}")
        first_done = {
            phase_id
            for phase_id, data in old.items()
            if model == "customer.complaint.phase"
            and str(data["complaint_id"]) in self.data["first_done"]
            and data["phase"] == "decision"
            and data["round"] == 1
        }
        gone = set()
        for record in found:
            before = old[str(record.id)]
            where = f"{model} {record.id}"
            for fname, value in before.items():
                if fname not in Model._fields:
                    gone.add(fname)
                    continue
                if str(record.id) in first_done and fname in (
                    "date_done",
                    "done_at_closing",
                    "state",
                ):
                    continue  # repaired: see first_done
                if (
                    model == "customer.complaint.phase"
                    and fname == "state"
                    and not record.date_done
                    and record.state in (value, live_state(record, self.now))
                ):
                    continue  # open: it moves on with time
                self.same(where, fname, record[fname], value)
        for fname in sorted(gone):
            self.problems.append(f"{model}: field {fname} is gone")
        return f"{len(found)} of {len(old)} kept, same values"

    def at_risk_todos(self):
        """18.0.3.3.0 links each phase at risk to the at-risk to-do the job
        gave before the upgrade, so that it is marked done with the phase."""
        phases = (
            self.env["customer.complaint.phase"]
            .with_context(active_test=False)
            .search([("alert", "=", "at_risk"), ("date_done", "=", False)])
        )
        linked = 0
        for phase in phases:
            todos = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "customer.complaint"),
                    ("res_id", "=", phase.complaint_id.id),
                    ("summary", "=like", "Deadline at risk:%"),
                ]
            )
            if not todos:
                continue
            if phase.at_risk_activity_id in todos:
                linked += 1
            else:
                self.problems.append(
                    f"phase {phase.id} at risk: not linked to its to-do "
                    f"{todos.ids} (linked to {phase.at_risk_activity_id.id})"
                )
        return f"{linked} phases at risk linked to their to-do"

    def first_done(self):
        Phase = self.env["customer.complaint.phase"]
        for complaint_id, communicated in self.data["first_done"].items():
            phase = Phase.search(
                [
                    ("complaint_id", "=", int(complaint_id)),
                    ("phase", "=", "decision"),
                    ("round", "=", 1),
                ]
            )
            where = f"complaint {complaint_id} first decision phase"
            self.same(where, "done on", phase.date_done, communicated)
            self.same(where, "done by the closing", phase.done_at_closing, False)
            late = phase.date_deadline and phase.date_done > phase.date_deadline
            self.same(where, "state", phase.state, "met_late" if late else "met")
        return (
            f"{len(self.data['first_done'])} done when communicated, not at "
            "the closing"
        )

    def frozen_review(self):
        Review = self.env["customer.complaint.review"]
        confirmed = [
            int(rid)
            for rid, data in self.data["records"]["customer.complaint.review"].items()
            if data["state"] == "confirmed"
        ]
        manager = self.env.ref("customer_complaint_iso10002.group_complaint_manager")
        user = manager.users.filtered(lambda u: u.active and not u.share)[:1]
        for review in Review.browse(confirmed).exists():
            for vals in ({"notes": "<p>Changed</p>"}, {"name": "Changed"}):
                try:
                    with self.env.cr.savepoint():
                        review.with_user(user).write(vals)
                        self.env.flush_all()
                        raise Rollback
                except UserError:
                    continue
                except Rollback:
                    self.problems.append(
                        f"review {review.id}: confirmed, yet {user.login} "
                        f"changed {', '.join(vals)}"
                    )
            self.env.invalidate_all()
        return f"{len(confirmed)} confirmed review(s) still frozen"

    def counts(self):
        counts = self.data["counts"]
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        complaints = Complaint.search([])
        stages = {}
        for complaint in complaints:
            key = str(complaint.stage_id.id)
            stages[key] = stages.get(key, 0) + 1
        self.same("counts", "per stage", stages, counts["stage"])
        self.same(
            "counts",
            "archived",
            len(complaints.filtered(lambda c: not c.active)),
            counts["archived"],
        )
        if "handling_rating_overall" in Complaint._fields:
            self.same(
                "counts",
                "ratings",
                len(complaints.filtered("handling_rating_overall")),
                counts["ratings"],
            )
        for model in self.data["records"]:
            self.same(
                "counts",
                model,
                self.env[model].with_context(active_test=False).search_count([]),
                counts[model],
            )
        return "per stage, archived, ratings, records per model"

    def samples(self):
        marks = self.data["marks"]
        Complaint = self.env["customer.complaint"]
        return {
            "en_US": Complaint.browse(marks["APPEAL_TWICE"]),
            "fr_FR": Complaint.browse(marks["APPEAL_FR"]),
        }


def main(env):
    with open(os.environ["UPGRADE_CHECK_FINGERPRINT"], encoding="utf-8") as data:
        check = Check(env, json.load(data))
    check.run()
    status = "PASS" if not check.problems else f"FAIL ({len(check.problems)} problems)"
    report = [
        *check.lines,
        *(f"  - {p}" for p in check.problems[:60]),
        *(
            [f"  - ... and {len(check.problems) - 60} more"]
            if len(check.problems) > 60
            else []
        ),
        f"[upgrade] {status}",
    ]
    print("\n".join(report))
    with open(os.environ["UPGRADE_CHECK_RESULT"], "w", encoding="utf-8") as out:
        out.write(status.split()[0] + "\n" + "\n".join(report) + "\n")
    env.cr.rollback()


if __name__ == "__main__":
    main(env)  # noqa: F821 (odoo shell's environment)
