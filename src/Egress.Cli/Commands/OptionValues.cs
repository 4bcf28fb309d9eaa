using System.CommandLine.Parsing;

namespace Egress.Cli.Commands;

/// <summary>
/// An option's value for a validator, when it could be read: a value of the wrong kind (`--count ten`) is
/// already a parse error of its own, which the validator must not turn into an exception.
/// </summary>
public static class OptionValues
{
    public static bool TryGet<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
