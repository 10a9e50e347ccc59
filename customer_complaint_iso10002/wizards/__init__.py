from . import customer_complaint_reopen
