# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.2.0 -> 18.0.3.3.0: the phases at risk linked to their at-risk to-do
(customer.complaint.phase.at_risk_activity_id), so that the to-dos the
escalation job gave before the upgrade are marked done with their phase, or
replaced at the breach, as the new ones are."""

import logging

from odoo.tools import SQL
from odoo.tools.translate import code_translations

_logger = logging.getLogger(__name__)

MODULE = "customer_complaint_iso10002"
SUMMARY = "Deadline at risk: %(phases)s"


def migrate(cr, version):
    if not version:
        return
    # The job wrote the summary in the language of its user: its beginning in
    # each language installed.
    cr.execute("SELECT code FROM res_lang WHERE active")
    prefixes = {SUMMARY.split("%(")[0]}
    for (code,) in cr.fetchall():
        translated = code_translations.get_python_translations(MODULE, code).get(
            SUMMARY
        )
        if translated:
            prefixes.add(translated.split("%(")[0])
    # Each phase at risk (alerted, not done) gets the newest open to-do of
    # its complaint given by the job (two phases at risk of one complaint
    # share it: it is marked done when both are); safe to run twice.
    cr.execute(
        SQL(
            """
            UPDATE customer_complaint_phase phase
               SET at_risk_activity_id = todo.id
              FROM (
                    SELECT DISTINCT ON (activity.res_id)
                           activity.res_id, activity.id
                      FROM mail_activity activity
                     WHERE activity.res_model = 'customer.complaint'
                       AND activity.active
                       AND activity.summary LIKE ANY(%s)
                  ORDER BY activity.res_id, activity.create_date DESC, activity.id DESC
                   ) todo
             WHERE todo.res_id = phase.complaint_id
               AND phase.alert = 'at_risk'
               AND phase.date_done IS NULL
               AND phase.at_risk_activity_id IS NULL
            """,
            [_like_prefix(prefix) for prefix in prefixes],
        )
    )
    _logger.info("%s phases at risk linked to their to-do", cr.rowcount)


def _like_prefix(text):
    return text.replace("%", r"\%").replace("_", r"\_") + "%"
