"""The ``decorum`` command: site commands set up Django; engine commands never import it."""

from __future__ import annotations

import os
import sys

USAGE = """usage: decorum <command> [options]

site:
  serve [--port N] [--host H]   migrate, load demo content on first run, serve the site
  run-production [--port N] [--host H] [--threads N] [--connection-limit N]
                                serve only, with production settings (README, "Production")
  screening-worker              screen comments in this process (`serve` runs one itself)
  manage ARGS...                run a Django management command (migrate, createsuperuser, ...)
  export-statements --since DATE [--until DATE] --format tdb-json|csv -o FILE
                                DSA statements of reasons of every restriction in the period
  export-labels --since DATE [--until DATE] -o FILE [--articles FILE]
                                comments people decided, as policy-dev labels (personal data
                                removed) and their articles (default FILE.articles.jsonl)
  transparency-report --period YYYY-H1|YYYY-H2|YYYY [--format html|json|csv] [-o FILE]
                                DSA transparency report: notices, restrictions, automated
                                means and their accuracy, appeals, suspensions

moderation engine:
  moderate --articles A.jsonl COMMENTS.jsonl [--policy FILE] [-o OUT.jsonl]
  evaluate --articles A.jsonl --comments C.jsonl [--json]
  train [--check]               rebuild the engine's trained artefacts from ../shared/datasets
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command in {"moderate", "evaluate", "train"}:
        from decorum.moderation import cli as engine_cli

        return engine_cli.main([command, *rest])
    if command == "run-production":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.production")
        from decorum.core import serve

        return serve.run_production(rest)
    if command == "export-statements":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.dev")
        from decorum.core import serve

        return serve.manage(["export_statements", *rest])
    if command == "export-labels":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.dev")
        from decorum.core import serve

        return serve.manage(["export_labels", *rest])
    if command == "transparency-report":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.dev")
        from decorum.core import serve

        return serve.manage(["transparency_report", *rest])
    if command == "screening-worker":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.dev")
        from decorum.core import serve

        return serve.manage(["screening_worker", *rest])
    if command in {"serve", "manage"}:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.dev")
        from decorum.core import serve

        if command == "serve":
            return serve.serve(rest)
        return serve.manage(rest)
    print(f"decorum: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
