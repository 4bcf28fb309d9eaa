using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>The statistical disclosure control rules, applied in turn to an aggregate table.</summary>
public sealed class SdcRules(SdcPolicy policy)
{
    private readonly ISdcRule[] _rules =
    [
        new MinimumCellCountRule(policy.MinimumCellCount),
        new ZeroCellRule(policy.Zeros),
        new ClassDisclosureRule(policy.ClassDisclosure),
        new DominanceRule(policy.Dominance),
        new PPercentRule(policy.PPercent),
        new ContributorCountRule(policy.MinimumCellCount),
        new ResidualDegreesOfFreedomRule(policy.ResidualDegreesOfFreedom),
        new ExtremeValuesRule(policy.ExtremeValues),
        new SmallGroupStatisticRule(policy.SmallGroupStatistics),
        new SurvivalRiskSetRule(policy.SurvivalRiskSet),
        new SuppressionAuditRule(policy.SuppressionAudit),
        new AllValuesSameModeRule(policy.AllValuesSameMode),
    ];

    public IReadOnlyList<ISdcRule> Rules => _rules;

    /// <summary>Per-cell contributions exported with the checked file (its sidecar), applied to every table read from it.</summary>
    public ContributionSidecar? Evidence { get; init; }

    /// <summary>ACRO's results submitted with the checked file (verified by its checksum), applied to the tables read from it.</summary>
    public AcroEvidence? Acro { get; init; }

    /// <summary>Every rule's findings on one table; row-level and unrecognised tables get none here.</summary>
    /// <param name="declaredRounding">The base a note in the table's file declares the counts rounded to, or null.</param>
    public IEnumerable<Finding> Check(TableModel table, string id = "", int? declaredRounding = null)
    {
        if (table.Kind is TableKind.RowLevel) yield break;
        var facts = new SdcTable(table, policy, id, declaredRounding) { Evidence = Evidence, Acro = Acro };
        foreach (var rule in _rules)
            foreach (var finding in rule.Check(facts))
                yield return finding;
    }
}
