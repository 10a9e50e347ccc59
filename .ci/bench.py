#!/usr/bin/env python3
# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Side-by-side benchmark: customer_complaint_iso10002 against OCA helpdesk_mgmt.

    bench.py fill   [--n N] -- ODOO_ARGS   fill the benchmark database (committed)
    bench.py run            -- ODOO_ARGS   print one BENCH line per figure
    bench.py export         -- ODOO_ARGS   the register export alone (its own process)

ODOO_ARGS are odoo-bin options (-c, -d, --addons-path, --db_host...). Both
addons must be installed in the database. ``fill`` makes one complaint and one
ticket with the ORM and clones each N - 1 times in one SQL statement, spread
over the stages and two years, 80 of each for one portal customer. "Theirs" is
the anchor installed in the database: helpdesk_mgmt alone (BENCH_ANCHOR=bare)
or with its satellites (helpdesk_mgmt_sla, _rating, _sale, helpdesk_product),
whose data is then filled like ours: an SLA on the bench team, each ticket's
SLA row cloned as our phases are, products as on our complaints. ``run``
measures ours and theirs alternately in one process (ratios, not absolute
times, are what compare on a shared machine), in a transaction rolled back at
the end, so the database can be measured again.
"""

import argparse
import contextlib
import email.message
import email.utils
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from lxml import etree

OURS = "customer.complaint"
THEIRS = "helpdesk.ticket"
MODULE = "customer_complaint_iso10002"
ANCHOR = (
    "helpdesk_mgmt",
    "helpdesk_mgmt_sla",
    "helpdesk_mgmt_rating",
    "helpdesk_mgmt_sale",
    "helpdesk_product",
)
# the SLA of the bench team (helpdesk_mgmt_sla): 10 working days to reach the
# first closed stage, as our decision phase (14 calendar days from receipt)
SLA_DAYS = 10
PORTAL_LOGIN = "bench_portal"
STAFF_LOGIN = "bench_staff"
PORTAL_COUNT = 80
PAGE = 80
CARDS = 40


def log(line):
    print(line, flush=True)


# ----------------------------------------------------------------------------
# Odoo set-up
# ----------------------------------------------------------------------------


def odoo_env(odoo_args):
    import odoo
    from odoo import api
    from odoo.tools import config

    config.parse_config(odoo_args, setup_logging=True)
    odoo.service.server.load_server_wide_modules()
    registry = odoo.modules.registry.Registry(config["db_name"])
    cr = registry.cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {}), registry


# ----------------------------------------------------------------------------
# Fill
# ----------------------------------------------------------------------------


def _columns(env, table, *skip):
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name NOT IN %s",
        (table, ("id", *skip)),
    )
    return [row[0] for row in env.cr.fetchall()]


@contextlib.contextmanager
def _without_indexes(env, *tables):
    """Drop the indexes of ``tables`` that back no constraint, and build them
    again at the end: one sort each instead of a million index insertions."""
    from odoo.tools import SQL

    env.cr.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename IN %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        (tables,),
    )
    indexes = env.cr.fetchall()
    for name, _definition in indexes:
        env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    yield
    env.cr.execute("SET maintenance_work_mem = '1GB'")
    for _name, definition in indexes:
        env.cr.execute(definition)
    log(f"[bench] {len(indexes)} indexes of {', '.join(tables)} built again")


def _phase_state(done, deadline, at_risk):
    """The state the escalation job stores for a phase (SQL expressions)."""
    from odoo.tools import SQL

    return SQL(
        "CASE WHEN %(done)s IS NOT NULL THEN "
        "CASE WHEN %(done)s <= %(deadline)s THEN 'met' ELSE 'met_late' END "
        "WHEN now() at time zone 'UTC' > %(deadline)s THEN 'breached' "
        "WHEN now() at time zone 'UTC' >= %(at_risk)s THEN 'at_risk' "
        "ELSE 'pending' END",
        done=done,
        deadline=deadline,
        at_risk=at_risk,
    )


def _worst_state(states):
    """A complaint's deadline state from its phases' ``state`` column."""
    from odoo.tools import SQL

    return SQL(
        "CASE WHEN bool_or(%(s)s = 'breached') THEN 'breached' "
        "WHEN bool_or(%(s)s = 'at_risk') THEN 'at_risk' ELSE 'on_time' END",
        s=states,
    )


def _clone(env, table, template_id, count, overrides, tag):
    """Insert ``count`` copies of row ``template_id`` of ``table`` in one
    statement; ``overrides`` maps columns to SQL expressions of ``g`` (1 to
    count), ``d`` (its date: two years back to now) and ``t`` (the row)."""
    from odoo.tools import SQL

    columns = _columns(env, table)
    select = [overrides.get(col) or SQL.identifier("t", col) for col in columns]
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s t, "
            "(SELECT g, (now() at time zone 'UTC') - (g::float / %s * 730) "
            "* interval '1 day' AS d FROM generate_series(1, %s) g) s "
            "WHERE t.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(col) for col in columns),
            SQL(", ").join(select),
            SQL.identifier(table),
            count,
            count,
            template_id,
        )
    )
    env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    log(f"[bench] {table}: {count} rows cloned ({tag})")


def _clone_rel(env, model, field, template_id, pattern_column, pattern):
    """The template's links of ``field`` on one clone in three."""
    from odoo.tools import SQL

    rel = env[model]._fields[field]
    env.cr.execute(
        SQL(
            "INSERT INTO %(rel)s (%(c1)s, %(c2)s) "
            "SELECT r.id, tpl.%(c2)s FROM %(table)s r, %(rel)s tpl "
            "WHERE r.%(col)s LIKE %(pattern)s AND tpl.%(c1)s = %(template)s "
            "AND mod(r.id, 3) = 0",
            rel=SQL.identifier(rel.relation),
            c1=SQL.identifier(rel.column1),
            c2=SQL.identifier(rel.column2),
            table=SQL.identifier(env[model]._table),
            col=SQL.identifier(pattern_column),
            pattern=pattern,
            template=template_id,
        )
    )


