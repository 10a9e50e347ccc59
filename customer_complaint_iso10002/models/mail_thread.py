# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re

from odoo import api, models, tools
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

COMPLAINT_MODEL = "customer.complaint"
# Threads whose primary email is the complainant's address, their name kept
# apart (partner_name): mail opening one stores the bare address.
COMPLAINANT_THREADS = {COMPLAINT_MODEL, "customer.complaint.feedback"}
# Local parts of machines: mailer-daemon, postmaster, no_reply, noreply,
# no-reply, do-not-reply, donotreply..., with or without a +tag or -suffix.
ROBOT_LOCALPART_RE = re.compile(
    r"(?:mailer[-_.]?daemon|postmaster|(?:no|do[-_.]?not)[-_.]?reply)(?:[-_.+].*)?",
    re.IGNORECASE,
)
AUTOMATED_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
# Headers only automatic mail carries (any value).
AUTOMATED_HEADERS = ("X-Auto-Response-Suppress", "X-Autoreply", "X-Autorespond")
# message_parse's flag for mail from a robot, read by the routing below.
ROBOT_FLAG = "complaint_is_robot"
# Context of the routing of robot mail: kept on complaints, notifying nobody.
ROBOT_CONTEXT = "complaint_robot_mail"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # ------------------------------------------------------------------
    # Robots and our own addresses
    # ------------------------------------------------------------------

    @api.model
    def _complaint_robot_addresses(self, emails):
        """The addresses of ``emails`` (normalized) that no automatic complaint
        mail may be sent to: robots, our aliases and alias domain addresses,
        the companies' addresses and the complaint templates' senders."""
        emails = {tools.email_normalize(email) for email in emails if email} - {False}
        robots = {email for email in emails if self._complaint_is_robot_email(email)}
        if emails - robots:
            robots.update(
                (emails - robots)
                & (self._complaint_own_addresses() | self._complaint_sender_addresses())
            )
        return robots

    @api.model
    def _complaint_is_robot_sender(self, email):
        """True for mail no complaint may be opened from and no one is notified
        of: mailer daemons, no-reply boxes, our aliases and alias domains. The
        companies' addresses are people's shared mailboxes: their mail opens
        complaints, which are not acknowledged (_complaint_robot_addresses)."""
        email = tools.email_normalize(email or "")
        return bool(email) and (
            self._complaint_is_robot_email(email)
            or email in self._complaint_own_addresses()
        )

    @api.model
    def _complaint_is_robot_email(self, email):
        """``email`` (normalized) is a machine's, from its local part."""
        return bool(ROBOT_LOCALPART_RE.fullmatch(email.split("@", 1)[0]))

    @api.model
    @tools.ormcache()
    def _complaint_own_addresses(self):
        """Our aliases, and the bounce, catchall and default sender addresses of
        our alias domains. Cached: every complaint created checks its
        complainant's address; alias changes empty the cache
        (customer.complaint.cache.mixin)."""
        # sudo: aliases are configuration, read only to recognise our own
        # addresses.
        domains = self.env["mail.alias.domain"].sudo().search([])
        aliases = (
            self.env["mail.alias"]
            .sudo()
            .search_fetch([("alias_full_name", "!=", False)], ["alias_full_name"])
        )
        addresses = aliases.mapped("alias_full_name") + [
            address
            for domain in domains
            for address in (
                domain.bounce_email,
                domain.catchall_email,
                domain.default_from_email,
            )
        ]
        return frozenset(
            tools.email_normalize(address)
            for address in addresses
            if address and tools.email_normalize(address)
        )

    @api.model
    def _complaint_sender_addresses(self):
        """The companies' addresses and the static senders (``email_from``
        without placeholders) of the complaint mail templates, normalized.

        Not cached: a company's address changes with its contact's, which no
        write on the company announces. One query.
        """
        self.env["res.company"].flush_model(["email"])
        self.env["mail.template"].flush_model(["model", "email_from"])
        self.env.cr.execute(
            SQL(
                """
                SELECT email FROM res_company WHERE email IS NOT NULL
                UNION
                SELECT email_from FROM mail_template
                 WHERE model = %s AND email_from IS NOT NULL
                   AND position('{{' in email_from) = 0
                """,
                COMPLAINT_MODEL,
            )
        )
        return frozenset(
            normalized
            for (value,) in self.env.cr.fetchall()
            for address in tools.email_split(value)
            if (normalized := tools.email_normalize(address))
        )

    @api.model
    def _complaint_is_automated_message(self, message):
        """RFC 3834 auto-submitted mail, bulk and list mail, auto-replies."""
        auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        return (
            auto_submitted.split(";", 1)[0].strip() != "no"
            or precedence in AUTOMATED_PRECEDENCE
            or any(message.get(header) for header in AUTOMATED_HEADERS)
        )

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        email_from = msg_dict.get("email_from")
        if self._name in COMPLAINANT_THREADS and email_from:
            # mail.thread stores the From header as written ('"Name"
            # <address>') in the primary email, over the address given: the
            # complainant's address is the bare one, their name is in
            # partner_name (the model's message_new).
            email = tools.email_normalize(email_from)
            if email:
                msg_dict = dict(msg_dict, email_from=email)
        return super().message_new(msg_dict, custom_values=custom_values)

    @api.model
    def message_parse(self, message, save_original=False):
        msg_dict = super().message_parse(message, save_original=save_original)
        msg_dict[ROBOT_FLAG] = self._complaint_is_automated_message(
            message
        ) or self._complaint_is_robot_sender(msg_dict.get("email_from"))
        return msg_dict

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if routes or not message_dict.get("is_bounce"):
            return routes
        # mail routes no bounce: one about a complaint is kept on it, the
        # handler learns why the complainant got nothing.
        complaint = self._complaint_of_bounce(message_dict)
        route = complaint and self._routing_check_route(
            message,
            message_dict,
            (COMPLAINT_MODEL, complaint.id, None, self.env.uid, None),
            raise_exception=False,
        )
        return [route] if route else routes

    @api.model
    def _complaint_of_bounce(self, message_dict):
        """The complaint the bounce ``message_dict`` returns a message of."""
        # sudo: the gateway reads the message the bounce refers to, whoever
        # runs it.
        message = message_dict.get("bounced_message") or self.env[
            "mail.message"
        ].sudo().browse(message_dict.get("parent_id"))
        if message.model != COMPLAINT_MODEL or not message.res_id:
            return self.env[COMPLAINT_MODEL]
        return self.env[COMPLAINT_MODEL].sudo().browse(message.res_id).exists()

    @api.model
    def _detect_loop_sender(self, message, message_dict, routes):
        if message_dict.get(ROBOT_FLAG) and any(
            route[0] == COMPLAINT_MODEL for route in routes or []
        ):
            # A new complaint must come from a person: automatic mail and mail
            # from our own addresses would start acknowledgement loops.
            if any(route[0] == COMPLAINT_MODEL and not route[1] for route in routes):
                _logger.info(
                    "Ignored automatic mail from %s with Message-Id %s: "
                    "it does not open a complaint",
                    message_dict.get("email_from"),
                    message_dict.get("message_id"),
                )
                return True
            # On an existing complaint it is kept, notifying nobody and never
            # answered: no loop to break, nothing to drop, no bounce to send.
            if all(route[0] == COMPLAINT_MODEL for route in routes):
                return False
        return super()._detect_loop_sender(message, message_dict, routes)

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        if message_dict.pop(ROBOT_FLAG, False):
            self = self.with_context(**{ROBOT_CONTEXT: True})
        return super()._message_route_process(message, message_dict, routes)

    def _complaint_mutes_robot_mail(self):
        """Posting robot mail routed to this complaint (_message_route_process)."""
        return self._name == COMPLAINT_MODEL and self.env.context.get(ROBOT_CONTEXT)

    def message_post(self, **kwargs):
        if self._complaint_mutes_robot_mail():
            # Logged as a note: in the chatter, not on the portal, nobody
            # notified, the robot does not follow the complaint.
            kwargs.pop("subtype_xmlid", None)
            kwargs.update(
                subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                partner_ids=[],
            )
            self = self.with_context(mail_create_nosubscribe=True)
        return super().message_post(**kwargs)

    def _notify_thread(self, message, msg_vals=False, **kwargs):
        if self._complaint_mutes_robot_mail():
            return []
        return super()._notify_thread(message, msg_vals=msg_vals, **kwargs)
