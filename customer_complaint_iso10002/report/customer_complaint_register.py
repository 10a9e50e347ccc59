# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX complaint register, written row by row in constant memory."""

from collections import Counter
from datetime import datetime

import pytz

from odoo import api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.misc import xlsxwriter

from ..models.customer_complaint_kpi import percentile

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
    # Assessment (issue 3)
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
    # Satisfaction with handling (issue 4)
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


class CustomerComplaintRegister(models.AbstractModel):
    _name = "customer.complaint.register"
    _description = "Complaint Register (XLSX)"

    @api.model
    def _register_fields(self):
        Complaint = self.env["customer.complaint"]
        return [fname for fname in REGISTER_FIELDS if fname in Complaint._fields]

    @api.model
    def _write_register(self, output, domain, date_from=None, date_to=None):
        """Write the register of the complaints matching ``domain`` to ``output``.

        The search runs with the caller's environment, so record rules apply.
        Complaints are read in id-ordered batches and the cache is emptied after
        each batch: the memory used does not grow with the number of rows.
        """
        Complaint = self.env["customer.complaint"]
        Complaint.check_access("read")
        self.env.flush_all()
        fnames = self._register_fields()
        field_objs = [Complaint._fields[fname] for fname in fnames]
        selections = {
            field.name: dict(field._description_selection(self.env))
            for field in field_objs
            if field.type == "selection"
        }
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        tag_names = {}

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

        stats = {
            "count": 0,
            "closed": 0,
            "by_stage": Counter(),
            "by_channel": Counter(),
            "by_category": Counter(),
            "ack_hours": [],
            "close_hours": [],
        }
        row = 0
        last_id = 0
        while True:
            batch = Complaint.search(
                list(domain or []) + [("id", ">", last_id)],
                order="id",
                limit=BATCH_SIZE,
            )
            if not batch:
                break
            last_id = batch[-1].id
            values_list = batch.read(fnames)
            missing_tags = {
                tag_id
                for vals in values_list
                for tag_id in vals.get("tag_ids") or ()
                if tag_id not in tag_names
            }
            if missing_tags:
                tags = self.env["customer.complaint.tag"].browse(missing_tags)
                tag_names.update({tag.id: tag.display_name for tag in tags})
            for vals in values_list:
                row += 1
                for col, field in enumerate(field_objs):
                    self._write_cell(
                        sheet,
                        row,
                        col,
                        field,
                        vals[field.name],
                        selections,
                        tag_names,
                        tz,
                        {
                            "datetime": datetime_fmt,
                            "date": date_fmt,
                            "money": money_fmt,
                        },
                    )
                self._collect_stats(stats, vals)
            # Keep memory flat: forget what the batch loaded.
            self.env.invalidate_all()

        last_col = max(len(field_objs) - 1, 0)
        sheet.autofilter(0, 0, max(row, 1), last_col)
        self._write_kpi_sheet(
            workbook, kpi_sheet, stats, date_from, date_to, header_fmt, selections
        )
        workbook.close()
        return row

    @api.model
    def _write_cell(
        self, sheet, row, col, field, value, selections, tag_names, tz, formats
    ):
        ftype = field.type
        if value is False or value is None:
            if ftype == "boolean":
                sheet.write_boolean(row, col, False)
            return
        if ftype == "datetime":
            local = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
            sheet.write_datetime(row, col, local, formats["datetime"])
        elif ftype == "date":
            sheet.write_datetime(
                row, col, datetime.combine(value, datetime.min.time()), formats["date"]
            )
        elif ftype == "many2one":
            sheet.write_string(row, col, value[1] or "")
        elif ftype in ("many2many", "one2many"):
            sheet.write_string(
                row, col, ", ".join(tag_names.get(v, str(v)) for v in value)
            )
        elif ftype == "selection":
            sheet.write_string(row, col, selections[field.name].get(value, value))
        elif ftype == "boolean":
            sheet.write_boolean(row, col, bool(value))
        elif ftype == "monetary":
            sheet.write_number(row, col, value, formats["money"])
        elif ftype in ("integer", "float"):
            sheet.write_number(row, col, value)
        elif ftype == "html":
            sheet.write_string(row, col, html2plaintext(value or ""))
        else:
            sheet.write_string(row, col, str(value))

    @api.model
    def _collect_stats(self, stats, vals):
        stats["count"] += 1
        if vals.get("is_closed"):
            stats["closed"] += 1
        stats["by_stage"][(vals.get("stage_id") or (0, ""))[1]] += 1
        stats["by_channel"][vals.get("channel") or ""] += 1
        stats["by_category"][(vals.get("category_id") or (0, ""))[1] or ""] += 1
        received = vals.get("date_received")
        if received and vals.get("date_acknowledged"):
            delta = vals["date_acknowledged"] - received
            stats["ack_hours"].append(delta.total_seconds() / 3600.0)
        if received and vals.get("date_closed"):
            delta = vals["date_closed"] - received
            stats["close_hours"].append(delta.total_seconds() / 3600.0)

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
            values = sorted(stats[key])
            rows.append(
                (
                    _t("%(label)s: median", label=label),
                    percentile(values, 50),
                )
            )
            rows.append(
                (_t("%(label)s: 90th percentile", label=label), percentile(values, 90))
            )
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
            for key_value, count in stats[key].most_common():
                row += 1
                sheet.write_string(
                    row, 0, labels.get(key_value, key_value) or _t("(none)")
                )
                sheet.write_number(row, 1, count)
