// Copyright 2026 Customer Complaint ISO 10002 Team
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Each role's journey, as that role (tests/test_role_tours.py sets them up).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

function openComplaintsApp() {
    return [
        ...stepUtils.goToAppSteps(
            "customer_complaint_iso10002.customer_complaint_menu_root",
            "Open the Complaints app"
        ),
        {
            content: "The complaints board is shown",
            trigger: ".o_kanban_renderer .o_kanban_group",
        },
    ];
}

function openTab(name) {
    return {
        content: `Open the ${name} tab`,
        trigger: `.o_notebook a.nav-link[name=${name}]`,
        run: "click",
    };
}

function pickMany2one(field, typed, label) {
    return [
        {
            content: `Type in ${field}`,
            trigger: `.o_form_view .o_field_widget[name=${field}] input`,
            run: `edit ${typed}`,
        },
        {
            content: `Pick ${label}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${label})`,
            run: "click",
        },
    ];
}

function selectValue(field, value) {
    return {
        content: `Set ${field}`,
        trigger: `.o_form_view .o_field_widget[name=${field}] select`,
        run: `select "${value}"`,
    };
}

function saveForm() {
    return [
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ];
}

function openRecord(name) {
    return {
        content: `Open ${name}`,
        trigger: `.o_kanban_record:contains(${name}), .o_data_row:contains(${name}) td.o_data_cell`,
        run: "click",
    };
}

function actionMenuOffersNone(labels) {
    const none = labels.map((label) => `:not(:has(.o_menu_item:contains(${label})))`);
    return [
        {
            content: "Open the actions menu",
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: `The actions menu offers no ${labels.join(", ")}`,
            trigger: `.o-dropdown--menu:has(.o_menu_item)${none.join("")}`,
        },
        {
            content: "Close the actions menu",
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
    ];
}

function currentStage(stage) {
    return {
        content: `The complaint is in ${stage}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current:contains(${stage})`,
    };
}

// What changes or sends something: none of it for an auditor.
const CHANGING = [
    ".o_statusbar_buttons button",
    ".o-mail-Chatter-sendMessage",
    ".o-mail-Chatter-logNote",
    ".o-mail-Chatter-activity",
    ".o-mail-Followers-button",
    ".o-mail-Chatter-fileUploader",
    ".o_form_button_create",
    ".o_form_button_save",
    ".o_statusbar_status button:enabled",
    ".o_priority a.o_priority_star",
];

function backToComplaintList() {
    return [
        {
            content: "Back to the complaints",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Complaints)",
            run: "click",
        },
        {
            content: "The board is back",
            trigger: ".o_kanban_renderer .o_kanban_group",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list is shown",
            trigger: ".o_list_renderer .o_data_row",
        },
    ];
}

tours.add("customer_complaint_support_journey", {
    url: "/odoo",
    steps: () => [
        ...openComplaintsApp(),
        // A complaint taken by phone, on the board.
        {
            content: "Quick create on the board",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
            run: "edit Journey: parcel arrived open",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=partner_id] input",
            run: "edit Journey Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Journey Customer Ltd)",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            content: "The quick-created complaint is on the board",
            trigger: ".o_kanban_record:contains(Journey: parcel arrived open)",
        },
        // One about an order, through the full form.
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "New complaint",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Journey: kettle lid cracked",
        },
        ...pickMany2one("partner_id", "Journey Customer", "Journey Customer Ltd"),
        ...pickMany2one("sale_order_id", "SO-JOURNEY", "SO-JOURNEY-001"),
        ...pickMany2one("sale_line_id", "Journey Kettle", "Journey Kettle"),
        {
            content: "The product follows from the order line",
            trigger: ".o_field_widget[name=product_id] input:value(Journey Kettle)",
        },
        ...saveForm(),
        {
            content: "The complaint got its reference",
            trigger: ".o_form_view .o_field_widget[name=reference]:contains(CMP/)",
        },
        {
            content: "Take it",
            trigger: ".o_statusbar_buttons button[name=action_assign_to_me]",
            run: "click",
        },
        {
            content: "The support user handles it",
            trigger: ".o_field_widget[name=user_id] input:value(Sam Support)",
        },
        // The initial assessment.
        openTab("assessment"),
        selectValue("severity", "3"),
        selectValue("impact", "2"),
        selectValue("complexity", "low"),
        {
            trigger: ".o_field_widget[name=immediate_action] textarea",
            run: "edit Kettle taken off the shelf.",
        },
        ...saveForm(),
        {
            content: "The assessment is signed by the support user",
            trigger: ".o_field_widget[name=assessed_by_id]:contains(Sam Support)",
        },
        {
            content: "Priority high (3 x 2), not editable by a user",
            trigger: ".o_field_widget[name=priority] span.o_priority_star[aria-label=High][aria-checked=true]",
        },
        // Investigation.
        {
            content: "Move to Investigation",
            trigger: ".o_statusbar_status button:contains(Investigation)",
            run: "click",
        },
        currentStage("Investigation"),
        openTab("investigation"),
        {
            trigger: ".o_field_widget[name=root_cause] textarea",
            run: "edit The hinge plastic was changed by the supplier.",
        },
        {
            trigger: ".o_field_widget[name=findings] .odoo-editor-editable",
            run: "editor The lid hinge cracks under heat.",
        },
        ...saveForm(),
        // The decision the support user proposes: round 1, in its own form.
        openTab("decision"),
        {
            content: "Record the decision",
            trigger: ".o_statusbar_buttons button[name=action_open_decision]",
            run: "click",
        },
        selectValue("outcome", "upheld"),
        selectValue("resolution_type", "replacement"),
        {
            trigger: ".o_field_widget[name=reasons] textarea",
            run: "edit The hinge is faulty: we replace the kettle.",
        },
        ...saveForm(),
        {
            content: "The decision is signed by the support user",
            trigger: ".o_field_widget[name=decided_by_id]:contains(Sam Support)",
        },
        {
            content: "It awaits a manager's approval: the user asks for it, no more",
            trigger:
                ".o_form_view:has(button[name=action_request_approval])" +
                ":not(:has(button[name=action_approve]))" +
                ":not(:has(button[name=action_communicate]))",
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Journey: kettle lid cracked)",
            run: "click",
        },
        {
            // the complaint's own menu, not the decision's still on screen
            content: "The complaint is shown again",
            trigger: ".o_breadcrumb .active:contains(Journey: kettle lid cracked)",
        },
        // Only managers archive.
        ...actionMenuOffersNone(["Archive"]),
        currentStage("Investigation"),
    ],
});

