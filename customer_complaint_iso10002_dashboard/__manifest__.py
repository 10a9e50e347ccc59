# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Complaints (ISO 10002) - Spreadsheet Dashboard",
    "summary": "A complaints dashboard in the Dashboards app, built on the "
    "complaint analysis",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/customer-complaint-iso10002/customer_complaint_iso10002",
    "author": "Customer Complaint ISO 10002 Team",
    "maintainers": ["customer-complaint-iso10002"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["customer_complaint_iso10002", "spreadsheet_dashboard"],
    "data": [
        "data/dashboards.xml",
    ],
    "auto_install": True,
    "installable": True,
}
