# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX complaint register, written row by row in constant memory.

The register is a reporting model: it reads the complaint table in id-ordered
batches with one SQL query per batch (datetimes converted to the reader's time
zone by PostgreSQL), the many2one display names with one read per comodel and
batch, the recurrence flag of every complaint with one window query, and the
deadline states from the stored completion, deadline and at-risk columns. No
per-complaint ORM compute runs, so the time per row is the time xlsxwriter
needs to write it, and the memory used does not grow with the number of rows.
"""

from datetime import datetime
from types import SimpleNamespace

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext
from odoo.tools.misc import xlsxwriter

from ..models.customer_complaint import phase_deadline_state

# Columns an auditor needs, in register order. A column whose field does not
# exist (yet) in the installed version is left out, so the register follows
# the process and portal fields as they are added.
REGISTER_FIELDS = [
    "reference",
    "name",
    "date_received",
    "channel",
    "received_by_id",
    "partner_name",
    "commercial_partner_id",
    "email_from",
    "partner_phone",
    "company_id",
    "sale_order_id",
    "product_id",
    "invoice_id",
    "requested_remedy",
    "category_id",
    "tag_ids",
    "team_id",
    "user_id",
    "priority",
    "confidential",
    "stage_id",
    "is_closed",
    # Assessment (7.5)
    "severity",
    "impact",
    "complexity",
    "safety_related",
    "assessed_by_id",
    "date_assessed",
    # Timeline and deadlines
    "date_acknowledged",
    "date_ack_deadline",
    "ack_deadline_state",
    "date_assessment_deadline",
    "assessment_deadline_state",
    "date_decision_deadline",
    "decision_deadline_state",
    "date_response_due",
    "date_closure_deadline",
    "closure_deadline_state",
    "escalation_level",
    # Investigation
    "cause_code_id",
    "root_cause",
    "is_recurring",
    # Decision
    "decision_outcome",
    "resolution_type",
    "remedy_cost",
    "decided_by_id",
    "date_decision",
    "approved_by_id",
    "date_approved",
    "date_decision_communicated",
    "rejection_reason",
    "duplicate_of_id",
    # Answer, appeal, closure
    "complainant_answer",
    "date_answer",
    "appeal_count",
    "adr_date_referred",
    "adr_outcome",
    "reopen_count",
    "date_closed",
    # Satisfaction with handling (8.3)
    "date_rating_requested",
    "handling_rating_overall",
    "handling_rating_speed",
    "handling_rating_clarity",
    "handling_rating_fairness",
    "date_handling_rated",
    # Retention
    "anonymized",
    "date_anonymized",
]

BATCH_SIZE = 2000
# Cache of many2one display names is emptied past this size (memory stays flat).
NAME_CACHE_SIZE = 20000
# Non-stored deadline states, computed from stored columns of the phase.
DEADLINE_STATE_PHASES = {
    "ack_deadline_state": "ack",
    "assessment_deadline_state": "assessment",
    "decision_deadline_state": "decision",
    "closure_deadline_state": "closure",
}


# Cell writers: each factory returns a function (row, col, values) for one
# column, ``values`` being the row fetched for a complaint (id first).


def _writer_many2one(cell):
    write, index, batch = cell.sheet.write_string, cell.index, cell.batch

    def write_cell(row, col, vals):
        if vals[index] is not None:
            write(row, col, batch["names"][index].get(vals[index]) or "")

    return write_cell


def _writer_datetime(cell):
    write, index, fmt = cell.sheet.write_datetime, cell.index, cell.formats["datetime"]

    def write_cell(row, col, vals):
        if vals[index] is not None:
            write(row, col, vals[index], fmt)

    return write_cell


def _writer_date(cell):
    write, index, fmt = cell.sheet.write_datetime, cell.index, cell.formats["date"]

    def write_cell(row, col, vals):
        if vals[index] is not None:
            write(row, col, datetime.combine(vals[index], datetime.min.time()), fmt)

    return write_cell


def _writer_text(cell):
    write, index = cell.sheet.write_string, cell.index

    def write_cell(row, col, vals):
        if vals[index]:
            write(row, col, vals[index])

    return write_cell


def _writer_html(cell):
    write, index = cell.sheet.write_string, cell.index

    def write_cell(row, col, vals):
        if vals[index]:
            write(row, col, html2plaintext(vals[index]))

    return write_cell


def _writer_selection(cell):
    write, index, labels = cell.sheet.write_string, cell.index, cell.labels

    def write_cell(row, col, vals):
        if vals[index]:
            write(row, col, labels.get(vals[index], vals[index]))

    return write_cell


def _writer_boolean(cell):
    write, index = cell.sheet.write_boolean, cell.index

    def write_cell(row, col, vals):
        write(row, col, vals[index])

    return write_cell


def _writer_number(cell):
    write, index = cell.sheet.write_number, cell.index

    def write_cell(row, col, vals):
        write(row, col, vals[index])

    return write_cell


def _writer_money(cell):
    write, index, fmt = cell.sheet.write_number, cell.index, cell.formats["money"]

    def write_cell(row, col, vals):
        write(row, col, vals[index], fmt)

    return write_cell


def _writer_deadline_state(cell):
    write, labels, batch = cell.sheet.write_string, cell.labels, cell.batch
    completion, deadline, risk = cell.payload

    def write_cell(row, col, vals):
        state = phase_deadline_state(
            vals[completion], vals[deadline], vals[risk], batch["now"]
        )
        write(row, col, labels.get(state, state))

    return write_cell


def _writer_recurring(cell):
    write, recurring = cell.sheet.write_boolean, cell.recurring

    def write_cell(row, col, vals):
        write(row, col, vals[0] in recurring)

    return write_cell


def _writer_many2many(cell):
    write, index, batch = cell.sheet.write_string, cell.index, cell.batch

    def write_cell(row, col, vals):
        names = batch["names"][index]
        ordered = sorted(names[rid] for rid in vals[index] if rid in names)
        if ordered:
            write(row, col, ", ".join(name for _position, name in ordered))

    return write_cell


def _writer_orm(cell):
    register, sheet, field = cell.register, cell.sheet, cell.field
    fname, batch = cell.payload, cell.batch

    def write_cell(row, col, vals):
        register._write_orm_cell(sheet, row, col, field, batch["orm"][vals[0]][fname])

    return write_cell


def _writer_other(cell):
    write, index = cell.sheet.write_string, cell.index

    def write_cell(row, col, vals):
        if vals[index] is not None and vals[index] is not False:
            write(row, col, str(vals[index]))

    return write_cell


CELL_WRITERS = {
    "many2one": _writer_many2one,
    "datetime": _writer_datetime,
    "date": _writer_date,
    "char": _writer_text,
    "text": _writer_text,
    "html": _writer_html,
    "selection": _writer_selection,
    "boolean": _writer_boolean,
    "integer": _writer_number,
    "float": _writer_number,
    "monetary": _writer_money,
    "deadline_state": _writer_deadline_state,
    "recurring": _writer_recurring,
    "many2many": _writer_many2many,
    "orm": _writer_orm,
}


class CustomerComplaintRegister(models.AbstractModel):
    _name = "customer.complaint.register"
    _description = "Complaint Register (XLSX)"

    @api.model
    def _register_fields(self):
        return list(REGISTER_FIELDS)

    # ------------------------------------------------------------------
    # Reading: one SQL query per batch
    # ------------------------------------------------------------------

    @api.model
    def _tz_name(self):
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        return tz if tz in pytz.all_timezones_set else "UTC"

    @api.model
    def _select_plan(self, field_objs, tz):
        """One SQL expression per register column, plus the hidden columns the
        computed ones need. Returns (expressions, columns) where columns[i] is
        (kind, payload, index of the value in the fetched row)."""
        Complaint = self.env["customer.complaint"]
        exprs = [SQL.identifier("c", "id")]
        index_of = {}

        def add(key, expr):
            if key not in index_of:
                index_of[key] = len(exprs)
                exprs.append(expr)
            return index_of[key]

        def column(fname):
            field = Complaint._fields[fname]
            ident = SQL.identifier("c", fname)
            if field.type == "datetime":
                return add(
                    fname, SQL("(%s AT TIME ZONE 'UTC') AT TIME ZONE %s", ident, tz)
                )
            if field.type == "integer":
                return add(fname, SQL("COALESCE(%s, 0)", ident))
            if field.type in ("float", "monetary"):
                return add(fname, SQL("COALESCE(%s, 0)::float8", ident))
            if field.type == "boolean":
                return add(fname, SQL("COALESCE(%s, FALSE)", ident))
            return add(fname, ident)

        columns = []
        for field in field_objs:
            fname = field.name
            if fname in DEADLINE_STATE_PHASES:
                phase = DEADLINE_STATE_PHASES[fname]
                # UTC values, compared with now (UTC) as the compute does.
                payload = tuple(
                    add(f"utc:{name}", SQL.identifier("c", name))
                    for name in (
                        f"{phase}_completion",
                        f"date_{phase}_deadline",
                        f"date_{phase}_risk",
                    )
                )
                columns.append(("deadline_state", payload, None))
            elif fname == "is_recurring" and not field.store:
                columns.append(("recurring", None, None))
            elif field.type == "many2many" and field.store:
                expr = SQL(
                    "ARRAY(SELECT rel.%s FROM %s rel WHERE rel.%s = c.id)",
                    SQL.identifier(field.column2),
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                )
                columns.append(("many2many", field.comodel_name, add(fname, expr)))
            elif field.store and field.column_type:
                if field.type == "many2one":
                    columns.append(("many2one", field.comodel_name, column(fname)))
                else:
                    columns.append((field.type, None, column(fname)))
            else:
                # Another non-stored field: read through the ORM per batch.
                columns.append(("orm", fname, None))
        return exprs, columns

    @api.model
    def _recurring_ids(self):
        self.env.cr.execute(self.env["customer.complaint.report"]._recurring_sql())
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _display_names(self, comodel, ids, cache):
        """Display names of ``ids`` (one read for the missing ones), evaluated as
        superuser like the read of a many2one value."""
        missing = [rid for rid in ids if rid not in cache]
        if missing:
            if len(cache) + len(missing) > NAME_CACHE_SIZE:
                cache.clear()
                missing = list(ids)
            records = self.env[comodel].sudo().browse(missing)
            cache.update(zip(missing, records.mapped("display_name"), strict=True))
        return cache

    @api.model
    def _many2many_names(self, comodel, ids):
        """{id: (position, display name)} of the accessible ``ids`` in the
        comodel's order, as the read of a many2many value lists them."""
        if not ids:
            return {}
        records = self.env[comodel].search([("id", "in", list(ids))])
        return {
            record.id: (position, record.display_name)
            for position, record in enumerate(records)
        }

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    @api.model
    def _write_register(self, output, domain, date_from=None, date_to=None):
        """Write the register of the complaints matching ``domain`` to ``output``.

        The search runs with the caller's environment, so record rules apply.
        Complaints are read in id-ordered batches and nothing is kept from a
        batch to the next (but a bounded cache of display names): the memory
        used does not grow with the number of rows. Archived complaints are
        part of the record and listed.
        """
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        Complaint.check_access("read")
        fnames = self._register_fields()
        Complaint.check_field_access_rights("read", fnames)
        self.env.flush_all()
        field_objs = [Complaint._fields[fname] for fname in fnames]
        selections = {
            field.name: dict(field._description_selection(self.env))
            for field in field_objs
            if field.type == "selection"
        }
        exprs, columns = self._select_plan(field_objs, self._tz_name())
        recurring = (
            self._recurring_ids()
            if any(kind == "recurring" for kind, _p, _i in columns)
            else set()
        )

        workbook = xlsxwriter.Workbook(
            output, {"constant_memory": True, "strings_to_urls": False}
        )
        header_fmt = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        )
        datetime_fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        money_fmt = workbook.add_format({"num_format": "#,##0.00"})
        sheet = workbook.add_worksheet(self.env._("Register"))
        kpi_sheet = workbook.add_worksheet(self.env._("KPIs"))

        for col, field in enumerate(field_objs):
            sheet.write_string(0, col, field._description_string(self.env), header_fmt)
            width = {"char": 22, "text": 40, "many2one": 24, "many2many": 24}
            sheet.set_column(col, col, width.get(field.type, 16))
        sheet.freeze_panes(1, 0)

        # What a batch shares with the cell writers: display names per column
        # index, the values read through the ORM, the current time.
        batch = {"names": {}, "orm": {}, "now": None}
        writers = [
            self._cell_writer(
                sheet,
                field_objs[col],
                column,
                selections,
                {"datetime": datetime_fmt, "date": date_fmt, "money": money_fmt},
                recurring,
                batch,
            )
            for col, column in enumerate(columns)
        ]
        name_caches = {}
        row = 0
        last_id = 0
        while True:
            ids = list(
                Complaint._search(
                    list(domain or []) + [("id", ">", last_id)],
                    order="id",
                    limit=BATCH_SIZE,
                )
            )
            if not ids:
                break
            last_id = ids[-1]
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM customer_complaint c"
                    " WHERE c.id = ANY(%s) ORDER BY c.id",
                    SQL(", ").join(exprs),
                    ids,
                )
            )
            values_list = self.env.cr.fetchall()
            self._prepare_batch(batch, columns, values_list, ids, name_caches)
            for vals in values_list:
                row += 1
                for col, writer in enumerate(writers):
                    writer(row, col, vals)
            # Keep memory flat: forget what the batch loaded.
            self.env.invalidate_all()

        last_col = max(len(field_objs) - 1, 0)
        sheet.autofilter(0, 0, max(row, 1), last_col)
        stats = self._register_stats(domain)
        self._write_kpi_sheet(
            workbook, kpi_sheet, stats, date_from, date_to, header_fmt, selections
        )
        workbook.close()
        return row

    @api.model
    def _prepare_batch(self, batch, columns, values_list, ids, name_caches):
        """Display names of the batch's many2one and many2many values (one read
        per comodel) and the values of the non-stored fields without SQL form."""
        names = {}
        orm_fnames = []
        for kind, payload, index in columns:
            if kind == "many2one":
                names[index] = self._display_names(
                    payload,
                    {vals[index] for vals in values_list} - {None},
                    name_caches.setdefault(payload, {}),
                )
            elif kind == "many2many":
                names[index] = self._many2many_names(
                    payload, {rid for vals in values_list for rid in vals[index]}
                )
            elif kind == "orm":
                orm_fnames.append(payload)
        batch["names"] = names
        batch["orm"] = (
            {
                vals["id"]: vals
                for vals in self.env["customer.complaint"]
                .browse(ids)
                .read(orm_fnames, load=None)
            }
            if orm_fnames
            else {}
        )
        batch["now"] = fields.Datetime.now()

    @api.model
    def _cell_writer(self, sheet, field, column, selections, formats, recurring, batch):
        """A function ``(row, col, values)`` writing the cell of ``column``
        from the fetched ``values`` of a complaint."""
        kind, payload, index = column
        cell = SimpleNamespace(
            register=self,
            sheet=sheet,
            field=field,
            payload=payload,
            index=index,
            labels=selections.get(field.name, {}),
            formats=formats,
            recurring=recurring,
            batch=batch,
        )
        return CELL_WRITERS.get(kind, _writer_other)(cell)

    @api.model
    def _write_orm_cell(self, sheet, row, col, field, value):
        """A value read through the ORM (non-stored fields without a SQL form)."""
        if value is False or value is None:
            if field.type == "boolean":
                sheet.write_boolean(row, col, False)
            return
        if field.type == "boolean":
            sheet.write_boolean(row, col, bool(value))
        elif field.type in ("integer", "float", "monetary"):
            sheet.write_number(row, col, value)
        elif field.type == "selection":
            labels = dict(field._description_selection(self.env))
            sheet.write_string(row, col, labels.get(value, value))
        elif field.type == "many2one":
            sheet.write_string(
                row, col, self.env[field.comodel_name].sudo().browse(value).display_name
            )
        elif field.type in ("many2many", "one2many"):
            sheet.write_string(
                row,
                col,
                ", ".join(
                    self.env[field.comodel_name]
                    .sudo()
                    .browse(value)
                    .mapped("display_name")
                ),
            )
        else:
            sheet.write_string(row, col, str(value))

    @api.model
    def _register_stats(self, domain):
        """Figures of the KPI sheet, aggregated in SQL over the register's
        complaints (same domain and record rules as the rows)."""
        Complaint = self.env["customer.complaint"].with_context(active_test=False)
        query = Complaint._search(list(domain or []))
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE c.is_closed),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY %(ack)s),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY %(ack)s),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY %(close)s),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY %(close)s)
              FROM customer_complaint c
             WHERE c.id IN %(ids)s
            """,
                ack=SQL(
                    "EXTRACT(EPOCH FROM c.date_acknowledged - c.date_received)"
                    " / 3600.0"
                ),
                close=SQL(
                    "EXTRACT(EPOCH FROM c.date_closed - c.date_received) / 3600.0"
                ),
                ids=query.subselect(),
            )
        )
        count, closed, ack_median, ack_p90, close_median, close_p90 = (
            self.env.cr.fetchone()
        )

        def counts(fname, label):
            groups = Complaint._read_group(
                list(domain or []), [fname], ["__count"], order="__count desc"
            )
            return [(label(key), n) for key, n in groups]

        return {
            "count": count,
            "closed": closed,
            "ack_hours": (ack_median, ack_p90),
            "close_hours": (close_median, close_p90),
            "by_stage": counts("stage_id", lambda stage: stage.display_name or ""),
            "by_channel": counts("channel", lambda channel: channel or ""),
            "by_category": counts(
                "category_id", lambda category: category.display_name or ""
            ),
        }

    @api.model
    def _write_kpi_sheet(
        self, workbook, sheet, stats, date_from, date_to, header_fmt, selections
    ):
        _t = self.env._
        number_fmt = workbook.add_format({"num_format": "0.00"})
        sheet.set_column(0, 0, 45)
        sheet.set_column(1, 3, 16)
        rows = [
            (_t("Complaints in the register"), stats["count"]),
            (_t("Closed"), stats["closed"]),
            (_t("Open"), stats["count"] - stats["closed"]),
        ]
        for label, key in (
            (_t("Hours to acknowledge"), "ack_hours"),
            (_t("Hours to close"), "close_hours"),
        ):
            median, p90 = stats[key]
            rows.append((_t("%(label)s: median", label=label), median))
            rows.append((_t("%(label)s: 90th percentile", label=label), p90))
        row = 0
        sheet.write_string(row, 0, _t("Indicator"), header_fmt)
        sheet.write_string(row, 1, _t("Value"), header_fmt)
        for label, value in rows:
            row += 1
            sheet.write_string(row, 0, label)
            if value is not None:
                sheet.write_number(row, 1, value, number_fmt)
        # Period KPIs, as the KPI model defines them.
        if date_from and date_to and "customer.complaint.kpi" in self.env:
            row += 2
            sheet.write_string(
                row,
                0,
                _t(
                    "KPIs %(date_from)s - %(date_to)s",
                    date_from=date_from,
                    date_to=date_to,
                ),
                header_fmt,
            )
            sheet.write_string(row, 1, _t("Value"), header_fmt)
            kpis = self.env["customer.complaint.kpi"]._compute_kpis(
                fields.Date.to_date(date_from),
                fields.Date.to_date(date_to),
                self.env.company,
            )
            for label, value in self.env["customer.complaint.kpi"]._kpi_rows(kpis):
                row += 1
                sheet.write_string(row, 0, label)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(row, 1, value, number_fmt)
                elif value is not None:
                    sheet.write_string(row, 1, str(value))
        for title, key, labels in (
            (_t("By stage"), "by_stage", {}),
            (_t("By channel"), "by_channel", selections.get("channel", {})),
            (_t("By category"), "by_category", {}),
        ):
            row += 2
            sheet.write_string(row, 0, title, header_fmt)
            sheet.write_string(row, 1, _t("Complaints"), header_fmt)
            for key_value, count in stats[key]:
                row += 1
                sheet.write_string(
                    row, 0, labels.get(key_value, key_value) or _t("(none)")
                )
                sheet.write_number(row, 1, count)
