using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Egress.Cohort.Extracts;

namespace Egress.Airlock.Demo;

/// <summary>
/// What <see cref="ExportActivitySimulator"/> generates: <see cref="Days"/> days ending on <see cref="LastDay"/>
/// (UTC) of export activity for the projects, three of which misbehave — a steady slicer (small ID lists, a
/// few new participants each, every day of the last <see cref="SlicerDays"/>), a burst at night on the last day,
/// and a near-limit splitter (many files just under limits.maxFileBytes) on the last day.
/// </summary>
public sealed record ActivityPlan(DateOnly LastDay, int Seed = 6)
{
    public int Days { get; init; } = 31;
    /// <summary>Names of the projects (as in the cohort index: A … T); created when missing.</summary>
    public IReadOnlyList<string> Projects { get; init; } = Enumerable.Range(0, 20).Select(ExtractPlanner.ProjectName).ToList();
    public string Slicer { get; init; } = "A";
    public string NightBurst { get; init; } = "G";
    public string Splitter { get; init; } = "M";
    public int SlicerDays { get; init; } = 10;
    public int SlicerExportsPerDay { get; init; } = 4;
    public int SlicerIdsPerExport { get; init; } = 8;
    public int NightBurstFiles { get; init; } = 30;
    public int SplitterFiles { get; init; } = 24;

    public IReadOnlyList<string> BadActors => [Slicer, NightBurst, Splitter];
    public DateOnly FirstDay => LastDay.AddDays(1 - Days);
}

/// <summary>How much the simulator submitted.</summary>
public sealed record ActivitySummary(int Requests, int Files, IReadOnlyList<string> Researchers);

/// <summary>
/// Generates a month of synthetic export activity through the real airlock: every request is submitted with
/// <see cref="AirlockService.SubmitAsync"/> (limits, quarantine, audit) at a backdated time (the caller moves the
/// service's clock), and checked by a real worker — the engine, exposure and differencing — at that time.
/// Seeded: the same plan gives the same activity. Ordinary projects submit small aggregate tables in working
/// hours (UTC 09:00–18:00, fewer at weekends; now and then a table with a small cell); the bad actors are as the plan says.
/// Contents are synthetic counts, except the slicer's, which are participant IDs of its project's extract.
/// </summary>
public sealed class ExportActivitySimulator(AirlockService service, Action<DateTimeOffset> setClock, ActivityPlan plan)
{
    private readonly Random _random = new(plan.Seed);
    private readonly Dictionary<string, List<Actor>> _researchers = [];
    private int _requests;
    private int _files;

    /// <param name="slicerIds">Participant IDs of the slicer's project, one per element (each export shows the next few).</param>
    public async Task<ActivitySummary> RunAsync(IReadOnlyList<string> slicerIds, CancellationToken ct = default)
    {
        setClock(At(plan.FirstDay.AddDays(-1), 8, 0));
        await CreateProjectsAsync(ct);
        var worker = service.CreateWorker("simulator");
        var nextId = 0;
        for (var d = 0; d < plan.Days; d++)
        {
            var day = plan.FirstDay.AddDays(d);
            var last = d == plan.Days - 1;
            var events = new List<(DateTimeOffset At, string Project, List<UploadFile> Files)>();
            foreach (var project in plan.Projects) events.AddRange(OrdinaryDay(project, day));
            if (d >= plan.Days - plan.SlicerDays)
                for (var i = 0; i < plan.SlicerExportsPerDay; i++)
                {
                    var ids = slicerIds.Skip(nextId).Take(plan.SlicerIdsPerExport).ToList();
                    nextId += ids.Count;
                    if (ids.Count > 0) events.Add((WorkingHours(day), plan.Slicer, [File($"ids-{day:MMdd}-{i}.txt", string.Join('\n', ids) + "\n")]));
                }
            if (last)
            {
                for (var i = 0; i < plan.NightBurstFiles; i += 5)
                    events.Add((At(day, 1 + i / 10, 5 + i % 10 * 5), plan.NightBurst,
                        Enumerable.Range(i, Math.Min(5, plan.NightBurstFiles - i)).Select(k => File($"night-{k}.csv", Table(false))).ToList()));
                for (var i = 0; i < plan.SplitterFiles; i += 3)
                    events.Add((WorkingHours(day), plan.Splitter,
                        Enumerable.Range(i, Math.Min(3, plan.SplitterFiles - i)).Select(k => File($"part-{k:00}.csv", NearLimitTable())).ToList()));
            }
            foreach (var (at, project, files) in events.OrderBy(e => e.At))
            {
                setClock(at);
                var researchers = _researchers[project];
                await service.SubmitAsync(researchers[_random.Next(researchers.Count)], project, "synthetic activity", files, ct);
                _requests++;
                _files += files.Count;
                while (await worker.RunOnceAsync(ct)) { }
            }
        }
        return new ActivitySummary(_requests, _files, _researchers.Values.SelectMany(r => r).Select(a => a.Username).ToList());
    }

