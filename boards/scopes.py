"""How boards' models reach a district: through their cycle (see cycles/scopes.py)."""
from accounts.scoping import CHANGE, STAFF, Scope, no_rows, register

from .models import Board, BoardVersion, Feedback

register(Board, Scope(district="cycle__district", own=no_rows, writers={CHANGE: STAFF}))
register(BoardVersion, Scope(district="board__cycle__district", own=no_rows))
register(Feedback, Scope(district="board__cycle__district", own=no_rows, writers={CHANGE: STAFF}))
