#!/usr/bin/env python3
# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Writes the Complaints spreadsheet dashboard of the bridge addon
(customer_complaint_iso10002_dashboard/data/files/complaints_dashboard.json).

The spreadsheet's source, readable and reviewable: its pivots on the complaint
analysis, the cells whose formulas make the KPIs of customer.complaint.kpi out of
them (the bridge's tests check they agree), its charts and filters. Run it, then
update the bridge (-u customer_complaint_iso10002_dashboard)."""

import json
import os
import sys

OUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "customer_complaint_iso10002_dashboard",
    "data",
    "files",
    "complaints_dashboard.json",
)

MODEL = "customer.complaint.report"
PERIOD = "7c1f0d52-6a1e-4c55-9d0a-3c2b5a7e9f01"
TEAM = "b3e8a9c4-2f7d-4b1e-8c6a-5d9e0f1a2b03"
CATEGORY = "e4f5a6b7-8c9d-4e0f-a1b2-c3d4e5f60704"
PHASES = ("ack", "assessment", "decision", "closure")


def matching(date_chain):
    m = {
        TEAM: {"chain": "team_id", "type": "many2one"},
        CATEGORY: {"chain": "category_id", "type": "many2one"},
    }
    if date_chain:
        m[PERIOD] = {"chain": date_chain, "type": "datetime", "offset": 0}
    return m


def pivot(pid, name, measures, date_chain, domain=(), rows=(), sort=None):
    p = {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": MODEL,
        "domain": list(domain),
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": [{"fieldName": r} for r in rows],
        "fieldMatching": matching(date_chain),
    }
    if sort:
        p["sortedColumn"] = {"groupId": [[], []], "measure": sort, "order": "desc"}
    return p


pivots = {
    "1": pivot(
        "1",
        "Complaints received",
        ["__count", "recurring_count"]
        + [f"{p}_phases_{k}" for p in PHASES for k in ("done", "met")],
        "date_received",
    ),
    "2": pivot(
        "2",
        "Complaints closed",
        ["__count", "handling_rating", "rated_count", "rated_good_count"],
        "date_closed",
        domain=[["date_closed", "!=", False]],
    ),
    "3": pivot(
        "3",
        "Complaints decided",
        ["remedy_cost", "decided_count"],
        "date_decision",
        domain=[["date_decision", "!=", False]],
    ),
    "4": pivot(
        "4",
        "Backlog",
        ["__count", "overdue_count"],
        None,
        domain=[["backlog_age", "!=", False]],
        rows=["backlog_age"],
    ),
    "5": pivot(
        "5",
        "Pareto of categories",
        ["__count"],
        "date_received",
        rows=["category_id"],
        sort="__count",
    ),
    "6": pivot(
        "6",
        "Pareto of products",
        ["__count"],
        "date_received",
        domain=[["product_id", "!=", False]],
        rows=["product_id"],
        sort="__count",
    ),
}

DASH = "–"
cells = {}
styles = {}
formats = {}
STYLE_TITLE, STYLE_HEAD, STYLE_LABEL, STYLE_VALUE = 1, 2, 3, 4
FMT_PCT, FMT_NUM, FMT_MONEY = 1, 2, 3


def put(ref, content, style=None, fmt=None):
    cells[ref] = {"content": content}
    if style:
        styles[ref] = style
    if fmt:
        formats[ref] = fmt


def t(text):
    return f'=_t("{text}")'


def ratio(num, den, pid):
    return (
        f'=IF(PIVOT.VALUE({pid},"{den}")=0,"{DASH}",'
        f'PIVOT.VALUE({pid},"{num}")/PIVOT.VALUE({pid},"{den}"))'
    )


put("A1", t("Complaints"), STYLE_TITLE)
put("A3", t("Key figures of the period"), STYLE_HEAD)
rows = [
    ("Complaints received", '=PIVOT.VALUE(1,"__count")', None, "volume"),
    (
        "Recurring complaints",
        ratio("recurring_count", "__count", 1),
        FMT_PCT,
        "recurrence_rate",
    ),
    (
        "On time: acknowledgement",
        ratio("ack_phases_met", "ack_phases_done", 1),
        FMT_PCT,
        "on_time_ack",
    ),
    (
        "On time: assessment",
        ratio("assessment_phases_met", "assessment_phases_done", 1),
        FMT_PCT,
        "on_time_assessment",
    ),
    (
        "On time: decision",
        ratio("decision_phases_met", "decision_phases_done", 1),
        FMT_PCT,
        "on_time_decision",
    ),
    (
        "On time: closure",
        ratio("closure_phases_met", "closure_phases_done", 1),
        FMT_PCT,
        "on_time_closure",
    ),
    ("Complaints closed", '=PIVOT.VALUE(2,"__count")', None, None),
    (
        "Handling satisfaction (1-5)",
        f'=IF(PIVOT.VALUE(2,"rated_count")=0,"{DASH}",PIVOT.VALUE(2,"handling_rating"))',
        FMT_NUM,
        "satisfaction_avg",
    ),
    (
        "Rated 4 or 5",
        ratio("rated_good_count", "rated_count", 2),
        FMT_PCT,
        "satisfaction_share_4_5",
    ),
    ("Remedy cost", '=PIVOT.VALUE(3,"remedy_cost")', FMT_MONEY, "cost_total"),
    (
        "Remedy cost per decided complaint",
        ratio("remedy_cost", "decided_count", 3),
        FMT_MONEY,
        "cost_per_complaint",
    ),
]
r = 4
kpi_cells = {}
for label, formula, fmt, code in rows:
    put(f"A{r}", t(label), STYLE_LABEL)
    put(f"B{r}", formula, STYLE_VALUE, fmt)
    if code:
        kpi_cells[code] = f"B{r}"
    r += 1
r += 1
put(f"A{r}", t("Backlog today"), STYLE_HEAD)
r += 1
for label, formula, code in (
    ("Open complaints", '=PIVOT.VALUE(4,"__count")', "backlog"),
    # a missing group is blank: 0+ shows it as 0
    (
        "Open 0-7 days",
        '=0+PIVOT.VALUE(4,"__count","backlog_age","00_07")',
        "backlog_0_7",
    ),
    (
        "Open 8-30 days",
        '=0+PIVOT.VALUE(4,"__count","backlog_age","08_30")',
        "backlog_8_30",
    ),
    (
        "Open more than 30 days",
        '=0+PIVOT.VALUE(4,"__count","backlog_age","31_up")',
        "backlog_31",
    ),
    ("Open and overdue", '=PIVOT.VALUE(4,"overdue_count")', "backlog_overdue"),
):
    put(f"A{r}", t(label), STYLE_LABEL)
    put(f"B{r}", formula, STYLE_VALUE)
    kpi_cells[code] = f"B{r}"
    r += 1

for pid, field, title, header in (
    (5, "category_id", "Pareto of categories", "Category"),
    (6, "product_id", "Pareto of products", "Product"),
):
    r += 1
    put(f"A{r}", t(title), STYLE_HEAD)
    r += 1
    put(f"A{r}", t(header), STYLE_LABEL)
    put(f"B{r}", t("Complaints"), STYLE_LABEL)
    put(f"C{r}", t("Cumulative share"), STYLE_LABEL)
    first = r + 1
    for i in range(1, 11):
        r += 1
        put(f"A{r}", f'=PIVOT.HEADER({pid},"#{field}",{i})')
        put(f"B{r}", f'=PIVOT.VALUE({pid},"__count","#{field}",{i})')
        put(
            f"C{r}",
            f'=IF(A{r}="","",SUM(B${first}:B{r})/PIVOT.VALUE({pid},"__count"))',
            None,
            FMT_PCT,
        )
last_row = r


def chart(fid, y, title, group_by, domain, date_chain, kind="odoo_bar"):
    return {
        "id": fid,
        "x": 620,
        "y": y,
        "width": 560,
        "height": 300,
        "tag": "chart",
        "data": {
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "metaData": {
                "groupBy": group_by,
                "measure": "__count",
                "order": None,
                "resModel": MODEL,
                "mode": "bar",
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": domain,
                "groupBy": group_by,
                "orderBy": [],
            },
            "type": kind,
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": matching(date_chain),
        },
    }


figures = [
    chart(
        "0b6d1c0e-1a51-4d8e-9f3a-7c2e4b5a6d01",
        0,
        "Complaints received by month",
        ["date_received:month"],
        [],
        "date_received",
    ),
    chart(
        "0b6d1c0e-1a51-4d8e-9f3a-7c2e4b5a6d02",
        320,
        "Backlog by age (today)",
        ["backlog_age"],
        [["backlog_age", "!=", False]],
        None,
    ),
    chart(
        "0b6d1c0e-1a51-4d8e-9f3a-7c2e4b5a6d03",
        640,
        "Complaints by category",
        ["category_id"],
        [],
        "date_received",
    ),
]

sheet = {
    "id": "complaints_dashboard",
    "name": "Dashboard",
    "colNumber": 8,
    "rowNumber": max(last_row + 5, 60),
    "rows": {},
    "cols": {"0": {"size": 300}, "1": {"size": 150}, "2": {"size": 140}},
    "merges": [],
    "cells": cells,
    "styles": styles,
    "formats": formats,
    "borders": {},
    "conditionalFormats": [],
    "figures": figures,
    "tables": [],
    "areGridLinesVisible": False,
    "isVisible": True,
    "headerGroups": {"ROW": [], "COL": []},
    "dataValidationRules": [],
    "comments": {},
}
data = {
    "version": 21,
    "sheets": [sheet],
    "styles": {
        str(STYLE_TITLE): {"textColor": "#01666b", "bold": True, "fontSize": 16},
        str(STYLE_HEAD): {"bold": True, "fontSize": 11, "textColor": "#434343"},
        str(STYLE_LABEL): {"textColor": "#434343", "verticalAlign": "middle"},
        str(STYLE_VALUE): {"align": "right"},
    },
    "formats": {str(FMT_PCT): "0.0%", str(FMT_NUM): "0.0", str(FMT_MONEY): "#,##0.00"},
    "borders": {},
    "revisionId": "START_REVISION",
    "uniqueFigureIds": True,
    "settings": {
        "locale": {
            "name": "English (US)",
            "code": "en_US",
            "thousandsSeparator": ",",
            "decimalSeparator": ".",
            "dateFormat": "mm/dd/yyyy",
            "timeFormat": "hh:mm:ss",
            "formulaArgSeparator": ",",
            "weekStart": 7,
        }
    },
    "pivots": pivots,
    "pivotNextId": 7,
    "customTableStyles": {},
    "odooVersion": 12,
    "globalFilters": [
        {
            "id": PERIOD,
            "type": "date",
            "label": "Period",
            "defaultValue": "last_three_months",
            "rangeType": "relative",
        },
        {
            "id": TEAM,
            "type": "relation",
            "label": "Team",
            "modelName": "customer.complaint.team",
            "defaultValue": [],
            "defaultValueDisplayNames": [],
        },
        {
            "id": CATEGORY,
            "type": "relation",
            "label": "Category",
            "modelName": "customer.complaint.category",
            "defaultValue": [],
            "defaultValueDisplayNames": [],
        },
    ],
    "lists": {},
    "listNextId": 1,
    "chartOdooMenusReferences": {},
}
out = sys.argv[1] if len(sys.argv) > 1 else OUT
with open(out, "w", encoding="utf-8") as file:
    json.dump(data, file, indent=2, ensure_ascii=False)
    file.write("\n")
print(f"wrote {out}; KPI cells: {json.dumps(kpi_cells)}")
