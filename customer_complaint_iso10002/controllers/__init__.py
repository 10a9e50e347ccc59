from . import portal
from . import register
from . import public
