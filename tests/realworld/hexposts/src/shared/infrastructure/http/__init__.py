from .context import RequestContext
from .dependencies import get_request_context
from .factory import AppFactory

__all__ = ["AppFactory", "RequestContext", "get_request_context"]
