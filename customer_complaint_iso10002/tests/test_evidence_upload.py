# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complainants send evidence, not pages: the files of the public form, the
portal form, the complaint page and the portal chatter are judged on their
content (ir.attachment._complaint_evidence_mimetype)."""

import base64
import io
import zipfile

from markupsafe import escape

from odoo.tests import tagged

from .common_portal import ComplaintPortalCase

HTML = b"<html><body><form action='https://evil.example.com'>Pay here</form></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
# a 1x1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
    "WjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
REFUSED = "cannot be sent: we accept photos"


def _docx():
    """A minimal Word document (an OOXML zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestEvidenceUpload(ComplaintPortalCase):
    def _visitor_form(self, **values):
        return dict(
            {
                "partner_name": "Vera Visitor",
                "email_from": "vera.visitor@example.com",
                "name": "Crushed parcel",
                "description": "The box arrived crushed.",
                "company_id": self.env.company.id,
            },
            **values,
        )

    def _attachments(self, name):
        return self.env["ir.attachment"].search([("name", "=", name)])

    def _assert_refused(self, response, name, status=400):
        self.assertEqual(response.status_code, status)
        self.assertIn(REFUSED, response.text)
        self.assertIn(str(escape(name)), response.text)
        self.assertFalse(self._attachments(name), f"{name} was stored")

    def test_public_form_refuses_pages_keeps_the_input(self):
        self.authenticate(None, None)
        complaints = self.Complaint.search_count([])
        for name, content in (
            ("offer.html", HTML),
            ("logo.svg", SVG),
            # the name alone does not make a page a photo, nor text a page
            ("photo.jpg", HTML),
            ("notes.html", b"Just words, served as a page by its name."),
        ):
            response = self._post(
                "/complaints/submit",
                self._visitor_form(),
                files=[
                    ("attachments", ("fine.txt", b"Order S00042", "text/plain")),
                    ("attachments", (name, content, "image/jpeg")),
                ],
            )
            self._assert_refused(response, name)
            # what the visitor typed is still in the form
            self.assertIn("The box arrived crushed.", response.text)
            self.assertIn("vera.visitor@example.com", response.text)
        # nothing half-created: no complaint, not even the accepted file
        self.assertEqual(self.Complaint.search_count([]), complaints)
        self.assertFalse(self._attachments("fine.txt"))

    def test_public_form_accepts_evidence_typed_on_content(self):
        self.authenticate(None, None)
        files = [
            ("kettle.png", PNG, "image/png"),
            ("receipt.pdf", PDF, "application/pdf"),
            ("letter.docx", _docx(), "application/octet-stream"),
            ("notes.txt", b"Delivered on Monday.", "text/plain"),
            # a photo named wrongly is still a photo
            ("scan.txt", PNG, "text/plain"),
        ]
        response = self._post(
            "/complaints/submit",
            self._visitor_form(),
            files=[("attachments", file) for file in files],
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.search(
            [("email_from", "=", "vera.visitor@example.com")]
        )
        self.assertEqual(len(complaint), 1)
        attachments = complaint.message_ids.attachment_ids
        self.assertEqual(
            {a.name: a.mimetype for a in attachments},
            {
                "kettle.png": "image/png",
                "receipt.pdf": "application/pdf",
                "letter.docx": "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
                "notes.txt": "text/plain",
                "scan.txt": "image/png",
            },
        )

    def test_portal_form_refuses_svg(self):
        self.authenticate("portal", "portal")
        complaints = self.Complaint.search_count([])
        response = self._post(
            "/my/complaints/new",
            {"name": "Kettle leaks", "description": "Water everywhere."},
            files={"attachments": ("leak.svg", SVG, "image/svg+xml")},
        )
        self._assert_refused(response, "leak.svg")
        self.assertIn("Water everywhere.", response.text)
        self.assertEqual(self.Complaint.search_count([]), complaints)

    def test_complaint_page_uploads_refuse_pages(self):
        complaint = self.complaint
        url = f"/my/complaints/{complaint.id}"
        self.authenticate("portal", "portal")
        self._assert_refused(
            self._post(f"{url}/upload", files={"attachments": ("bill.htm", HTML, "")}),
            "bill.htm",
        )
        messages = len(complaint.message_ids)
        response = self._post(
            f"{url}/message",
            {"body": "See the page attached"},
            files={"attachments": ("page.html", HTML, "text/html")},
        )
        self._assert_refused(response, "page.html")
        self.assertIn("See the page attached", response.text)
        self.assertEqual(len(complaint.message_ids), messages, "nothing posted")
        # a visitor with the tracking link
        complaint._portal_ensure_token()
        self.authenticate(None, None)
        self._assert_refused(
            self._post(
                f"{url}/upload?access_token={complaint.access_token}",
                files={"attachments": ("logo.svg", SVG, "")},
            ),
            "logo.svg",
        )
        # evidence still goes through
        response = self._post(
            f"{url}/upload?access_token={complaint.access_token}",
            files={"attachments": ("kettle.png", PNG, "")},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._attachments("kettle.png").res_id, complaint.id)

    def test_portal_chatter_upload_refuses_pages(self):
        complaint = self.complaint
        complaint._portal_ensure_token()
        self.authenticate("portal", "portal")
        params = {
            "thread_id": complaint.id,
            "thread_model": complaint._name,
            "token": complaint.access_token,
        }
        response = self._post(
            "/mail/attachment/upload", params, files={"ufile": ("x.svg", SVG, "")}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(REFUSED, response.json()["error"])
        self.assertFalse(self._attachments("x.svg"))
        response = self._post(
            "/mail/attachment/upload", params, files={"ufile": ("ok.pdf", PDF, "")}
        )
        self.assertNotIn("error", response.json())
        self.assertEqual(self._attachments("ok.pdf").mimetype, "application/pdf")
