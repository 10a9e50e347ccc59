# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv.expression import NEGATIVE_TERM_OPERATORS, OR

from odoo.addons.mail.tools.discuss import Store

from .customer_complaint_auditor_mail_mixin import (
    POST_ACCESS_HOOK,
    refused_by_documents,
)
from .customer_complaint_privacy_mixin import _matches_empty, _read_group_fields

# What identifies the complainant on a message of their complaint: masked for
# whoever reads their pseudonym, whatever reads it (RPC read, search_read,
# web_read of the message or through the complaint, the chatter).
MASKED_FIELDS = frozenset(
    {
        "author_id",
        "author_avatar",
        "email_from",
        "reply_to",
        "partner_ids",
        "notified_partner_ids",
        "body",
        "subject",
        "preview",
    }
)
# Those a search, grouping or aggregate may use to find their messages.
SEARCHED_FIELDS = frozenset(
    {"author_id", "email_from", "reply_to", "partner_ids", "notified_partner_ids"}
)
# The free text that may quote them: searched for their identity, it finds
# none of their messages.
TEXT_FIELDS = frozenset({"body", "subject", "preview", "record_name"})


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
        hidden = self.env["customer.complaint"]._identity_hidden_among(
            set(on_complaints.mapped("res_id")), self.env.user
        )
        return {m: hidden[m.res_id] for m in on_complaints if m.res_id in hidden}

    def _complainant_wrote(self, complaint):
        """Whether the complainant of ``complaint`` wrote self (one message):
        its author is them, or bears their name or address."""
        self.ensure_one()
        # sudo: the author of a message the caller read (read checked its
        # access), as the chatter shows it (_author_to_store)
        message = self.sudo()
        if complaint._complainant_among(message.author_id):
            return True
        sender = message.email_from or ""
        return complaint._undisclosed(sender) != sender

    # ------------------------------------------------------------------
    # Reads: the RPC and the web client read their fields through here
    # ------------------------------------------------------------------

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # The mask (_read_format) needs the document of every message read
        # with an identity field: fetched with them, not by a second query.
        # (Not only for non-superusers: fetch() reads messages as superuser.)
        field_names = list(field_names or ())
        if MASKED_FIELDS.intersection(field_names):
            field_names += ["model", "res_id"]
        return super()._determine_fields_to_fetch(
            field_names, ignore_when_in_cache=ignore_when_in_cache
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked = MASKED_FIELDS.intersection(fnames)
        if not masked or self.env.su:
            return result
        hidden = {
            message.id: (message, complaint)
            for message, complaint in self._complaint_identity_hidden().items()
        }
        for values in result if hidden else ():
            if values["id"] in hidden:
                message, complaint = hidden[values["id"]]
                message._complaint_mask(complaint, values, masked)
        return result

    def _complaint_mask(self, complaint, values, fnames):
        """Replace in ``values`` (self read as _read_format gives it) what
        identifies the complainant of ``complaint``: the pseudonym as author,
        no contact of theirs among the recipients, the pseudonym wherever the
        text quotes them."""
        self.ensure_one()
        wrote = self._complainant_wrote(complaint)
        # sudo: the recipients of a message the caller read (read checked
        # its access), to drop the complainant from the ids read
        message = self.sudo()
        for fname in fnames:
            value = values[fname]
            if not value:
                continue
            if fname in ("author_id", "author_avatar"):
                values[fname] = False if wrote else value
            elif fname == "email_from" and wrote:
                values[fname] = complaint.complainant_pseudonym
            elif fname in ("partner_ids", "notified_partner_ids"):
                excluded = complaint._complainant_among(message[fname]).ids
                values[fname] = [pid for pid in value if pid not in excluded]
            else:
                values[fname] = complaint._undisclosed(value)

    # ------------------------------------------------------------------
    # Searches and groupings: their messages are found by nobody who reads
    # the pseudonym, whatever identity they look for
    # ------------------------------------------------------------------

    def _complaint_identity_term(self, leaf):
        """Whether ``leaf`` is a condition on what identifies an author or
        recipient, other than the user themself (their own messages, inbox
        and notifications disclose nobody)."""
        if not isinstance(leaf, list | tuple) or len(leaf) != 3:
            return False
        path, __, value = leaf
        if not isinstance(path, str) or path.split(".")[0] not in SEARCHED_FIELDS:
            return False
        values = value if isinstance(value, list | tuple | set) else [value]
        own = self.env.user.partner_id.id
        return "." in path or not values or any(item != own for item in values)

    def _complaint_hidden_rows(self):
        """A domain of the messages of the complaints whose complainant the
        current user reads as the pseudonym; None when they read them all."""
        if self.env.su:
            return None
        hidden = self.env["customer.complaint"]._identity_hidden_query()
        if hidden is None:
            return None
        return ["&", ("model", "=", "customer.complaint"), ("res_id", "in", hidden)]

    def _complaint_text_hidden(self, leaf):
        """For a condition ``leaf`` on the text of messages, a domain of the
        messages of the complaints hidden to the current user whose
        complainant's identity the text searched is part of; None when it
        is part of none."""
        if not isinstance(leaf, list | tuple) or len(leaf) != 3:
            return None
        if leaf[0] not in TEXT_FIELDS:
            return None
        value = leaf[2]
        texts = value if isinstance(value, list | tuple | set) else [value]
        Complaint = self.env["customer.complaint"]
        matching = [
            [("res_id", "in", query)]
            for text in texts
            if (query := Complaint._identity_hidden_matching(text)) is not None
        ]
        if not matching:
            return None
        return ["&", ("model", "=", "customer.complaint"), *OR(matching)]

    def _complaint_identity_domain(self, domain):
        """``domain`` where, for whoever reads the pseudonym, the messages of
        the complaints hidden to them have no author nor recipients, and
        their texts quote nobody: found by no condition on them, and by every
        negated one (it tells nothing)."""
        domain = list(domain or ())
        if self.env.su:
            return domain
        on_hidden = None
        if any(map(self._complaint_identity_term, domain)):
            on_hidden = self._complaint_hidden_rows()
        result = []
        for leaf in domain:
            if on_hidden and self._complaint_identity_term(leaf):
                if "." not in leaf[0] and _matches_empty(leaf[1], leaf[2]):
                    result += ["|", leaf, *on_hidden]
                else:
                    result += ["&", leaf, "!", *on_hidden]
            elif on_matching := self._complaint_text_hidden(leaf):
                # the text as they read it: the identity is the pseudonym
                if leaf[1] in NEGATIVE_TERM_OPERATORS:
                    result += ["|", leaf, *on_matching]
                else:
                    result += ["&", leaf, "!", *on_matching]
            else:
                result.append(leaf)
        return result

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "create" or self.env.su or not self:
            return result
        # A message created directly on a record of the complaints process:
        # the record says who may not post there though mail lets them
        # (auditors following it: customer.complaint.auditor.mail.mixin).
        res_models = self.env["mail.activity"]._models_with_hook(POST_ACCESS_HOOK)
        refused = refused_by_documents(self, "model", POST_ACCESS_HOOK, res_models)
        if not refused:
            return result
        return (refused[0] | result[0]) if result else refused[0], refused[1]

    @api.model
    def _where_calc(self, domain, active_test=True):
        # (not _search: a complaint searched by its messages reads them
        # through this, the relation being auto_join)
        return super()._where_calc(
            self._complaint_identity_domain(domain), active_test=active_test
        )

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        # Grouped, aggregated or sorted by author, recipients or text, the
        # messages of the complaints hidden to the reader are left out of the
        # groups (their values are the identity the reads mask).
        if MASKED_FIELDS & _read_group_fields(groupby, aggregates, having, order) and (
            on_hidden := self._complaint_hidden_rows()
        ):
            domain = [*(domain or []), "!", *on_hidden]
        return super()._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    # ------------------------------------------------------------------
    # The chatter
    # ------------------------------------------------------------------

    def _to_store(self, store: Store, /, **kwargs):
        # (the message data is read through _read_format, masked there)
        res = super()._to_store(store, **kwargs)
        # the chatter of a complaint whose complainant is not disclosed to
        # the reader: its recipients and notifications do not list them
        hidden = self._complaint_identity_hidden()
        complainants = self.env["res.partner"]
        for message, complaint in hidden.items():
            # sudo: the recipients of a message being formatted for the
            # reader (its access checked by whoever formats it), as core does
            recipients = message.sudo().partner_ids
            partners = complaint._complainant_among(recipients)
            complainants |= partners
            values = {
                "recipients": Store.many(
                    recipients - partners, fields=["avatar_128", "name"]
                ),
            }
            if self.env.su:
                # formatted as superuser (a post, the portal): not masked by
                # _read_format
                text = {"body": message.body, "subject": message.subject}
                message._complaint_mask(complaint, text, text)
                values.update(text)
            if self.env.user._is_internal():
                values["notifications"] = Store.many(
                    message.notification_ids._filtered_for_web_client().filtered(
                        lambda n, partners=partners: n.res_partner_id not in partners
                    )
                )
            store.add(message, values)
            complainants |= complaint.partner_id
        # and their contact, which the message data brought along
        for partner in complainants:
            store.data.get("res.partner", {}).pop((partner.id,), None)
        return res

    def _author_to_store(self, store: Store):
        hidden = self._complaint_identity_hidden()
        authored = self.browse(
            message.id
            for message, complaint in hidden.items()
            if message._complainant_wrote(complaint)
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
