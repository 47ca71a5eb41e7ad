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


class CommentRequired(WorkflowError):
    """The action needs a comment explaining it."""
