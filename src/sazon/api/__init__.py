"""The HTTP face: FastAPI under /api/v1, thin handlers over the tool functions.

The web face is mounted in the same app: it reads the app's state (:class:`ApiState`) and
takes ids in paths the same way (:data:`Id`, :data:`IdQuery`), through this package only.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.api.app import create_app
    from sazon.api.deps import ApiState, Id, IdQuery

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = ["ApiState", "Id", "IdQuery", "create_app"]
