from . import test_reporting
