# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX complaint register, written row by row in constant memory.

The register is a reporting model: it reads the complaint table in id-ordered
batches with one SQL query per batch (datetimes converted to the reader's time
zone by PostgreSQL), the many2one display names with one read per comodel and
batch, the recurrence flag of every complaint with one window query, and the
deadline and stored state of each phase with one lateral join. No
per-complaint ORM compute runs, so the time per row is the time xlsxwriter
needs to write it, and the memory used does not grow with the number of rows.
"""

import re
from datetime import datetime
from types import SimpleNamespace

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext
from odoo.tools.misc import xlsxwriter

from ..models.customer_complaint_decision import (
    REPORT_FIELDS as DECISION_REPORT_FIELDS,
)
from ..models.customer_complaint_kpi import percentiles_sql

datetime_to_excel_datetime = xlsxwriter.utility.datetime_to_excel_datetime
preserve_whitespace = xlsxwriter.utility.preserve_whitespace
xl_col_to_name = xlsxwriter.utility.xl_col_to_name

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
    # Timeline and deadlines: "phase:<kind>" gives the deadline and the
    # state of the phase (of a decision, the current round's).
    "date_acknowledged",
    "phase:ack",
    "phase:assessment",
    "phase:decision",
    "date_response_due",
    "phase:closure",
    "escalation_level",
    # Investigation
    "cause_code_id",
    "root_cause",
    "is_recurring",
    # Decision: the current round (every round on the Decisions sheet)
    "decision_outcome",
    "decision_state",
    "date_first_decision",
    "date_first_communicated",
    "rejection_reason",
    "duplicate_of_id",
    # Appeal, closure
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

# The Decisions sheet: one row per decision round (7.7-7.9), its fields as
# the record PDF prints them, with what identifies and sorts the round.
DECISION_FIELDS = [
    "complaint_id",
    "round",
    "state",
    "approval_required",
    "handler_id",
    *DECISION_REPORT_FIELDS,
]

BATCH_SIZE = 2000
# Cache of many2one display names is emptied past this size (memory stays flat).
NAME_CACHE_SIZE = 20000
# The columns of a phase in the register.
PHASE_COLUMNS = ("date_deadline", "state")


class PhaseColumn:
    """A register column of one kind of phase, its deadline or its state,
    read like a complaint field by the header, the plan and the writers."""

    store = True
    column_type = True

    def __init__(self, field, kind, kind_label):
        self.field = field
        self.kind = kind
        self.kind_label = kind_label
        self.name = f"phase_{kind}_{field.name}"
        self.type = field.type

    def _description_string(self, env):
        return env._(
            "%(phase)s: %(column)s",
            phase=self.kind_label,
            column=self.field._description_string(env),
        )

    def _description_selection(self, env):
        return self.field._description_selection(env)


# Cells: each writer factory returns a function (ref, values) giving the XML
# of the cell of one column (an empty string for no cell), ``ref`` being the
# row number as text and ``values`` the row fetched for a complaint (id
# first). The XML is what xlsxwriter writes in constant memory mode (inline
# strings), made here in one string per row: xlsxwriter's per-cell calls
# (a cell object, a table, a dispatch per cell) were most of the export time.

XLS_STRMAX = 32767
EXCEL_EPOCH = datetime(1899, 12, 31)
_CONTROL_X = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHARS = re.compile(r"([\x00-\x08\x0b-\x1f])")
# What makes a string need more than copying: escapes, control characters,
# edge whitespace (most values have none of them).
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")


def _xml_string(ref, value, style=""):
    """An inline string cell, escaped as xlsxwriter escapes it."""
    if len(value) <= XLS_STRMAX and not _SPECIAL.search(value):
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{value}</t></is></c>'
    value = value[:XLS_STRMAX]
    if "_x" in value:
        value = _CONTROL_X.sub(r"_x005F\1", value)
    value = _CONTROL_CHARS.sub(lambda match: f"_x{ord(match.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if preserve_whitespace(value) else ""
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{preserve}>{value}</t></is></c>'


def _xml_number(ref, value, style=""):
    return '<c r="%s"%s><v>%.16G</v></c>' % (ref, style, value)


def _xml_boolean(ref, value):
    return f'<c r="{ref}" t="b"><v>{1 if value else 0}</v></c>'


def _xml_style(fmt):
    """The style attribute of ``fmt``, asked on first use: xlsxwriter numbers
    the formats in the order the cells use them."""
    style = []

    def get():
        if not style:
            style.append(f' s="{fmt._get_xf_index()}"')
        return style[0]

    return get


class SheetRows:
    """Writes whole rows of a constant-memory xlsxwriter worksheet, each as
    one XML string (see the cell writers), where xlsxwriter would write it:
    the rows written through its API before (the header) are flushed first,
    the sheet's dimensions follow the rows."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.row_attrs = (
            ' x14ac:dyDescent="0.25"' if sheet.excel_version == 2010 else ""
        )

    def write_row(self, row, writers, vals):
        sheet = self.sheet
        if sheet._check_dimensions(row, 0):
            raise ValueError(f"row {row} is out of the worksheet")
        if row > sheet.previous_row:
            sheet._write_single_row(row)
        ref = str(row + 1)
        cells = "".join([writer(ref, vals) for writer in writers])
        if cells:
            sheet.fh.write(f'<row r="{row + 1}"{self.row_attrs}>{cells}</row>')


