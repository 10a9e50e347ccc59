# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import random

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import xlsxwriter


def _default_seed(_records=None):
    return random.SystemRandom().randint(1, 999999)


class CustomerComplaintEvidencePack(models.TransientModel):
    """Asks the period of the evidence pack, prints it (PDF) and exports its
    annex (XLSX). Managers and auditors only."""

    _name = "customer.complaint.evidence.pack"
    _description = "Print the Complaints-Handling Evidence Pack"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self)
        - relativedelta(years=1, days=-1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    sample_size = fields.Integer(
        string="Sample per Phase",
        default=5,
        help="How many complaint references are drawn at random per phase.",
    )
    seed = fields.Integer(
        default=_default_seed,
        help="The random draw of the sample; the same seed draws the same sample.",
    )
    xlsx_file = fields.Binary(readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["customer.complaint.evidence"]._check_evidence_access()
        return super().create(vals_list)

    def _data(self):
        self.ensure_one()
        if self.sample_size < 0 or self.sample_size > 100:
            raise UserError(self.env._("Draw between 0 and 100 references per phase."))
        return self.env["customer.complaint.evidence"]._evidence_data(
            self.date_from,
            self.date_to,
            self.company_id,
            sample_size=self.sample_size,
            seed=self.seed,
        )

    def action_print_pdf(self):
        self.ensure_one()
        self._data()  # checks the rights and the period before printing
        return self.env.ref(
            "customer_complaint_iso10002.action_report_evidence_pack"
        ).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        data = self._data()
        self.write(
            {
                "xlsx_file": base64.b64encode(self._xlsx(data)),
                "xlsx_filename": "evidence-pack-%s-%s.xlsx"
                % (data["date_from_iso"], data["date_to_iso"]),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/?model=%s&id=%s&field=xlsx_file&download=true"
            "&filename=%s" % (self._name, self.id, self.xlsx_filename),
            "target": "self",
        }

    def _xlsx(self, data):
        """The annex: the clauses, the figures, the samples and the record
        lists behind them, in the company's language."""
        _ = self.with_context(lang=data["lang"]).env._
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})

        def sheet(name, header, rows, widths=None):
            ws = book.add_worksheet(name[:31])
            for col, title in enumerate(header):
                ws.write(0, col, title, bold)
                ws.set_column(col, col, (widths or {}).get(col, 18))
            for row_index, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    ws.write(row_index, col, value, wrap)
            return ws

        sheet(
            _("Clauses"),
            [
                _("Clause"),
                _("Title"),
                _("Status"),
                _("What we do"),
                _("Evidence"),
                _("Gaps"),
            ],
            [
                (
                    c["code"],
                    c["title"],
                    c["status_label"],
                    c["practice"],
                    "\n".join(f"{label}: {value}" for label, value in c["evidence"]),
                    "\n".join(c["gaps"]),
                )
                for c in data["clauses"]
            ],
            {1: 30, 3: 50, 4: 50, 5: 40},
        )
        figures = data["figures"]
        sheet(
            _("Figures"),
            [_("Figure"), _("Value")],
            [
                (key, value if isinstance(value, int | float | str) else str(value))
                for key, value in sorted(figures.items())
                if not key.startswith("_") and key != "finding_rows"
            ],
            {0: 32, 1: 60},
        )
        sheet(
            _("Deadlines per phase"),
            [_("Phase"), _("Met"), _("Met late"), _("Breached"), _("On time %")],
            [
                (
                    kind,
                    values["met"],
                    values["met_late"],
                    values["breached"],
                    values["on_time"] if values["on_time"] is not None else "",
                )
                for kind, values in figures["phases"].items()
            ],
        )
        sheet(
            _("Sample"),
            [_("Phase"), _("Population"), _("References")],
            [
                (s["label"], s["population"], ", ".join(s["references"]))
                for s in data["samples"]
            ],
            {2: 80},
        )
        sheet(
            _("Complaints"),
            [
                _("Reference"),
                _("Received"),
                _("Channel"),
                _("Stage"),
                _("Acknowledged"),
                _("Closed"),
                _("Confidential"),
            ],
            [
                (
                    r["reference"],
                    r["date_received"],
                    r["channel"],
                    r["stage"],
                    r["acknowledged"],
                    r["closed"],
                    _("Yes") if r["confidential"] else "",
                )
                for r in data["complaints"]
            ],
        )
        sheet(
            _("Audit findings"),
            [
                _("Audit"),
                _("Type"),
                _("Clause"),
                _("Finding"),
                _("Action"),
                _("Action status"),
            ],
            [
                (
                    r["audit"],
                    r["type"],
                    r["clause"],
                    r["finding"],
                    r["action"],
                    r["action_state"],
                )
                for r in figures["finding_rows"]
            ],
        )
        book.close()
        return output.getvalue()
