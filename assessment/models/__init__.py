"""Typed SQLAlchemy 2.0 models, one module per aggregate; import them all here for Alembic."""

from assessment.models.base import Base

__all__ = ["Base"]
