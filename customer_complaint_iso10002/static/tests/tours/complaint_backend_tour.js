import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("customer_complaint_backend_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="customer_complaint_iso10002.customer_complaint_menu_root"]',
            run: "click",
        },
        {
            trigger: ".o_kanban_renderer .o_kanban_group",
        },
        {
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
            run: "edit Tour: scratched table top",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Customer Ltd)",
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains(Tour: scratched table top)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=reference]:contains(CMP/)",
        },
        {
            trigger: ".o_statusbar_status button:contains(Assessment)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Assessment)",
        },
        {
            content: "wait until the stage change is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
