"""``decorum serve``: migrate the embedded database, seed demo content once, serve with waitress."""

from __future__ import annotations

import argparse
import sys


def manage(argv: list[str]) -> int:
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    execute_from_command_line(["decorum manage", *argv])
    return 0


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum serve")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-demo", action="store_true", help="do not load demo content")
    opts = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Decorum data directory: {settings.DATA_DIR}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not opts.no_demo:
        from decorum.core.demo import load_demo_content_once

        load_demo_content_once(stdout=sys.stdout)

    from waitress import serve as waitress_serve

    from decorum.wsgi import application

    print(f"Serving Decorum on http://{opts.host}:{opts.port}/ (Ctrl+C to stop)", flush=True)
    waitress_serve(application, host=opts.host, port=opts.port, threads=opts.threads)
    return 0
