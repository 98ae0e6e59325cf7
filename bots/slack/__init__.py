"""The Slack app: ``/resume`` with a modal, files shared in a DM or with a mention, results
posted back in the same conversation. HTTP mode mounts :func:`bots.slack.http.build_router`;
Socket Mode runs :mod:`bots.slack.socket`."""
