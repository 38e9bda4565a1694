"""conversation mode settings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 06:05:54.190286
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('patience_s', sa.Float(), nullable=False, server_default='2.0'))



def downgrade() -> None:
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_column('patience_s')
        batch_op.drop_column('conversation')