tours.add("customer_complaint_manager_journey", {
    url: "/odoo",
    steps: () => [
        ...openComplaintsApp(),
        openRecord("Journey: needs approval"),
        {
            content: "Open its decision",
            trigger: ".o_statusbar_buttons button[name=action_open_decision]",
            run: "click",
        },
        {
            content: "Approve the support user's decision",
            trigger: ".o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "Approved by the manager",
            trigger: ".o_field_widget[name=approved_by_id]:contains(Mona Manager)",
        },
        {
            content: "Communicate it to the complainant",
            trigger: ".o_statusbar_buttons button[name=action_communicate]",
            run: "click",
        },
        {
            content: "Communicated once",
            trigger:
                ".o_form_view:not(:has(button[name=action_communicate]))" +
                ":has(.o_statusbar_status button.o_arrow_button_current:contains(Communicated))",
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Journey: needs approval)",
            run: "click",
        },
        currentStage("Awaiting customer"),
        // Reopen a closed complaint.
        ...backToComplaintList(),
        {
            content: "Show the closed complaints too",
            trigger: ".o_searchview_facet:contains(Open) .o_facet_remove",
            run: "click",
        },
        openRecord("Journey: closed too early"),
        currentStage("Closed"),
        {
            content: "Reopen",
            trigger: ".o_statusbar_buttons button[name=action_open_reopen_wizard]",
            run: "click",
        },
        {
            content: "The reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The customer sent photos of a second crack.",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_reopen]",
            run: "click",
        },
        currentStage("Investigation"),
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Message:contains(second crack)",
        },
    ],
});

tours.add("customer_complaint_auditor_journey", {
    url: "/odoo",
    steps: () => [
        ...openComplaintsApp(),
        {
            content: "No quick create for an auditor",
            trigger: ".o_control_panel:not(:has(.o-kanban-button-new))",
        },
        openRecord("Journey: confidential recall"),
        {
            content: "The confidential ribbon",
            trigger: ".o_form_view .ribbon:contains(Confidential)",
        },
        {
            content: "Read only",
            trigger: ".o_form_readonly",
        },
        openTab("assessment"),
        {
            content: "The assessment shows",
            trigger: ".o_field_widget[name=severity]:contains(High)",
        },
        {
            trigger: ".o_field_widget[name=assessed_by_id]:contains(Sam Support)",
        },
        openTab("investigation"),
        {
            content: "The investigation shows",
            trigger: ".o_field_widget[name=root_cause]:contains(hinge plastic)",
        },
        openTab("decision"),
        {
            content: "The decision round shows",
            trigger: ".o_field_widget[name=decision_ids] .o_data_row:contains(Upheld):contains(Sam Support)",
        },
        openTab("audit_messages"),
        {
            content: "The messages show",
            trigger: ".o_field_widget[name=message_ids] .o_data_row",
        },
        ...actionMenuOffersNone(["Archive", "Duplicate", "Delete"]),
        {
            content: "Nothing that changes or sends anything",
            trigger: `.o_action_manager${CHANGING.map((sel) => `:not(:has(${sel}))`).join("")}`,
        },
        // The register.
        ...backToComplaintList(),
        {
            content: "No New button in the list either",
            trigger: ".o_list_view .o_control_panel:not(:has(.o_list_button_add))",
        },
        {
            content: "The register export is offered",
            trigger: "button[name=action_export_register]:contains(Export register)",
        },
    ],
});
