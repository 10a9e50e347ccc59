# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Decision rounds for the tests: recorded, communicated and answered through
the process methods, as ``user`` or (set-up) as the superuser."""

OPEN_STATES = ("draft", "to_approve", "approved")


class DecisionCase:
    def _decide(self, complaint, outcome="upheld", user=None, **values):
        """Record (or change) the decision of the current round of
        ``complaint``; returns the round, in the test's environment."""
        vals = {
            "outcome": outcome,
            "reasons": "The kettle had a faulty seal.",
            "resolution_type": "replacement",
            **values,
        }
        Decision = self.env["customer.complaint.decision"]
        if user:
            Decision = Decision.with_user(user)
        decision = complaint.current_decision_id
        if decision and decision.state in OPEN_STATES:
            decision.with_env(Decision.env).write(vals)
        else:
            decision = Decision.create(dict(vals, complaint_id=complaint.id))
        return decision.with_env(self.env)

    def _communicate(self, complaint, user=None, **values):
        """A decided round, communicated to the complainant."""
        decision = self._decide(complaint, user=user, **values)
        (decision.with_user(user) if user else decision).action_communicate()
        return decision

    def _accepted(self, complaint, **values):
        """A complaint assessed, decided, communicated and accepted: closed."""
        if not (complaint.severity and complaint.impact):
            complaint.write({"severity": "1", "impact": "1"})
        decision = complaint.current_decision_id
        if decision.state != "communicated":
            decision = self._communicate(complaint, **values)
        decision._accept()
        return decision
