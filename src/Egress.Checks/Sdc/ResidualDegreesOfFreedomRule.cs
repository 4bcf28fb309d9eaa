using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Residual degrees of freedom of a model (ACRO safe_dof_threshold 10): with fewer, the fit comes
/// close to the observations themselves (a saturated model reproduces them). Fewer than the minimum
/// fails; exactly the minimum passes. The degrees of freedom are read from the output ("on 95 degrees
/// of freedom", Stata's F(3, 96) or residual row, statsmodels' Df Residuals, a df.residual column), or
/// worked out as observations minus parameters. A coefficient table that states neither cannot be
/// assessed, and the finding says so.
/// </summary>
public sealed class ResidualDegreesOfFreedomRule(ResidualDfPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-residual-degrees-of-freedom";
    public string Name => Rule;
    private static readonly HashSet<string> ResidualDfNames = ["dfresidual", "dfresid", "resdf", "residualdf", "dfresiduals", "residdf", "dfres"];

    public IEnumerable<Finding> Check(SdcTable table)
    {
        var t = table.Table;
        if (!policy.Enabled || t.Kind == TableKind.RowLevel) yield break;
        var parameters = new Dictionary<string, object> { ["minimum"] = policy.Minimum };
        var failed = new List<FailedCell>();
        // statsmodels' and ACRO's fit table ("Df Residuals:" beside its number, in a CSV, HTML or sheet) is a table of
        // label/value pairs of its own, whatever kind it was read as: its stated degrees of freedom are checked.
        var stated = StatedPairs(table).ToList();
        foreach (var (r, c, df) in stated)
            if (df < policy.Minimum)
                failed.Add(new FailedCell(r, c, r < 0 ? $"{t.Locator.Whole}: header of column {c + 1}" : t.Locate(r, c), "residual degrees of freedom", SdcFinding.Number(df)));
        if (t.Kind != TableKind.Model)
        {
            if (failed.Count > 0)
                yield return Failed(table, failed, parameters);
            yield break;
        }
        var assessed = stated.Count > 0;
        if (t.Model is { } facts)
        {
            var df = facts.ResidualDf ?? (facts.Observations is { } n && facts.Parameters is { } k ? n - k : null);
            if (df is { } d)
            {
                assessed = true;
                if (d < policy.Minimum)
                    failed.Add(new FailedCell(-1, -1, facts.FactsLine > 0 ? t.Locator.Line(facts.FactsLine) : t.Locator.Whole, "residual degrees of freedom", SdcFinding.Number(d)));
            }
        }
        foreach (var c in t.Columns.Where(c => ResidualDfNames.Contains(StatisticNames.Compact(c.Name.ToLowerInvariant()))))
        {
            for (var r = 0; r < t.RowCount; r++)
            {
                var v = table.Values[r][c.Index];
                if (!v.IsNumber) continue;
                assessed = true;
                if (v.Number < policy.Minimum) failed.Add(new FailedCell(r, c.Index, t.Locate(r, c.Index), "residual degrees of freedom", SdcFinding.Number(v.Number)));
            }
        }
        if (!assessed)
        {
            yield return SdcFinding.NotAssessed(Rule, table,
                $"the residual degrees of freedom are not stated, so the rule (at least {policy.Minimum}) could not be checked.",
                "Export the residual degrees of freedom (or the number of observations and of parameters) with the coefficients, e.g. broom::glance() or the model summary.",
                parameters);
            yield break;
        }
        if (failed.Count == 0) yield break;
        yield return Failed(table, failed, parameters);
    }

    private Finding Failed(SdcTable table, List<FailedCell> failed, Dictionary<string, object> parameters) =>
        SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"the model has fewer than {policy.Minimum} residual degrees of freedom, so its fit comes close to reproducing individual observations.",
            $"Fit the model on more observations or with fewer parameters so that at least {policy.Minimum} residual degrees of freedom remain, and report them with the results.",
            parameters);

    /// <summary>Cells labelled as residual degrees of freedom ("Df Residuals:", "Residual df") followed by a number: row (−1 for the header), column of the number, value.</summary>
    private static IEnumerable<(int Row, int Column, double Df)> StatedPairs(SdcTable table)
    {
        var t = table.Table;
        IEnumerable<(int Row, IReadOnlyList<string> Cells)> lines = t.Rows.Select((cells, r) => (r, cells)).Prepend((-1, t.Header));
        foreach (var (r, cells) in lines)
            for (var c = 0; c + 1 < cells.Count; c++)
            {
                if (cells[c].Length is < 5 or > 40 || !ResidualDfLabels.Contains(StatisticNames.Compact(cells[c].ToLowerInvariant()))) continue;
                var value = CellValue.Parse(cells[c + 1]);
                if (value.IsNumber) yield return (r, c + 1, value.Number);
            }
    }

    private static readonly HashSet<string> ResidualDfLabels =
        ["dfresiduals", "dfresidual", "dfresid", "residualdf", "resdf", "residualdegreesoffreedom", "degreesoffreedomresidual", "dfres", "residdf"];
}
