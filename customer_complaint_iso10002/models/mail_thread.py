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
        aliases, found with one query for the whole set."""
        emails = {tools.email_normalize(email) for email in emails if email} - {False}
        if not emails:
            return set()
        robots = {
            email for email in emails if email.split("@", 1)[0] in ROBOT_LOCALPARTS
        }
        robots.update(emails & self._complaint_domain_addresses())
        # sudo: aliases are configuration, read only to recognise our own
        # addresses; nothing of them is returned.
        aliases = (
            self.env["mail.alias"]
            .sudo()
            .search([("alias_full_name", "in", list(emails - robots))])
        )
        robots.update(
            tools.email_normalize(name) for name in aliases.mapped("alias_full_name")
        )
        return robots

    @api.model
    @tools.ormcache()
    def _complaint_domain_addresses(self):
        """Bounce, catchall and default sender addresses of our alias domains."""
        # sudo: alias domains are configuration, read to recognise our own
        # addresses only.
        return frozenset(
            tools.email_normalize(address)
            for domain in self.env["mail.alias.domain"].sudo().search([])
            for address in (
                domain.bounce_email,
                domain.catchall_email,
                domain.default_from_email,
            )
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
