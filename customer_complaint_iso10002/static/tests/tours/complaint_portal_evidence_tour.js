/** @odoo-module **/
// Copyright 2026 Customer Complaint ISO 10002 Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// The complainant's own file in the portal chatter: shown, downloadable, and
// offered no delete button (the evidence is kept, ISO 10002 4.9).
registry.category("web_tour.tours").add("customer_complaint_portal_evidence_kept", {
    steps: () => [
        {
            content: "The file sent is shown, with no delete button",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(Photo of the leak) " +
                ".o-mail-AttachmentCard:contains(ok.pdf):not(:has(.o-mail-AttachmentCard-unlink))",
        },
    ],
});
