using Egress.Airlock;

namespace Egress.Web.Security;

/// <summary>Writes the ended windows of <see cref="FailedSignInTally"/> to the audit log, a few times a window and once more at shutdown.</summary>
public sealed class FailedSignInAuditor(FailedSignInTally tally, AirlockService airlock, TimeSpan every, ILogger<FailedSignInAuditor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(all: false, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(all: true, CancellationToken.None);
    }

    /// <summary>Writes what is due now (tests call it to avoid waiting for the timer).</summary>
    public async Task FlushAsync(bool all, CancellationToken ct)
    {
        foreach (var w in tally.TakeClosed(all))
        {
            try
            {
                await airlock.RecordFailedSignInsAsync(w.Address, w.From, w.To, w.Failures, w.DistinctUsernames, w.Usernames, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "could not record {Failures} failed sign-ins from {Address}", w.Failures, w.Address);
            }
        }
    }
}
