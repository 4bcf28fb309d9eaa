namespace Egress.Airlock;

/// <summary>The one place that says which request state may follow which.</summary>
public static class RequestTransitions
{
    private static readonly Dictionary<RequestState, RequestState[]> Allowed = new()
    {
        [RequestState.Submitted] = [RequestState.Checking, RequestState.Withdrawn],
        [RequestState.Checking] = [RequestState.Released, RequestState.AwaitingReview, RequestState.Blocked, RequestState.Withdrawn],
        [RequestState.AwaitingReview] = [RequestState.Approved, RequestState.Rejected, RequestState.Returned, RequestState.Withdrawn],
        [RequestState.Returned] = [RequestState.Resubmitted, RequestState.Withdrawn],
        // A blocked file blocks the request; the researcher removes it and resubmits.
        [RequestState.Blocked] = [RequestState.Resubmitted, RequestState.Withdrawn],
        [RequestState.Resubmitted] = [RequestState.Checking, RequestState.Withdrawn],
        [RequestState.Released] = [],
        [RequestState.Approved] = [],
        [RequestState.Rejected] = [],
        [RequestState.Withdrawn] = [],
    };

    public static bool IsAllowed(RequestState from, RequestState to) => Allowed[from].Contains(to);

    public static IReadOnlyList<RequestState> From(RequestState state) => Allowed[state];

    /// <summary>Final states: nothing follows them.</summary>
    public static bool IsFinal(RequestState state) => Allowed[state].Length == 0;

    /// <summary>A released or approved request's files may be downloaded.</summary>
    public static bool IsReleased(RequestState state) => state is RequestState.Released or RequestState.Approved;

    public static void Require(RequestState from, RequestState to)
    {
        if (!IsAllowed(from, to)) throw new InvalidTransitionException($"a request that is {Name(from)} cannot become {Name(to)}");
    }

    public static string Name(RequestState state) => state switch
    {
        RequestState.AwaitingReview => "awaiting review",
        _ => state.ToString().ToLowerInvariant(),
    };
}
