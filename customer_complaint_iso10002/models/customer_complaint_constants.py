# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Selections and groups several complaint files use. Imports nothing of the
addon, so any file may import it without a cycle."""

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
