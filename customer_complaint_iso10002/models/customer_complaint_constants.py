# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Selections, groups, field declarations and text checks several complaint
files use. Imports nothing of the addon, so any file may import it without a
cycle."""

import re

from odoo import fields

CHANNELS = [
    ("portal", "Portal"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("in_person", "In person"),
    ("letter", "Letter"),
    ("web_form", "Web form"),
    ("social_media", "Social media"),
    ("other", "Other"),
]

PRIORITIES = [
    ("0", "Normal"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Urgent"),
]

LEVELS = [("1", "Low"), ("2", "Medium"), ("3", "High"), ("4", "Critical")]

HANDLER_GROUP = "customer_complaint_iso10002.group_complaint_user"
MANAGER_GROUP = "customer_complaint_iso10002.group_complaint_manager"
AUDITOR_GROUP = "customer_complaint_iso10002.group_complaint_auditor"

# Handling data: complaints users and auditors read it, portal users and
# other employees never (the portal shows what it may through sudo).
INTERNAL = (
    "customer_complaint_iso10002.group_complaint_user,"
    "customer_complaint_iso10002.group_complaint_auditor"
)

# What employees read and portal users (complainants) and visitors never: the
# configuration of the process (stages, categories), who on staff created or
# last changed a record, the chatter's and activities' backend data. The
# portal and public pages show what they may through sudo.
STAFF = "base.group_user"

# Odoo's magic log-access fields as odoo/models.py declares them (add_default),
# for a model to declare them with groups: the class defining a model gets
# its own declaration instead of the default one.
_LOG_ACCESS_FIELDS = {
    "create_uid": (
        fields.Many2one,
        {"comodel_name": "res.users", "string": "Created by"},
    ),
    "create_date": (fields.Datetime, {"string": "Created on"}),
    "write_uid": (
        fields.Many2one,
        {"comodel_name": "res.users", "string": "Last Updated by"},
    ),
    "write_date": (fields.Datetime, {"string": "Last Updated on"}),
}


def log_access_field(fname, groups=STAFF):
    """A new declaration of the log-access field ``fname`` readable by
    ``groups`` only (the ORM still fills it: it writes these columns itself)."""
    field_class, attrs = _LOG_ACCESS_FIELDS[fname]
    return field_class(automatic=True, readonly=True, groups=groups, **attrs)


# What shows nothing: spaces of every kind and zero-width marks.
_INVISIBLE_RE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")


def is_blank(text):
    """Whether ``text`` (a subject, a description typed) shows nothing."""
    return not _INVISIBLE_RE.sub("", text or "")