    /// <summary>Every project, with one researcher (every fourth project two), made when missing.</summary>
    private async Task CreateProjectsAsync(CancellationToken ct)
    {
        var system = Actor.System;
        var projects = (await service.ListProjectsAsync(system, ct)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var users = (await service.ListUsersAsync(system, ct)).ToDictionary(u => u.Username);
        for (var p = 0; p < plan.Projects.Count; p++)
        {
            var project = plan.Projects[p];
            if (!projects.Contains(project)) await service.CreateProjectAsync(system, project, $"Synthetic project {project}", ct);
            var members = (await service.ListMembershipsAsync(system, project, ct)).Select(m => m.UserId).ToHashSet();
            _researchers[project] = [];
            for (var r = 0; r < (p % 4 == 3 ? 2 : 1); r++)
            {
                var name = $"sim-{project.ToLowerInvariant()}-{r + 1}";
                // Nobody signs in as a simulated researcher: the password is random and thrown away.
                if (!users.TryGetValue(name, out var user))
                    user = await service.CreateUserAsync(system, name, $"Simulated researcher {r + 1} of {project}", Role.Researcher,
                        Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), ct: ct);
                if (!members.Contains(user.Id)) await service.AddMemberAsync(system, project, user.Id, ct);
                _researchers[project].Add(new Actor(user.Id, user.Username, Role.Researcher));
            }
        }
    }

    /// <summary>An ordinary project's requests on one day: about one a working day (its own rate), fewer at weekends.</summary>
    private IEnumerable<(DateTimeOffset, string, List<UploadFile>)> OrdinaryDay(string project, DateOnly day)
    {
        var rate = 0.9 + 1.2 * Fraction(project);
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) rate *= 0.25;
        var count = Poisson(rate);
        var list = new List<(DateTimeOffset, string, List<UploadFile>)>();
        for (var i = 0; i < count; i++)
        {
            var files = _random.NextDouble() switch { < 0.6 => 1, < 0.9 => 2, _ => 3 };
            list.Add((WorkingHours(day), project,
                Enumerable.Range(0, files).Select(k => File($"table-{day:MMdd}-{i}-{k}.csv", Table(_random.NextDouble() < 0.04))).ToList()));
        }
        return list;
    }

    /// <summary>A frequency table of large counts (released), or with one small cell (review).</summary>
    private string Table(bool smallCell)
    {
        string[][] shapes =
        [
            ["age_band", "40-49", "50-59", "60-69", "70-79"],
            ["smoking_status", "Never", "Previous", "Current"],
            ["assessment_centre", "Leeds", "Newcastle", "Oxford", "Bristol", "Glasgow"],
            ["bmi_category", "Under", "Normal", "Over", "Obese"],
        ];
        var shape = shapes[_random.Next(shapes.Length)];
        var s = new StringBuilder($"{shape[0]},participants\n");
        var small = smallCell ? 1 + _random.Next(shape.Length - 1) : -1;
        for (var i = 1; i < shape.Length; i++)
            s.Append(shape[i]).Append(',').Append((i == small ? 2 + _random.Next(3) : 40 + _random.Next(4000)).ToString(CultureInfo.InvariantCulture)).Append('\n');
        return s.ToString();
    }

    /// <summary>A long aggregate table cut to 92–99 % of limits.maxFileBytes, at a row boundary.</summary>
    private string NearLimitTable()
    {
        var target = (int)(service.Policy.Limits.MaxFileBytes * (0.92 + 0.07 * _random.NextDouble()));
        var s = new StringBuilder("region,year,participants\n");
        for (var row = 0; ; row++)
        {
            var line = $"R{row % 400:000},{2000 + row / 400},{50 + _random.Next(5000)}\n";
            if (s.Length + line.Length > target) return s.ToString();
            s.Append(line);
        }
    }

    private DateTimeOffset WorkingHours(DateOnly day) => At(day, 9 + _random.Next(9), _random.Next(60));

    private static DateTimeOffset At(DateOnly day, int hour, int minute) =>
        new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private static UploadFile File(string name, string content) => new(name, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    /// <summary>A stable number in [0, 1) per project, so each project has its own habits.</summary>
    private double Fraction(string project) => (uint)project.Aggregate(plan.Seed * 31 + 7, (h, c) => h * 131 + c) % 1000 / 1000.0;

    private int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        for (var p = _random.NextDouble(); p > limit; p *= _random.NextDouble()) k++;
        return k;
    }
}
