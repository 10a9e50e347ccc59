# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools

from odoo import models
from odoo.osv import expression


class CustomerComplaintSqlAccessMixin(models.AbstractModel):
    """Record rules checked on given records in one SQL query.

    Core checks the rules of records it already holds (every read after a
    search: each kanban column, list page, form, portal page) by evaluating
    the rule domain in Python, which reads every relation the rules go
    through. The complaint rules go through teams, their members, their
    leaders and the people involved: four to five queries and a Python pass
    per check. The same domain, as one query on the rows asked about, gives
    the same answer (both run without rules on the rule's own domain).

    Reads only: records being created or written hold their values in the
    cache, where core's check costs no query.
    """

    _name = "customer.complaint.sql.access.mixin"
    _description = "Record rules checked in SQL"

    def _check_access(self, operation):
        # other operations, superuser, new records, missing model rights:
        # core's answer
        if (
            operation != "read"
            or self.env.su
            or not self._ids
            or not all(isinstance(rid, int) for rid in self._ids)
        ):
            return super()._check_access(operation)
        if not self.env["ir.model.access"].check(
            self._name, operation, raise_exception=False
        ):
            return super()._check_access(operation)
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(self._name, operation)
        if not domain:
            return None
        ids = list(set(self._ids))
        # sudo: the user's rules are the domain itself, already evaluated
        # for them by _compute_domain; archived records are checked too.
        allowed = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(expression.AND([[("id", "in", ids)], domain]), [])
        )
        forbidden = self - allowed.with_env(self.env)
        if not forbidden:
            return None
        return forbidden, functools.partial(
            Rule._make_access_error, operation, forbidden
        )
