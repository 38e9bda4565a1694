"""gemini results, follow-ups and model calls

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 06:19:48.782204
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('model_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('prompt_version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('input_tokens', sa.Integer(), nullable=False),
    sa.Column('output_tokens', sa.Integer(), nullable=False),
    sa.Column('latency_ms', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('model_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_model_calls_interview_id'), ['interview_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_model_calls_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.add_column(sa.Column('prompt_version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('fallback_reason', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_note', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_of', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_questions_follow_up_of', 'questions', ['follow_up_of'], ['id'], ondelete='CASCADE')




def downgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_questions_follow_up_of', type_='foreignkey')
        batch_op.drop_column('follow_up_of')

    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_column('question_note')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('fallback_reason')
        batch_op.drop_column('prompt_version')
        batch_op.drop_column('model_name')

    with op.batch_alter_table('model_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_model_calls_owner_id'))
        batch_op.drop_index(batch_op.f('ix_model_calls_interview_id'))

    op.drop_table('model_calls')