def _clone_ticket_slas(env, ticket, hteam):
    """The template ticket's SLA rows (helpdesk_mgmt_sla) on each clone, moved
    to its dates, in the state helpdesk_mgmt_sla stores: in progress until the
    ticket reaches the SLA's stage (a stage change stores it then:
    accomplished if by the deadline, expired after it), the working hours
    consumed until then (5 working days a week)."""
    from odoo.tools import SQL

    columns = _columns(env, "helpdesk_ticket_sla", "ticket_id")
    shift = SQL("(h.create_date - th.create_date)")
    deadline = SQL("s.deadline + %s", shift)
    reached = SQL("st.sequence >= est.sequence")
    # a ticket's last stage change: its closing for a closed ticket
    changed = SQL("COALESCE(h.closed_date, h.last_stage_update, h.create_date)")
    last_state_date = SQL(
        "CASE WHEN %s THEN %s ELSE COALESCE(h.last_stage_update, h.create_date) END",
        reached,
        changed,
    )
    moved = {
        "deadline": deadline,
        "state": SQL(
            "CASE WHEN %s THEN CASE WHEN %s <= %s THEN 'accomplished' "
            "ELSE 'expired' END ELSE 'in_progress' END",
            reached,
            changed,
            deadline,
        ),
        "last_state_date": last_state_date,
        "consumed_time": SQL(
            "%s * 5.0 / 7 * extract(epoch FROM %s - h.create_date) / 86400",
            hteam.resource_calendar_id.hours_per_day,
            last_state_date,
        ),
        "create_date": SQL("h.create_date"),
        "write_date": last_state_date,
    }
    env.cr.execute(
        SQL(
            "INSERT INTO helpdesk_ticket_sla (ticket_id, %s) "
            "SELECT h.id, %s FROM helpdesk_ticket h "
            "JOIN helpdesk_ticket_stage st ON st.id = h.stage_id, "
            "helpdesk_ticket th, helpdesk_ticket_sla s "
            "LEFT JOIN helpdesk_ticket_stage est ON est.id = s.expected_stage_id "
            "WHERE h.number LIKE %s AND th.id = %s AND s.ticket_id = th.id",
            SQL(", ").join(SQL.identifier(col) for col in columns),
            SQL(", ").join(
                moved.get(col) or SQL("s.%s", SQL.identifier(col)) for col in columns
            ),
            "BENCH-%",
            ticket.id,
        )
    )
    log(f"[bench] helpdesk_ticket_sla: {env.cr.rowcount} rows cloned")


