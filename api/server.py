"""Running the app: ``hrcgraph serve`` calls :func:`serve`."""

from __future__ import annotations

import uvicorn

from hrcgraph.api.app import create_app
from hrcgraph.settings import Settings


def serve(settings: Settings) -> None:
    """Serve the API with uvicorn on ``settings.host``:``settings.port`` until interrupted."""
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, proxy_headers=True, log_level="info",
                access_log=settings.access_log, timeout_graceful_shutdown=5)
