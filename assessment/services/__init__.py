"""Use cases, one module per topic: each takes the SQLAlchemy session, calls the engine, saves."""
