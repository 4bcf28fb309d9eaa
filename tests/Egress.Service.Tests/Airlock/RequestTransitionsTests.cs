using Egress.Airlock;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>The state machine itself: every pair of states, allowed or refused.</summary>
public sealed class RequestTransitionsTests
{
    private static readonly (RequestState From, RequestState To)[] Allowed =
    [
        (RequestState.Submitted, RequestState.Checking), (RequestState.Submitted, RequestState.Withdrawn),
        (RequestState.Checking, RequestState.Released), (RequestState.Checking, RequestState.AwaitingReview),
        (RequestState.Checking, RequestState.Blocked), (RequestState.Checking, RequestState.Withdrawn),
        (RequestState.AwaitingReview, RequestState.Approved), (RequestState.AwaitingReview, RequestState.Rejected),
        (RequestState.AwaitingReview, RequestState.Returned), (RequestState.AwaitingReview, RequestState.Withdrawn),
        (RequestState.Returned, RequestState.Resubmitted), (RequestState.Returned, RequestState.Withdrawn),
        (RequestState.Blocked, RequestState.Resubmitted), (RequestState.Blocked, RequestState.Withdrawn),
        (RequestState.Resubmitted, RequestState.Checking), (RequestState.Resubmitted, RequestState.Withdrawn),
    ];

    public static TheoryData<RequestState, RequestState> EveryPair()
    {
        var data = new TheoryData<RequestState, RequestState>();
        foreach (var from in Enum.GetValues<RequestState>())
            foreach (var to in Enum.GetValues<RequestState>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_transition_is_allowed_exactly_when_the_lifecycle_says_so(RequestState from, RequestState to)
    {
        var expected = Allowed.Contains((from, to));
        Assert.Equal(expected, RequestTransitions.IsAllowed(from, to));
        if (expected) RequestTransitions.Require(from, to);
        else Assert.Throws<InvalidTransitionException>(() => RequestTransitions.Require(from, to));
    }

    [Fact]
    public void Released_approved_rejected_and_withdrawn_are_final_and_only_released_or_approved_files_leave()
    {
        Assert.Equal([RequestState.Released, RequestState.Approved, RequestState.Rejected, RequestState.Withdrawn],
            Enum.GetValues<RequestState>().Where(RequestTransitions.IsFinal));
        Assert.Equal([RequestState.Released, RequestState.Approved], Enum.GetValues<RequestState>().Where(RequestTransitions.IsReleased));
        // Withdrawal is possible from every state that is not final.
        Assert.All(Enum.GetValues<RequestState>().Where(s => !RequestTransitions.IsFinal(s)),
            s => Assert.True(RequestTransitions.IsAllowed(s, RequestState.Withdrawn)));
    }
}
