"""signers' delegations with start and end dates; letters sent for signature in the web desk

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delegations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('position', sa.Text(), nullable=False),
    sa.Column('capacity', sa.String(length=40), nullable=False),
    sa.Column('principal', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], ),
    sa.ForeignKeyConstraint(['user_id'], ['register_users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_delegations_agency_code'), 'delegations', ['agency_code'], unique=False)
    op.create_table('sign_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('set_name', sa.String(length=80), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('speed', sa.String(length=20), nullable=True),
    sa.Column('secrecy', sa.String(length=20), nullable=True),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], ),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], ),
    sa.ForeignKeyConstraint(['requested_by'], ['register_users.id'], ),
    sa.ForeignKeyConstraint(['signer_id'], ['register_users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_sign_requests_agency_code'), 'sign_requests', ['agency_code'], unique=False)
    op.create_index(op.f('ix_sign_requests_status'), 'sign_requests', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sign_requests_status'), table_name='sign_requests')
    op.drop_index(op.f('ix_sign_requests_agency_code'), table_name='sign_requests')
    op.drop_table('sign_requests')
    op.drop_index(op.f('ix_delegations_agency_code'), table_name='delegations')
    op.drop_table('delegations')
