# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    # Companies that existed before the install get their own numbering.
    env["res.company"].search([])._create_complaint_sequence()
