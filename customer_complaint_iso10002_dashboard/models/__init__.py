from . import customer_complaint_report
