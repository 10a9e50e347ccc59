# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models, tools
from odoo.osv import expression

# The method a document model defines to let to-dos be read with another access
# than mail's (see MailActivity._read_granted_by_document).
READ_ACCESS_HOOK = "_get_mail_activity_read_access"


class MailActivity(models.Model):
    """Mail lets the to-dos of a document be read by whoever may post on it
    (``_mail_post_access``, writing by default), in ``_check_access`` and in
    ``_search`` alike. Odoo 18.0 gives the document no say in it: a document
    model defining ``_get_mail_activity_read_access`` names a further access
    on it that lets the current user read its to-dos, both ways. Only reading
    widens: creating, editing, marking done and deleting keep mail's rule."""

    _inherit = "mail.activity"

    @api.model
    @tools.ormcache()
    def _models_with_read_access_hook(self):
        """The models defining the hook (fixed for a registry)."""
        return tuple(
            sorted(
                name
                for name, model_class in self.env.registry.items()
                if not model_class._abstract and hasattr(model_class, READ_ACCESS_HOOK)
            )
        )

    @api.model
    def _models_read_by_document(self):
        """The document models whose hook grants the current user something."""
        return [
            name
            for name in self._models_with_read_access_hook()
            if getattr(self.env[name], READ_ACCESS_HOOK)()
        ]

    def _read_granted_by_document(self):
        """The activities of self the current user may read through the access
        their document's hook names, within the access rights and the read
        rules of activities (which mail applies first)."""
        res_models = self._models_read_by_document()
        if not (self and res_models and self.browse().has_access("read")):
            return self.browse()
        rule_domain = self.env["ir.rule"]._compute_domain(self._name, "read")
        # sudo: only the document of each activity is read, whose access
        # decides below; the read rules are applied as mail does.
        activities = self.sudo()
        if rule_domain:
            activities = activities.filtered_domain(rule_domain)
        per_document = defaultdict(lambda: defaultdict(list))
        for activity in activities:
            if activity.res_model in res_models:
                per_document[activity.res_model][activity.res_id].append(activity.id)
        granted = []
        for res_model, activity_ids in per_document.items():
            Document = self.env[res_model]
            operation = getattr(Document, READ_ACCESS_HOOK)()
            for document in Document.browse(activity_ids)._filtered_access(operation):
                granted += activity_ids[document.id]
        return self.browse(granted)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "read" or not result or self.env.su:
            return result
        forbidden = result[0] - result[0]._read_granted_by_document()
        if forbidden == result[0]:
            return result
        if not forbidden:
            return None
        return forbidden, lambda: forbidden._make_access_error(operation)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.is_superuser():
            return query
        res_models = self._models_read_by_document()
        if not res_models:
            return query
        # sudo: the activities of those documents, the access to each checked
        # right after (_read_granted_by_document).
        candidates = self.sudo().search_fetch(
            expression.AND([domain, [("res_model", "in", res_models)]]),
            ["res_model", "res_id"],
        )
        granted = candidates.with_env(self.env)._read_granted_by_document()
        if not granted:
            return query
        if offset or limit:
            # mail pages before filtering: take all it allows, page the union
            query = super()._search(domain, order=order)
        ids = set(query.get_result_ids()).union(granted.ids)
        # sudo: only orders and pages the activities allowed above.
        return super(MailActivity, self.sudo())._search(
            [("id", "in", list(ids))], offset, limit, order
        )
