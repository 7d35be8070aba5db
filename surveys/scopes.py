"""How the surveys app's models reach a district: through the survey's cycle. Officials read none
of it (results are staff-only; an official sees its confirmed SurveyScore after finalize, through
evaluations); leaders read, staff write — ballots, codes and aggregates only through the services."""
from accounts.scoping import CHANGE, CREATE, DELETE, STAFF, Scope, no_rows, register

from .models import Answer, Ballot, BallotCode, PoliticalProposal, Survey, SurveyItem, SurveyResult

staff_writes = {CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF}
register(Survey, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(SurveyItem, Scope(district="survey__cycle__district", own=no_rows, writers=staff_writes))
register(BallotCode, Scope(district="survey__cycle__district", own=no_rows))
register(Ballot, Scope(district="survey__cycle__district", own=no_rows))
register(Answer, Scope(district="ballot__survey__cycle__district", own=no_rows))
register(SurveyResult, Scope(district="survey__cycle__district", own=no_rows))
register(PoliticalProposal, Scope(district="survey__cycle__district", own=no_rows, writers={CHANGE: STAFF}))
