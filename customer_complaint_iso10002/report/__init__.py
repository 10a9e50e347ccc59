from . import customer_complaint_register
