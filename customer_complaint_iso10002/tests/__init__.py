from . import test_backend_tour
from . import test_reporting
from . import test_complaint
from . import test_mail_gateway
from . import test_acknowledgement
from . import test_portal
from . import test_public_form
from . import test_portal_tour
