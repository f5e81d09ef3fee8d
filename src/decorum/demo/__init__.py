"""The demo site: made-up articles, comments, people and moderation history.

The top layer: it may import every app, and no app imports it. ``decorum serve`` loads it
through the ``load_demo`` management command on the first run.
"""
