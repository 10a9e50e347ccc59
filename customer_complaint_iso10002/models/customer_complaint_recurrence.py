# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Recurrence (ISO 10002 7.6, 8.2): when complaints are similar, defined once
here for the ORM (the similar complaints of a complaint, its recurring flag)
and for SQL (the flag of every complaint at once, read by the analysis, the
KPIs and the register). Inherited by the complaint."""

import itertools
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from .customer_complaint_constants import INTERNAL

# Two active complaints of a company are similar when received within the
# company's window of each other and they share every field of one of these
# criteria (all set): the same product, or the same category and customer.
SIMILAR_CRITERIA = (("product_id",), ("category_id", "commercial_partner_id"))
DEFAULT_WINDOW_DAYS = 90
# The columns of the form's list of similar complaints, and its page size.
SIMILAR_COLUMNS = (
    "reference",
    "name",
    "partner_id",
    "product_id",
    "category_id",
    "date_received",
    "stage_id",
)
SIMILAR_PAGE = 40
# What the form gives of a complaint not saved yet to find its similar ones.
SIMILAR_VALUES = (
    "company_id",
    "partner_id",
    "product_id",
    "category_id",
    "date_received",
)


class CustomerComplaintRecurrence(models.AbstractModel):
    _name = "customer.complaint.recurrence"
    _description = "Recurrence of complaints"

    similar_complaint_ids = fields.Many2many(
        comodel_name="customer.complaint",
        string="Similar Complaints",
        compute="_compute_similar_complaints",
        groups=INTERNAL,
    )
    # its own compute: the form shows the flag, and the flag needs neither
    # the list nor the access checks of the similar complaints
    is_recurring = fields.Boolean(
        string="Recurring",
        compute="_compute_is_recurring",
        help="The number of similar complaints reached the threshold set on "
        "the category.",
        groups=INTERNAL,
    )

    @api.model
    def _similar_window_days(self, company):
        return company.complaint_similar_days or DEFAULT_WINDOW_DAYS

    def _similar_domain(self):
        """The complaints similar to this one (SIMILAR_CRITERIA), or None
        when it has no criterion set."""
        self.ensure_one()
        criteria = [
            [(fname, "=", self[fname].id) for fname in criterion]
            for criterion in SIMILAR_CRITERIA
            if all(self[fname] for fname in criterion)
        ]
        if not criteria:
            return None
        days = self._similar_window_days(self.company_id)
        date = self.date_received or fields.Datetime.now()
        return expression.AND(
            [
                [
                    ("id", "!=", self._origin.id or 0),
                    ("company_id", "=", self.company_id.id),
                    ("date_received", ">=", date - timedelta(days=days)),
                    ("date_received", "<=", date + timedelta(days=days)),
                ],
                expression.OR(criteria),
            ]
        )

    @api.depends(
        *{fname for criterion in SIMILAR_CRITERIA for fname in criterion},
        "date_received",
    )
    # what the reader may read, and whose identity they read (uid)
    @api.depends_context("uid")
    def _compute_similar_complaints(self):
        hidden = self._identity_hidden_domain(self.env.user)
        for complaint in self:
            domain = complaint._similar_domain()
            # sudo: the similar complaints are searched over every complaint;
            # only the accessible ones are listed below.
            similar = self.sudo().search(domain) if domain else self.browse()
            if hidden:
                similar -= complaint._linked_by_hidden_identity(similar, hidden)
            visible = similar.with_env(self.env)._filtered_access("read")
            complaint.similar_complaint_ids = visible

    def _linked_by_hidden_identity(self, similar, hidden):
        """Those of ``similar`` (sudo) that are similar to self only through
        the customer, where the reader reads the complainant of either as the
        pseudonym (``hidden``: _identity_hidden_domain): listing them would
        tell the reader that the two complaints share a complainant."""
        through_product = similar.filtered(
            lambda other: self.product_id and other.product_id == self.product_id
        )
        if self.sudo().filtered_domain(hidden):
            return similar - through_product
        return similar.filtered_domain(hidden) - through_product

    @api.depends(
        *{fname for criterion in SIMILAR_CRITERIA for fname in criterion},
        "date_received",
    )
    def _compute_is_recurring(self):
        for complaint in self:
            threshold = complaint.category_id._get_recurring_threshold()
            domain = threshold and complaint._similar_domain()
            # sudo: recurrence is counted over every complaint, confidential
            # ones included; counting stops at the threshold.
            complaint.is_recurring = bool(
                domain
                and self.sudo().search_count(domain, limit=threshold) >= threshold
            )

    def get_similar_complaints(self, offset=0, limit=SIMILAR_PAGE, values=None):
        """A page of the similar complaints as the form's page lists them
        (read when the page is shown): its columns (name, label, type), rows
        and total, read as the caller (record rules, field groups, masked
        identities). Called on no record with ``values`` (the criteria of
        similarity: SIMILAR_VALUES), those of a complaint not saved yet."""
        if not self and values is not None:
            # as read() checks the field's groups on a saved complaint
            if not self._fields["similar_complaint_ids"].is_accessible(self.env):
                raise AccessError(
                    self.env._("Only complaint staff see similar complaints.")
                )
            try:
                unsaved = self.new(
                    {
                        fname: int(values[fname])
                        if self._fields[fname].type == "many2one"
                        else fields.Datetime.to_datetime(values[fname])
                        for fname in SIMILAR_VALUES
                        if isinstance(values, dict) and values.get(fname)
                    }
                )
            except (TypeError, ValueError) as error:
                raise UserError(
                    self.env._("Invalid values to find similar complaints.")
                ) from error
            ids = unsaved.similar_complaint_ids.ids
        else:
            self.ensure_one()
            ids = self.read(["similar_complaint_ids"])[0]["similar_complaint_ids"]
        offset, limit = int(offset), int(limit)
        if offset < 0 or limit <= 0:
            raise UserError(
                self.env._(
                    "Invalid page of similar complaints: the offset must be zero "
                    "or more and the size more than zero."
                )
            )
        shown = [
            self._fields[fname]
            for fname in SIMILAR_COLUMNS
            if self._fields[fname].is_accessible(self.env)
        ]
        spec = {
            field.name: {"fields": {"display_name": {}}}
            if field.type == "many2one"
            else {}
            for field in shown
        }
        page = self.browse(ids[offset : offset + limit])
        return {
            "columns": [
                {
                    "name": field.name,
                    "string": field._description_string(self.env),
                    "type": field.type,
                }
                for field in shown
            ],
            "records": page.web_read(spec),
            "total": len(ids),
        }

    @api.model
    def _recurring_sql(self, start=None, end=None):
        """Query of the ids of the complaints whose similar complaints reach
        the recurring threshold of their category, counted as
        ``_compute_similar_complaints`` counts them, for every complaint at
        once: a window count per combination of SIMILAR_CRITERIA, added up
        by inclusion-exclusion, the complaint itself taken out.

        With ``start`` and ``end`` (datetimes) only the complaints received in
        [start, end) are answered for: the windows then read just the
        complaints within reach of that period instead of the whole table."""
        Category = self.env["customer.complaint.category"].with_context(
            active_test=False
        )
        # sudo: the thresholds are configuration, read for every category.
        thresholds = {
            category.id: category._get_recurring_threshold()
            for category in Category.sudo().search([])
        }
        thresholds = {cid: value for cid, value in thresholds.items() if value}
        if not thresholds:
            return SQL("SELECT NULL::int AS id WHERE FALSE")

        def all_set(fnames):
            return SQL(" AND ").join(
                SQL("%s IS NOT NULL", SQL.identifier("c", fname)) for fname in fnames
            )

        has_criteria = SQL(" OR ").join(
            SQL("(%s)", all_set(criterion)) for criterion in SIMILAR_CRITERIA
        )
        queries = []
        # sudo: the window size is a company setting, read for every company
        # the complaint table holds; nothing else of them is used.
        for company in self.env["res.company"].sudo().search([]):
            days = f"{self._similar_window_days(company)} days"
            window = SQL(
                "ORDER BY c.date_received RANGE BETWEEN %(d)s PRECEDING"
                " AND %(d)s FOLLOWING",
                d=days,
            )
            terms = []
            for size in range(1, len(SIMILAR_CRITERIA) + 1):
                for combination in itertools.combinations(SIMILAR_CRITERIA, size):
                    fnames = sorted({f for criterion in combination for f in criterion})
                    terms.append(
                        SQL(
                            "%s CASE WHEN %s THEN COUNT(*) FILTER (WHERE c.active)"
                            " OVER (PARTITION BY %s %s) ELSE 0 END",
                            SQL("+") if size % 2 else SQL("-"),
                            all_set(fnames),
                            SQL(", ").join(SQL.identifier("c", f) for f in fnames),
                            window,
                        )
                    )
            within_reach = SQL("TRUE")
            if start and end:
                within_reach = SQL(
                    "c.date_received >= %(start)s::timestamp - %(d)s::interval"
                    " AND c.date_received < %(end)s::timestamp + %(d)s::interval",
                    start=start,
                    end=end,
                    d=days,
                )
            queries.append(
                SQL(
                    """
                SELECT w.id FROM (
                    SELECT c.id, c.active, c.category_id,
                           %(has_criteria)s AS has_criteria,
                           0 %(terms)s AS similar
                      FROM customer_complaint c
                     -- a complaint with no criterion set counts for no other
                     -- (its partitions have a NULL key, counted as 0): skip it
                     WHERE c.company_id = %(company)s AND %(within_reach)s
                       AND (%(has_criteria)s)
                ) w
                JOIN unnest(%(categories)s::int[], %(thresholds)s::int[])
                     AS t(category_id, threshold) ON t.category_id = w.category_id
                WHERE w.has_criteria
                  AND w.similar - CASE WHEN w.active THEN 1 ELSE 0 END
                      >= t.threshold
                """,
                    has_criteria=has_criteria,
                    terms=SQL(" ").join(terms),
                    within_reach=within_reach,
                    company=company.id,
                    categories=list(thresholds),
                    thresholds=list(thresholds.values()),
                )
            )
        return SQL(
            "SELECT DISTINCT id FROM (%s) AS recurring",
            SQL(" UNION ALL ").join(queries),
        )
