#!/usr/bin/env python3
# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshots of the addon for its page and the README, from a running Odoo
with the demo data (``./run --screenshots`` starts one and calls this).

Drives headless Chromium over the DevTools protocol (websocket-client, a dev
requirement): the backend as admin (kanban, a complaint with its decision
rounds and its timeline, the Dashboards app), the portal as the demo portal
user (list and detail), the public page as a visitor, and the review PDF
rendered to PNG with pdftoppm (poppler-utils) where installed.

    .ci/screenshots.py --url http://127.0.0.1:8069 --db complaints [--out DIR]
"""

import argparse
import base64
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import requests
import websocket
from PIL import Image

MODULE = "customer_complaint_iso10002"
DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    MODULE,
    "static",
    "description",
)
WIDTH, HEIGHT = 1280, 800


def log(message):
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


class Odoo:
    """JSON-RPC as one user (a requests session holding its cookie)."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        response = self._rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        if not response.get("uid"):
            raise SystemExit(f"cannot log in as {login}")
        self.session_id = self.session.cookies["session_id"]

    def _rpc(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise SystemExit(f"{path}: {body['error']['data']['message']}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def first_id(self, model, domain, order="id"):
        ids = self.call(model, "search", domain, order=order, limit=1)
        if not ids:
            raise SystemExit(f"no {model} matches {domain}: is the demo data there?")
        return ids[0]


class Chromium:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="cc-shots-")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--remote-debugging-port={port}",
                "--remote-debugging-address=127.0.0.1",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/json/list", timeout=2
                ) as response:
                    pages = [p for p in json.load(response) if p["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                self.close()
                raise SystemExit("Chromium did not start")
            time.sleep(0.3)
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def login(self, url, session_id):
        self.send("Network.clearBrowserCookies")
        if session_id:
            self.send("Network.setCookie", name="session_id", value=session_id, url=url)

    def open(self, url, ready, timeout=60):
        self.send("Page.navigate", url=url)
        self.wait(ready, timeout)

    def wait(self, ready, timeout=60):
        deadline = time.time() + timeout
        while not self.evaluate(f"!!({ready})"):
            if time.time() > deadline:
                raise SystemExit(f"timed out waiting for {ready}")
            time.sleep(0.3)
        # fonts, charts and transitions
        time.sleep(1.5)

    def click(self, selector, ready):
        found = f"document.querySelector({json.dumps(selector)})"
        if not self.evaluate(f"(el => el ? (el.click(), true) : false)({found})"):
            raise SystemExit(f"nothing to click at {selector}")
        self.wait(ready)

    def screenshot(self, path):
        # notices of this session (a newer version of the assets, say) are not
        # part of the picture; an error is reported
        error = self.evaluate(
            "(document.querySelector('.o_error_dialog') || {}).innerText || ''"
        )
        if error:
            log(f"{os.path.basename(path)}: the page shows an error: {error[:300]}")
        self.evaluate(
            "document.querySelectorAll('.o_notification, .o_error_dialog,"
            " .modal-backdrop').forEach(el => (el.closest('.modal') || el).remove())"
        )
        time.sleep(0.3)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        save_png(base64.b64decode(data), path)

    def close(self):
        try:
            self.process.terminate()
            self.process.wait(10)
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


def save_png(raw, path):
    """A small PNG: 256 colours are plenty for screenshots."""
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    log(f"{os.path.basename(path)} ({os.path.getsize(path) // 1024} KiB)")


def review_pdf(admin, out):
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        log("pdftoppm not installed (poppler-utils): no picture of the review PDF")
        return
    review_id = admin.first_id(
        "customer.complaint.review", [("state", "=", "confirmed")], "date_from desc"
    )
    response = admin.session.get(
        f"{admin.url}/report/pdf/{MODULE}.report_complaint_review/{review_id}",
        timeout=300,
    )
    response.raise_for_status()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "review.pdf")
        with open(pdf, "wb") as file:
            file.write(response.content)
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf,
                os.path.join(tmp, "page"),
            ],
            check=True,
        )
        with open(os.path.join(tmp, "page.png"), "rb") as file:
            save_png(file.read(), os.path.join(out, "screenshot_review_pdf.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="complaints")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--portal-login", default="portal")
    parser.add_argument("--portal-password", default="portal")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    binary = next(
        filter(
            None,
            map(
                shutil.which,
                (
                    "chromium",
                    "chromium-browser",
                    "google-chrome",
                    "google-chrome-stable",
                ),
            ),
        ),
        None,
    )
    if not binary:
        raise SystemExit("Chromium is not installed")
    os.makedirs(args.out, exist_ok=True)
    shot = lambda name: os.path.join(args.out, f"screenshot_{name}.png")  # noqa: E731

    admin = Odoo(url, args.db, args.login, args.password)
    portal = Odoo(url, args.db, args.portal_login, args.portal_password)
    # the complaint with the most decision rounds (an appeal) and a portal one
    complaint_id = admin.first_id(
        "customer.complaint", [("decision_ids", "!=", False)], "appeal_count desc, id"
    )
    portal_partner = portal.call(
        "res.users",
        "read",
        [portal._rpc("/web/session/get_session_info", {})["uid"]],
        ["partner_id"],
    )[0]["partner_id"][0]
    portal_complaint_id = admin.first_id(
        "customer.complaint",
        [("partner_id", "child_of", portal_partner)],
        "date_received desc",
    )
    action = f"{url}/odoo/action-{MODULE}.customer_complaint_action"

    browser = Chromium(binary)
    try:
        browser.login(url, admin.session_id)
        browser.open(action, "document.querySelector('.o_kanban_record')")
        browser.screenshot(shot("kanban"))
        browser.open(
            f"{action}/{complaint_id}",
            "document.querySelector('.o_form_view .o_notebook')",
        )
        if browser.evaluate("!!document.querySelector('.o_notebook a[name=decision]')"):
            browser.click(".o_notebook a[name=decision]", "true")
        # the rounds, below the header fields
        browser.evaluate(
            "document.querySelector('.o_form_view .o_notebook').scrollIntoView()"
        )
        time.sleep(0.5)
        browser.screenshot(shot("form"))
        browser.click(
            ".o_notebook a[name=timeline]",
            "document.querySelector('.o_complaint_timeline')",
        )
        browser.evaluate(
            "document.querySelector('.o_form_view .o_notebook').scrollIntoView()"
        )
        time.sleep(0.5)
        browser.screenshot(shot("timeline"))
        browser.open(
            f"{url}/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "document.querySelector('.o_spreadsheet_dashboard_action')",
        )
        # the Complaints dashboard in the side panel, then its data
        browser.evaluate(
            """[...document.querySelectorAll('.o_search_panel li')]
                .filter(li => li.textContent.trim().startsWith('Complaints'))
                .forEach(li =>
                    (li.querySelector('header, label, span') || li).click())"""
        )
        browser.wait(
            "document.querySelector('.o-grid') && !document.querySelector('.o-spinner')"
            " && !document.querySelector('.o_dashboard_loading')",
        )
        time.sleep(3)
        browser.screenshot(shot("dashboard"))

        browser.login(url, portal.session_id)
        browser.open(f"{url}/my/complaints", "document.querySelector('table')")
        browser.screenshot(shot("portal_list"))
        browser.open(
            f"{url}/my/complaints/{portal_complaint_id}",
            "document.querySelector('#wrap, main')",
        )
        browser.screenshot(shot("portal_detail"))

        browser.login(url, None)
        browser.open(f"{url}/complaints", "document.querySelector('form, main')")
        browser.screenshot(shot("public"))
    finally:
        browser.close()
    review_pdf(admin, args.out)


if __name__ == "__main__":
    main()
