from . import customer_complaint_reopen
from . import customer_complaint_review_reopen
from . import customer_complaint_archive
from . import customer_complaint_decision_answer
from . import customer_complaint_evidence_pack