def _writer_many2one(cell):
    letter, index, batch = cell.letter, cell.index, cell.batch

    def write_cell(ref, vals):
        if vals[index] is None:
            return ""
        return _xml_string(letter + ref, batch["names"][index].get(vals[index]) or "")

    return write_cell


def _writer_datetime(cell, fmt_name="datetime"):
    letter, index = cell.letter, cell.index
    style = _xml_style(cell.formats[fmt_name])
    date_1904, remove_tz = cell.sheet.date_1904, cell.sheet.remove_timezone

    def write_cell(ref, vals):
        value = vals[index]
        if value is None:
            return ""
        if not isinstance(value, datetime):
            value = datetime.combine(value, datetime.min.time())
        if date_1904 or value.tzinfo or value.year <= 1900:
            number = datetime_to_excel_datetime(value, date_1904, remove_tz)
        else:
            # datetime_to_excel_datetime's arithmetic for the common case (a
            # naive datetime after 1900, 1900 epoch), without its type checks.
            delta = value - EXCEL_EPOCH
            number = (
                delta.days
                + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400
                + 1  # Excel counts 29 February 1900
            )
        return _xml_number(letter + ref, number, style())

    return write_cell


def _writer_date(cell):
    return _writer_datetime(cell, "date")


def _writer_text(cell):
    letter, index = cell.letter, cell.index

    def write_cell(ref, vals):
        return _xml_string(letter + ref, vals[index]) if vals[index] else ""

    return write_cell


def _writer_html(cell):
    letter, index = cell.letter, cell.index

    def write_cell(ref, vals):
        if not vals[index]:
            return ""
        return _xml_string(letter + ref, html2plaintext(vals[index]))

    return write_cell


def _writer_selection(cell):
    letter, index, labels = cell.letter, cell.index, cell.labels

    def write_cell(ref, vals):
        if not vals[index]:
            return ""
        return _xml_string(letter + ref, labels.get(vals[index], vals[index]))

    return write_cell


def _writer_boolean(cell):
    letter, index = cell.letter, cell.index

    def write_cell(ref, vals):
        return _xml_boolean(letter + ref, vals[index])

    return write_cell


def _writer_number(cell):
    letter, index = cell.letter, cell.index

    def write_cell(ref, vals):
        return _xml_number(letter + ref, vals[index])

    return write_cell


def _writer_money(cell):
    letter, index = cell.letter, cell.index
    style = _xml_style(cell.formats["money"])

    def write_cell(ref, vals):
        return _xml_number(letter + ref, vals[index], style())

    return write_cell


def _writer_recurring(cell):
    letter, recurring = cell.letter, cell.recurring

    def write_cell(ref, vals):
        return _xml_boolean(letter + ref, vals[0] in recurring)

    return write_cell


def _writer_many2many(cell):
    letter, index, batch = cell.letter, cell.index, cell.batch

    def write_cell(ref, vals):
        names = batch["names"][index]
        ordered = sorted(names[rid] for rid in vals[index] if rid in names)
        if not ordered:
            return ""
        return _xml_string(letter + ref, ", ".join(name for _pos, name in ordered))

    return write_cell


def _writer_orm(cell):
    register, letter, field = cell.register, cell.letter, cell.field
    fname, batch = cell.payload, cell.batch

    def write_cell(ref, vals):
        return register._orm_cell(letter + ref, field, batch["orm"][vals[0]][fname])

    return write_cell


