# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError

from .customer_complaint_constants import AUDITOR_GROUP


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

    def _check_mail_activity_change_access(self):
        """The records of self whose to-dos the current user may not create,
        edit, mark done nor delete, and the error factory (the
        ``_check_access`` API), or None. Mail lets whoever a to-do is
        assigned to change it and mark it done, so a handler giving an
        auditor a to-do would let them change the record's chatter."""
        forbidden = self._auditor_read_only()
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(
            self.env._(
                "Auditors read complaints and change none of them, their to-dos "
                "included: you cannot schedule, edit, mark done or cancel a "
                "to-do, even one assigned to you."
            )
        )

    def _check_mail_message_create_access(self):
        """The records of self on which the current user may not post, and
        the error factory, or None. Mail lets followers post, and an auditor
        follows what a handler gives them a to-do on: they post and send
        nothing on a record they may not write (message_post, and a message
        created directly: models/mail_message.py)."""
        forbidden = self._auditor_read_only()
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(
            self.env._(
                "Auditors read complaints and change none of them: you cannot "
                "post a message or a note, nor send a mail from a complaint."
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
                    "Auditors read complaints and change none of them, their "
                    "followers included: you cannot follow or unfollow a "
                    "complaint, nor add or remove its followers."
                )
            )
