# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo import models
from odoo.tools.lru import LRU

# Compiled complaint mail templates, keyed by their source and the context
# that shapes the generated code. Core QWeb compiles a template given as an
# element anew on every render, which made each acknowledgement cost a compile.
_COMPILED = LRU(256)


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        if not (
            isinstance(template, etree._Element)
            and self.env.context.get("complaint_qweb_cache")
        ):
            return super()._compile(template)
        # Only plain values can change the generated code (lang, restricted
        # mode, branding flags): all of them are part of the key.
        context_key = tuple(
            sorted(
                (key, value)
                for key, value in self.env.context.items()
                if isinstance(value, str | int | float | bool | type(None))
            )
        )
        key = (etree.tostring(template), context_key)
        compiled = _COMPILED.get(key)
        if compiled is None:
            compiled = _COMPILED[key] = super()._compile(template)
        return compiled
