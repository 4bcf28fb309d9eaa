using System.Collections.Concurrent;
using System.Diagnostics;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Fuzz;

/// <summary>
/// The fuzzing harness: deterministic mutations of valid seed files of every format, each checked by
/// the engine. No input may crash the check, none may run past the time budget, and no mutated leak
/// may be released. CI runs a short slice; `fuzz/run.sh N` runs N inputs (EGRESS_FUZZ_INPUTS).
/// </summary>
[Collection("indexed-cohort")]
public class FuzzTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private const int CiInputs = 1500;
    private const double BudgetSeconds = 5;

    [Fact]
    public void Mutated_inputs_never_crash_hang_or_release_a_leak()
    {
        var inputs = long.TryParse(Environment.GetEnvironmentVariable("EGRESS_FUZZ_INPUTS"), out var n) && n > 0 ? n : CiInputs;
        var start = long.TryParse(Environment.GetEnvironmentVariable("EGRESS_FUZZ_START"), out var s) ? s : 0;
        var seeds = FuzzSeeds.Build(cohort);
        var policy = Policy.Default;
        policy.Limits.TimeBudgetSeconds = BudgetSeconds;
        var engine = new CheckEngine(cohort.Index, policy) { Workers = 1 };
        var dir = Directory.CreateTempSubdirectory("egress-fuzz-").FullName;
        var failures = new ConcurrentBag<string>();
        var verdicts = new ConcurrentDictionary<string, int>();
        long slowest = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(start, start + inputs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, number =>
        {
            var seed = seeds[(int)(number % seeds.Count)];
            var other = seeds[(int)((number / seeds.Count + 1) % seeds.Count)];
            var (bytes, kind) = Mutator.Mutate(seed.Bytes, other.Bytes, number);
            var path = Path.Combine(dir, $"{number}-{seed.Name}");
            File.WriteAllBytes(path, bytes);
            var timer = Stopwatch.StartNew();
            try
            {
                var report = engine.Check(path, "A");
                var ms = timer.ElapsedMilliseconds;
                InterlockedMax(ref slowest, ms);
                verdicts.AddOrUpdate($"{(seed.IsLeak ? "leak" : "legit")} {report.Verdict.Name()}", 1, (_, c) => c + 1);
                if (ms > (BudgetSeconds + 5) * 1000) failures.Add($"hang: input {number} ({seed.Name}, {kind}) took {ms} ms");
                if (seed.IsLeak && report.Verdict == Verdict.Release) failures.Add($"released leak: input {number} ({seed.Name}, {kind})");
            }
            catch (Exception e)
            {
                failures.Add($"crash: input {number} ({seed.Name}, {kind}): {e.GetType().Name}: {e.Message}");
            }
            File.Delete(path);
        });
        Directory.Delete(dir, recursive: true);
        output.WriteLine($"fuzz: {inputs:N0} inputs from {seeds.Count} seeds in {clock.Elapsed.TotalSeconds:0.0} s; slowest {slowest} ms; " +
                         string.Join(", ", verdicts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value:N0}")) + $"; failures {failures.Count}");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
