# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL

from .customer_complaint_privacy_mixin import (
    WITHOUT_COMPLAINANT,
    _matches_empty,
    _read_group_fields,
)

# What identifies a follower: masked on the complainant's following of their
# complaint for whoever reads their pseudonym (RPC read, search_read,
# web_read of the followers or through the complaint).
MASKED_FIELDS = frozenset({"partner_id", "name", "email", "display_name"})


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def _complaint_identity_hidden(self):
        """{follower id: complaint} of the followers of self who are the
        complainant of a complaint hidden from the current user
        (customer.complaint.privacy.mixin)."""
        on_complaints = self.filtered(
            lambda f: f.res_model == "customer.complaint" and f.res_id
        )
        if not on_complaints:
            return {}
        hidden = self.env["customer.complaint"]._identity_hidden_among(
            set(on_complaints.mapped("res_id")), self.env.user
        )
        return {
            follower.id: hidden[follower.res_id]
            for follower in on_complaints
            if follower.res_id in hidden
            # sudo: the partner of a follower the caller read (read checked
            # its access), to tell whether it is the complainant
            and hidden[follower.res_id]._complainant_among(follower.sudo().partner_id)
        }

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # The mask (_read_format) needs the document and the partner of every
        # follower read with an identity field: fetched with them.
        field_names = list(field_names or ())
        if not self.env.su and MASKED_FIELDS.intersection(field_names):
            field_names += ["res_model", "res_id", "partner_id"]
        return super()._determine_fields_to_fetch(
            field_names, ignore_when_in_cache=ignore_when_in_cache
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked = MASKED_FIELDS.intersection(fnames)
        if not masked or self.env.su:
            return result
        hidden = self._complaint_identity_hidden()
        for values in result if hidden else ():
            complaint = hidden.get(values["id"])
            if complaint is None:
                continue
            for fname in masked:
                if fname in ("name", "display_name"):
                    values[fname] = complaint.complainant_pseudonym
                else:
                    values[fname] = False
        return result

    def _condition_to_sql(self, alias, fname, operator, value, query):
        # Whoever reads the pseudonym finds no complaint by its complainant
        # following it (nor by the negation of a condition on them): the
        # complainant's following is one without a partner. Their own
        # following discloses nobody (the chatter's Follow button).
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if fname != "partner_id" or self.env.su:
            return sql
        values = value if isinstance(value, list | tuple | set) else [value]
        own = self.env.user.partner_id.id
        if values and all(item == own for item in values):
            return sql
        complainant = self._complaint_complainant_sql(alias)
        if complainant is None:
            return sql
        if _matches_empty(operator, value):
            return SQL("(%s OR %s)", sql, complainant)
        return SQL("(%s AND NOT %s)", sql, complainant)

    def _complaint_complainant_sql(self, alias):
        """SQL: the row ``alias`` is the complainant following a complaint
        whose complainant the current user reads as the pseudonym; None when
        they read them all."""
        hidden = self.env["customer.complaint"]._identity_hidden_query()
        if hidden is None:
            return None
        row = SQL(
            "(%s, %s)",
            SQL.identifier(alias, "res_id"),
            SQL.identifier(alias, "partner_id"),
        )
        complaint = SQL.identifier(hidden.table, "id")
        return SQL(
            "COALESCE(%s = %s AND (%s IN %s OR %s IN %s), FALSE)",
            SQL.identifier(alias, "res_model"),
            "customer.complaint",
            row,
            hidden.subselect(complaint, SQL.identifier(hidden.table, "partner_id")),
            row,
            hidden.subselect(
                complaint, SQL.identifier(hidden.table, "commercial_partner_id")
            ),
        )

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        # Grouped, aggregated or sorted by the partner (or through it), the
        # complainant's following of the complaints hidden to the reader is
        # left out (_search), whether or not they read those complaints:
        # followers have no record rules.
        followers = self
        if not self.env.su and MASKED_FIELDS & _read_group_fields(
            groupby, aggregates, having, order
        ):
            followers = self.with_context(**{WITHOUT_COMPLAINANT: True})
        return super(MailFollowers, followers)._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.context.get(WITHOUT_COMPLAINANT) and not self.env.su:
            complainant = self._complaint_complainant_sql(query.table)
            if complainant is not None:
                query.add_where(SQL("NOT %s", complainant))
        return query
