from . import test_backend_tour
from . import test_reporting
from . import test_complaint
from . import test_mail_gateway
from . import test_acknowledgement
