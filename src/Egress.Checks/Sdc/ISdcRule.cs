using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>One statistical disclosure control rule: the findings it makes on one table (none when the table passes).</summary>
public interface ISdcRule
{
    string Name { get; }
    IEnumerable<Finding> Check(SdcTable table);
}
