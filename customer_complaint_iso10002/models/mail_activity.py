# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models, tools
from odoo.osv import expression

from .customer_complaint_auditor_mail_mixin import (
    CHANGE_ACCESS_HOOK,
    READ_ACCESS_HOOK,
    by_document,
    refused_by_documents,
)


class MailActivity(models.Model):
    """Mail lets the to-dos of a document be read by whoever may post on it
    (``_mail_post_access``, writing by default), in ``_check_access`` and in
    ``_search`` alike. Odoo 18.0 gives the document no say in it: a document
    model defining ``_get_mail_activity_read_access`` names a further access
    on it that lets the current user read its to-dos, both ways. Mail also
    lets whoever a to-do is assigned to edit it and mark it done, whatever
    their access to its document: a document model defining
    ``_check_mail_activity_change_access`` refuses creating, editing, marking
    done and deleting its to-dos to whom it names, with its own error."""

    _inherit = "mail.activity"

    @api.model
    @tools.ormcache("hook")
    def _models_with_hook(self, hook):
        """The models defining the method ``hook`` (fixed for a registry)."""
        return tuple(
            sorted(
                name
                for name, model_class in self.env.registry.items()
                if not model_class._abstract and hasattr(model_class, hook)
            )
        )

    @api.model
    def _models_read_by_document(self):
        """The document models whose hook grants the current user something."""
        return [
            name
            for name in self._models_with_hook(READ_ACCESS_HOOK)
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
        per_document = by_document(activities, "res_model", res_models)
        granted = []
        for res_model, activity_ids in per_document.items():
            Document = self.env[res_model]
            operation = getattr(Document, READ_ACCESS_HOOK)()
            for document in Document.browse(activity_ids)._filtered_access(operation):
                granted += activity_ids[document.id]
        return self.browse(granted)

    def _change_refused_by_document(self):
        """The activities of self whose document's hook refuses the current
        user to change them, with the error factory of the hook (the
        ``_check_access`` API), or None."""
        res_models = self._models_with_hook(CHANGE_ACCESS_HOOK)
        if not (self and res_models):
            return None
        return refused_by_documents(self, "res_model", CHANGE_ACCESS_HOOK, res_models)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su:
            return result
        if operation != "read":
            refused = self._change_refused_by_document()
            if not refused:
                return result
            # the document's reason rather than mail's error naming ids
            forbidden = refused[0] | result[0] if result else refused[0]
            return forbidden, refused[1]
        if not result:
            return result
        forbidden = result[0] - result[0]._read_granted_by_document()
        if forbidden == result[0]:
            return result
        if not forbidden:
            return None
        return forbidden, lambda: forbidden._make_access_error(operation)

    def _action_done(self, feedback=False, attachment_ids=None):
        # mail posts the "done" message in sudo before deleting (or archiving)
        # the to-dos, which checks access: what the documents refuse, first.
        if not self.env.su and (refused := self._change_refused_by_document()):
            raise refused[1]()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

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
