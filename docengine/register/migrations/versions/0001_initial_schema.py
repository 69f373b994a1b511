"""initial schema: agencies, counters, send book (letters), receive book, endorsements, files

Timestamps are UTC (docengine.register.tables.UTCDateTime stores them so);
the migration keeps plain column types so that it never changes when models do.

Revision ID: 0001
Revises: 
Create Date: 2024-01-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('short_name', sa.Text(), nullable=True),
    sa.Column('issuer', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_code', sa.String(length=40), nullable=True),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('fax', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('signers', sa.JSON(), nullable=False),
    sa.Column('owner_units', sa.JSON(), nullable=False),
    sa.Column('routing', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('register_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('counters',
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('series', sa.String(length=16), nullable=False),
    sa.Column('year_be', sa.Integer(), nullable=False),
    sa.Column('last_no', sa.Integer(), nullable=False),
    sa.Column('start_no', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], ),
    sa.PrimaryKeyConstraint('agency_code', 'series', 'year_be')
    )
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('series', sa.String(length=16), nullable=False),
    sa.Column('year_be', sa.Integer(), nullable=False),
    sa.Column('running_no', sa.Integer(), nullable=False),
    sa.Column('book_number', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('recipients', sa.Text(), nullable=True),
    sa.Column('references', sa.JSON(), nullable=False),
    sa.Column('enclosures', sa.JSON(), nullable=False),
    sa.Column('speed', sa.String(length=20), nullable=True),
    sa.Column('secrecy', sa.String(length=20), nullable=True),
    sa.Column('signer', sa.JSON(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('forwards_receipt_id', sa.Integer(), nullable=True),
    sa.Column('chain_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('owner_host', sa.String(length=255), nullable=True),
    sa.Column('owner_pid', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['letters.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agency_code', 'series', 'year_be', 'running_no', name='uq_letter_number')
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_agency_code'), ['agency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_chain_id'), ['chain_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_status'), ['status'], unique=False)

    op.create_table('receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('year_be', sa.Integer(), nullable=False),
    sa.Column('running_no', sa.Integer(), nullable=False),
    sa.Column('receipt_no', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sender_book_number', sa.Text(), nullable=False),
    sa.Column('sender_date', sa.Date(), nullable=False),
    sa.Column('sender_agency', sa.Text(), nullable=False),
    sa.Column('sender_agency_code', sa.String(length=40), nullable=True),
    sa.Column('addressee', sa.Text(), nullable=True),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('routing', sa.JSON(), nullable=False),
    sa.Column('action', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], ),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agency_code', 'letter_id', name='uq_receipt_letter'),
    sa.UniqueConstraint('agency_code', 'sender_book_number', 'sender_date', name='uq_receipt_sender_number'),
    sa.UniqueConstraint('agency_code', 'year_be', 'running_no', name='uq_receipt_number')
    )
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipts_agency_code'), ['agency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_receipts_letter_id'), ['letter_id'], unique=False)

    op.create_table('document_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('receipt_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], ),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_files_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_files_receipt_id'), ['receipt_id'], unique=False)

    op.create_table('endorsements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('position', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('endorsed_on', sa.Date(), nullable=False),
    sa.Column('endorsed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receipt_id', 'seq', name='uq_endorsement_seq')
    )
    with op.batch_alter_table('endorsements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsements_receipt_id'), ['receipt_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('endorsements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsements_receipt_id'))

    op.drop_table('endorsements')
    with op.batch_alter_table('document_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_files_receipt_id'))
        batch_op.drop_index(batch_op.f('ix_document_files_letter_id'))

    op.drop_table('document_files')
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipts_letter_id'))
        batch_op.drop_index(batch_op.f('ix_receipts_agency_code'))

    op.drop_table('receipts')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_status'))
        batch_op.drop_index(batch_op.f('ix_letters_parent_id'))
        batch_op.drop_index(batch_op.f('ix_letters_chain_id'))
        batch_op.drop_index(batch_op.f('ix_letters_agency_code'))

    op.drop_table('letters')
    op.drop_table('counters')
    op.drop_table('register_meta')
    op.drop_table('agencies')
