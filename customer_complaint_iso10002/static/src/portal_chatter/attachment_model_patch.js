/** @odoo-module **/
// Copyright 2026 Customer Complaint ISO 10002 Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Attachment } from "@mail/core/common/attachment_model";

import { patch } from "@web/core/utils/patch";

/**
 * The files a complainant sent with a complaint stay in its record (ISO 10002
 * 4.9): the server refuses to delete them (ir.attachment unlink), so the
 * portal chatter offers no delete button for them. mail decides the button in
 * the browser (the author of a message may delete its files), from no server
 * flag. Files still pending in the composer stay removable: AttachmentList
 * shows their button there whatever this says.
 */
patch(Attachment.prototype, {
    get isDeletable() {
        const thread = this.thread || this.message?.thread;
        if (thread?.model === "customer.complaint" && !this.store.self.isInternalUser) {
            return false;
        }
        return super.isDeletable;
    },
});
