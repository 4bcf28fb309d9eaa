using System.Runtime.CompilerServices;
using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>
/// Kaplan–Meier life tables and numbers-at-risk tables for an outcome simulated from the cohort's covariates (a
/// Weibull proportional-hazards model, follow-up from the assessment date to an administrative censoring date). Time
/// intervals are widened until every printed row has at least <see cref="MinimumCount"/> at risk and events.
/// </summary>
public sealed class SurvivalTableOutput : ILegitimateOutput
{
    public const int MinimumCount = 10;

    public OutputKind Kind => OutputKind.SurvivalTable;

    private sealed record Outcome(string Name, string Label, double AnnualRate, double Shape, double AgeEffect, double MaleEffect, double SmokingEffect, double BmiEffect);

    private static readonly Outcome[] Outcomes =
    [
        new("cvd", "incident cardiovascular disease", 0.008, 1.3, 0.65, 0.45, 0.6, 0.25),
        new("death", "all-cause mortality", 0.006, 1.4, 0.9, 0.35, 0.8, 0.1),
        new("t2d", "incident type 2 diabetes", 0.005, 1.1, 0.3, 0.3, 0.2, 0.7),
        new("cancer", "incident cancer", 0.009, 1.2, 0.7, 0.15, 0.4, 0.05),
        new("dementia", "incident dementia", 0.002, 2.0, 1.4, 0.1, 0.2, 0.0),
    ];

