# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The evidence pack: ISO 10002:2018 clause by clause (4.2 to 8.7), what the
organisation does and the evidence drawn live from the database for a period,
a status per clause (present / partial / missing) with its gaps, and a random
sample of complaint references per phase for the auditor to open."""

import random
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_date

from .customer_complaint_constants import AUDITOR_GROUP, MANAGER_GROUP

PHASES = ("ack", "assessment", "decision", "closure")


def _pct(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


class CustomerComplaintEvidence(models.AbstractModel):
    _name = "customer.complaint.evidence"
    _description = "Complaints-Handling Evidence Pack"

    @api.model
    def _check_evidence_access(self):
        user = self.env.user
        if not (
            self.env.su
            or user.has_group(MANAGER_GROUP)
            or user.has_group(AUDITOR_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "The evidence pack is printed by complaint managers and auditors."
                )
            )

    @api.model
    def _evidence_data(self, date_from, date_to, company, sample_size=5, seed=None):
        """Everything the pack shows, in the company's language."""
        self._check_evidence_access()
        date_from, date_to, company = self.env["customer.complaint.kpi"]._kpi_args(
            date_from, date_to, company
        )
        lang = company.partner_id.lang or self.env.lang or "en_US"
        # sudo: managers and auditors read every complaint (checked above); the
        # pack counts the whole record of the company, confidential complaints
        # and archived ones included, the same whoever of them prints it.
        self = self.sudo().with_context(lang=lang, active_test=False)
        figures = self._figures(date_from, date_to, company)
        clauses = self._clauses(figures, company)
        summary = Counter(clause["status"] for clause in clauses)
        return {
            "company": company.name,
            "lang": lang,
            "date_from": format_date(self.env, date_from, lang_code=lang),
            "date_to": format_date(self.env, date_to, lang_code=lang),
            "date_from_iso": str(date_from),
            "date_to_iso": str(date_to),
            "generated": fields.Datetime.to_string(fields.Datetime.now()),
            "figures": figures,
            "clauses": clauses,
            "summary": {
                s: summary.get(s, 0) for s in ("present", "partial", "missing")
            },
            "samples": self._samples(figures, sample_size, seed),
            "complaints": figures.pop("_complaint_rows"),
        }

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    @api.model
    def _figures(self, date_from, date_to, company):
        env = self.env
        start, end = env["customer.complaint.kpi"]._bounds(date_from, date_to)

        def in_period(fname):
            return [(fname, ">=", start), (fname, "<", end)]

        company_domain = [("company_id", "=", company.id)]
        Complaint = env["customer.complaint"]
        received = Complaint.search(company_domain + in_period("date_received"))
        closed = Complaint.search(company_domain + in_period("date_closed"))
        f = {"received": len(received), "closed": len(closed)}
        f["channels"] = dict(Counter(received.mapped("channel")))
        f["acknowledged"] = len(received.filtered("date_acknowledged"))
        f["assessed"] = len(received.filtered("date_assessed"))
        f["with_handler"] = len(received.filtered("user_id"))
        f["categorised"] = len(received.filtered("category_id"))
        f["recurring"] = len(received.filtered("is_recurring"))
        f["progress_updates"] = sum(received.mapped("progress_update_count"))
        f["confidential"] = len(received.filtered("confidential"))
        disclosure = [
            name
            for name, field in Complaint._fields.items()
            if "disclos" in name and field.type == "boolean" and field.store
        ]
        f["non_disclosure"] = (
            len(received.filtered(disclosure[0])) if disclosure else None
        )
        f["anonymized"] = Complaint.search_count(
            company_domain + in_period("date_anonymized")
        )
        f["retention_months"] = company.complaint_retention_months
        f["complaint_rules"] = env["ir.rule"].search_count(
            [("model_id.model", "=", "customer.complaint"), ("active", "=", True)]
        )
        # Deadlines met per phase, complaints received in the period; a
        # pending phase is not counted (as the on-time KPI).
        phases = env["customer.complaint.phase"].search(
            [("complaint_id", "in", received.ids)]
        )
        f["phases"] = {}
        for kind in PHASES:
            of_kind = phases.filtered(lambda p, kind=kind: p.phase == kind)
            met = len(of_kind.filtered(lambda p: p.state == "met"))
            late = len(of_kind.filtered(lambda p: p.state == "met_late"))
            f["phases"][kind] = {
                "met": met,
                "met_late": late,
                "breached": len(of_kind.filtered(lambda p: p.state == "breached")),
                "on_time": _pct(met, met + late),
                "references": sorted(
                    set(
                        of_kind.filtered(
                            lambda p: p.state in ("met", "met_late")
                        ).complaint_id.mapped("reference")
                    )
                ),
            }
        # Objectivity (4.7): rounds decided in the period.
        rounds = env["customer.complaint.decision"].search(
            company_domain + in_period("date_decision")
        )
        to_approve = rounds.filtered("approval_required")
        independent = to_approve.filtered(
            lambda d: d.approved_by_id
            and d.approved_by_id not in (d.decided_by_id | d.handler_id)
        )
        f["rounds"] = len(rounds)
        f["rounds_to_approve"] = len(to_approve)
        f["rounds_approved_independently"] = len(independent)
        f["rounds_approval_exceptions"] = sorted(
            (to_approve - independent)
            .filtered(lambda d: d.approved_by_id or d.date_communicated)
            .mapped("display_name")
        )
        appealed = env["customer.complaint.decision"].search(
            company_domain + in_period("date_answer") + [("reviewer_id", "!=", False)]
        )
        not_involved, appeal_exceptions = 0, []
        for decision in appealed:
            earlier = decision.complaint_id.decision_ids.filtered(
                lambda d, decision=decision: d.round <= decision.round
            )
            involved = (
                earlier.decided_by_id | earlier.approved_by_id | earlier.handler_id
            )
            if decision.reviewer_id in involved:
                appeal_exceptions.append(decision.display_name)
            else:
                not_involved += 1
        f["appeals"] = len(appealed)
        f["appeals_reviewed_independently"] = not_involved
        f["appeal_exceptions"] = sorted(appeal_exceptions)
        f["communicated"] = len(
            env["customer.complaint.decision"].search(
                company_domain + in_period("date_communicated")
            )
        )
        f["outcomes"] = dict(Counter(rounds.filtered("outcome").mapped("outcome")))
        f["remedy_cost"] = sum(rounds.mapped("remedy_cost"))
        # Closing (7.9) and satisfaction (8.3): complaints closed in the period.
        f["reopened"] = len(closed.filtered("reopen_count"))
        f["adr_referred"] = len(closed.filtered("adr_date_referred"))
        rating_requested = closed.filtered("date_rating_requested")
        rated = closed.filtered("handling_rating_overall")
        ratings = rated.mapped("handling_rating_overall")
        f["rating_requested"] = len(rating_requested)
        f["rated"] = len(rated)
        f["rating_response_rate"] = _pct(
            len(rating_requested & rated), len(rating_requested)
        )
        f["rating_average"] = round(sum(ratings) / len(ratings), 2) if ratings else None
        f["rating_share_4_5"] = _pct(len([r for r in ratings if r >= 4]), len(ratings))
        # Resources and responsibility (4.3, 5.4, 6.4)
        teams = env["customer.complaint.team"].search(
            company_domain + [("active", "=", True)]
        )
        f["teams"] = len(teams)
        f["team_aliases"] = len(teams.filtered("alias_name"))
        f["handlers"] = len((teams.member_ids | teams.user_id).filtered("active"))
        f["delegation_rules"] = env["customer.complaint.delegation"].search_count(
            company_domain
        )
        f["kpi_targets"] = env["customer.complaint.kpi.target"].search_count(
            company_domain
        )
        f["deadline_policies"] = env["customer.complaint.deadline.policy"].search_count(
            company_domain
        )
        f.update(self._governance_figures(company, date_to))
        f.update(self._review_figures(company, start, end))
        f.update(self._audit_figures(company, start, end))
        f.update(self._action_figures(company, date_to))
        f.update(self._feedback_figures(company, start, end))
        f["_complaint_rows"] = [
            {
                "reference": c.reference,
                "date_received": fields.Datetime.to_string(c.date_received),
                "channel": c.channel,
                "stage": c.stage_id.name,
                "acknowledged": fields.Datetime.to_string(c.date_acknowledged)
                if c.date_acknowledged
                else "",
                "closed": fields.Datetime.to_string(c.date_closed)
                if c.date_closed
                else "",
                "confidential": c.confidential,
            }
            for c in received.sorted("date_received")
        ]
        return f

    @api.model
    def _governance_figures(self, company, date_to):
        """The policy (4.2, 5.3), the management representative (5.4) and the
        training of handlers (4.14), when their models are installed."""
        env = self.env
        f = {"policy": None, "representative": None, "training": None}
        if "customer.complaint.policy" in env:
            policy = env["customer.complaint.policy"]._current_for(company)
            f["policy"] = (
                {
                    "version": policy.version,
                    # the member of top management named as approver
                    "approved_by": (policy.approver_id or policy.approved_by_id).name
                    or "",
                    "date_approved": str(policy.date_approved or ""),
                    "date_published": str(policy.date_published or ""),
                }
                if policy
                else {}
            )
        if "complaint_representative_id" in company._fields:
            f["representative"] = company.complaint_representative_id.name or ""
            f["representative_deputy"] = (
                company.complaint_representative_deputy_id.name or ""
            )
        if "customer.complaint.qualification" in env:
            f["training"] = env["customer.complaint.qualification"]._training_summary(
                company, date_to
            )
        return f

    @api.model
    def _review_figures(self, company, start, end):
        reviews = self.env["customer.complaint.review"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "confirmed"),
                ("date_confirmed", ">=", start),
                ("date_confirmed", "<", end),
            ]
        )
        decisions = reviews.decision_ids
        followed = decisions.filtered(
            lambda d: d.done
            or (d.action_ref and d.action_ref.state in ("done", "effective"))
        )
        return {
            "reviews": len(reviews),
            "review_names": reviews.mapped("name"),
            "review_decisions": len(decisions),
            "review_decisions_done": len(followed),
        }

    @api.model
    def _audit_figures(self, company, start, end):
        audits = self.env["customer.complaint.audit"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date_done", ">=", start.date()),
                ("date_done", "<", end.date()),
            ]
        )
        findings = audits.finding_ids
        planned = self.env["customer.complaint.audit"].search_count(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("planned", "in_progress")),
            ]
        )
        return {
            "audits": len(audits),
            "audits_planned": planned,
            "audit_names": audits.mapped("name"),
            "audited_clauses": sorted(set(audits.clause_ids.mapped("code"))),
            "findings": dict(Counter(findings.mapped("finding_type"))),
            "findings_with_action": len(findings.filtered("action_id")),
            "findings_effective": len(
                findings.filtered(lambda x: x.action_id.state == "effective")
            ),
            "finding_rows": [
                {
                    "audit": x.audit_id.name,
                    "type": x.finding_type,
                    "clause": x.clause_id.code or "",
                    "finding": x.name,
                    "action": x.action_id.name or "",
                    "action_state": x.action_id.state or "",
                }
                for x in findings
            ],
        }

    @api.model
    def _action_figures(self, company, date_to):
        actions = self.env["customer.complaint.action"].search(
            [("company_id", "=", company.id)]
        )
        counts = Counter(actions.mapped("state"))
        checked = counts["effective"] + counts["not_effective"]
        return {
            "actions": len(actions),
            "actions_open": counts["open"],
            "actions_overdue": len(
                actions.filtered(
                    lambda a: a.state == "open" and a.date_due and a.date_due < date_to
                )
            ),
            "actions_effective": counts["effective"],
            "actions_checked": checked,
            "actions_effective_rate": _pct(counts["effective"], checked),
        }

    @api.model
    def _feedback_figures(self, company, start, end):
        feedback = self.env["customer.complaint.feedback"].search(
            [
                ("company_id", "=", company.id),
                ("date_received", ">=", start),
                ("date_received", "<", end),
            ]
        )
        return {
            "feedback": dict(Counter(feedback.mapped("feedback_type"))),
            "feedback_answered": len(feedback.filtered("date_answered")),
            "feedback_converted": len(feedback.filtered("complaint_id")),
        }

    # ------------------------------------------------------------------
    # Sample
    # ------------------------------------------------------------------

    @api.model
    def _samples(self, figures, size, seed):
        """Per phase, ``size`` references drawn at random among the
        complaints received in the period whose phase is completed; the seed
        is printed so that the draw can be repeated."""
        rng = random.Random(seed)
        labels = dict(
            self.env["customer.complaint.phase"]
            ._fields["phase"]
            ._description_selection(self.env)
        )
        return [
            {
                "phase": kind,
                "label": labels[kind],
                "population": len(figures["phases"][kind]["references"]),
                "references": sorted(
                    rng.sample(
                        figures["phases"][kind]["references"],
                        min(size, len(figures["phases"][kind]["references"])),
                    )
                ),
            }
            for kind in PHASES
        ]

    # ------------------------------------------------------------------
    # Clauses
    # ------------------------------------------------------------------

    @api.model
    def _clauses(self, f, company):
        """One entry per clause of ISO 10002 (4.2 to 8.7): what the
        organisation does, the evidence, the gaps, and the status: missing
        when the evidence is absent, partial when there are gaps, present
        otherwise."""
        _ = self.env._
        pct = lambda v: _("n/a") if v is None else f"{v} %"  # noqa: E731
        phases, fb = f["phases"], f["feedback"]
        phase_labels = dict(
            self.env["customer.complaint.phase"]
            ._fields["phase"]
            ._description_selection(self.env)
        )
        channel_labels = dict(
            self.env["customer.complaint"]
            ._fields["channel"]
            ._description_selection(self.env)
        )
        channels_used = ", ".join(
            f"{channel_labels.get(c, c)}: {n}" for c, n in sorted(f["channels"].items())
        )
        policy = f["policy"]
        policy_text = (
            _(
                "version %(v)s approved by %(who)s on %(date)s, published on %(pub)s",
                v=policy["version"],
                who=policy["approved_by"],
                date=policy["date_approved"],
                pub=policy["date_published"],
            )
            if policy
            else _("none published")
        )
        training = f["training"]
        training_text = (
            _(
                "%(qualified)s of %(handlers)s handlers qualified, %(expiring)s "
                "expiring within 30 days, %(missing)s missing a qualification",
                qualified=training["qualified"],
                handlers=training["handlers"],
                expiring=training["expiring"],
                missing=training["missing"],
            )
            if training
            else _("not recorded")
        )
        training_gaps = (
            [
                _(
                    "%(user)s lacks %(missing)s",
                    user=gap["user"],
                    missing=", ".join(gap["missing"]),
                )
                for gap in training["gaps"]
            ]
            if training
            else [_("No qualification records.")]
        )
        findings = f["findings"]
        # code: (practice, [(label, value)], [gaps], missing)
        spec = {
            "4.2": (
                _("Top management approves and publishes a versioned policy."),
                [(_("Published policy"), policy_text)],
                [] if policy else [_("No approved and published policy.")],
                not policy,
            ),
            "4.3": (
                _(
                    "Teams of trained handlers with working calendars handle "
                    "complaints."
                ),
                [(_("Teams"), f["teams"]), (_("Handlers"), f["handlers"])],
                [] if f["handlers"] else [_("No handler in any team.")],
                not f["teams"],
            ),
            "4.4": (
                _(
                    "A public page explains where and how to complain, the steps, "
                    "the target times and the recourse; acknowledgements repeat it."
                ),
                [(_("Deadline policies"), f["deadline_policies"])],
                [],
                False,
            ),
            "4.5": (
                _("Portal, public web form, email aliases and staff entry."),
                [
                    (_("Complaints by channel"), channels_used or _("none")),
                    (_("Team email aliases"), f["team_aliases"]),
                ],
                [] if f["team_aliases"] else [_("No team has an email alias.")],
                not f["received"],
            ),
            "4.6": (
                _("Every complaint is acknowledged at once, in its language."),
                [
                    (
                        _("Acknowledged / received"),
                        f"{f['acknowledged']} / {f['received']}",
                    ),
                    (_("Acknowledgement on time"), pct(phases["ack"]["on_time"])),
                ],
                [_("Acknowledgements late: %(n)s", n=phases["ack"]["met_late"])]
                if phases["ack"]["met_late"]
                else [],
                not f["received"],
            ),
            "4.7": (
                _(
                    "Decisions are approved by someone who neither decided nor "
                    "handles them; appeals go to a reviewer not involved before."
                ),
                [
                    (
                        _("Rounds approved independently"),
                        "{} / {}".format(
                            f["rounds_approved_independently"], f["rounds_to_approve"]
                        ),
                    ),
                    (
                        _("Appeals reviewed by someone not involved"),
                        f"{f['appeals_reviewed_independently']} / {f['appeals']}",
                    ),
                ],
                [
                    _("Exception: %(r)s", r=r)
                    for r in f["rounds_approval_exceptions"] + f["appeal_exceptions"]
                ],
                not f["rounds"],
            ),
            "4.8": (
                _("Complaining is free of charge: no fee or payment step exists."),
                [(_("Complaints received"), f["received"])],
                [],
                False,
            ),
            "4.9": (
                _(
                    "Changes are tracked, closed complaints locked, and only a "
                    "reasoned reopening brings one back."
                ),
                [(_("Closed complaints reopened"), f"{f['reopened']} / {f['closed']}")],
                [],
                False,
            ),
            "4.10": (
                _(
                    "Record rules restrict who reads a complaint; confidential "
                    "complaints are seen by their handler, managers and auditors; "
                    "personal data are anonymized after the retention period."
                ),
                [
                    (_("Record rules in force"), f["complaint_rules"]),
                    (_("Confidential complaints"), f["confidential"]),
                    (
                        _("Non-disclosure requests"),
                        _("n/a")
                        if f["non_disclosure"] is None
                        else f["non_disclosure"],
                    ),
                    (_("Anonymizations run"), f["anonymized"]),
                    (_("Retention (months)"), f["retention_months"] or _("not set")),
                ],
                [] if f["retention_months"] else [_("No retention period set.")],
                not f["complaint_rules"],
            ),
            "4.11": (
                _(
                    "Compliments, suggestions and enquiries are recorded, "
                    "acknowledged and answered apart from complaints."
                ),
                [
                    (_("Compliments"), fb.get("compliment", 0)),
                    (_("Suggestions"), fb.get("suggestion", 0)),
                    (_("Enquiries"), fb.get("enquiry", 0)),
                    (_("Answered"), f["feedback_answered"]),
                    (_("Converted into complaints"), f["feedback_converted"]),
                ],
                [],
                False,
            ),
            "4.12": (
                _(
                    "Every complaint past New has a named handler; sign-offs are "
                    "stamped."
                ),
                [
                    (
                        _("Complaints with a handler"),
                        f"{f['with_handler']} / {f['received']}",
                    )
                ],
                [
                    _(
                        "Complaints without handler: %(n)s",
                        n=f["received"] - f["with_handler"],
                    )
                ]
                if f["with_handler"] < f["received"]
                else [],
                False,
            ),
            "4.13": (
                _(
                    "Improvement actions, their effectiveness verified by a second "
                    "person."
                ),
                [
                    (_("Actions"), f["actions"]),
                    (_("Verified effective"), pct(f["actions_effective_rate"])),
                ],
                [_("Open actions overdue: %(n)s", n=f["actions_overdue"])]
                if f["actions_overdue"]
                else [],
                not f["actions"],
            ),
            "4.14": (
                _(
                    "Handlers hold the qualifications the complaints they handle "
                    "require."
                ),
                [(_("Training status"), training_text)],
                training_gaps,
                training is None,
            ),
            "4.15": (
                _("Each phase has a deadline on the working calendar, with alerts."),
                [
                    (
                        _("On time: %(phase)s", phase=phase_labels[kind]),
                        pct(phases[kind]["on_time"]),
                    )
                    for kind in PHASES
                ],
                [
                    _(
                        "%(phase)s: %(n)s met late",
                        phase=phase_labels[kind],
                        n=phases[kind]["met_late"],
                    )
                    for kind in PHASES
                    if phases[kind]["met_late"]
                ],
                not f["received"],
            ),
            "5.2": (
                _("Top management approves the policy and holds management reviews."),
                [
                    (_("Published policy"), policy_text),
                    (_("Management reviews held"), f["reviews"]),
                ],
                ([] if policy else [_("No approved and published policy.")])
                + ([] if f["reviews"] else [_("No management review held.")]),
                not policy and not f["reviews"],
            ),
            "5.3": (
                _("A documented policy, versioned, linked from the public page."),
                [(_("Published policy"), policy_text)],
                [] if policy else [_("No approved and published policy.")],
                not policy,
            ),
            "5.4": (
                _(
                    "A management representative, delegation rules for approvals, "
                    "named handlers."
                ),
                [
                    (
                        _("Management representative"),
                        f["representative"] or _("not named"),
                    ),
                    (
                        _("Deputy representative"),
                        f.get("representative_deputy") or _("not named"),
                    ),
                    (_("Delegation rules"), f["delegation_rules"]),
                ],
                ([] if f["representative"] else [_("No management representative.")])
                + ([] if f["delegation_rules"] else [_("No delegation rule.")]),
                False,
            ),
            "6.2": (
                _("KPI targets per company, measured every month."),
                [(_("KPI targets"), f["kpi_targets"])],
                [],
                not f["kpi_targets"],
            ),
            "6.3": (
                _(
                    "Stages and phases receipt, acknowledgement, assessment, "
                    "decision, closure."
                ),
                [(_("Deadline policies"), f["deadline_policies"])],
                [],
                False,
            ),
            "6.4": (
                _("Teams, working calendars and tools allotted to complaints."),
                [(_("Teams"), f["teams"]), (_("Handlers"), f["handlers"])],
                [],
                not f["handlers"],
            ),
            "7.1": (
                _("Public page, portal, acknowledgement and decision emails."),
                [(_("Complaints by channel"), channels_used or _("none"))],
                [],
                not f["received"],
            ),
            "7.2": (
                _("Each complaint gets a unique reference and its supporting data."),
                [(_("Complaints received"), f["received"])],
                [],
                not f["received"],
            ),
            "7.3": (
                _("Status on the portal; progress updates at set intervals."),
                [(_("Progress updates sent"), f["progress_updates"])],
                [],
                False,
            ),
            "7.4": (
                _("Acknowledgement by email at receipt, with the promised date."),
                [(_("Acknowledgement on time"), pct(phases["ack"]["on_time"]))],
                [_("Acknowledgements late: %(n)s", n=phases["ack"]["met_late"])]
                if phases["ack"]["met_late"]
                else [],
                not f["acknowledged"],
            ),
            "7.5": (
                _("Severity and impact give the priority; safety is escalated."),
                [
                    (_("Assessed / received"), f"{f['assessed']} / {f['received']}"),
                    (_("Assessment on time"), pct(phases["assessment"]["on_time"])),
                ],
                [],
                not f["assessed"],
            ),
            "7.6": (
                _("Root causes, cause codes and similar complaints are recorded."),
                [(_("Recurring complaints"), f["recurring"])],
                [],
                False,
            ),
            "7.7": (
                _("Decisions as rounds, with outcome, remedy and cost."),
                [
                    (_("Rounds decided"), f["rounds"]),
                    (_("Remedy cost"), f["remedy_cost"]),
                ],
                [],
                not f["rounds"],
            ),
            "7.8": (
                _("Decisions are sent with their reasons and the way to contest them."),
                [
                    (_("Rounds communicated"), f["communicated"]),
                    (_("Decision on time"), pct(phases["decision"]["on_time"])),
                ],
                [],
                not f["communicated"],
            ),
            "7.9": (
                _("Closing after the answer; appeals; referral to an external body."),
                [
                    (_("Closed"), f["closed"]),
                    (_("Appeals"), f["appeals"]),
                    (_("Referred to an external body"), f["adr_referred"]),
                    (_("Closure on time"), pct(phases["closure"]["on_time"])),
                ],
                [],
                not f["closed"],
            ),
            "8.1": (
                _("Complaints recorded in full; personal data kept as long as set."),
                [
                    (_("Complaints received"), f["received"]),
                    (_("Retention (months)"), f["retention_months"] or _("not set")),
                ],
                [] if f["retention_months"] else [_("No retention period set.")],
                False,
            ),
            "8.2": (
                _("Categories, causes, products, recurrence and Pareto analysis."),
                [
                    (
                        _("Categorised / received"),
                        f"{f['categorised']} / {f['received']}",
                    ),
                    (_("Recurring"), f["recurring"]),
                ],
                [
                    _(
                        "Complaints without category: %(n)s",
                        n=f["received"] - f["categorised"],
                    )
                ]
                if f["categorised"] < f["received"]
                else [],
                not f["received"],
            ),
            "8.3": (
                _("Complainants are asked to rate the handling once closed."),
                [
                    (_("Asked to rate"), f["rating_requested"]),
                    (_("Response rate"), pct(f["rating_response_rate"])),
                    (
                        _("Average rating (1-5)"),
                        _("n/a")
                        if f["rating_average"] is None
                        else f["rating_average"],
                    ),
                    (_("Rated 4 or 5"), pct(f["rating_share_4_5"])),
                ],
                [] if f["rated"] else [_("No rating received.")],
                not f["rating_requested"],
            ),
            "8.4": (
                _("A KPI dashboard against the previous period and the targets."),
                [(_("KPI targets"), f["kpi_targets"])],
                [] if f["kpi_targets"] else [_("No KPI target set.")],
                False,
            ),
            "8.5": (
                _(
                    "An audit programme by auditors who handle no complaint, "
                    "findings linked to improvement actions."
                ),
                [
                    (_("Audits completed"), f["audits"]),
                    (_("Audits planned"), f["audits_planned"]),
                    (
                        _("Clauses audited"),
                        ", ".join(f["audited_clauses"]) or _("none"),
                    ),
                    (_("Nonconformities"), findings.get("nonconformity", 0)),
                    (_("Observations"), findings.get("observation", 0)),
                    (_("Opportunities"), findings.get("opportunity", 0)),
                    (
                        _("Findings with a verified effective action"),
                        f["findings_effective"],
                    ),
                ],
                [] if f["audits_planned"] else [_("No audit planned.")],
                not f["audits"],
            ),
            "8.6": (
                _(
                    "Management reviews, frozen once confirmed, with decisions "
                    "followed up."
                ),
                [
                    (_("Reviews held"), f["reviews"]),
                    (
                        _("Review decisions carried out"),
                        f"{f['review_decisions_done']} / {f['review_decisions']}",
                    ),
                ],
                [
                    _(
                        "Review decisions not carried out: %(n)s",
                        n=f["review_decisions"] - f["review_decisions_done"],
                    )
                ]
                if f["review_decisions_done"] < f["review_decisions"]
                else [],
                not f["reviews"],
            ),
            "8.7": (
                _("Improvement actions with a verified effectiveness check."),
                [
                    (_("Open"), f["actions_open"]),
                    (_("Overdue"), f["actions_overdue"]),
                    (
                        _("Verified effective"),
                        f"{f['actions_effective']} / {f['actions_checked']}",
                    ),
                ],
                [_("Open actions overdue: %(n)s", n=f["actions_overdue"])]
                if f["actions_overdue"]
                else [],
                not f["actions_checked"],
            ),
        }
        status_labels = {
            "present": _("Evidence present"),
            "partial": _("Partial"),
            "missing": _("Missing"),
        }
        result = []
        for clause in self.env["customer.complaint.iso.clause"].search([]):
            if clause.code not in spec:
                continue
            practice, evidence, gaps, missing = spec[clause.code]
            if missing:
                status = "missing"
                gaps = gaps or [_("No evidence in the period.")]
            else:
                status = "partial" if gaps else "present"
            result.append(
                {
                    "code": clause.code,
                    "title": clause.name,
                    "practice": practice,
                    "evidence": [(label, str(value)) for label, value in evidence],
                    "gaps": gaps,
                    "status": status,
                    "status_label": status_labels[status],
                }
            )
        return result
