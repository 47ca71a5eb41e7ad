"""What can go wrong in the review workflow; views turn these into messages."""


class WorkflowError(Exception):
    """Base class: the requested review action cannot be done. The message says why."""


class IllegalTransition(WorkflowError):
    """The review is not in a state from which this action is allowed."""


class NotPermitted(WorkflowError):
    """The user may not perform this action."""


class FourEyesViolation(NotPermitted):
    """The reviewer wrote some of the changes under review and may not approve them."""


class StaleRevision(WorkflowError):
    """The revision acted on is no longer the one the action must apply to."""


class StaleAssignment(WorkflowError):
    """The review's assignee changed after the person acting saw it: their action would cross another."""


class CommentRequired(WorkflowError):
    """The action needs a comment explaining it."""


class LibraryConflict(WorkflowError):
    """The revision gives a diagnosis or sign another level of urgency than the library does elsewhere."""

    def __init__(self, conflicts):
        self.conflicts = list(conflicts)
        super().__init__(
            "This revision disagrees with the library on how urgent something is: "
            + " ".join(str(c) for c in self.conflicts)
            + " Resolve it, or approve with a reason for the difference."
        )
