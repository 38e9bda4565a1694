"""voice takes and spoken words

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 03:24:13.068637
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('voice_takes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('spool', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('media_ref', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('segments', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('voice_takes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_takes_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_takes_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        # Existing answers were typed or predate word timings: an empty list.
        batch_op.add_column(sa.Column('spoken_words', sa.JSON(), nullable=False, server_default='[]'))



def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('spoken_words')

    with op.batch_alter_table('voice_takes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_takes_question_id'))
        batch_op.drop_index(batch_op.f('ix_voice_takes_owner_id'))

    op.drop_table('voice_takes')
