"""a letter sent for signature remembers its draft form's one-time token

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sign_requests') as batch:
        batch.add_column(sa.Column('token', sa.String(length=64), nullable=True))
        batch.create_unique_constraint('uq_sign_requests_token', ['token'])


def downgrade() -> None:
    with op.batch_alter_table('sign_requests') as batch:
        batch.drop_constraint('uq_sign_requests_token', type_='unique')
        batch.drop_column('token')