def _writer_other(cell):
    letter, index = cell.letter, cell.index

    def write_cell(ref, vals):
        if vals[index] is None or vals[index] is False:
            return ""
        return _xml_string(letter + ref, str(vals[index]))

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
    def _select_plan(self, field_objs, tz, model="customer.complaint", alias="c"):
        """One SQL expression per register column (fields of ``model``, whose
        table is ``alias``), plus the hidden columns the computed ones need.
        Returns (expressions, columns) where columns[i] is (kind, payload,
        index of the value in the fetched row)."""
        Complaint = self.env[model]
        exprs = [SQL.identifier(alias, "id")]
        index_of = {}

        def add(key, expr):
            if key not in index_of:
                index_of[key] = len(exprs)
                exprs.append(expr)
            return index_of[key]

        def column(fname):
            field = Complaint._fields[fname]
            ident = SQL.identifier(alias, fname)
            # the complainant's non-disclosure choice (privacy mixin)
            masked = hasattr(Complaint, "_register_identity_sql") and (
                Complaint._register_identity_sql(fname, alias)
            )
            if masked:
                return add(fname, masked)
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
            if isinstance(field, PhaseColumn):
                # From the lateral join of _phase_join.
                expr = SQL.identifier("ph", fname)
                if field.type == "datetime":
                    expr = SQL("(%s AT TIME ZONE 'UTC') AT TIME ZONE %s", expr, tz)
                columns.append((field.type, None, add(fname, expr)))
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
        Complaint.check_field_access_rights(
            "read", [fname for fname in fnames if not fname.startswith("phase:")]
        )
        self.env.flush_all()
        field_objs = self._register_columns(fnames)
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
        formats = {"datetime": datetime_fmt, "date": date_fmt, "money": money_fmt}
        kpi_sheet = workbook.add_worksheet(self.env._("KPIs"))
        decisions = self._decision_sheet(workbook, header_fmt, formats)
        self._write_header(sheet, field_objs, header_fmt)

        # What a batch shares with the cell writers: display names per column
        # index, the values read through the ORM, the current time.
        batch = {"names": {}, "orm": {}, "now": None}
        writers = [
            self._cell_writer(
                sheet,
                field_objs[col],
                column,
                selections,
                formats,
                recurring,
                batch,
                col,
            )
            for col, column in enumerate(columns)
        ]
        name_caches = {}
        rows = SheetRows(sheet)
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
                    "SELECT %s FROM customer_complaint c %s"
                    " WHERE c.id = ANY(%s) ORDER BY c.id",
                    SQL(", ").join(exprs),
                    self._phase_join(ids),
                    ids,
                )
            )
            values_list = self.env.cr.fetchall()
            self._prepare_batch(batch, columns, values_list, ids, name_caches)
            for vals in values_list:
                row += 1
                rows.write_row(row, writers, vals)
            self._write_decision_rows(decisions, ids)
            # Keep memory flat: forget what the batch loaded.
            self.env.invalidate_all()

        last_col = max(len(field_objs) - 1, 0)
        sheet.autofilter(0, 0, max(row, 1), last_col)
        decisions.sheet.autofilter(
            0, 0, max(decisions.row, 1), max(len(decisions.writers) - 1, 0)
        )
        stats = self._register_stats(domain)
        self._write_kpi_sheet(
            workbook, kpi_sheet, stats, date_from, date_to, header_fmt, selections
        )
        workbook.close()
        return row

    @api.model
    def _register_columns(self, fnames):
        """The complaint field of each register column, a "phase:<kind>"
        entry giving two PhaseColumn (deadline, state)."""
        Complaint = self.env["customer.complaint"]
        Phase = self.env["customer.complaint.phase"]
        Phase.check_access("read")
        kinds = dict(Phase._fields["phase"]._description_selection(self.env))
        columns = []
        for fname in fnames:
            if fname.startswith("phase:"):
                kind = fname.split(":", 1)[1]
                columns += [
                    PhaseColumn(Phase._fields[name], kind, kinds[kind])
                    for name in PHASE_COLUMNS
                ]
            else:
                columns.append(Complaint._fields[fname])
        return columns

    @api.model
    def _phase_join(self, ids=None):
        """The deadline and stored state of each kind of phase of complaint
        ``c`` (of a decision, the last round's), as ``ph.phase_<kind>_<column>``,
        for the complaints ``ids`` (all of them without). The last round of
        each kind is picked once for the batch (DISTINCT ON, one sort), not by
        a sorted aggregate per complaint."""
        return SQL(
            "LEFT JOIN (SELECT p.complaint_id, %s FROM ("
            " SELECT DISTINCT ON (p.complaint_id, p.phase) p.complaint_id, p.phase, %s"
            " FROM customer_complaint_phase p WHERE %s"
            " ORDER BY p.complaint_id, p.phase, p.round DESC) AS p"
            " GROUP BY p.complaint_id) AS ph ON ph.complaint_id = c.id",
            SQL(", ").join(
                SQL(
                    "(array_agg(%s) FILTER (WHERE p.phase = %s))[1] AS %s",
                    SQL.identifier("p", name),
                    kind,
                    SQL.identifier(f"phase_{kind}_{name}"),
                )
                for kind in ("ack", "assessment", "decision", "closure")
                for name in PHASE_COLUMNS
            ),
            SQL(", ").join(SQL.identifier("p", name) for name in PHASE_COLUMNS),
            SQL("p.complaint_id = ANY(%s)", ids) if ids is not None else SQL("TRUE"),
        )

    @api.model
    def _write_header(self, sheet, field_objs, header_fmt):
        for col, field in enumerate(field_objs):
            sheet.write_string(0, col, field._description_string(self.env), header_fmt)
            width = {"char": 22, "text": 40, "many2one": 24, "many2many": 24}
            sheet.set_column(col, col, width.get(field.type, 16))
        sheet.freeze_panes(1, 0)

    @api.model
    def _decision_sheet(self, workbook, header_fmt, formats):
        """The Decisions sheet, one row per decision round, planned like the
        register's columns; _write_decision_rows fills it batch by batch."""
        Decision = self.env["customer.complaint.decision"]
        Decision.check_access("read")
        Decision.check_field_access_rights("read", DECISION_FIELDS)
        field_objs = [Decision._fields[fname] for fname in DECISION_FIELDS]
        selections = {
            field.name: dict(field._description_selection(self.env))
            for field in field_objs
            if field.type == "selection"
        }
        exprs, columns = self._select_plan(
            field_objs, self._tz_name(), model=Decision._name, alias="d"
        )
        sheet = workbook.add_worksheet(self.env._("Decisions"))
        self._write_header(sheet, field_objs, header_fmt)
        batch = {"names": {}, "orm": {}, "now": None}
        writers = [
            self._cell_writer(
                sheet, field_objs[col], column, selections, formats, set(), batch, col
            )
            for col, column in enumerate(columns)
        ]
        return SimpleNamespace(
            sheet=sheet,
            rows=SheetRows(sheet),
            exprs=exprs,
            columns=columns,
            batch=batch,
            writers=writers,
            name_caches={},
            row=0,
        )

    @api.model
    def _write_decision_rows(self, decisions, complaint_ids):
        """The rounds of a batch of complaints (already filtered by the record
        rules: rounds follow their complaint), in complaint and round order."""
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM customer_complaint_decision d"
                " WHERE d.complaint_id = ANY(%s) ORDER BY d.complaint_id, d.round",
                SQL(", ").join(decisions.exprs),
                complaint_ids,
            )
        )
        values_list = self.env.cr.fetchall()
        self._prepare_batch(
            decisions.batch, decisions.columns, values_list, [], decisions.name_caches
        )
        for vals in values_list:
            decisions.row += 1
            decisions.rows.write_row(decisions.row, decisions.writers, vals)

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
    def _cell_writer(
        self, sheet, field, column, selections, formats, recurring, batch, col
    ):
        """A function ``(ref, values)`` giving the XML of the cell of
        ``column`` (at ``col``) from the fetched ``values`` of a complaint."""
        kind, payload, index = column
        cell = SimpleNamespace(
            register=self,
            sheet=sheet,
            letter=xl_col_to_name(col),
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
    def _orm_cell(self, ref, field, value):
        """The cell of a value read through the ORM (non-stored fields without
        a SQL form)."""
        if value is False or value is None:
            return _xml_boolean(ref, False) if field.type == "boolean" else ""
        if field.type == "boolean":
            return _xml_boolean(ref, bool(value))
        if field.type in ("integer", "float", "monetary"):
            return _xml_number(ref, value)
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
            return _xml_string(ref, labels.get(value, value))
        if field.type == "many2one":
            # sudo: the name of a record linked to a complaint the register
            # already read as the user (its rows are the user's readable ones)
            return _xml_string(
                ref, self.env[field.comodel_name].sudo().browse(value).display_name
            )
        if field.type in ("many2many", "one2many"):
            return _xml_string(
                ref,
                ", ".join(
                    self.env[field.comodel_name]
                    .sudo()
                    .browse(value)
                    .mapped("display_name")
                ),
            )
        return _xml_string(ref, str(value))

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
                   %(ack)s,
                   %(close)s
              FROM customer_complaint c
             WHERE c.id IN %(ids)s
            """,
                ack=percentiles_sql(
                    SQL(
                        "EXTRACT(EPOCH FROM c.date_acknowledged - c.date_received)"
                        " / 3600.0"
                    ),
                    "ack_",
                ),
                close=percentiles_sql(
                    SQL("EXTRACT(EPOCH FROM c.date_closed - c.date_received) / 3600.0"),
                    "close_",
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
