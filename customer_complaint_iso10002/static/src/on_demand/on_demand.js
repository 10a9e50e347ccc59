/** @odoo-module **/
// Copyright 2026 Customer Complaint ISO 10002 Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
//
// Parts of the complaint form read only when their notebook page is shown:
// the web client reads every field of a form at each opening, hidden pages
// included, and the timeline and the similar complaints are the costliest.
// The notebook mounts the widgets of the page shown only.

import { Component, markup, useState } from "@odoo/owl";
import { deserializeDateTime, formatDateTime, serializeDateTime } from "@web/core/l10n/dates";
import { Pager } from "@web/core/pager/pager";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useRecordObserver } from "@web/model/relational_model/utils";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

// what a complaint not saved yet is compared on (SIMILAR_VALUES in Python)
const SIMILAR_VALUES = ["company_id", "partner_id", "product_id", "category_id", "date_received"];

// what the timeline shows: read again when one of them changes (saved)
const TIMELINE_DEPENDS = [
    "date_received",
    "date_acknowledged",
    "date_assessed",
    "decision_ids",
    "date_closed",
    "is_closed",
    "phase_ids",
];

export class ComplaintTimeline extends Component {
    static props = standardWidgetProps;
    static template = "customer_complaint_iso10002.ComplaintTimeline";

    setup() {
        this.orm = useService("orm");
        this.state = useState({ html: false });
        useRecordObserver(async (record) => {
            TIMELINE_DEPENDS.forEach((fname) => record.data[fname]);
            if (!record.resId) {
                this.state.html = false;
                return;
            }
            // read as the user: record rules and field groups apply
            const [values] = await this.orm.webRead(record.resModel, [record.resId], {
                specification: { timeline_html: {} },
            });
            this.state.html = markup(values.timeline_html || "");
        });
    }
}

export class ComplaintSimilar extends Component {
    static props = standardWidgetProps;
    static template = "customer_complaint_iso10002.ComplaintSimilar";
    static components = { Pager };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        // the pager shows from one page up, whatever size the user then sets
        this.state = useState({ columns: [], rows: [], offset: 0, limit: 40, pageSize: 40, total: 0 });
        useRecordObserver(async (record) => {
            // the criteria of similarity (customer.complaint.recurrence)
            SIMILAR_VALUES.forEach((fname) => record.data[fname]);
            await this.load(record, 0, this.state.limit);
        });
    }

    async load(record, offset, limit) {
        // a complaint not saved yet: found from the values of its form
        const values = {};
        if (!record.resId) {
            for (const fname of SIMILAR_VALUES) {
                const value = record.data[fname];
                if (value && fname === "date_received") {
                    values[fname] = serializeDateTime(value);
                } else if (value) {
                    values[fname] = value[0]; // many2one: [id, display name]
                }
            }
        }
        const result = await this.orm.call(
            record.resModel,
            "get_similar_complaints",
            [record.resId ? [record.resId] : [], offset, limit],
            record.resId ? {} : { values }
        );
        Object.assign(this.state, {
            columns: result.columns,
            rows: result.records,
            total: result.total,
            offset,
            limit,
        });
    }

    onPagerUpdate({ offset, limit }) {
        return this.load(this.props.record, offset, limit);
    }

    cell(row, column) {
        const value = row[column.name];
        if (!value) {
            return "";
        }
        if (column.type === "many2one") {
            return value.display_name;
        }
        if (column.type === "datetime") {
            return formatDateTime(deserializeDateTime(value));
        }
        return value;
    }

    open(row) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: this.props.record.resModel,
            res_id: row.id,
            views: [[false, "form"]],
        });
    }
}

registry.category("view_widgets").add("complaint_timeline", { component: ComplaintTimeline });
registry.category("view_widgets").add("complaint_similar", { component: ComplaintSimilar });
