using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Egress.Service.Tests.Support;

/// <summary>Marks a test class that runs the shared store tests on PostgreSQL.</summary>
public interface IUsesPostgres;

/// <summary>
/// A fact of a shared store test class: it runs on every store. On a class that uses PostgreSQL it fails
/// when EGRESS_TEST_POSTGRES is missing and is skipped only with EGRESS_TEST_NO_SERVERS=1 — decided per
/// class, which a plain attribute on an inherited method cannot do.
/// </summary>
[XunitTestCaseDiscoverer("Egress.Service.Tests.Support.StoreFactDiscoverer", "Egress.Service.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (type is not null && typeof(IUsesPostgres).IsAssignableFrom(type) && TestServers.Disabled)
            return [new XunitSkippedDataRowTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod,
                $"{TestServers.NoServersVariable}=1: no PostgreSQL server")];
        return [new XunitTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod)];
    }
}
