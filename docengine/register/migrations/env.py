"""Alembic environment: always run online, on the connection docengine hands over.

docengine runs migrations itself (``docengine.register.migrate``); there is no
alembic.ini for users.  Developers can still autogenerate a revision with
``python -m docengine.register.migrate revision "message"``.
"""

from alembic import context

from docengine.register.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
