from . import test_backend_tour
from . import test_reporting
from . import test_complaint
