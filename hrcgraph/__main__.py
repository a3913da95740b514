"""``python -m hrcgraph``: the same as the ``hrcgraph`` command."""

from hrcgraph.cli import main

raise SystemExit(main())
