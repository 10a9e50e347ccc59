# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class CustomerComplaintCacheMixin(models.AbstractModel):
    """Configuration complaints read from ormcaches (first stage, our own mail
    addresses, deadline targets, working weeks): any change to it empties the
    caches, in every worker, so a complaint never sees stale configuration."""

    _name = "customer.complaint.cache.mixin"
    _description = "Complaint configuration cache invalidation"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
