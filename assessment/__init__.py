"""Commerce-readiness assessment: the engine, the services and the Flask application.

The package itself imports nothing, so the engine and the report can be used without
the web stack; the app factory is ``assessment.app.create_app``.
"""
