// Copyright 2026 Customer Complaint ISO 10002 Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The form's pages read when shown (static/src/on_demand), as a complaints
// user (tests/test_read_performance.py sets it up).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("complaint_on_demand_pages", {
    steps: () => [
        {
            content: "The complaint form is open",
            trigger: ".o_form_view .o_field_widget[name=reference]",
        },
        {
            content: "Open the Timeline tab",
            trigger: ".o_notebook a.nav-link[name=timeline]",
            run: "click",
        },
        {
            content: "The timeline is read and shown",
            trigger: ".o_complaint_timeline_widget .o_complaint_phase_received",
        },
        {
            content: "Open the Similar Complaints tab",
            trigger: ".o_notebook a.nav-link[name=similar]",
            run: "click",
        },
        {
            content: "The other complaint about the product is listed",
            trigger: ".o_complaint_similar_widget tr.o_data_row:contains(Tour complaint 1)",
            run: "click",
        },
        {
            content: "It opens",
            trigger: ".o_breadcrumb .active:contains(Tour complaint 1)",
        },
        {
            content: "Start a new complaint",
            trigger: ".o_form_button_create",
            run: "click",
        },
        {
            content: "Type the product it is about",
            trigger: ".o_field_widget[name=product_id] input",
            run: "edit Tour kettle",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour kettle)",
            run: "click",
        },
        {
            content: "Open the Similar Complaints tab before saving",
            trigger: ".o_notebook a.nav-link[name=similar]",
            run: "click",
        },
        {
            content: "The complaints about the product are listed already",
            trigger: ".o_complaint_similar_widget tr.o_data_row:contains(Tour complaint 0)",
        },
        {
            content: "Discard the new complaint",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "Back on a saved complaint",
            trigger: ".o_breadcrumb .active:contains(Tour complaint)",
        },
    ],
});
