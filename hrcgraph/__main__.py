"""``python -m hrcgraph``: the same as the ``hrcgraph`` command."""

from hrcgraph.cli import main

if __name__ == "__main__":  # not when a worker process of the build imports this module again
    raise SystemExit(main())
