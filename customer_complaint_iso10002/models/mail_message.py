# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.mail.tools.discuss import Store


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _complaint_identity_hidden(self):
        """{message: complaint} of the messages of self on complaints whose
        complainant chose non-disclosure and is hidden from the current user
        (customer.complaint.privacy.mixin). Works under sudo: it asks about
        the user, not the environment."""
        on_complaints = self.filtered(
            lambda m: m.model == "customer.complaint" and m.res_id
        )
        if not on_complaints:
            return {}
        # sudo: only the choice and the people of the complaints, to decide
        complaints = (
            self.env["customer.complaint"]
            .sudo()
            .browse(set(on_complaints.mapped("res_id")))
            .exists()
            .filtered("non_disclosure")
        )
        user = self.env.user
        hidden = {c.id: c for c in complaints if c._identity_hidden_for(user)}
        return {m: hidden[m.res_id] for m in on_complaints if m.res_id in hidden}

    def _to_store(self, store: Store, /, **kwargs):
        res = super()._to_store(store, **kwargs)
        # the chatter of a complaint whose complainant is not disclosed to
        # the reader: what quotes them shows the pseudonym
        hidden = self._complaint_identity_hidden()
        for message, complaint in hidden.items():
            partner = complaint.partner_id
            values = {
                "body": complaint._undisclosed(message.sudo().body),
                "subject": complaint._undisclosed(message.sudo().subject),
                "recipients": Store.many(
                    message.sudo().partner_ids - partner,
                    fields=["avatar_128", "name"],
                ),
            }
            if self.env.user._is_internal():
                values["notifications"] = Store.many(
                    message.notification_ids._filtered_for_web_client().filtered(
                        lambda n, partner=partner: n.res_partner_id != partner
                    )
                )
            store.add(message, values)
        # and their contact, which the message data brought along
        for partner in {complaint.partner_id for complaint in hidden.values()}:
            store.data.get("res.partner", {}).pop((partner.id,), None)
        return res

    def _author_to_store(self, store: Store):
        hidden = self._complaint_identity_hidden()
        authored = self.browse(
            message.id
            for message, complaint in hidden.items()
            if complaint._undisclosed(
                message.author_id.name or message.email_from or ""
            )
            != (message.author_id.name or message.email_from or "")
        )
        res = super(MailMessage, self - authored)._author_to_store(store)
        for message in authored:
            store.add(
                message,
                {
                    "author": False,
                    "email_from": hidden[message].complainant_pseudonym,
                },
            )
        return res
