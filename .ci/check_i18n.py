#!/usr/bin/env python3
# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""French and German kept complete: for every addon of the repository with an
i18n/<module>.pot, its i18n/fr.po and i18n/de.po must hold every msgid of the
template, each translated (no empty msgstr, no fuzzy entry), with the same
placeholders as the English (python-format %s / %(name)s, {name}, qweb
{{ expr }} and t-* directives), so that no formatting or rendering breaks in
those languages.

    .ci/check_i18n.py [ADDON_DIR...]   (default: the addons at the repo root)

Prints one line per .po and one per problem; exits 1 when anything is wrong.
Standard library only: it runs before any dependency is installed.
"""

import ast
import re
import sys
from collections import Counter
from pathlib import Path

LANGS = ("fr", "de")
ROOT = Path(__file__).resolve().parent.parent

# %% is an escape; the space flag is left out on purpose, so that French
# "50 % des" is prose and not a "% d" conversion
PY_FORMAT = re.compile(
    r"%%|%(?:\((?P<name>[^)]*)\))?[-+#0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<conv>[diouxXeEfFgGcrsa])"
)
BRACE = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
QWEB_EXPR = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)
QWEB_ATTR = re.compile(r"""\bt-[\w-]+=(?:"[^"]*"|'[^']*')""")


def placeholders(text):
    """What must survive translation, as a multiset (order may change)."""
    found = Counter()
    for match in PY_FORMAT.finditer(text):
        if match.group(0) != "%%":
            name = "" if match["name"] is None else f"({match['name']})"
            found[f"%{name}{match['conv']}"] += 1
    found.update("{%s}" % name for name in BRACE.findall(text))
    found.update("{{ %s }}" % expr for expr in QWEB_EXPR.findall(text))
    found.update(QWEB_ATTR.findall(text))
    return found


class Entry:
    __slots__ = ("msgctxt", "msgid", "msgstr", "flags", "obsolete", "line")

    def __init__(self, line):
        self.msgctxt = None
        self.msgid = None
        self.msgstr = None
        self.flags = set()
        self.obsolete = False
        self.line = line


def parse_po(path):
    """Entries of a .po/.pot file (gettext syntax, as Odoo writes it)."""
    entries = []
    entry = None
    field = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            entry, field = None, None
            continue
        if entry is None:
            entry = Entry(lineno)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _sep, rest = line.partition(" ")
        if line.startswith('"'):
            value = line
        elif keyword in ("msgctxt", "msgid", "msgstr") or keyword.startswith("msgstr["):
            # plural forms are not used by Odoo; msgstr[0] stands for msgstr
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            if getattr(entry, field) is not None and keyword.startswith("msgstr["):
                continue
            setattr(entry, field, "")
            value = rest
        else:
            raise ValueError(f"{path}:{lineno}: cannot read {raw!r}")
        if field is None:
            raise ValueError(f"{path}:{lineno}: string outside of an entry")
        try:
            setattr(entry, field, getattr(entry, field) + ast.literal_eval(value))
        except (SyntaxError, ValueError) as exc:
            raise ValueError(f"{path}:{lineno}: bad string {value!r}") from exc
    return [e for e in entries if e.msgid is not None and not e.obsolete]


def short(text, width=70):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def check_addon(addon):
    """Problems of the addon's fr.po and de.po, printing a summary line each."""
    module = addon.name
    pot_path = addon / "i18n" / f"{module}.pot"
    problems = []
    template = {(e.msgctxt, e.msgid): e for e in parse_po(pot_path) if e.msgid}
    for lang in LANGS:
        po_path = addon / "i18n" / f"{lang}.po"
        rel = po_path.relative_to(ROOT) if po_path.is_relative_to(ROOT) else po_path
        if not po_path.exists():
            problems.append(f"{rel}: missing ({len(template)} messages to translate)")
            continue
        entries = {(e.msgctxt, e.msgid): e for e in parse_po(po_path) if e.msgid}
        errors = []
        for key, tmpl in template.items():
            entry = entries.get(key)
            if entry is None:
                errors.append(f"missing (.pot line {tmpl.line}): {short(key[1])!r}")
                continue
            where = f"line {entry.line}"
            if not entry.msgstr:
                errors.append(f"{where}: not translated: {short(entry.msgid)!r}")
                continue
            if "fuzzy" in entry.flags:
                errors.append(f"{where}: fuzzy: {short(entry.msgid)!r}")
            expected, got = placeholders(entry.msgid), placeholders(entry.msgstr)
            if expected != got:
                lost = sorted((expected - got).elements())
                extra = sorted((got - expected).elements())
                errors.append(
                    f"{where}: placeholders differ (missing {lost}, "
                    f"unexpected {extra}): {short(entry.msgid)!r}"
                )
        stale = len(set(entries) - set(template))
        # harmless: the next merge drops them
        note = f", {stale} no longer in the template" if stale else ""
        status = "complete" if not errors else f"{len(errors)} problem(s)"
        print(f"{rel}: {len(template)} messages, {status}{note}")
        problems.extend(f"{rel}: {error}" for error in errors)
    return problems


def main(argv):
    addons = [Path(arg).resolve() for arg in argv] or sorted(
        path.parent for path in ROOT.glob("*/__manifest__.py")
    )
    addons = [a for a in addons if (a / "i18n" / f"{a.name}.pot").exists()]
    if not addons:
        print("check_i18n: no addon with an i18n/<module>.pot found", file=sys.stderr)
        return 1
    problems = []
    for addon in addons:
        try:
            problems.extend(check_addon(addon))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(str(exc))
    for problem in problems:
        print(f"  {problem}")
    if problems:
        print(
            f"check_i18n: {len(problems)} problem(s); merge the .pot into the .po "
            "files and translate what is missing",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
