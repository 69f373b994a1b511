"""crash windows: process start time of owners, receipts' pending stamp, staged file names

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('letters', sa.Column('owner_started', sa.String(length=64), nullable=True))
    op.add_column('receipts', sa.Column('pending', sa.String(length=20), nullable=True))
    op.add_column('receipts', sa.Column('owner_host', sa.String(length=255), nullable=True))
    op.add_column('receipts', sa.Column('owner_pid', sa.Integer(), nullable=True))
    op.add_column('receipts', sa.Column('owner_started', sa.String(length=64), nullable=True))
    op.add_column('document_files', sa.Column('staged_path', sa.Text(), nullable=True))
    op.create_index(op.f('ix_document_files_path'), 'document_files', ['path'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_document_files_path'), table_name='document_files')
    with op.batch_alter_table('document_files') as batch:
        batch.drop_column('staged_path')
    with op.batch_alter_table('receipts') as batch:
        for name in ('owner_started', 'owner_pid', 'owner_host', 'pending'):
            batch.drop_column(name)
    with op.batch_alter_table('letters') as batch:
        batch.drop_column('owner_started')
