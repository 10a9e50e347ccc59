# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, models, tools

_logger = logging.getLogger(__name__)

ROBOT_LOCALPARTS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply"}
AUTOMATED_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _complaint_is_robot_address(self, email):
        """True for addresses no automatic complaint mail may be sent to or
        accepted from: mailer daemons, no-reply boxes and our own aliases."""
        email = tools.email_normalize(email or "")
        return bool(email) and email in self._complaint_robot_addresses({email})

    @api.model
    def _complaint_robot_addresses(self, emails):
        """The addresses of ``emails`` (normalized) that are robots or our own
        aliases."""
        emails = {tools.email_normalize(email) for email in emails if email} - {False}
        if not emails:
            return set()
        robots = {
            email for email in emails if email.split("@", 1)[0] in ROBOT_LOCALPARTS
        }
        robots.update(emails & self._complaint_own_addresses())
        return robots

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
    def _complaint_is_automated_message(self, message):
        """RFC 3834 auto-submitted mail, bulk mail and auto-replies."""
        auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        return (
            auto_submitted != "no"
            or precedence in AUTOMATED_PRECEDENCE
            or bool(message.get("X-Autoreply") or message.get("X-Autorespond"))
        )

    def _detect_loop_sender(self, message, message_dict, routes):
        # A new complaint must come from a person: automatic mail and mail from
        # our own addresses would start acknowledgement loops.
        if any(
            route[0] == "customer.complaint" and not route[1] for route in routes or []
        ) and (
            self._complaint_is_automated_message(message)
            or self._complaint_is_robot_address(message_dict.get("email_from"))
        ):
            _logger.info(
                "Ignored automatic mail from %s with Message-Id %s: "
                "it does not open a complaint",
                message_dict.get("email_from"),
                message_dict.get("message_id"),
            )
            return True
        return super()._detect_loop_sender(message, message_dict, routes)
