"""answers keep what each missed point lacked

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 02:00:35.299102
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        # Existing answers get an empty mapping: nothing was recorded for them.
        batch_op.add_column(sa.Column('missed_reasons', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('missed_reasons')

