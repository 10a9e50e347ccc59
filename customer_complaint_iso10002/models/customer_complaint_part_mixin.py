# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv import expression


class CustomerComplaintPartMixin(models.AbstractModel):
    """Records that are part of a complaint record (its phases, its decision
    rounds), linked by ``complaint_id``: whoever may not read the complaint
    neither finds nor reads them, whoever may not write it does not write
    them. The complaint's record rules decide, written once, there."""

    _name = "customer.complaint.part.mixin"
    _description = "Part of a complaint record"

    # The operations checked on the complaint too: reading one needs reading
    # the complaint, the others writing it.
    _complaint_checked = frozenset({"read", "write", "create", "unlink"})

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            complaints = (
                self.env["customer.complaint"]
                .with_context(active_test=False)
                ._search([])
            )
            domain = expression.AND([domain, [("complaint_id", "in", complaints)]])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su or not self._ids or operation not in self._complaint_checked:
            return result
        allowed = self - result[0] if result else self
        # sudo: only the complaint of each record, whose access is checked next.
        by_record = {record.id: record.complaint_id.id for record in allowed.sudo()}
        complaints = self.env["customer.complaint"].browse(set(by_record.values()))
        denied = complaints._check_access("read" if operation == "read" else "write")
        if not denied:
            return result
        forbidden = allowed.browse(
            rid for rid, cid in by_record.items() if cid in denied[0].ids
        )
        if result:
            return result[0] + forbidden, result[1]
        return forbidden, denied[1]