def fill(env, n):
    from odoo import Command
    from odoo.tools import SQL

    env.cr.execute("SELECT COUNT(*) FROM customer_complaint")
    if env.cr.fetchone()[0] > 100:
        sys.exit("[bench] the database already holds complaints: build a new one")
    env["ir.config_parameter"].set_param("complaint_bench.n", n)
    tfields = env[THEIRS]._fields
    customers = env["res.partner"].create(
        [
            {"name": f"Bench customer {i}", "email": f"bench.customer.{i}@example.com"}
            for i in range(200)
        ]
    )
    portal_partner = customers[0]
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": "Bench portal",
            "login": PORTAL_LOGIN,
            "password": PORTAL_LOGIN,
            "partner_id": portal_partner.id,
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    # helpdesk_mgmt_sale shows a ticket's sales orders to salesmen only, where
    # our form shows a complaint's to every complaints user: the bench staff
    # are salesmen then, so that their form is the one of who handles claims
    # about sales (the group adds nothing to our side's views)
    sales = ["sales_team.group_sale_salesman"] if "sale_order_ids" in tfields else []
    staff = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench staff {i}",
                    "login": STAFF_LOGIN if i == 0 else f"{STAFF_LOGIN}_{i}",
                    "password": STAFF_LOGIN,
                    "email": f"bench.staff.{i}@example.com",
                    "groups_id": [
                        Command.set(
                            [
                                env.ref("base.group_user").id,
                                env.ref(f"{MODULE}.group_complaint_user").id,
                                env.ref("helpdesk_mgmt.group_helpdesk_user").id,
                                *(env.ref(xmlid).id for xmlid in sales),
                            ]
                        )
                    ],
                }
                for i in range(5)
            ]
        )
    )
    products = env["product.product"].search([("sale_ok", "=", True)], limit=20)
    product = products[:1]
    # ours: team, tag, one complaint made by the ORM (phases, acknowledgement)
    team = env["customer.complaint.team"].create(
        {"name": "Bench complaints", "member_ids": [Command.set(staff.ids)]}
    )
    tag = env["customer.complaint.tag"].create({"name": "Bench"})
    complaint = (
        env[OURS]
        .with_user(staff[0])
        .create(
            {
                "name": "Bench complaint 0",
                "partner_id": portal_partner.id,
                "team_id": team.id,
                "user_id": staff[0].id,
                "channel": "phone",
                "product_id": product.id,
                "tag_ids": [Command.set(tag.ids)],
                "description": "<p>The product arrived broken.</p>",
            }
        )
    )
    # theirs: team (with an SLA for all its tickets if helpdesk_mgmt_sla is
    # there), tag, one ticket, with what the satellites add as ours has it
    hstages = env["helpdesk.ticket.stage"].search([])
    hteam = env["helpdesk.ticket.team"].create(
        {"name": "Bench helpdesk", "user_ids": [Command.set(staff.ids)]}
    )
    if "helpdesk.sla" in env:
        hteam.use_sla = True
        env["helpdesk.sla"].create(
            {
                "name": "Bench resolution",
                "team_ids": [Command.set(hteam.ids)],
                "days": SLA_DAYS,
                "hours": 0,
                "stage_id": hstages.filtered("closed").sorted("sequence")[:1].id,
            }
        )
    htag = env["helpdesk.ticket.tag"].create({"name": "Bench"})
    ticket_vals = {
        "name": "Bench ticket 0",
        "partner_id": portal_partner.id,
        "team_id": hteam.id,
        "user_id": staff[0].id,
        "channel_id": env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone").id,
        "tag_ids": [Command.set(htag.ids)],
        "description": "<p>The product arrived broken.</p>",
    }
    if "product_id" in tfields:
        ticket_vals["product_id"] = complaint.product_id.id
    if "sale_order_ids" in tfields:
        # the template complaint's sales order, none: cloned as ours (none)
        ticket_vals["sale_order_ids"] = [Command.set(complaint.sale_order_id.ids)]
    ticket = env[THEIRS].with_user(staff[0]).create(ticket_vals)
    if "helpdesk.sla" in env and len(ticket.ticket_sla_ids) != 1:
        sys.exit(f"[bench] {len(ticket.ticket_sla_ids)} SLA rows on the bench ticket")
    env.flush_all()
    count = n - 1
    step = max(n // PORTAL_COUNT, 1)
    # 80 rows of the portal customer, every ``step``-th: spread like the rest
    partner = SQL(
        "CASE WHEN mod(g, %s) = 0 AND g / %s < %s THEN %s "
        "ELSE (%s::int[])[1 + mod(g, %s)] END",
        step,
        step,
        PORTAL_COUNT,
        portal_partner.id,
        customers[1:].ids,
        len(customers) - 1,
    )
    users = SQL("(%s::int[])[1 + mod(g, %s)]", staff.ids, len(staff))
    # a product on two complaints (and tickets) in three, 20 products
    product_of = SQL(
        "CASE WHEN mod(g, 3) <> 2 THEN (%s::int[])[1 + mod(g * 13, %s)] END",
        products.ids,
        len(products),
    )

    stages = env["customer.complaint.stage"].search([])
    closed_ids = stages.filtered("is_closed").ids or [0]
    stage = SQL("(%s::int[])[1 + mod(g, %s)]", stages.ids, len(stages))
    closed = SQL("%s = ANY(%s)", stage, closed_ids)
    # each clone's deadline state from the template's phases moved to its
    # dates (as the phases cloned below will be): no UPDATE of a million rows
    shift = SQL("(d - t.date_received)")
    deadline_state = SQL(
        "(SELECT %s FROM customer_complaint_phase p WHERE p.complaint_id = t.id)",
        _worst_state(
            _phase_state(
                SQL(
                    "CASE WHEN p.phase = 'ack' THEN d + interval '1 minute' "
                    "WHEN %s THEN d + interval '9 days' END",
                    closed,
                ),
                SQL("p.date_deadline + %s", shift),
                SQL("p.date_at_risk + %s", shift),
            )
        ),
    )
    with _without_indexes(env, "customer_complaint", "customer_complaint_phase"):
        _clone(
            env,
            "customer_complaint",
            complaint.id,
            count,
            {
                "reference": SQL("'BENCH/' || lpad(g::text, 7, '0')"),
                "name": SQL("'Bench complaint ' || g"),
                "access_token": SQL("md5(random()::text)"),
                "partner_id": partner,
                "commercial_partner_id": partner,
                "user_id": users,
                "product_id": product_of,
                "stage_id": stage,
                "is_closed": closed,
                "date_closed": SQL(
                    "CASE WHEN %s THEN d + interval '9 days' END", closed
                ),
                "priority": SQL("(mod(g, 4))::text"),
                "date_received": SQL("d"),
                "date_last_stage_update": SQL("d"),
                "date_acknowledged": SQL("d + interval '1 minute'"),
                "date_response_due": SQL("d + interval '14 days'"),
                "deadline_state": deadline_state,
                "create_date": SQL("d"),
                "write_date": SQL("d"),
            },
            "ours",
        )
        # the phases of the template, moved to each clone's dates, their
        # stored states and alerts as the escalation job would have left them,
        # in the INSERT itself (no UPDATE of millions of rows after)
        columns = _columns(env, "customer_complaint_phase", "complaint_id")
        moved = {
            col: SQL("p.%s + (c.date_received - tc.date_received)", SQL.identifier(col))
            for col in ("date_start", "date_deadline", "date_at_risk")
        }
        done = SQL(
            "CASE WHEN p.phase = 'ack' THEN c.date_acknowledged "
            "WHEN c.is_closed THEN c.date_closed END"
        )
        state = _phase_state(done, moved["date_deadline"], moved["date_at_risk"])
        moved.update(
            date_done=done,
            state=state,
            alert=SQL(
                "CASE WHEN %s IN ('at_risk', 'breached') THEN %s END", state, state
            ),
        )
        env.cr.execute(
            SQL(
                "INSERT INTO customer_complaint_phase (complaint_id, %s) "
                "SELECT c.id, %s FROM customer_complaint c, customer_complaint tc, "
                "customer_complaint_phase p WHERE c.reference LIKE %s "
                "AND tc.id = %s AND p.complaint_id = tc.id",
                SQL(", ").join(SQL.identifier(col) for col in columns),
                SQL(", ").join(
                    moved.get(col) or SQL("p.%s", SQL.identifier(col))
                    for col in columns
                ),
                "BENCH/%",
                complaint.id,
            )
        )
        log(f"[bench] customer_complaint_phase: {env.cr.rowcount} rows cloned")
    # the complaints made by the ORM (the template, the demo): their phases'
    # states and alerts as the job would store them now, and their deadline
    # state from those
    orm_made = SQL(
        "(SELECT id FROM customer_complaint WHERE reference NOT LIKE %s)", "BENCH/%"
    )
    state = _phase_state(
        SQL("p.date_done"), SQL("p.date_deadline"), SQL("p.date_at_risk")
    )
    env.cr.execute(
        SQL(
            "UPDATE customer_complaint_phase p SET state = %s, "
            "alert = CASE WHEN %s IN ('at_risk', 'breached') THEN %s END "
            "WHERE p.complaint_id IN %s",
            state,
            state,
            state,
            orm_made,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE customer_complaint c SET deadline_state = w.state "
            "FROM (SELECT complaint_id, %s AS state FROM customer_complaint_phase "
            "WHERE complaint_id IN %s GROUP BY complaint_id) w "
            "WHERE w.complaint_id = c.id",
            _worst_state(SQL("state")),
            orm_made,
        )
    )
    _clone_rel(env, OURS, "tag_ids", complaint.id, "reference", "BENCH/%")

    hclosed_ids = hstages.filtered("closed").ids or [0]
    hstage = SQL("(%s::int[])[1 + mod(g, %s)]", hstages.ids, len(hstages))
    hoverrides = {}
    if "product_id" in tfields:
        hoverrides["product_id"] = product_of
    sla_tables = ("helpdesk_ticket_sla",) if "helpdesk.sla" in env else ()
    with _without_indexes(env, "helpdesk_ticket", *sla_tables):
        _clone(
            env,
            "helpdesk_ticket",
            ticket.id,
            count,
            {
                "number": SQL("'BENCH-' || lpad(g::text, 7, '0')"),
                "name": SQL("'Bench ticket ' || g"),
                "access_token": SQL("md5(random()::text)"),
                "partner_id": partner,
                "commercial_partner_id": partner,
                "user_id": users,
                "stage_id": hstage,
                "unattended": SQL(
                    "%s = ANY(%s)", hstage, hstages.filtered("unattended").ids or [0]
                ),
                "closed_date": SQL(
                    "CASE WHEN %s = ANY(%s) THEN d + interval '9 days' END",
                    hstage,
                    hclosed_ids,
                ),
                "priority": SQL("(mod(g, 4))::text"),
                "last_stage_update": SQL("d"),
                "assigned_date": SQL("d"),
                "create_date": SQL("d"),
                "write_date": SQL("d"),
                **hoverrides,
            },
            "theirs",
        )
        if sla_tables:
            _clone_ticket_slas(env, ticket, hteam)
    _clone_rel(env, THEIRS, "tag_ids", ticket.id, "number", "BENCH-%")
    for table in (
        "customer_complaint",
        "customer_complaint_phase",
        "helpdesk_ticket",
        *sla_tables,
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.cr.commit()
    log(f"[bench] filled: {n} complaints and {n} tickets")


# ----------------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------------


class Measure:
    """Times and query counts of one figure, ours and theirs alternately."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr

    def once(self, func, cold=True):
        if cold:
            self.env.invalidate_all()
        self.env.flush_all()
        queries = self.cr.sql_log_count
        start = time.perf_counter()
        func()
        self.env.flush_all()
        return time.perf_counter() - start, self.cr.sql_log_count - queries

    def pair(self, ours, theirs, repeat):
        results = {"ours": [], "theirs": []}
        # one pass each to warm the caches (ormcache, compiled views, rules)
        ours()
        theirs()
        for _i in range(repeat):
            results["ours"].append(self.once(ours))
            results["theirs"].append(self.once(theirs))
        return {
            side: (
                statistics.median(t for t, _q in runs),
                statistics.median(q for _t, q in runs),
            )
            for side, runs in results.items()
        }


TARGETS = {}


def report_time(label, result, target=None):
    ours_t, ours_q = result["ours"]
    theirs_t, theirs_q = result["theirs"]
    ratio = ours_t / theirs_t
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target:.1f}x: {'met' if ratio <= target else 'MISSED'}"
    log(
        f"BENCH {label}: ours {ours_t * 1000:.1f} ms ({ours_q:.0f} queries) | "
        f"theirs {theirs_t * 1000:.1f} ms ({theirs_q:.0f} queries) | "
        f"ratio {ratio:.2f}x their time{verdict}"
    )


def report_rate(label, result, count, target=None):
    ours_t, ours_q = result["ours"]
    theirs_t, theirs_q = result["theirs"]
    ours_rate, theirs_rate = count / ours_t, count / theirs_t
    ratio = ours_rate / theirs_rate
    verdict = ""
    if target is not None:
        verdict = f"  target >= {target:.1f}x: {'met' if ratio >= target else 'MISSED'}"
    log(
        f"BENCH {label}: ours {ours_rate:.0f}/s ({ours_q / count:.1f} queries each) | "
        f"theirs {theirs_rate:.0f}/s ({theirs_q / count:.1f} queries each) | "
        f"ratio {ratio:.2f}x their rate{verdict}"
    )


def report_alone(label, value, target):
    log(f"BENCH {label}: {value}  target {target}")


def view_spec(env, model, view_type):
    """The web client's read specification of ``model``'s default view of
    ``view_type``: its fields, display names of relations, the sub-fields of
    x2many fields shown as lists (as the client reads them: web's
    getFieldsSpec)."""
    views = env[model].get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    fields_info = env[model].fields_get()

    def spec_of(node, model_fields, comodel):
        spec = {}
        for field in node.iter("field"):
            # fields of a nested x2many view belong to that view
            parent = field.getparent()
            nested = False
            while parent is not None and parent is not node:
                if parent.tag == "field":
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            name = field.get("name")
            info = model_fields.get(name)
            if not info:
                continue
            # as the web client's getFieldsSpec: an always invisible relation
            # is read as ids only, without display names or sub-fields
            if field.get("invisible") in ("1", "True"):
                spec[name] = {"fields": {}} if info["type"] == "many2one" else {}
            elif info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                sub = field.find("list")
                if sub is None:
                    sub = field.find("kanban")
                co = info["relation"]
                sub_spec = {"display_name": {}}
                if sub is not None:
                    sub_spec = spec_of(sub, env[co].fields_get(), co) or sub_spec
                elif (
                    field.get("widget") == "many2many_tags"
                    and "color" in env[co]._fields
                ):
                    sub_spec["color"] = {}
                spec[name] = {"fields": sub_spec, "limit": 40}
            else:
                spec[name] = {}
        return spec

    return spec_of(arch, fields_info, model)


class Figures:
    """The figures, ours and theirs alternately, as the staff user (a
    complaints user, and a helpdesk user who sees every ticket)."""

    def __init__(self, env, repeat):
        self.env = env
        self.repeat = repeat
        self.n = int(env["ir.config_parameter"].get_param("complaint_bench.n") or 0)
        self.senv = env(user=env["res.users"].search([("login", "=", STAFF_LOGIN)]))
        self.admin = env.ref("base.user_admin")
        self.measure = Measure(env)
        self.team = env["customer.complaint.team"].search(
            [("name", "=", "Bench complaints")]
        )
        self.hteam = env["helpdesk.ticket.team"].search(
            [("name", "=", "Bench helpdesk")]
        )
        self.customers = env["res.partner"].search(
            [("name", "=like", "Bench customer %")]
        )
        self.phone = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        self.counter = iter(range(10**9))
        self.specs = {
            model: {
                kind: view_spec(self.senv, model, kind)
                for kind in ("kanban", "list", "form")
            }
            for model in (OURS, THEIRS)
        }

    def pair(self, ours, theirs, repeat=None):
        return self.measure.pair(ours, theirs, repeat or self.repeat)

    def _vals(self, model):
        i = next(self.counter)
        vals = {
            "name": f"Intake {i}",
            "partner_id": self.customers[i % len(self.customers)].id,
            "description": "<p>The product arrived broken.</p>",
        }
        if model == OURS:
            vals.update(team_id=self.team.id, channel="phone")
        else:
            vals.update(team_id=self.hteam.id, channel_id=self.phone.id)
        return vals

    def intake(self):
        """One by one (a flush each, as one request each) and in one batch;
        ours sends the acknowledgement, theirs sends none. For reference, ours
        again without the acknowledgement: what the letter costs, measured in
        the same run."""
        one = int(os.environ.get("BENCH_INTAKE", "100"))
        batch = int(os.environ.get("BENCH_BATCH", "300"))
        senv = self.senv
        quiet = senv(context=dict(senv.context, complaint_skip_acknowledgement=True))

        def one_by_one(env, model):
            def run():
                for _i in range(one):
                    env[model].create(self._vals(model))
                    env.flush_all()

            return run

        def in_batch(env, model):
            return lambda: env[model].create([self._vals(model) for _i in range(batch)])

        for label, env, target in (
            ("", senv, True),
            (", ours without the acknowledgement (reference)", quiet, False),
        ):
            for kind, make, size, goal in (
                (f"one by one ({one})", one_by_one, one, 1.2),
                (f"in one batch of {batch}", in_batch, batch, 2.0),
            ):
                result = self.pair(make(env, OURS), make(senv, THEIRS), 3)
                report_rate(
                    f"intake {kind}{label}", result, size, goal if target else None
                )
        acks = self.env["mail.mail"].search_count(
            [
                ("model", "=", OURS),
                ("mail_message_id.message_type", "=", "email_outgoing"),
            ]
        )
        log(f"[bench] acknowledgements queued by our intake: {acks}")

    def _rfc822(self):
        i = next(self.counter)
        msg = email.message.EmailMessage()
        msg["From"] = (
            f'"Bench customer {i % 200}" <bench.customer.{i % 200}@example.com>'
        )
        msg["To"] = "support@example.com"
        msg["Subject"] = f"Broken product {i}"
        msg["Date"] = email.utils.formatdate()
        msg["Message-Id"] = email.utils.make_msgid(f"bench{i}")
        msg.set_content("Hello,\n\nthe product I received is broken.\n\nRegards")
        msg.add_alternative(
            "<p>Hello,</p><p>the product I received is broken.</p><p>Regards</p>",
            subtype="html",
        )
        return msg.as_string()

    def inbound_email(self):
        """A new complaint / ticket from a real RFC 822 message each, through
        the mail gateway (message_process), as the fetchmail job runs it."""
        mails = int(os.environ.get("BENCH_MAILS", "30"))
        gateway = self.env(user=self.admin)["mail.thread"]

        def inbound(model, team):
            def run():
                for _i in range(mails):
                    gateway.message_process(
                        model, self._rfc822(), custom_values={"team_id": team.id}
                    )

            return run

        result = self.pair(inbound(OURS, self.team), inbound(THEIRS, self.hteam), 3)
        report_rate(f"inbound email, message_process ({mails})", result, mails, 1.0)

    def views(self):
        senv, specs = self.senv, self.specs

        def kanban(model):
            def run():
                groups = senv[model].web_read_group([], ["stage_id"], ["stage_id"])
                for group in groups["groups"]:
                    senv[model].web_search_read(
                        group["__domain"],
                        specs[model]["kanban"],
                        limit=CARDS,
                        count_limit=10001,
                    )

            return run

        result = self.pair(kanban(OURS), kanban(THEIRS))
        report_time("kanban open (by stage, 40 cards per column)", result, 0.8)

        def list_page(model):
            return lambda: senv[model].web_search_read(
                [], specs[model]["list"], limit=PAGE, count_limit=10001
            )

        result = self.pair(list_page(OURS), list_page(THEIRS))
        report_time("list, first page of 80 + count", result, 0.8)

        def open_search(model, domain):
            def run():
                senv[model].search_count(domain)
                senv[model].search(domain, limit=PAGE)

            return run

        result = self.pair(
            open_search(OURS, [("is_closed", "=", False)]),
            open_search(THEIRS, [("closed", "=", False)]),
        )
        report_time("search of the open ones (count + first 80)", result)

        def form(model):
            record = senv[model].search([], limit=1, offset=self.n // 2)
            return lambda: record.web_read(specs[model]["form"])

        result = self.pair(form(OURS), form(THEIRS))
        report_time("form of one record opened", result, 1.0)

    def portal(self, http_port):
        """The portal list of the customer with 80 of each, over HTTP, served
        by another process."""
        self.env.cr.rollback()  # the server must not wait on this transaction
        ours, theirs = portal_list(http_port, self.env.cr.dbname, self.repeat)
        ratio = ours / theirs
        log(
            f"BENCH portal list of a customer with 80, HTTP median: ours "
            f"{ours * 1000:.1f} ms | theirs {theirs * 1000:.1f} ms | ratio "
            f"{ratio:.2f}x their time  target <= 0.7x: "
            f"{'met' if ratio <= 0.7 else 'MISSED'}"
        )

    def ours_alone(self):
        from odoo import SUPERUSER_ID, fields

        aenv = self.env(user=self.admin)
        today = fields.Date.context_today(aenv["res.users"])

        def warm_median(func):
            # As the other figures: a first pass warms the process (QWeb
            # templates compiled, rules and ormcaches filled), then the median.
            func()
            runs = [self.measure.once(func) for _i in range(self.repeat)]
            return (
                statistics.median(t for t, _q in runs),
                statistics.median(q for _t, q in runs),
            )

        elapsed, queries = warm_median(
            lambda: aenv["customer.complaint.dashboard"]
            .create({"date_from": today.replace(day=1), "date_to": today})
            .dashboard_html
        )
        report_alone(
            "dashboard (ours alone)",
            f"{elapsed:.2f} s, {queries:.0f} queries (median of {self.repeat})",
            "< 0.5 s",
        )
        date_from, date_to = aenv["customer.complaint.kpi"]._default_period()
        elapsed, queries = warm_median(
            lambda: aenv["customer.complaint.review"].create(
                {"name": "Bench review", "date_from": date_from, "date_to": date_to}
            )
        )
        report_alone(
            "drafting a review (ours alone)",
            f"{elapsed:.2f} s, {queries:.0f} queries (median of {self.repeat})",
            "",
        )
        # 1,000 open complaints whose breached phases the job has not seen
        # yet, the same ones each run (rolled back to a savepoint after each)
        thread = threading.current_thread()
        thread.testing = True  # the job commits per batch otherwise
        runs = []
        try:
            for _i in range(self.repeat):
                self.env.cr.execute("SAVEPOINT bench_escalation")
                self.env.cr.execute(
                    """
                    UPDATE customer_complaint_phase SET state = 'pending', alert = NULL
                     WHERE state = 'breached' AND complaint_id IN (
                           SELECT DISTINCT p.complaint_id
                             FROM customer_complaint_phase p
                             JOIN customer_complaint c ON c.id = p.complaint_id
                            WHERE NOT c.is_closed AND p.state = 'breached'
                            ORDER BY p.complaint_id LIMIT 1000)
                    """
                )
                self.env.invalidate_all()
                done = []
                # as the scheduler runs it: the superuser, the job's batch size
                elapsed, queries = self.measure.once(
                    lambda done=done: done.append(
                        self.env(user=SUPERUSER_ID)[
                            "customer.complaint.phase"
                        ]._cron_escalate()
                    )
                )
                runs.append((elapsed, queries, done[0]))
                self.env.cr.execute("ROLLBACK TO SAVEPOINT bench_escalation")
                self.env.invalidate_all()
        finally:
            thread.testing = False
        elapsed, queries, count = sorted(runs)[len(runs) // 2]
        report_alone(
            "escalation job (ours alone)",
            f"{count} complaints in {elapsed:.2f} s = {count / elapsed:.0f}/s, "
            f"{queries / max(count, 1):.1f} queries each (median of {len(runs)})",
            ">= 2000/s",
        )
        self.env.cr.rollback()


FIGURES = ("intake", "email", "views", "portal", "alone")


def log_anchor(env, run):
    """What "theirs" is in this database: the anchor's modules installed and
    their versions, the SLA of the bench team, the fields each view reads."""
    env.cr.execute(
        "SELECT name, latest_version FROM ir_module_module "
        "WHERE state = 'installed' AND name IN %s",
        (ANCHOR,),
    )
    versions = dict(env.cr.fetchall())
    kind = (
        "full"
        if len(versions) == len(ANCHOR)
        else "bare"
        if list(versions) == ["helpdesk_mgmt"]
        else "partial"
    )
    line = ", ".join(f"{name} {versions[name]}" for name in ANCHOR if name in versions)
    if "helpdesk.sla" in env and run.hteam.use_sla:
        slas = env["helpdesk.sla"].search([("team_ids", "in", run.hteam.ids)])
        line += "; bench team SLA: " + ", ".join(
            f"{sla.days} days {sla.hours} h to {sla.stage_id.name}" for sla in slas
        )
    log(f"[bench] anchor ({kind}): {line}")
    log(
        "[bench] fields read by the views, ours / theirs: "
        + ", ".join(
            f"{view} {len(run.specs[OURS][view])} / {len(run.specs[THEIRS][view])}"
            for view in ("kanban", "list", "form")
        )
    )


def figures(env, repeat, http_port, only=FIGURES):
    run = Figures(env, repeat)
    log(
        f"[bench] {run.n} complaints and {run.n} tickets; medians of {repeat} "
        "alternating runs (intake and email: 3)"
    )
    log_anchor(env, run)
    steps = {
        "intake": run.intake,
        "email": run.inbound_email,
        "views": run.views,
        "portal": lambda: http_port and run.portal(http_port),
        "alone": run.ours_alone,
    }
    for name in FIGURES:
        if name in only:
            steps[name]()
            # each figure reads the database as filled, not the complaints,
            # messages and notifications the previous ones made
            env.cr.rollback()


def portal_list(port, dbname, repeat):
    import requests

    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    response = session.post(
        f"{base}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": dbname, "login": PORTAL_LOGIN, "password": PORTAL_LOGIN},
        },
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise RuntimeError(f"portal login failed: {response.json()['error']}")
    pages = {"ours": "/my/complaints", "theirs": "/my/tickets"}
    items = {"ours": r"BENCH/\d{7}|CMP/", "theirs": r"BENCH-\d{7}|HT\d+"}
    times = {"ours": [], "theirs": []}
    for run in range(repeat + 2):
        for side, path in pages.items():
            start = time.perf_counter()
            response = session.get(base + path, timeout=60)
            elapsed = time.perf_counter() - start
            response.raise_for_status()
            if run == 0:
                shown = len(set(re.findall(items[side], response.text)))
                log(f"[bench] portal {path}: {shown} records on the page")
            if run >= 2:
                times[side].append(elapsed)
    return statistics.median(times["ours"]), statistics.median(times["theirs"])


def serve(odoo_args, port):
    """An Odoo server on ``port`` for the HTTP figures; returns the process."""
    odoo_bin = os.path.join(
        os.path.dirname(sys.modules["odoo"].__path__[0]), "odoo-bin"
    )
    entry = [odoo_bin] if os.path.exists(odoo_bin) else ["-m", "odoo"]
    server = subprocess.Popen(
        [
            sys.executable,
            *entry,
            *odoo_args,
            "--http-port",
            str(port),
            "--http-interface",
            "127.0.0.1",
            "--max-cron-threads",
            "0",
            "--workers",
            "0",
            "--log-level",
            "warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(
                    "the Odoo server for the portal figures exited"
                ) from None
            time.sleep(1)
    server.terminate()
    raise RuntimeError("the Odoo server for the portal figures did not start")


def export(env):
    from odoo import SUPERUSER_ID

    aenv = env(user=env.ref("base.user_admin").id)
    del SUPERUSER_ID
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmpdir:
        path = os.path.join(tmpdir, "register.xlsx")
        start = time.perf_counter()
        rows = aenv["customer.complaint.register"]._write_register(path, [])
        elapsed = time.perf_counter() - start
        size = os.path.getsize(path) / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report_alone(
        "register export (ours alone)",
        f"{rows} rows in {elapsed:.1f} s, {size:.1f} MB file, process peak "
        f"{peak:.0f} MB (was {before:.0f} MB before the export)",
        "< 15 s and < 250 MB",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("fill", "run", "export"))
    parser.add_argument(
        "--n", type=int, default=int(os.environ.get("COMPLAINT_BENCH_N", "100000"))
    )
    parser.add_argument(
        "--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "7"))
    )
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument(
        "--only",
        default=os.environ.get("BENCH_ONLY") or ",".join(FIGURES),
        help="comma-separated figures among " + ", ".join(FIGURES),
    )
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    odoo_args = argv[split + 1 :]
    env, registry = odoo_env(odoo_args)
    try:
        if args.action == "fill":
            fill(env, args.n)
        elif args.action == "export":
            export(env)
        else:
            server = None
            port = None
            only = set(args.only.split(","))
            if not only <= set(FIGURES):
                parser.error(f"--only: unknown figure in {args.only}")
            if not args.no_http and "portal" in only:
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", 0))
                    port = sock.getsockname()[1]
                server = serve(odoo_args, port)
            try:
                figures(env, args.repeat, port, only)
            finally:
                if server:
                    server.terminate()
                    server.wait(30)
    finally:
        env.cr.rollback()
        env.cr.close()


if __name__ == "__main__":
    main()
