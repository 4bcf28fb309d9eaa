using Xunit.Abstractions;
using Xunit.Sdk;

namespace Egress.Service.Tests.Support;

/// <summary>
/// Runs a class's tests in the order of their names, for a class whose tests share one costly fixture and
/// whose first test measures what the fixture's first use costs (a fresh clone's first build).
/// </summary>
public sealed class RunInNameOrder : ITestCaseOrderer
{
    public const string TypeName = "Egress.Service.Tests.Support.RunInNameOrder";
    public const string AssemblyName = "Egress.Service.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
