# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models, tools
from odoo.exceptions import AccessError, UserError

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
    # those of them the complainant gives (a rating), not the process
    _process_rating_fields = frozenset()
    # fields given at creation and never changed, by anyone (references)
    _given_once_fields = frozenset()

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

    @tools.ormcache()
    def _computed_process_fields(self):
        """The stored fields the ORM computes from others and no user sets
        (no inverse, read-only: decision outcome, deadline state, closed
        flag...): the views show them read-only, which JSON-RPC ignores."""
        return frozenset(
            name
            for name, field in self._fields.items()
            if field.store
            and field.compute
            and field.readonly
            and not field.inverse
            and name not in models.MAGIC_COLUMNS
        )

    def _check_given_once(self, vals):
        """Refuse changing a field of _given_once_fields once it has a value
        (the same value passes: a form sends it back; an empty one is given,
        e.g. portal.mixin's token made on demand). A process step may renew
        it (_process_env)."""
        if self._in_process():
            return
        for fname in sorted(self._given_once_fields & set(vals)):
            changed = self.filtered(
                lambda record, fname=fname: record[fname]
                and record[fname] != vals[fname]
            )
            if changed:
                raise UserError(
                    self.env._(
                        "The %(field)s of %(records)s is given once and cannot "
                        "be changed.",
                        field=self._fields[fname]._description_string(self.env),
                        records=", ".join(changed.mapped("display_name")),
                    )
                )

    def _check_process_fields(self, vals):
        protected = (self._process_fields | self._computed_process_fields()) & set(vals)
        if not protected or self._is_process():
            return
        if not self:
            # A new record's form sends the defaults it shows (a draft state):
            # only another value is refused.
            defaults = self.default_get(list(protected))
            protected = {
                name
                for name in protected
                if name not in defaults or vals[name] != defaults[name]
            }
            if not protected:
                return
        _ = self.env._
        ratings = protected & self._process_rating_fields
        counters = {
            name
            for name in protected - ratings
            if self._fields[name].type in ("integer", "float")
        }
        stamps = protected - ratings - counters
        # Each kind its own wording: a counter records no "who and when".
        messages = [
            message % {"fields": self._process_field_names(names)}
            for names, message in (
                (
                    stamps,
                    _(
                        "Set by the handling process only, never written "
                        "directly: %(fields)s."
                    ),
                ),
                (
                    counters,
                    _(
                        "Counted by the handling process, never written "
                        "directly: %(fields)s."
                    ),
                ),
                (
                    ratings,
                    _(
                        "Given by the complainant only (the rating they "
                        "submit), never written directly: %(fields)s."
                    ),
                ),
            )
            if names
        ]
        raise AccessError("\n".join(messages))

    def _process_field_names(self, names):
        return ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )
