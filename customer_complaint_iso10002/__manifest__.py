# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Complaints (ISO 10002)",
    "summary": "Receive, acknowledge, track and resolve customer complaints "
    "the way ISO 10002:2018 describes it",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Complaints",
    "website": "https://github.com/customer-complaint-iso10002/customer_complaint_iso10002",
    "author": "Customer Complaint ISO 10002 Team",
    "maintainers": ["customer-complaint-iso10002"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["mail", "portal", "rating", "sale", "resource"],
    "data": [
        "security/customer_complaint_groups.xml",
        "security/ir.model.access.csv",
        "security/customer_complaint_security.xml",
        "data/mail_message_subtype_data.xml",
        "data/mail_template_data.xml",
        "data/customer_complaint_stage_data.xml",
        "data/customer_complaint_team_data.xml",
        "views/customer_complaint_views.xml",
        "views/customer_complaint_reporting_views.xml",
        "views/customer_complaint_stage_views.xml",
        "views/customer_complaint_team_views.xml",
        "views/customer_complaint_category_views.xml",
        "views/customer_complaint_tag_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "views/product_template_views.xml",
        "views/customer_complaint_portal_templates.xml",
        "report/customer_complaint_reports.xml",
        "report/customer_complaint_templates.xml",
        "views/customer_complaint_menus.xml",
    ],
    "demo": [
        "demo/customer_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_complaint_iso10002/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": True,
}
