"""gunicorn settings used by `make run` and `make bench`."""

import gc
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
timeout = 30


def post_worker_init(worker):
    # Objects loaded at start-up live forever: moving them out of the collector's reach
    # cut p99 latency markedly in our measurements (see PERFORMANCE notes in README).
    gc.freeze()
