/** @odoo-module **/
// Copyright 2026 Customer Complaint ISO 10002 Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("customer_complaint_portal_from_order", {
    steps: () => [
        {
            content: "Report a problem from the sales order",
            trigger: "a.o_complaint_report_problem",
            run: "click",
        },
        {
            content: "The order is pre-selected",
            trigger: "select[name='sale_order_id']:has(option[selected])",
        },
        {
            content: "Subject",
            trigger: "input[name='name']",
            run: "edit Kettle from the tour leaks",
        },
        {
            content: "Description",
            trigger: "textarea[name='description']",
            run: "edit Water everywhere on the table.",
        },
        {
            content: "Send",
            trigger: "button.o_complaint_submit",
            run: "click",
        },
        {
            content: "The reference is shown",
            trigger: ".alert-success:contains('Your complaint was received under reference')",
        },
        {
            content: "Go to the list",
            trigger: ".breadcrumb a[href='/my/complaints']",
            run: "click",
        },
        {
            content: "The complaint is listed",
            trigger: "tr.o_complaint_row td:contains('Kettle from the tour leaks')",
        },
    ],
});

registry.category("web_tour.tours").add("customer_complaint_public_form", {
    url: "/complaints",
    steps: () => [
        {
            content: "Name",
            trigger: "input[name='partner_name']",
            run: "edit Tina Tourist",
        },
        {
            content: "Email",
            trigger: "input[name='email_from']",
            run: "edit tina.tourist@example.com",
        },
        {
            content: "Subject",
            trigger: "input[name='name']",
            run: "edit Tour parcel damaged",
        },
        {
            content: "Description",
            trigger: "textarea[name='description']",
            run: "edit The box was crushed.",
        },
        {
            content: "Send",
            trigger: "button.o_complaint_public_submit",
            run: "click",
        },
        {
            content: "Reference shown, open the tracking link",
            trigger: "a.o_complaint_tracking_link",
            run: "click",
        },
        {
            content: "The complaint page opens without login",
            trigger: ".o_complaint_portal h4:contains('Tour parcel damaged')",
        },
    ],
});

registry.category("web_tour.tours").add("customer_complaint_contest", {
    steps: () => [
        {
            content: "The decision is shown",
            trigger: ".o_complaint_decision:contains('The kettle was faulty')",
        },
        {
            content: "Reason",
            trigger: "textarea[name='reason']",
            run: "edit The replacement is not enough.",
        },
        {
            content: "Contest",
            trigger: ".o_complaint_contest_form button[type='submit']",
            run: "click",
        },
        {
            content: "Objection recorded",
            trigger: ".alert-success:contains('Your objection was recorded')",
        },
    ],
});