    /// <summary>One interval ending at <see cref="Time"/>: at risk at its start and at its end, events and censorings within, survival at its end.</summary>
    private sealed record Row(double Time, int AtRisk, int AtRiskAtEnd, int Events, int Censored, double Survival, double StdErr, double Lower, double Upper);

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        // Small cohorts have few events per interval: later attempts drop the grouping, then widen the intervals.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var outcome = rng.Pick(Outcomes);
            var (time, status) = Simulate(cohort, outcome, rng);
            string[] groupChoices = ["", "sex", "smoking", "age_band", "bmi_category", "diabetes", "deprivation"];
            var groupVar = attempt < 2 ? cohort.CategoricalByName(rng.Pick(groupChoices)) : null;
            var groups = groupVar is null ? null : SmallCellMerger.Classify([groupVar], 200);
            if (groups is null) groupVar = null;
            int nGroups = groups?.Counts.Length ?? 1;
            foreach (double width in (double[])[1, 2, 3, 5])
            {
                var tables = new List<Row>[nGroups];
                bool ok = true;
                for (int g = 0; g < nGroups && ok; g++)
                {
                    var idx = Enumerable.Range(0, cohort.Count).Where(i => groups is null || groups.CellOf[i] == g).ToArray();
                    tables[g] = LifeTable(idx.Select(i => time[i]).ToArray(), idx.Select(i => status[i]).ToArray(), width);
                    ok = tables[g].Count >= 3;
                }
                if (!ok) continue;
                string[] labels = groups is null ? ["All"] : groups.Dimensions[0].Labels.ToArray();
                return Render(outcome, groupVar, labels, tables, width, rng);
            }
        }
        return null;
    }

    /// <summary>Event (status 1) or censoring times in years for every participant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] Time, int[] Status) Simulate(CohortVariables cohort, Outcome o, SeededRandom rng)
    {
        var censorDate = new DateOnly(2021, 3, 31);
        var age = cohort.ContinuousByName("age")?.Values;
        var bmi = cohort.ContinuousByName("bmi")?.Values;
        var sex = cohort.CategoricalByName("sex")?.LevelOf;
        var smoking = cohort.CategoricalByName("smoking")?.LevelOf;
        var dates = cohort.AssessmentDate;
        int n = cohort.Count;
        var time = new double[n];
        var status = new int[n];
        for (int i = 0; i < n; i++)
        {
            double lp = 0;
            if (age is not null && !double.IsNaN(age[i])) lp += o.AgeEffect * (age[i] - 57) / 10;
            if (sex is not null && sex[i] == 1) lp += o.MaleEffect;
            if (smoking is not null && smoking[i] >= 1) lp += o.SmokingEffect * (smoking[i] == 2 ? 1 : 0.35);
            if (bmi is not null && !double.IsNaN(bmi[i])) lp += o.BmiEffect * (bmi[i] - 27) / 5;
            double scale = o.AnnualRate * Math.Exp(lp);
            double eventTime = Math.Pow(-Math.Log(1 - rng.NextDouble()) / scale, 1 / o.Shape);
            double lost = rng.Exponential(0.004);
            var start = dates?[i] ?? new DateOnly(2008, 6, 30);
            double admin = (censorDate.DayNumber - start.DayNumber) / 365.25;
            double censor = Math.Min(lost, admin);
            time[i] = Math.Min(eventTime, censor);
            status[i] = eventTime <= censor ? 1 : 0;
        }
        return (time, status);
    }

    /// <summary>
    /// Kaplan–Meier estimate reported every <paramref name="width"/> years with Greenwood standard errors and log–log
    /// intervals; stops before the first row with fewer than the minimum at risk or events.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<Row> LifeTable(double[] time, int[] status, double width)
    {
        var order = Enumerable.Range(0, time.Length).OrderBy(i => time[i]).ToArray();
        var rows = new List<Row>();
        int atRisk = time.Length, k = 0;
        double survival = 1, greenwood = 0;
        for (double t = width; ; t += width)
        {
            int riskAtT = atRisk, events = 0, censored = 0;
            while (k < order.Length && time[order[k]] <= t)
            {
                // All observations tied at this time leave together; events count before censorings at a tie.
                double tk = time[order[k]];
                int d = 0, c = 0;
                while (k < order.Length && time[order[k]] == tk)
                {
                    if (status[order[k]] == 1) d++;
                    else c++;
                    k++;
                }
                if (d > 0)
                {
                    survival *= 1 - (double)d / atRisk;
                    if (atRisk > d) greenwood += (double)d / (atRisk * (double)(atRisk - d));
                }
                atRisk -= d + c;
                events += d;
                censored += c;
            }
            if (atRisk < MinimumCount || events < MinimumCount) break;
            double se = survival * Math.Sqrt(greenwood);
            // log(-log S) interval, as Stata and R's conf.type = "log-log" report.
            double lower = survival, upper = survival;
            if (survival is > 0 and < 1)
            {
                double l = Math.Log(-Math.Log(survival)), s = Math.Sqrt(greenwood) / Math.Abs(Math.Log(survival));
                lower = Math.Exp(-Math.Exp(l + 1.959964 * s));
                upper = Math.Exp(-Math.Exp(l - 1.959964 * s));
            }
            rows.Add(new Row(t, riskAtT, atRisk, events, censored, survival, se, lower, upper));
            if (rows.Count >= 20) break;
        }
        return rows;
    }

    private static OutputDraft Render(Outcome o, CategoricalVariable? groupVar, string[] labels, List<Row>[] tables, double width, SeededRandom rng)
    {
        string by = groupVar is null ? "" : $" by {groupVar.Label.ToLowerInvariant()}";
        string baseName = $"km_{o.Name}{(groupVar is null ? "" : "_by_" + groupVar.Name)}";
        int smallest = tables.SelectMany(t => t).Min(r => Math.Min(r.AtRiskAtEnd, r.Events));
        string note = $"outcome simulated from cohort covariates; rows with fewer than {MinimumCount} at risk or events not shown";
        (string Unit, double Factor) unit = rng.Pick(new[] { ("years", 1.0), ("years", 1.0), ("months", 12.0), ("days", 365.25) });
        string T(double t) => unit.Unit == "years" ? Num.F(t, 0) : Num.F(Math.Round(t * unit.Factor), 0);

        switch (rng.Next(4))
        {
            case 0:
            {
                var sb = new StringBuilder();
                string formula = $"Surv(time, status) ~ {groupVar?.Name ?? "1"}";
                sb.Append($"Call: survfit(formula = {formula}, data = dat)\n\n");
                for (int g = 0; g < tables.Length; g++)
                {
                    if (groupVar is not null) sb.Append($"                {groupVar.Name}={labels[g]} \n");
                    sb.Append(" time n.risk n.event survival std.err lower 95% CI upper 95% CI\n");
                    foreach (var r in tables[g])
                        sb.Append($"{T(r.Time),5} {r.AtRiskAtEnd,6} {r.Events,7} {Num.F(r.Survival, 3),8} {Num.F(r.StdErr, 5),7} {Num.F(r.Lower, 3),12} {Num.F(r.Upper, 3),12}\n");
                    sb.Append('\n');
                }
                return new OutputDraft(baseName + "_summary", ".txt", sb.ToString(),
                    $"Kaplan-Meier estimates for {o.Label}{by}, every {Num.F(width, 0)} years in {unit.Unit} (R summary(survfit)); {note}", smallest);
            }
            case 1:
            {
                bool censor = tables.All(t => t.All(r => r.Censored >= MinimumCount));
                var columns = new List<string>();
                if (groupVar is not null) columns.Add(groupVar.Name);
                columns.AddRange(["interval_start", "interval_end", "n_risk", "n_event"]);
                if (censor) columns.Add("n_censor");
                columns.AddRange(["survival", "lower_95", "upper_95"]);
                var table = new TextTable(columns.ToArray()).NumericFrom(groupVar is null ? 0 : 1);
                int dec = rng.Between(3, 4);
                for (int g = 0; g < tables.Length; g++)
                    foreach (var r in tables[g])
                    {
                        var row = new List<string>();
                        if (groupVar is not null) row.Add(labels[g]);
                        row.AddRange([T(r.Time - width), T(r.Time), Num.Int(r.AtRisk), Num.Int(r.Events)]);
                        if (censor) row.Add(Num.Int(r.Censored));
                        row.AddRange([Num.F(r.Survival, dec), Num.F(r.Lower, dec), Num.F(r.Upper, dec)]);
                        table.Add(row.ToArray());
                    }
                var style = TableStyle.Pick(rng);
                return new OutputDraft(baseName + "_lifetable", style.Extension, style.Render(table),
                    $"Life table for {o.Label}{by}, {Num.F(width, 0)}-year intervals in {unit.Unit}; {note}; {style.Describe()}", smallest);
            }
            case 2:
            {
                // Numbers at risk under a Kaplan–Meier plot, rounded to the nearest 5 as some TREs ask.
                bool round = rng.Chance(0.5);
                var table = new TextTable("group", "time", "n.risk").NumericFrom(1);
                for (int g = 0; g < tables.Length; g++)
                    foreach (var r in tables[g])
                        table.Add(labels[g], T(r.Time - width), Num.Int(round ? (int)(Math.Round(r.AtRisk / 5.0) * 5) : r.AtRisk));
                var style = TableStyle.Pick(rng);
                return new OutputDraft($"risk_table_{o.Name}{(groupVar is null ? "" : "_" + groupVar.Name)}", style.Extension, style.Render(table),
                    $"Numbers at risk for {o.Label}{by} at {Num.F(width, 0)}-year intervals{(round ? ", rounded to 5" : "")}; {note}; {style.Describe()}",
                    tables.SelectMany(t => t).Min(r => r.AtRisk));
            }
            default:
            {
                var table = new TextTable(groupVar is null ? ["time", "n_risk", "cum_events", "cum_incidence_pct", "lower", "upper"]
                    : [groupVar.Name, "time", "n_risk", "cum_events", "cum_incidence_pct", "lower", "upper"]).NumericFrom(groupVar is null ? 0 : 1);
                int dec = rng.Between(1, 2);
                for (int g = 0; g < tables.Length; g++)
                {
                    int cumulative = 0;
                    foreach (var r in tables[g])
                    {
                        cumulative += r.Events;
                        var row = new List<string>();
                        if (groupVar is not null) row.Add(labels[g]);
                        row.AddRange([T(r.Time), Num.Int(r.AtRiskAtEnd), Num.Int(cumulative), Num.F(100 * (1 - r.Survival), dec),
                            Num.F(100 * (1 - r.Upper), dec), Num.F(100 * (1 - r.Lower), dec)]);
                        table.Add(row.ToArray());
                    }
                }
                var style = TableStyle.Pick(rng);
                return new OutputDraft($"cumulative_incidence_{o.Name}{(groupVar is null ? "" : "_by_" + groupVar.Name)}", style.Extension, style.Render(table),
                    $"Cumulative incidence (%) of {o.Label}{by} (1 - Kaplan-Meier) in {unit.Unit}; {note}; {style.Describe()}", smallest);
            }
        }
    }
}
