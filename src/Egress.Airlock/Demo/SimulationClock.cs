namespace Egress.Airlock.Demo;

/// <summary>A clock the simulator sets to each backdated moment (AirlockOptions.Clock), for seeding history only.</summary>
public sealed class SimulationClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);
}
