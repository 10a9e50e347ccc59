# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError

# Context value the process methods write under. An object: unlike a plain
# context key, nothing sent over JSON-RPC can carry it.
_PROCESS = object()


class CustomerComplaintProcessMixin(models.AbstractModel):
    """Fields that only the process methods write (sign-off stamps, states,
    frozen records): a plain create or write of a user, which is what
    JSON-RPC gives anyone, may not set them (4.9, 4.12)."""

    _name = "customer.complaint.process.mixin"
    _description = "Complaint process guard"

    # names of the fields only the process writes
    _process_fields = frozenset()

    def _process_env(self):
        """self, to write what only the process may write. Called by the
        process methods after their own checks."""
        return self.with_context(complaint_process=_PROCESS)

    def _in_process(self):
        return self.env.context.get("complaint_process") is _PROCESS

    def _is_process(self):
        """In a process method, or superuser (scheduled jobs, data files)."""
        return self.env.su or self._in_process()

    def _reason_dialog(self, name, res_model, context):
        """The dialog a process step asks its reason or answer in (the web
        client needs ``views`` to open an action a method returns)."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": res_model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    def _check_process_fields(self, vals):
        protected = self._process_fields & set(vals)
        if protected and not self._is_process():
            raise AccessError(
                self.env._(
                    "%(fields)s record who did what and when: the handling "
                    "process sets them, they cannot be written directly.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(protected)
                    ),
                )
            )
