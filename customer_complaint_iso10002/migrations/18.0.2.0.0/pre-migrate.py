# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0, before the new models load: keep what 18.0.1.0.0 stored.

The decision, deadline and approval fields of 18.0.1 become decision rounds,
phases and delegation rules (post-migrate.py). Odoo drops the columns of
removed fields at the end of the upgrade (ir.model.data's _process_end), and
some old columns are reused by new computed fields (decision_outcome,
appeal_count): their 18.0.1 values are copied here, before any new code runs,
into legacy tables. The post-migration reads them; they stay for one version
(audit, and a second look at anything the rebuild could not place), to be
dropped by the next version's migration. Plain SQL: the registry does not hold
the new models yet.

The addon's extension views are emptied first: as 18.0.1 stored them they
name removed fields, and Odoo would validate the first view it loads together
with them.
"""

import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

_logger = logging.getLogger(__name__)

LEGACY_COMPLAINT = "customer_complaint_legacy_v1"
LEGACY_TEAM = "customer_complaint_team_legacy_v1"
LEGACY_SELECTION = "customer_complaint_selection_legacy_v1"

# What the post-migration rebuilds from, and the ratings (kept for one
# version whatever becomes of them).
COMPLAINT_COLUMNS = [
    "id",
    "reference",
    "company_id",
    "team_id",
    "stage_id",
    "user_id",
    "priority",
    "active",
    "is_closed",
    "create_date",
    "date_received",
    "date_acknowledged",
    "date_assessed",
    "date_closed",
    "date_response_due",
    "reopen_count",
    "escalation_level",
    # decision and answer
    "decision_outcome",
    "decision_reasons",
    "resolution_type",
    "credit_note_id",
    "replacement_order_id",
    "remedy_cost",
    "decided_by_id",
    "date_decision",
    "approved_by_id",
    "date_approved",
    "date_decision_communicated",
    "complainant_answer",
    "date_answer",
    "contest_reason",
    "appeal_count",
    "reviewer_id",
    # deadlines
    *(
        column
        for phase in ("ack", "assessment", "decision", "closure")
        for column in (
            f"date_{phase}_deadline",
            f"date_{phase}_risk",
            f"{phase}_completion",
            f"{phase}_alert",
        )
    ),
    # ratings
    *(f"handling_rating_{name}" for name in ("speed", "clarity", "fairness")),
    *("handling_rating_overall", "handling_rating_comment"),
    *("date_handling_rated", "date_rating_requested"),
]
TEAM_COLUMNS = ["id", "company_id", "approval_priority", "response_days"]
# Selections whose tracking values hold labels (in the language of whoever
# made the change): the post-migration maps them back to their keys.
TRACKED_SELECTIONS = ["decision_outcome", "resolution_type", "complainant_answer"]


def _snapshot(cr, legacy, table, columns):
    if table_exists(cr, legacy) or not table_exists(cr, table):
        return
    present = [name for name in columns if column_exists(cr, table, name)]
    cr.execute(
        SQL(
            "CREATE TABLE %s AS SELECT %s FROM %s",
            SQL.identifier(legacy),
            SQL(", ").join(SQL.identifier(name) for name in present),
            SQL.identifier(table),
        )
    )
    _logger.info("kept %s rows of %s in %s", cr.rowcount, table, legacy)
    cr.execute(SQL("ALTER TABLE %s ADD PRIMARY KEY (id)", SQL.identifier(legacy)))


def _neutralize_extension_views(cr):
    """The addon's extension views as 18.0.1 stored them name fields that are
    gone. Odoo validates each view it loads together with the extensions in
    the database, those of the addon being upgraded included, so the first
    view loaded would fail on them. Emptied here; loading the addon writes
    their new arch, or deletes those it no longer has."""
    cr.execute(
        SQL(
            """
            UPDATE ir_ui_view view
               SET arch_db = jsonb_build_object('en_US', '<data/>')
              FROM ir_model_data xmlid
             WHERE xmlid.model = 'ir.ui.view'
               AND xmlid.res_id = view.id
               AND xmlid.module = 'customer_complaint_iso10002'
               AND view.inherit_id IS NOT NULL
               AND view.mode = 'extension'
               AND view.type != 'qweb'
            """
        )
    )
    _logger.info("emptied %s extension views of 18.0.1", cr.rowcount)


def migrate(cr, version):
    if not version:
        return
    _neutralize_extension_views(cr)
    _snapshot(cr, LEGACY_COMPLAINT, "customer_complaint", COMPLAINT_COLUMNS)
    _snapshot(cr, LEGACY_TEAM, "customer_complaint_team", TEAM_COLUMNS)
    if table_exists(cr, LEGACY_SELECTION):
        return
    # Every translation of every label: ir_model_fields_selection.name is
    # jsonb, one entry per language.
    cr.execute(
        SQL(
            """
            CREATE TABLE %s AS
            SELECT DISTINCT f.name AS field, s.value, label.value AS label
              FROM ir_model_fields_selection s
              JOIN ir_model_fields f ON f.id = s.field_id
             CROSS JOIN LATERAL jsonb_each_text(s.name) AS label
             WHERE f.model = 'customer.complaint' AND f.name IN %s
            """,
            SQL.identifier(LEGACY_SELECTION),
            tuple(TRACKED_SELECTIONS),
        )
    )
