from . import customer_complaint_register
from . import customer_complaint_report
from . import customer_complaint_record
