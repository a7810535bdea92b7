"""Alembic environment: runs on the connection `vernly.ledger.db.migrate` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from vernly.ledger.models import Base, include_name

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          include_name=include_name, compare_server_default=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata,
                          render_as_batch=conn.dialect.name == "sqlite",
                          include_name=include_name, compare_server_default=True)
        with context.begin_transaction():
            context.run_migrations()


run()
