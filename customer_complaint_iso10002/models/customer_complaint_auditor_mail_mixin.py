# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError

from .customer_complaint_constants import AUDITOR_GROUP

# The methods of these records that mail's models ask (models/mail_activity.py,
# models/mail_message.py): reading to-dos, changing them, posting.
READ_ACCESS_HOOK = "_get_mail_activity_read_access"
CHANGE_ACCESS_HOOK = "_check_mail_activity_change_access"
POST_ACCESS_HOOK = "_check_mail_message_create_access"


def by_document(records, model_field, res_models):
    """{model: {res_id: [ids]}} of ``records`` (to-dos or messages, whose
    document is ``model_field`` and ``res_id``) on records of ``res_models``."""
    per_document = defaultdict(lambda: defaultdict(list))
    for record in records:
        if record[model_field] in res_models and record.res_id:
            per_document[record[model_field]][record.res_id].append(record.id)
    return per_document


def refused_by_documents(records, model_field, hook, res_models):
    """Those of ``records`` (to-dos or messages) whose document's ``hook``
    refuses the current user, with the hook's error factory (the
    ``_check_access`` API), or None."""
    refused, error_factory = [], None
    # sudo: only which document each record is on, whose hook decides
    per_document = by_document(records.sudo(), model_field, res_models)
    for res_model, ids in per_document.items():
        if result := getattr(records.env[res_model].browse(ids), hook)():
            for document in result[0]:
                refused += ids[document.id]
            error_factory = error_factory or result[1]
    return (records.browse(refused), error_factory) if refused else None


class CustomerComplaintAuditorMailMixin(models.AbstractModel):
    """The records of the complaints process that have a chatter and to-dos
    (complaints, their rounds, actions, reviews, audits...), as auditors use
    them: auditors read the to-dos of the records they read and follow
    nothing they may not change. First in ``_inherit``, before mail.thread,
    whose methods it extends."""

    _name = "customer.complaint.auditor.mail.mixin"
    _description = "Auditors' use of the chatter of complaints records"

    @api.model
    def _get_mail_activity_read_access(self):
        """The access on these records that lets the current user read their
        to-dos besides mail's (posting, i.e. writing): reading, for auditors,
        who read every record and write none. Creating, editing, marking done
        and deleting to-dos keep mail's rule, narrowed below
        (models/mail_activity.py)."""
        return "read" if self.env.user.has_group(AUDITOR_GROUP) else None

    def _auditor_read_only(self):
        """The records of self the current user may not change because they
        audit them: for auditors, all they may not write (all but the audits
        they run); none for the others, and for sudo calls (the process)."""
        if self.env.su or not self.env.user.has_group(AUDITOR_GROUP):
            return self.browse()
        return self - self._filtered_access("write")

    def _auditor_refusal(self, message):
        """(the records of self the current user audits and may not change,
        the factory of their error, whose text ``message()`` gives), as the
        ``_check_access`` API wants them; None when there are none."""
        forbidden = self._auditor_read_only()
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(message())

    def _check_mail_activity_change_access(self):
        """The records of self whose to-dos the current user may not create,
        edit, mark done nor delete, and the error factory (the
        ``_check_access`` API), or None. Mail lets whoever a to-do is
        assigned to change it and mark it done, so a handler giving an
        auditor a to-do would let them change the record's chatter."""
        return self._auditor_refusal(
            lambda: self.env._(
                "Auditors read the records of the complaints process and change "
                "none of them, their to-dos included: you cannot schedule, edit, "
                "mark done or cancel a to-do, even one assigned to you."
            )
        )

    def _check_mail_message_create_access(self):
        """The records of self on which the current user may not post, and
        the error factory, or None. Mail lets followers post, and an auditor
        follows what a handler gives them a to-do on: they post and send
        nothing on a record they may not write (message_post, and a message
        created directly: models/mail_message.py)."""
        return self._auditor_refusal(
            lambda: self.env._(
                "Auditors read the records of the complaints process and change "
                "none of them: you cannot post a message or a note on them, nor "
                "send a mail from them."
            )
        )

    def message_post(self, **kwargs):
        if refused := self._check_mail_message_create_access():
            raise refused[1]()
        return super().message_post(**kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        self._check_auditor_follows_nothing(partner_ids)
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def message_unsubscribe(self, partner_ids=None):
        self._check_auditor_follows_nothing(partner_ids)
        return super().message_unsubscribe(partner_ids=partner_ids)

    def _check_auditor_follows_nothing(self, partner_ids):
        """Following writes the record's followers and brings its mail, yet
        mail.thread lets whoever reads a record follow or unfollow it
        themselves. Auditors change none of these records (but the audits
        they run, which they may write): they neither follow nor unfollow
        one, for themselves or others. Only their own calls are refused: a
        handler may still make them follow (giving them a to-do does), and
        sudo calls, like the unfollow link of mails, pass."""
        if (
            self
            and partner_ids
            and not self.env.su
            and self.env.user.has_group(AUDITOR_GROUP)
            and not self.has_access("write")
        ):
            raise AccessError(
                self.env._(
                    "Auditors read the records of the complaints process and "
                    "change none of them, their followers included: you cannot "
                    "follow or unfollow them, nor add or remove their followers."
                )
            )
